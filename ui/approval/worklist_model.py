"""Table model of the approval work list: overdue rows red, due-soon rows amber, names masked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from counter_app.cases.rules.approval import Urgency
from counter_app.cases.rules.states import CaseState
from counter_app.cases.worklist import WorkRow
from counter_app.i18n import tr
from ui.approval.urgency import (
    URGENCY_BACKGROUND,
    URGENCY_LABELS,
    URGENCY_ORDER,
    URGENCY_TEXT,
    masked_applicant,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole


def _day(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _sort_day(value: date | None) -> str:
    return value.isoformat() if value else "9999-12-31"


def urgency_text(row: WorkRow) -> str:
    if row.urgency is Urgency.NONE and row.status is not CaseState.RETURNED_FOR_CORRECTION:
        return tr("无承诺时限")
    return URGENCY_LABELS[row.urgency]


_COLUMNS: tuple[tuple[str, Callable[[WorkRow], str], Callable[[WorkRow], Any]], ...] = (
    (tr("案件编号"), lambda r: r.number, lambda r: r.number),
    (
        tr("时限"),
        urgency_text,
        lambda r: (URGENCY_ORDER[r.urgency], _sort_day(r.promised_on)),
    ),
    (tr("承诺办结"), lambda r: _day(r.promised_on), lambda r: _sort_day(r.promised_on)),
    (tr("状态"), lambda r: r.status.label, lambda r: r.status.label),
    (
        tr("申请人"),
        lambda r: masked_applicant(r.applicant, r.applicant_kind),
        lambda r: r.applicant,
    ),
    (tr("受理日期"), lambda r: _day(r.received_on), lambda r: _sort_day(r.received_on)),
    (tr("事项"), lambda r: r.items, lambda r: r.items),
)
URGENCY_COLUMN = 1
APPLICANT_COLUMN = 4


class WorkListTableModel(QStandardItemModel):
    """Rows of a ``WorkList`` in the service's order (most urgent first).

    The cells are Qt's own items, made once when the rows arrive: the view asks each cell
    for ~7 roles every time it measures or paints it, and a Python ``data()`` answering them
    made fitting and painting a work list 3-5x slower (issue 17: opening the 审批 tab froze
    the screen 50-85 ms on this machine; with the items it is a few ms)."""

    def __init__(self) -> None:
        super().__init__(0, len(_COLUMNS))
        self.setHorizontalHeaderLabels([header for header, _text, _key in _COLUMNS])
        self._rows: list[WorkRow] = []

    def set_rows(
        self, rows: Sequence[WorkRow], cells: list[list[QStandardItem]] | None = None
    ) -> None:
        """All rows at once, seen by the views as one reset (no signal per cell); ``cells``
        are the rows' items when made beforehand (``make_cells``, off the screen's thread)."""
        self._rows = list(rows)
        items = make_cells(self._rows) if cells is None else cells
        self.beginResetModel()
        self.blockSignals(True)
        try:
            self.setRowCount(0)
            root = self.invisibleRootItem()
            for row_cells in items:
                root.appendRow(row_cells)
        finally:
            self.blockSignals(False)
            self.endResetModel()

    def row_at(self, row: int) -> WorkRow:
        return self._rows[row]

    def rows(self) -> list[WorkRow]:
        return list(self._rows)


def make_cells(rows: Sequence[WorkRow]) -> list[list[QStandardItem]]:
    """The items of ``rows`` for ``set_rows``: plain values, not yet in a model, so a worker
    may make them (a work list of 200 rows: ~15 ms the screen's thread does not spend)."""
    return [_items(row) for row in rows]


def _items(row: WorkRow) -> list[QStandardItem]:
    """A row's cells: the text (its tooltip too: a cell may be cut short), the sort key, and
    the urgency's colours on overdue and due-soon rows."""
    foreground = URGENCY_TEXT.get(row.urgency)
    background = URGENCY_BACKGROUND.get(row.urgency)
    cells = []
    for _header, text, key in _COLUMNS:
        value = text(row)
        item = QStandardItem(value)
        item.setData(value, _TOOLTIP)
        item.setData(str(key(row)), SORT_ROLE)
        if foreground is not None:
            item.setData(foreground, _FOREGROUND)
        if background is not None:
            item.setData(background, _BACKGROUND)
        cells.append(item)
    return cells
