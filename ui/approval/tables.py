"""Tables of the approval and delivery tabs: sort by the model's sort key, fit without scrolling.

Fitting never measures every row: column widths come from the header and a sample of rows
(the first screen and rows spread over the rest), and only the rows on screen get their
height from their text (again whenever the table scrolls, sorts, reloads or resizes). A work
list of 200 rows fits in a few milliseconds, not in a few hundred.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from ui.admin.common import AdminTableView
from ui.approval.worklist_model import SORT_ROLE

MAX_COLUMN_WIDTH = 260
LAST_COLUMN_MIN = 100
FIRST_SCREEN = 30
"""Rows measured from the top: more than a screen shows at 1366x768."""
SPREAD = 20
"""Rows measured spread over the rest (a long name further down is seen too)."""
MAX_FITTED_ROWS = 80
"""At most this many rows get their height from their text at a time (a tall screen)."""


def sample_rows(count: int) -> list[int]:
    """The rows whose text sizes the columns: the first screen and ``SPREAD`` rows spread
    evenly over the rest (all rows of a short table)."""
    step = max(1, count // SPREAD)
    return sorted({*range(min(count, FIRST_SCREEN)), *range(0, count, step)})


def column_width(view: QTableView, column: int, rows: list[int]) -> int:
    """What ``resizeColumnToContents`` would give, from the header and ``rows`` only: the
    delegate measures the first of them (its margins, its font), the font's metrics the
    text of the others (far cheaper than asking the delegate for every cell)."""
    model = view.model()
    width = view.horizontalHeader().sectionSizeHint(column)
    if rows:
        first = model.index(rows[0], column)
        metrics = view.fontMetrics()
        pad = view.sizeHintForIndex(first).width() - _advance(metrics, first.data())
        widest = max(_advance(metrics, model.index(row, column).data()) for row in rows)
        width = max(width, widest + pad)
    return width + (1 if view.showGrid() else 0)


def _advance(metrics: QFontMetrics, text: object) -> int:
    if text is None:
        return 0
    return max(metrics.horizontalAdvance(line) for line in str(text).split("\n"))


def fit_columns(view: AdminTableView, max_width: int = MAX_COLUMN_WIDTH) -> None:
    """Every column but the last sized to its content (at most ``max_width``); the last
    column takes the rest, its text wrapped, so the table never scrolls sideways. The
    content is measured on a sample of rows (``sample_rows``); rows on screen get their
    height from their text (``fit_visible_rows``)."""
    header = view.horizontalHeader()
    columns = header.count()
    rows = sample_rows(view.model().rowCount())
    widths = [min(column_width(view, c, rows), max_width) for c in range(columns - 1)]
    # Too wide for the view (a wide font, a narrow screen): the widest columns give way
    # (their text elided) until the last column keeps LAST_COLUMN_MIN, a vertical scroll bar
    # that may still appear included.
    scroll = view.verticalScrollBar()
    bar = 0 if scroll.isVisible() else scroll.sizeHint().width()
    room = view.viewport().width() - bar - max(LAST_COLUMN_MIN, header.minimumSectionSize())
    least = header.minimumSectionSize()
    while room > 0 and widths and sum(widths) > room:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= least:
            break
        widths[widest] -= min(widths[widest] - least, sum(widths) - room)
    # Each width set once, and only when it changes: every change lays the header and the
    # rows out again (setting them one by one, then shrinking, took ~10 ms of a reload).
    for column, width in enumerate(widths):
        if view.columnWidth(column) != width:
            view.setColumnWidth(column, width)
    header.setStretchLastSection(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setWordWrap(True)
    if rows:  # rows not yet on screen: one line high, as a fitted one-line row
        one_line = view.sizeHintForIndex(view.model().index(rows[0], 0)).height()
        view.verticalHeader().setDefaultSectionSize(one_line + (1 if view.showGrid() else 0))
    _RowFitter.attach(view).now()


def fit_visible_rows(view: QTableView) -> None:
    """The rows on screen sized to their (wrapped) text; the others keep the default
    height until they are scrolled to."""
    count = view.model().rowCount()
    if count == 0:
        return
    height = view.viewport().height()
    row = max(0, view.rowAt(0))
    last = min(count, row + MAX_FITTED_ROWS)
    while row < last and view.rowViewportPosition(row) < height:
        view.resizeRowToContents(row)
        row += 1


class _RowFitter(QObject):
    """Fits the rows on screen again after a scroll, a sort, a reload or a resize (once,
    however many of these came together, in a later turn of the event loop)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view
        self._pending = False
        view.verticalScrollBar().valueChanged.connect(self.later)
        model = view.model()
        for signal in (model.layoutChanged, model.modelReset, model.rowsInserted):
            signal.connect(self.later)
        view.viewport().installEventFilter(self)

    @staticmethod
    def attach(view: QTableView) -> _RowFitter:
        fitter = getattr(view, "_row_fitter", None)
        if not isinstance(fitter, _RowFitter):  # the Python object lives with the view
            fitter = _RowFitter(view)
            setattr(view, "_row_fitter", fitter)  # noqa: B010
        return fitter

    def later(self, *_args: object) -> None:
        if not self._pending:
            self._pending = True
            # Dropped if the view goes first; a timer of 1 ms, not 0: the screen paints and
            # takes input before it (0 ms calls run back to back ahead of them).
            QTimer.singleShot(1, self, self._fit)

    def now(self) -> None:
        """Fit now; a fit asked for earlier in this turn is then not done again (a reload's
        model reset asks for one just before the columns are fitted)."""
        self._pending = False
        fit_visible_rows(self._view)

    def _fit(self) -> None:
        if self._pending:
            self._pending = False
            fit_visible_rows(self._view)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.later()
        return False


class _Refit(QObject):
    """Fits a table's columns again whenever its viewport is resized."""

    def __init__(self, view: AdminTableView) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            fit_columns(self._view)
        return False


def keep_fitted(view: AdminTableView) -> None:
    """``fit_columns`` now and after every resize (the panel beside it grew or shrank)."""
    refit = _Refit(view)
    view.viewport().installEventFilter(refit)
    setattr(view, "_refit", refit)  # noqa: B010  (the Python object lives as long as the view)
    fit_columns(view)


class CaseTableView(AdminTableView):
    """A sortable case list; sorting uses the model's ``SORT_ROLE`` (dates, urgency order)."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        proxy = self.model()
        if isinstance(proxy, QSortFilterProxyModel):
            proxy.setSortRole(SORT_ROLE)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def refit(self) -> None:
        fit_columns(self)
