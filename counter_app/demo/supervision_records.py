"""The demo's complaints register, integrity records, training records, last month's
improvement report and the running survey (see ``demo/supervision.py``)."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from counter_app.demo.data import DemoPeople
from counter_app.demo.plan import HALL_TZ
from counter_app.hall.rules.working_days import WorkCalendar
from counter_app.supervision.complaint_store import new_number
from counter_app.supervision.rules.complaints import Channel, Kind, ReplyMethod, State
from db.models.supervision import (
    Complaint,
    SupervisionStep,
)

SUPERVISORS = ("demo_kz1", "demo_kz2")  # the handler and the second supervisor of an appeal
FITS = len(State.INVESTIGATING.value) <= getattr(Complaint.__table__.c.state.type, "length", 99)
"""Whether the complaint's state column holds 'investigating' (13 letters in 12 until widened)."""


@dataclass
class Ctx:
    """What every part of the demo needs: the session, the dice, the calendar, the day."""

    session: Session
    rng: random.Random
    calendar: WorkCalendar
    today: date
    people: DemoPeople
    staff: dict[str, str]  # username -> window number
    counter: str
    last_at: dict[uuid.UUID, datetime] = field(default_factory=dict)

    def at(self, day: date, hour: int = 10) -> datetime:
        """A moment of ``day`` in the hall's working hours, as UTC."""
        minute = self.rng.randrange(60)
        return datetime.combine(min(day, self.today), time(hour, minute), HALL_TZ).astimezone(UTC)

    def later(self, day: date, most: int = 2) -> date:
        """A working day 0..``most`` after ``day``, never after today."""
        return min(self.calendar.add_working_days(day, self.rng.randint(0, most)), self.today)

    def back(self, working_days: int) -> date:
        """The working day ``working_days`` before today (today itself for 0 on a workday)."""
        day, left = self.today, working_days
        while left > 0 or not self.calendar.is_workday(day):
            day -= timedelta(days=1)
            left -= 1 if self.calendar.is_workday(day) else 0
        return day

    def step(
        self,
        subject: str,
        key: uuid.UUID,
        step: str,
        actor: str,
        when: datetime,
        text: str = "",
        **detail: object,
    ) -> datetime:
        """Log one step; a step is never before the one before it (returns its time)."""
        last = self.last_at.get(key)
        if last is not None and when <= last:
            when = last + timedelta(minutes=self.rng.randint(3, 40))
        self.last_at[key] = when
        self.session.add(
            SupervisionStep(
                subject=subject,
                subject_id=key,
                step=step,
                actor=actor,
                at=when,
                text=text,
                detail=detail,
            )
        )
        return when

    def someone(self) -> str:
        return self.rng.choice(sorted(self.staff)) if self.staff else SUPERVISORS[0]


# kind, channel, the state it has reached, working days ago, cause, upheld
_INVESTIGATING = State.INVESTIGATING if FITS else State.ASSIGNED
COMPLAINTS: tuple[tuple[Kind, Channel, State, int, str, bool | None], ...] = (
    (Kind.COMPLAINT, Channel.ONSITE, State.ARCHIVED, 35, "attitude", True),
    (Kind.COMPLAINT, Channel.LETTER, State.ARCHIVED, 30, "efficiency", True),
    (Kind.COMPLAINT, Channel.PHONE, State.REPLIED, 20, "process", False),
    (Kind.COMPLAINT, Channel.ONLINE, State.RESOLVED, 9, "policy", False),
    (Kind.COMPLAINT, Channel.PHONE, State.ASSIGNED, 14, "", None),  # past its deadline
    (Kind.COMPLAINT, Channel.LETTER, _INVESTIGATING, 4, "", None),
    (Kind.COMPLAINT, Channel.KIOSK, State.REGISTERED, 1, "", None),
    (Kind.CONSULTATION, Channel.PHONE, State.REPLIED, 12, "", None),
    (Kind.CONSULTATION, Channel.ONSITE, State.ARCHIVED, 25, "", None),
    (Kind.CONSULTATION, Channel.ONLINE, State.REGISTERED, 0, "", None),
    (Kind.SUGGESTION, Channel.KIOSK, State.REPLIED, 16, "environment", None),
    (Kind.SUGGESTION, Channel.ONLINE, State.ASSIGNED, 3, "", None),
    (Kind.SUGGESTION, Channel.LETTER, State.ARCHIVED, 28, "process", None),
)
TEXTS = {
    Kind.COMPLAINT: (
        "窗口工作人员答复不耐心，多次询问才说明需要补交的材料。",
        "专利权质押登记办理时间超过承诺时限，未主动告知进度。",
        "网上预约后到现场仍需重新排队。",
    ),
    Kind.CONSULTATION: ("咨询高价值专利资助的申请条件和材料。", "咨询商标变更登记需要的材料。"),
    Kind.SUGGESTION: ("建议在大厅增设老年人休息座椅和老花镜。", "建议在自助机上增加办事进度查询。"),
}
STEPS = (State.ASSIGNED, State.INVESTIGATING, State.RESOLVED, State.REPLIED, State.ARCHIVED)
STEP_NAMES = {
    State.ASSIGNED: "assign",
    State.INVESTIGATING: "investigate",
    State.RESOLVED: "resolve",
    State.REPLIED: "reply",
    State.ARCHIVED: "archive",
}


