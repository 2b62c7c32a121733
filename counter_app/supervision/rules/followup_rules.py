"""The follow-up of a bad review as plain rules and frozen views (no database): which step may
be taken now, what each step needs, and what a list row, a follow-up and a step look like."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from counter_app.core.errors import CounterError, UnknownCalendarYear
from counter_app.hall.rules.working_days import WorkCalendar
from counter_app.i18n import tr
from counter_app.supervision.rules.evaluation import (
    NEXT_STEP,
    OPEN_FOLLOWUP,
    AppealState,
    FollowupState,
    RectifyMode,
)

TEXT_MAX = 2000
RECTIFY_MAX_DAYS = 90  # a rectification deadline further away than this is not "within reason"
DUE_SOON_DAYS = 2  # working days: amber in the supervisor's list

# What the person taking each step writes (the message when it is missing).
STEP_TEXT: dict[FollowupState, str] = {
    FollowupState.VERIFY: tr("请填写核实情况：是否属实、原因"),
    FollowupState.RECTIFY: tr("请填写整改措施"),
    FollowupState.FEEDBACK: tr("请填写如何将整改情况告知申请人（方式与内容）"),
    FollowupState.REVISIT: tr("请填写回访时申请人的意见"),
}
NO_BASIS_TEXT = tr("请写明向申请人所作的解释说明（诉求缺乏法律依据的理由）")

# The log's step names: the four steps by their state, plus the appeal's.
APPEAL = "appeal"
APPEAL_UPHELD = "appeal_upheld"
APPEAL_REJECTED = "appeal_rejected"
STEP_LABELS: dict[str, str] = {
    FollowupState.VERIFY.value: tr("核实"),
    FollowupState.RECTIFY.value: tr("整改"),
    FollowupState.FEEDBACK.value: tr("反馈"),
    FollowupState.REVISIT.value: tr("回访"),
    APPEAL: tr("申诉"),
    APPEAL_UPHELD: tr("申诉成立"),
    APPEAL_REJECTED: tr("申诉驳回"),
}
ORDER: tuple[FollowupState, ...] = tuple(NEXT_STEP)


def step_label(step: str) -> str:
    return STEP_LABELS.get(step, step)


def check_step(current: FollowupState, step: FollowupState, appeal: AppealState) -> FollowupState:
    """The state after taking ``step`` now; refused (field ``step``) out of order, on a closed
    or annulled review, or while an appeal waits for its decision."""
    if current not in OPEN_FOLLOWUP:
        raise CounterError(tr("该差评已“{s}”，不能再办理", s=current.label), "step")
    if appeal is AppealState.PENDING:
        raise CounterError(tr("该差评的申诉正在等待另一位科长审核，审核后再继续整改"), "step")
    if step is not current:
        if step in ORDER and ORDER.index(step) < ORDER.index(current):
            raise CounterError(
                tr("“{a}”已完成，当前应办理“{s}”，请刷新", a=step_label(step), s=current.label),
                "step",
            )
        raise CounterError(tr("请先完成“{s}”，各步骤须按顺序办理", s=current.label), "step")
    return NEXT_STEP[current]


def clean_text(text: str, missing: str, name: str = "text") -> str:
    text = text.strip()
    if not text:
        raise CounterError(missing, name)
    if len(text) > TEXT_MAX:
        raise CounterError(tr("最多 {n} 字，请精简", n=TEXT_MAX), name)
    return text


def check_rectify(
    mode: RectifyMode | None, text: str, rectify_due: date | None, today: date
) -> date | None:
    """The rectification deadline to keep (only for ``deadline`` mode); refuses a missing mode,
    a deadline not after today or beyond ``RECTIFY_MAX_DAYS``, a no-basis step without its
    explanation."""
    if mode is None:
        raise CounterError(tr("请选择整改方式"), "rectify_mode")
    if mode is RectifyMode.NO_BASIS:
        clean_text(text, NO_BASIS_TEXT)
    if mode is not RectifyMode.DEADLINE:
        return None
    if rectify_due is None:
        raise CounterError(tr("限期整改须填写整改期限"), "rectify_due")
    if rectify_due <= today:
        raise CounterError(tr("整改期限应在今天之后"), "rectify_due")
    if rectify_due > today + timedelta(days=RECTIFY_MAX_DAYS):
        raise CounterError(
            tr(
                "整改期限最长 {n} 天（至 {d}）",
                n=RECTIFY_MAX_DAYS,
                d=today + timedelta(days=RECTIFY_MAX_DAYS),
            ),
            "rectify_due",
        )
    return rectify_due


class Deadlines:
    """Due dates of bad reviews without a follow-up row yet: business date + ``days`` working
    days; None when that year's calendar is not entered (shown, never guessed)."""

    def __init__(self, calendar: WorkCalendar, days: int, today: date) -> None:
        self.calendar, self.days, self.today = calendar, days, today

    def due(self, business_date: date) -> date | None:
        try:
            return self.calendar.add_working_days(business_date, self.days)
        except UnknownCalendarYear:
            return None

    def soon(self, due: date | None) -> bool:
        try:
            return due is not None and self.calendar.due_soon(due, self.today, DUE_SOON_DAYS)
        except UnknownCalendarYear:
            return False

    def cutoff(self) -> date:
        """The last business date whose review is overdue today without a follow-up: due dates
        grow with the business date, so "overdue" is ``business_date <= cutoff`` in SQL."""
        day = self.today - timedelta(days=1)
        for _ in range(self.days * 3 + 60):
            due = self.due(day)
            if due is not None and due < self.today:
                return day
            day -= timedelta(days=1)
        return day


