"""The columns of a period's table, as the screen, the .xlsx, the .csv and the PDF show them
(one spec, so every output gives the same numbers): times in minutes to a tenth, rates as
fractions (shown as percentages)."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.i18n import tr
from counter_app.reports.rules.periods import minutes
from counter_app.reports.rules.views import By, PeriodRow


@dataclass(frozen=True)
class Column:
    attr: str
    header: str
    unit: str  # n (count) | min (minutes from seconds) | pct (fraction 0..1)
    windows_only: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("tickets_served", tr("服务人次"), "n"),
    Column("no_shows", tr("过号"), "n"),
    Column("recalls", tr("重呼"), "n"),
    Column("wait_median_s", tr("等候中位(分)"), "min"),
    Column("wait_p90_s", tr("等候P90(分)"), "min"),
    Column("service_median_s", tr("办理中位(分)"), "min"),
    Column("service_p90_s", tr("办理P90(分)"), "min"),
    Column("walk_median_s", tr("到窗中位(分)"), "min", windows_only=True),
    Column("open_s", tr("开放时长(分)"), "min", windows_only=True),
    Column("idle_s", tr("空闲时长(分)"), "min", windows_only=True),
    Column("cases_received", tr("受理"), "n"),
    Column("cases_approved", tr("准予"), "n"),
    Column("cases_refused", tr("不予许可"), "n"),
    Column("cases_delivered", tr("送达"), "n"),
    Column("on_time_rate", tr("按时办结率"), "pct"),
    Column("evaluations", tr("评价数"), "n"),
    Column("satisfaction_rate", tr("满意率"), "pct"),
    Column("complaints", tr("投诉"), "n"),
    Column("complaints_upheld", tr("投诉属实"), "n"),
)


def columns_for(by: By) -> tuple[Column, ...]:
    return tuple(c for c in COLUMNS if by is By.WINDOW or not c.windows_only)


def value(row: PeriodRow, column: Column) -> int | float | None:
    """The number a cell shows (None: nothing to show)."""
    raw = getattr(row, column.attr)
    if column.unit == "min":
        return minutes(raw)
    return raw  # type: ignore[no-any-return]


def text(row: PeriodRow, column: Column) -> str:
    """The same number as text (PDF, csv): '—' when there is none."""
    v = value(row, column)
    if v is None:
        return "—"
    if column.unit == "pct":
        return f"{v * 100:.1f}%"
    if column.unit == "min":
        return f"{v:.1f}"
    return str(v)


def display_width(value: str) -> int:
    """Columns a text takes in a spreadsheet: a CJK character counts two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in value)
