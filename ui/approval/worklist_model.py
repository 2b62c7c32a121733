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
# The roles as plain ints, compared first: the view asks each cell for ~9 roles each time it
# measures or paints it, and most of them are answered None at once (issue 17: a work list
# of 200 rows asked ~3,500 times when it loads).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_SORT = int(SORT_ROLE)
_SERVED = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _BACKGROUND, _SORT})


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
        self._texts: dict[int, tuple[str, ...]] = {}  # each row's cells, made when first asked

    def set_rows(self, rows: Sequence[WorkRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._texts = {}
        self.endResetModel()

    def row_at(self, row: int) -> WorkRow:
        return self._rows[row]

    def rows(self) -> list[WorkRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role not in _SERVED:
            return None
        number, column = index.row(), index.column()
        if not 0 <= number < len(self._rows) or not 0 <= column < len(_COLUMNS):
            return None
        if role in (_DISPLAY, _TOOLTIP):
            texts = self._texts.get(number)
            if texts is None:
                row = self._rows[number]
                texts = self._texts[number] = tuple(text(row) for _h, text, _k in _COLUMNS)
            return texts[column]
        row = self._rows[number]
        if role == _SORT:
            return str(_COLUMNS[column][2](row))
        if role == _FOREGROUND:
            return URGENCY_TEXT.get(row.urgency)
        return URGENCY_BACKGROUND.get(row.urgency)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return _COLUMNS[section][0] if 0 <= section < len(_COLUMNS) else None