def complaints(ctx: Ctx, reply_days: int) -> int:
    for kind, channel, state, ago, cause, upheld in COMPLAINTS:
        _complaint(ctx, kind, channel, state, ctx.back(ago), reply_days, cause, upheld)
    return len(COMPLAINTS)


def _complaint(
    ctx: Ctx,
    kind: Kind,
    channel: Channel,
    state: State,
    day: date,
    reply_days: int,
    cause: str,
    upheld: bool | None,
) -> None:
    anonymous = channel is Channel.KIOSK or ctx.rng.random() < 0.2
    about = kind is Kind.COMPLAINT and cause == "attitude"  # about a staff member
    who = ctx.someone()
    row = Complaint(
        number=new_number(ctx.session, ctx.counter, day),
        kind=kind.value,
        channel=channel.value,
        anonymous=anonymous,
        name="" if anonymous else ctx.people.name(),
        phone="" if anonymous else ctx.people.mobile(),
        address="连云港市海州区朝阳东路 18 号" if channel is Channel.LETTER else "",
        about_staff=who if about else "",
        about_window=ctx.staff.get(who, "") if about else "",
        text=ctx.rng.choice(TEXTS[kind]),
        state=State.REGISTERED.value,
        business_date=day,
        received_at=ctx.at(day, 9),
        due_date=ctx.calendar.add_working_days(day, reply_days),
        registered_by=who,
        device="demo",
    )
    ctx.session.add(row)
    ctx.session.flush()
    ctx.step("complaint", row.id, "register", who, row.received_at, row.text)
    if kind is Kind.CONSULTATION and state is not State.REGISTERED:  # answered at once
        row.state, row.handler, row.result = (
            State.REPLIED.value,
            who,
            "已当场答复，并提供办事指南。",
        )
        row.reply_method = "phone" if channel is Channel.PHONE else "onsite"
        method = row.reply_method
        answered = ctx.at(day, 11)
        row.replied_at = ctx.step(
            "complaint", row.id, "answer", who, answered, row.result, method=method
        )
        if state is State.ARCHIVED:
            _take(ctx, row, State.ARCHIVED, ctx.later(day), cause, upheld)
        return
    for target in STEPS[: STEPS.index(state) + 1] if state in STEPS else ():
        day = ctx.later(day, 2)
        _take(ctx, row, target, day, cause, upheld)


def _take(
    ctx: Ctx, row: Complaint, target: State, day: date, cause: str, upheld: bool | None
) -> None:
    boss, text = SUPERVISORS[0], ""
    if target is State.ASSIGNED:
        row.handler = text = SUPERVISORS[1]
    elif target is State.INVESTIGATING:
        row.finding = text = "经调阅记录、询问当事人，基本情况已查清。"
    elif target is State.RESOLVED:
        row.result = text = "已责成相关窗口改进，并纳入本月服务改进措施。"
        row.cause, row.upheld = cause or "other", upheld
    elif target is State.REPLIED:
        written = Channel(row.channel).written
        method = (
            ReplyMethod.LETTER
            if written
            else (ReplyMethod.PHONE if row.phone else ReplyMethod.ONSITE)
        )
        row.reply_method = method.value
        row.reply_text = text = "感谢您的意见，处理结果如下：" + row.result
    row.state = target.value
    when = ctx.step("complaint", row.id, STEP_NAMES[target], boss, ctx.at(day, 14), text)
    if target is State.REPLIED:
        row.replied_at = when
    elif target is State.ARCHIVED:
        row.archived_at = when
