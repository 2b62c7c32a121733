"""The period table as a Qt model: the columns of ``counter_app/reports/rules/columns.py``
(the export's numbers), the previous period as a delta, and which list each cell drills to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from counter_app.i18n import tr
from counter_app.reports.rules.columns import Column, columns_for, text, value
from counter_app.reports.rules.views import TOTAL_KEY, By, PeriodRow, PeriodTable

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
"""The cell's number (columns.value), None when there is none."""


@dataclass(frozen=True)
class DrillTarget:
    """The list behind one cell: ``kind`` tickets (``measure``: a ticket measure), cases
    (``measure``: an outcome), evaluations (good, bad) or complaints (upheld), filtered by
    the row's key on the table's dimension; bad_reviews and open_complaints: today's open
    ones (no key)."""

    kind: str
    measure: str | None
    by: By
    key: str  # the row's key; TOTAL_KEY: no filter
    label: str  # the row's label
    header: str  # the column's header


# Column attr -> (kind, measure); a column not here has no list behind it in the API.
DRILLS: dict[str, tuple[str, str | None]] = {
    "": ("tickets", None),  # the row's label: every visit of the row
    "tickets_served": ("tickets", "served"),
    "no_shows": ("tickets", "no_show"),
    "recalls": ("tickets", "recall"),
    "wait_median_s": ("tickets", "wait"),
    "wait_p90_s": ("tickets", "wait"),
    "service_median_s": ("tickets", "service"),
    "service_p90_s": ("tickets", "service"),
    "walk_median_s": ("tickets", "walk"),
    "open_s": ("tickets", None),
    "idle_s": ("tickets", None),
    "cases_received": ("cases", "received"),
    "cases_approved": ("cases", "approved"),
    "cases_refused": ("cases", "refused"),
    "cases_delivered": ("cases", "delivered"),
    "on_time_rate": ("cases", "late"),
    "evaluations": ("evaluations", None),
    "satisfaction_rate": ("evaluations", None),  # every rating of the rate, levels shown
    "complaints": ("complaints", None),
    "complaints_upheld": ("complaints", "upheld"),
}


def _delta(column: Column, now: float | int | None, before: float | int | None) -> str:
    if now is None or before is None:
        return ""
    diff = now - before
    if column.unit == "pct":
        diff = round(diff * 100, 1)
    elif column.unit == "min":
        diff = round(diff, 1)
    if not diff:
        return "＝"
    arrow = "↑" if diff > 0 else "↓"
    magnitude = abs(diff)
    return f"{arrow}{magnitude:g}"


def is_empty(row: PeriodRow) -> bool:
    """Nothing happened (a period before the hall's first day): no deltas against it."""
    return not (
        row.tickets_served
        or row.no_shows
        or row.cases_received
        or row.cases_delivered
        or row.cases_approved
        or row.cases_refused
        or row.evaluations
        or row.complaints
        or row.open_s
    )


