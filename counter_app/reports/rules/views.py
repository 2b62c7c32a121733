"""What the report service hands back: plain frozen dataclasses (no database types)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from counter_app.i18n import tr


class By(StrEnum):
    WINDOW = "window"
    STAFF = "staff"
    ITEM = "item"
    CATEGORY = "category"

    @property
    def label(self) -> str:
        return BY_LABELS[self]


BY_LABELS = {
    By.WINDOW: tr("窗口"),
    By.STAFF: tr("工作人员"),
    By.ITEM: tr("事项"),
    By.CATEGORY: tr("业务类别"),
}
TOTAL_KEY = "*"  # the totals row's key


@dataclass(frozen=True)
class Source:
    """Where the figures come from and when they were read."""

    kind: str  # central | local
    at: datetime  # UTC moment of the query

    @property
    def label(self) -> str:
        return tr("全厅（中心数据库）") if self.kind == "central" else tr("本机")


@dataclass(frozen=True)
class PeriodRow:
    """One window, staff member, item or category (key ``*``: the totals). Times in seconds."""

    key: str
    label: str
    tickets_served: int = 0
    no_shows: int = 0
    recalls: int = 0
    wait_median_s: float | None = None
    wait_p90_s: float | None = None
    service_median_s: float | None = None
    service_p90_s: float | None = None
    walk_median_s: float | None = None  # windows: call -> service start, visits without recall
    open_s: float | None = None  # windows: time open
    idle_s: float | None = None  # windows: open, serving nobody, people waiting for it
    cases_received: int = 0
    cases_approved: int = 0
    cases_refused: int = 0
    cases_delivered: int = 0
    decided_with_deadline: int = 0
    decided_on_time: int = 0
    on_time_rate: float | None = None
    evaluations: int = 0
    evaluations_good: int = 0
    satisfaction_rate: float | None = None
    complaints: int = 0
    complaints_upheld: int = 0


@dataclass(frozen=True)
class PeriodTable:
    by: By
    start: date
    end: date
    rows: tuple[PeriodRow, ...]  # sorted by key, the totals not among them
    total: PeriodRow
    source: Source
    previous: PeriodTable | None = None  # the period of the same length just before


@dataclass(frozen=True)
class CategoryWaiting:
    code: str
    name: str
    waiting: int
    longest_wait_s: float | None


@dataclass(frozen=True)
class Flag:
    level: str  # red | amber
    key: str  # what it is about (e.g. cases_overdue)
    text: str


@dataclass(frozen=True)
class TodayFigures:
    day: date
    source: Source
    waiting: tuple[CategoryWaiting, ...]
    longest_wait_s: float | None
    windows_open: int
    windows_paused: int
    windows_serving: int
    tickets_issued: int
    tickets_served: int
    tickets_no_show: int
    cases_received: int
    cases_decided: int
    cases_delivered: int
    cases_overdue: int
    cases_due_soon: int  # due within 2 working days
    evaluations_by_level: dict[int, int]  # 5 非常满意 .. 1 非常不满意
    bad_reviews_open: int
    bad_reviews_overdue: int
    complaints_open: int
    complaints_overdue: int
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class HourPoint:
    window: str
    hour: int  # local hour of day 0..23
    served: int


@dataclass(frozen=True)
class DayPoint:
    day: date
    served: int
    wait_median_s: float | None
    wait_p90_s: float | None


@dataclass(frozen=True)
class Series:
    start: date
    end: date
    by_hour: tuple[HourPoint, ...]
    by_day: tuple[DayPoint, ...]
    source: Source


@dataclass(frozen=True)
class TicketRow:
    """One visit of a ticket at a window (a transferred ticket has one per window)."""

    ticket_id: str
    number: str
    day: date
    window: str
    staff: str
    category: str
    queued_at: datetime | None
    called_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    outcome: str  # finish | no_show | hold | transfer | '' (still open)
    recalls: int
    wait_s: float | None
    service_s: float | None
    walk_s: float | None


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    number: str
    status: str
    received_on: date
    received_by: str
    promised_on: date | None
    decided_on: date | None
    decided_by: str
    decision: str
    items: str
    applicant: str  # masked unless revealed
    window: str = ""
    extra: dict[str, str] = field(default_factory=dict)