def real_name(name: str, phone: str) -> bool:
    """A real-name review (its rater left a name or a phone): followed up 100%."""
    return bool(name.strip() or phone.strip())


@dataclass(frozen=True)
class FollowupRow:
    """One bad review in the supervisor's list, with its follow-up (or 待核实 without one)."""

    evaluation_id: uuid.UUID
    followup_id: uuid.UUID | None
    row_version: int | None  # None: no step taken yet (no follow-up row)
    business_date: date
    window_no: str
    staff: str
    staff_name: str
    level: int
    level_label: str
    source_label: str
    reasons: tuple[str, ...]
    comment: str
    rater: str  # masked name and phone, "" when anonymous
    real_name: bool
    state: FollowupState
    due: date | None  # None: the calendar of that year is not entered yet
    handler: str
    overdue: bool
    due_soon: bool
    appeal: AppealState
    appeal_by: str
    rectify_mode: str
    rectify_due: date | None

    @property
    def state_label(self) -> str:
        if self.appeal is AppealState.PENDING:
            return tr("{s}（申诉待审核）", s=self.state.label)
        return self.state.label

    @property
    def open(self) -> bool:
        return self.state in OPEN_FOLLOWUP


@dataclass(frozen=True)
class FollowupView:
    """A follow-up after a step: what the form needs to take the next one."""

    id: uuid.UUID
    evaluation_id: uuid.UUID
    state: FollowupState
    row_version: int
    due_date: date
    handler: str
    rectify_mode: str
    rectify_due: date | None
    appeal: AppealState
    appeal_by: str
    closed_at: datetime | None


@dataclass(frozen=True)
class StepView:
    step: str
    actor: str
    at: datetime
    text: str
    detail: Mapping[str, object] = field(default_factory=dict)
    actor_name: str = ""  # the staff member's display name when the account is known

    @property
    def label(self) -> str:
        return step_label(self.step)

    @property
    def who(self) -> str:
        return self.actor_name or self.actor


@dataclass(frozen=True)
class FollowupSummary:
    """Bad reviews of a period by follow-up state (annulled ones listed but not bad)."""

    date_from: date
    date_to: date
    by_state: Mapping[FollowupState, int]
    overdue: int
    appeals_pending: int
    real_name: int

    @property
    def bad(self) -> int:
        """Bad reviews that count (annulled by an upheld appeal excluded)."""
        return sum(n for s, n in self.by_state.items() if s is not FollowupState.ANNULLED)

    @property
    def open(self) -> int:
        return sum(n for s, n in self.by_state.items() if s in OPEN_FOLLOWUP)
