"""Tables of the approval and delivery tabs: sort by the model's sort key, fit without scrolling."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QWidget

from ui.admin.common import AdminTableView
from ui.approval.worklist_model import SORT_ROLE

MAX_COLUMN_WIDTH = 260


LAST_COLUMN_MIN = 100


def fit_columns(view: AdminTableView, max_width: int = MAX_COLUMN_WIDTH) -> None:
    """Every column but the last sized to its content (at most ``max_width``); the last
    column takes the rest, its text wrapped, so the table never scrolls sideways."""
    header = view.horizontalHeader()
    columns = header.count()
    for column in range(columns - 1):
        view.resizeColumnToContents(column)
        if view.columnWidth(column) > max_width:
            view.setColumnWidth(column, max_width)
    # Too wide for the view (a wide font, a narrow screen): the widest columns give way
    # (their text elided) until the last column keeps LAST_COLUMN_MIN, a vertical scroll bar
    # that may still appear included.
    scroll = view.verticalScrollBar()
    bar = 0 if scroll.isVisible() else scroll.sizeHint().width()
    room = view.viewport().width() - bar - max(LAST_COLUMN_MIN, header.minimumSectionSize())
    widths = [view.columnWidth(c) for c in range(columns - 1)]
    while room > 0 and widths and sum(widths) > room:
        widest = max(range(len(widths)), key=widths.__getitem__)
        if widths[widest] <= header.minimumSectionSize():
            break
        widths[widest] -= min(widths[widest] - header.minimumSectionSize(), sum(widths) - room)
        view.setColumnWidth(widest, widths[widest])
    header.setStretchLastSection(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setWordWrap(True)
    view.resizeRowsToContents()


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
