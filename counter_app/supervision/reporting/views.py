"""What an improvement report shows (frozen views; ``report_figures`` fills them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_app.i18n import tr


@dataclass(frozen=True)
class Count:
    """One line of a breakdown: its key, its Chinese name, how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class LevelCount:
    level: int
    label: str
    count: int
    previous: int


@dataclass(frozen=True)
class OverdueItem:
    item_number: int
    item_name: str
    due: int  # cases of this item whose promised date fell in the period (and has passed)
    overdue: int  # of which decided late or still undecided


@dataclass(frozen=True)
class ActionView:
    id: str
    period: str
    text: str
    owner: str
    due_date: date | None
    state: str  # open | done
    done_at: str  # ISO, "" while open
    done_by: str
    result: str
    overdue: bool  # open and past its due date
    row_version: int

    @property
    def state_label(self) -> str:
        if self.state == "done":
            return tr("已完成")
        return tr("已超期") if self.overdue else tr("进行中")


@dataclass(frozen=True)
class ReportFigures:
    period: str
    period_label: str
    first: date
    last: date
    previous_period: str
    previous_label: str
    levels: tuple[LevelCount, ...]  # best first; annulled reviews left out
    evaluations: int
    previous_evaluations: int
    satisfaction: float | None  # the two good levels over all; None without evaluations
    previous_satisfaction: float | None
    sources: tuple[Count, ...]
    bad_reviews: int  # 不满意 and 非常不满意 rated in the period (annulled ones included)
    followups: tuple[Count, ...]  # per follow-up state; "none" for a bad review without one
    followups_overdue: int  # still open past the deadline
    followups_late: int  # closed after the deadline
    annulled: int  # appeal upheld: a misjudged or malicious review
    kinds: tuple[Count, ...]  # complaints, consultations, suggestions received
    causes: tuple[Count, ...]  # complaints only, from here on
    results: tuple[Count, ...]  # upheld / not upheld / not yet decided
    channels: tuple[Count, ...]
    complaints: int
    complaints_overdue: int  # not replied and past the deadline
    complaints_late: int  # replied after the deadline
    suggestions: int
    overdue_items: tuple[OverdueItem, ...]
    overdue_cases: int  # distinct cases (a case of two items counts once)
    analysis: str
    author: str
    row_version: int  # of the report row (0: not saved yet)
    previous_actions: tuple[ActionView, ...]
    actions: tuple[ActionView, ...]

    @property
    def previous_done(self) -> int:
        return sum(1 for a in self.previous_actions if a.state == "done")