class PeriodModel(QAbstractTableModel):
    """Rows of a PeriodTable and its totals (last, bold); with ``compare`` each number carries
    the change from the previous period (↑/↓, percentage points for rates) and the previous
    figure in its tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self.table: PeriodTable | None = None
        self.compare = True
        self._rows: list[PeriodRow] = []
        self._previous: dict[str, PeriodRow] = {}
        self._columns: tuple[Column, ...] = ()

    def set_table(self, table: PeriodTable | None, compare: bool) -> None:
        self.beginResetModel()
        self.table, self.compare = table, compare
        self._rows = [] if table is None else [*table.rows, table.total]
        self._columns = () if table is None else columns_for(table.by)
        previous = table.previous if table is not None else None
        self._previous = {}
        if previous is not None and not is_empty(previous.total):
            self._previous = {r.key: r for r in (*previous.rows, previous.total)}
        self.endResetModel()

    @property
    def columns(self) -> tuple[Column, ...]:
        return self._columns

    def row_at(self, row: int) -> PeriodRow:
        return self._rows[row]

    def column_at(self, column: int) -> Column | None:
        return None if column == 0 else self._columns[column - 1]

    def number(self, row: int, column: int) -> int | float | None:
        """The number the cell shows (the export's value)."""
        col = self.column_at(column)
        return None if col is None else value(self._rows[row], col)

    def previous_row(self, row: int) -> PeriodRow | None:
        return self._previous.get(self._rows[row].key)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self._columns) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = self.column_at(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return row.label if col is None else self._text(index.row(), col)
        if role == SORT_ROLE:
            return row.label if col is None else value(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), col)
        if role == Qt.ItemDataRole.TextAlignmentRole and col is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and row.key == TOTAL_KEY:
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _text(self, row: int, col: Column) -> str:
        shown = text(self._rows[row], col)
        before = self.previous_row(row)
        if not self.compare or before is None:
            return shown
        delta = _delta(col, value(self._rows[row], col), value(before, col))
        return f"{shown} {delta}" if delta else shown

    def _tooltip(self, row: int, col: Column | None) -> str:
        lines = [self._rows[row].label]
        if col is not None:
            lines.append(f"{col.header}：{text(self._rows[row], col)}")
            before = self.previous_row(row)
            previous = self.table.previous if self.table is not None else None
            if before is not None and previous is not None:
                lines.append(
                    tr(
                        "上期（{a} 至 {b}）：{v}",
                        a=previous.start.isoformat(),
                        b=previous.end.isoformat(),
                        v=text(before, col),
                    )
                )
        if self.drill(row, 0 if col is None else self._columns.index(col) + 1) is not None:
            lines.append(tr("按 Enter 或双击查看明细"))
        return "\n".join(lines)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if self.table is None:
            return None
        if section == 0:
            return self.table.by.label
        return self._columns[section - 1].header if section <= len(self._columns) else None

    def drill(self, row: int, column: int) -> DrillTarget | None:
        """The list behind cell (row, column), or None when the API has none for it."""
        if self.table is None or not 0 <= row < len(self._rows):
            return None
        col = self.column_at(column)
        found = DRILLS.get("" if col is None else col.attr)
        if found is None:
            return None
        r = self._rows[row]
        header = self.table.by.label if col is None else col.header
        return DrillTarget(found[0], found[1], self.table.by, r.key, r.label, header)


class PeriodSortProxy(QSortFilterProxyModel):
    """Sorts by the cells' numbers (empty cells lowest); the totals row stays last."""

    def __init__(self, model: PeriodModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: Index, right: Index) -> bool:
        source = self.sourceModel()
        assert isinstance(source, PeriodModel)
        ascending = self.sortOrder() == Qt.SortOrder.AscendingOrder
        left_total = source.row_at(left.row()).key == TOTAL_KEY
        right_total = source.row_at(right.row()).key == TOTAL_KEY
        if left_total or right_total:
            # the totals row sorts last whichever the order
            return right_total if ascending else left_total
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        if isinstance(a, str) or isinstance(b, str):
            return str(a) < str(b)
        return bool(a < b)


def source_text(table: PeriodTable, when: str, compare: bool, stale: bool) -> str:
    """The line above the table: period, source and time, what the arrows compare with."""
    text = tr(
        "{a} 至 {b} · 数据来源：{s} · {t}", a=table.start, b=table.end, s=table.source.label, t=when
    )
    previous = table.previous
    if previous is not None and compare:
        a, b = previous.start, previous.end
        if is_empty(previous.total):
            text += tr(" · 上期（{a} 至 {b}）没有数据，不比较", a=a, b=b)
        else:
            text += tr(" · ↑↓为与上期（{a} 至 {b}）相比", a=a, b=b)
    if stale:
        text += tr("（未能更新）")
    return text


# -- periods -----------------------------------------------------------------------------------
PERIODS = (  # not Ctrl+1..9: the workspace switches its tabs with those, window-wide
    ("today", tr("今日"), "Alt+T"),
    ("week", tr("本周"), "Alt+W"),
    ("month", tr("本月"), "Alt+M"),
    ("last_month", tr("上月"), "Alt+L"),
)


def period_of(choice: str, today: date) -> tuple[date, date]:
    """今日, 本周 (Monday to Sunday), 本月, 上月 around the business date ``today``."""
    if choice == "today":
        return today, today
    if choice == "week":
        monday = today - timedelta(days=today.weekday())
        return monday, monday + timedelta(days=6)
    first = today.replace(day=1)
    if choice == "last_month":
        last = first - timedelta(days=1)
        return last.replace(day=1), last
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
