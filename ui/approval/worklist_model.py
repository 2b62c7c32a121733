"""Table model of the approval work list: overdue rows red, due-soon rows amber, names masked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

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

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


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


class WorkListTableModel(QAbstractTableModel):
    """Rows of a ``WorkList`` in the service's order (most urgent first)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[WorkRow] = []

    def set_rows(self, rows: Sequence[WorkRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> WorkRow:
        return self._rows[row]

    def rows(self) -> list[WorkRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(_COLUMNS):
            return None
        row = self._rows[index.row()]
        _header, text, sort_key = _COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text(row)
        if role == SORT_ROLE:
            return str(sort_key(row))
        if role == Qt.ItemDataRole.ForegroundRole:
            return URGENCY_TEXT.get(row.urgency)
        if role == Qt.ItemDataRole.BackgroundRole:
            return URGENCY_BACKGROUND.get(row.urgency)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return _COLUMNS[section][0] if 0 <= section < len(_COLUMNS) else None
