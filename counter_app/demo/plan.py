"""What each demo case will be: who, which items, which materials, what happened since.

A ``CasePlan`` is plain data; ``demo_bulk`` writes plans with Core inserts and ``demo`` can
push small numbers of them through the real reception service. Every status path follows the
case state machine (``transition`` is called for each step), every date falls on a working day
no later than the last seeded day, and promised dates come from the working-day calendar.
"""

from __future__ import annotations

import random
import uuid
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from counter_app.cases.rules.reception import (
    ORGANISATION,
    PERSON,
    MaterialLine,
    Outcome,
    merge_materials,
    missing,
)
from counter_app.cases.rules.states import CaseState, transition
from counter_app.core.errors import UnknownCalendarYear
from counter_app.demo import decisions
from counter_app.demo.data import DemoApplicant, DemoPeople
from counter_app.hall.rules.catalog import ItemView
from counter_app.hall.rules.working_days import Pause, WorkCalendar
from db.ids import new_uuid7

_S = CaseState
_VALUES = {state: state.value for state in CaseState}  # ``.value`` of an enum is slow
HALL_TZ = timezone(timedelta(hours=8))  # the hall's wall clock (China Standard Time)
SUPPLEMENT_DAYS = 15
# How often each catalogue item is asked for at the window (others: 1).
_ITEM_WEIGHTS: dict[int, float] = {
    1: 30,
    5: 25,
    8: 12,
    6: 8,
    11: 6,
    32: 5,
    14: 5,
    4: 5,
    15: 4,
    31: 4,
}
_ITEM_WEIGHTS |= {18: 3, 19: 3, 20: 2, 21: 2, 12: 2, 13: 2, 27: 2, 30: 2, 2: 2, 33: 0.3}
_GENERIC_REASONS = (
    "申请事项不属于本机关职权范围，请向有管辖权的机关提出",
    "申请人不具备该事项的申请资格",
    "申请材料存在虚假内容，经核实不予受理",
)
_CHANNELS = (("wechat", 40), ("alipay", 25), ("card", 15), ("cash", 15), ("other", 5))


@dataclass(frozen=True)
class PlannedEvent:
    day: int  # index into the seeded working days
    action: str
    from_status: str
    to_status: str
    note: str


@dataclass(frozen=True)
class PlannedPayment:
    lines: tuple[dict[str, Any], ...]
    amount: Decimal
    channel: str
    transaction_ref: str


@dataclass
class CasePlan:
    day: int
    counter: str
    staff: str
    applicant: DemoApplicant
    applicant_id: uuid.UUID
    new_applicant: bool
    items: tuple[ItemView, ...]
    materials: tuple[MaterialLine, ...]  # as they stand now (after any supplement)
    outcome: Outcome
    window_materials: tuple[MaterialLine, ...] = ()  # as ticked at the window
    status: str = ""
    reasons: tuple[str, ...] = ()
    agent: dict[str, str] | None = None
    events: list[PlannedEvent] = field(default_factory=list)
    pause: tuple[int, int | None] | None = None  # (start day, end day or still open)
    supplement_deadline: date | None = None
    promised_on: date | None = None
    time_limit: int | None = None
    payment: PlannedPayment | None = None
    correction: tuple[int, int | None] | None = None  # 退回补正: (start day, end day or open)
    resubmit_by: date | None = None  # the day the corrected materials are due
    result: str = ""  # an approval's result (patent, trademark or certificate number)
    competent_authority: str = ""  # a refusal outside this office's powers: where to apply
    ticket_id: uuid.UUID | None = None  # the queue ticket served when the case was received
    received_at: datetime | None = None  # during that ticket's service (demo/queue_history.py)


def received(m: MaterialLine) -> MaterialLine:
    """``m`` ticked as received in full (built directly: ``replace`` is slow in bulk)."""
    return MaterialLine(
        m.name,
        m.requirement,
        m.original_required,
        m.copies_required,
        True,
        m.copies_required,
        m.original_required,
        m.extra,
        m.for_items,
    )


class Planner:
    """Plans cases day by day; applicants return now and then (found by their ID number)."""

    def __init__(
        self,
        rng: random.Random,
        people: DemoPeople,
        items: list[ItemView],
        bundles: list[tuple[int, ...]],
        days: list[date],
        calendar: WorkCalendar,
    ) -> None:
        self._rng, self._people, self._days, self._cal = rng, people, days, calendar
        self._items = items
        self._weights = [_ITEM_WEIGHTS.get(i.number, 1.0) for i in items]
        by_number = {i.number: i for i in items}
        self._bundles = [
            tuple(by_number[n] for n in b) for b in bundles if all(n in by_number for n in b)
        ]
        self._recent: dict[str, deque[tuple[DemoApplicant, uuid.UUID]]] = {
            PERSON: deque(maxlen=3000),
            ORGANISATION: deque(maxlen=3000),
        }
        self._promise: dict[tuple[date, int], date | None] = {}
        self._lists: dict[
            tuple[tuple[str, ...], bool], tuple[tuple[MaterialLine, ...], tuple[MaterialLine, ...]]
        ] = {}
        self._agents = self._results = 0

    def plan(self, day: int, counter: str, staff: str) -> CasePlan:
        rng = self._rng
        items = self._choose_items(day)
        applicant, applicant_id, new = self._applicant(items)
        agent = None
        if (applicant.kind == ORGANISATION and rng.random() < 0.3) or rng.random() < 0.05:
            self._agents += 1
            agent = self._people.agent(self._agents)
        materials, all_in = self._checklist(items, agent is not None)
        roll = rng.random()
        limit = _time_limit(items)
        if roll < 0.03:
            outcome = Outcome.REFUSE
        elif roll < 0.09 and self._deadline(day, SUPPLEMENT_DAYS) is not None:
            outcome = Outcome.INCOMPLETE
        else:
            outcome = Outcome.ACCEPT
        plan = CasePlan(
            day,
            counter,
            staff,
            applicant,
            applicant_id,
            new,
            items,
            materials,
            outcome,
            agent=agent,
        )
        plan.time_limit = limit
        if outcome is Outcome.REFUSE:
            plan.materials = all_in  # checked in full before refusing
            self._refuse(plan)
        elif outcome is Outcome.INCOMPLETE:
            self._incomplete(plan, all_in)
        else:
            plan.materials = all_in
            self._accept(plan, day, "receive", "", "材料齐全，予以受理")
        if not plan.window_materials:
            plan.window_materials = plan.materials
        self._pay(plan)
        return plan

    def _checklist(
        self, items: tuple[ItemView, ...], agent: bool
    ) -> tuple[tuple[MaterialLine, ...], tuple[MaterialLine, ...]]:
        """The checklist of ``items`` and the same all received, made once per choice of
        items (a few hundred in a seed: merging the checklists cost more per case)."""
        key = (tuple(i.id for i in items), agent)
        found = self._lists.get(key)
        if found is None:
            lines = _checklist(items, agent)
            found = self._lists[key] = (lines, tuple(received(m) for m in lines))
        return found

    # -- choices ---------------------------------------------------------------------------

    def _choose_items(self, day: int) -> tuple[ItemView, ...]:
        rng = self._rng
        for _ in range(20):
            roll = rng.random()
            if roll < 0.08 and self._bundles:
                chosen = rng.choice(self._bundles)
            elif roll < 0.12:
                chosen = tuple(dict.fromkeys(rng.choices(self._items, self._weights, k=2)))
            else:
                chosen = tuple(rng.choices(self._items, self._weights, k=1))
            limit = _time_limit(chosen)
            # A promised date the calendar cannot compute would be refused at the window.
            if limit is None or self._deadline(day, limit) is not None:
                return chosen
        return tuple(i for i in self._items if not i.content.time_limit_days)[:1] or chosen

    def _applicant(self, items: tuple[ItemView, ...]) -> tuple[DemoApplicant, uuid.UUID, bool]:
        rng = self._rng
        kinds = set.intersection(
            *(set(i.content.applicant_types or (PERSON, ORGANISATION)) for i in items)
        )
        kind = ORGANISATION if rng.random() < 0.55 else PERSON
        if kinds and kind not in kinds:
            kind = next(iter(kinds))
        recent = self._recent[kind]
        if recent and rng.random() < 0.3:  # a returning applicant, found by their ID number
            old, old_id = rng.choice(recent)
            return old, old_id, False
        person = self._people.organisation() if kind == ORGANISATION else self._people.person()
        new_id = new_uuid7()
        recent.append((person, new_id))
        return person, new_id, True

    def _deadline(self, day: int, working_days: int, pauses: tuple[Pause, ...] = ()) -> date | None:
        start = self._days[day]
        if not pauses and (start, working_days) in self._promise:
            return self._promise[(start, working_days)]
        try:
            result: date | None = self._cal.add_working_days(start, working_days, pauses)
        except UnknownCalendarYear:
            result = None
        if not pauses:
            self._promise[(start, working_days)] = result
        return result

    # -- outcomes --------------------------------------------------------------------------

    def _refuse(self, plan: CasePlan) -> None:
        own = [r for i in plan.items for r in i.content.rejection_reasons]
        plan.reasons = (self._rng.choice(own or list(_GENERIC_REASONS)),)
        plan.competent_authority = decisions.competent_authority(plan.items, plan.reasons)
        plan.status = _S.REFUSED.value
        note = "不予受理：" + "；".join(plan.reasons)
        plan.events.append(PlannedEvent(plan.day, "receive", "", plan.status, note))

    def _incomplete(self, plan: CasePlan, all_in: tuple[MaterialLine, ...]) -> None:
        rng = self._rng
        lines = list(all_in)
        short = rng.sample(range(len(lines)), k=min(len(lines), rng.choice((1, 1, 1, 2))))
        for index in short:
            lines[index] = replace(lines[index], received=False, received_copies=0)
        plan.materials = plan.window_materials = tuple(lines)
        plan.supplement_deadline = self._deadline(plan.day, SUPPLEMENT_DAYS)
        status = _S.AWAITING_SUPPLEMENT.value
        names = "、".join(m.name for m in missing(plan.materials))
        plan.events.append(
            PlannedEvent(plan.day, "receive", "", status, f"材料不全，一次性告知：{names}")
        )
        back = plan.day + _between(rng, 1, 8)
        if back >= len(self._days):  # still waiting for the applicant
            plan.status, plan.pause = status, (plan.day, None)
            return
        plan.pause = (plan.day, back)
        plan.materials = all_in  # the checklist's tuple, shared: its rows are made once
        self._accept(plan, back, "supplement_complete", status, "材料补齐，予以受理")

    def _accept(self, plan: CasePlan, day: int, action: str, old: str, note: str) -> None:
        """Received on ``day``; then examination, decision and delivery as time allowed."""
        rng = self._rng
        plan.events.append(PlannedEvent(day, action, old, _S.RECEIVED.value, note))
        if plan.time_limit:
            pauses: tuple[Pause, ...] = ()
            if plan.pause is not None and plan.pause[1] is not None:
                pauses = (Pause(self._days[plan.pause[0]], self._days[plan.pause[1]]),)
            plan.promised_on = self._deadline(plan.day, plan.time_limit, pauses)
        state = _S.RECEIVED
        steps = _path(rng)
        last = len(self._days) - 1
        for delay, target, step, step_note in steps:
            day += delay
            if day > last:
                break
            state = transition(state, target)
            step_note = self._decided(plan, day, step) or step_note
            value = _VALUES[state]
            plan.events.append(PlannedEvent(day, step, plan.events[-1].to_status, value, step_note))
        plan.status = _VALUES[state]
        if plan.correction is not None and plan.correction[1] is not None and plan.time_limit:
            pauses = tuple(
                Pause(self._days[span[0]], self._days[span[1]])
                for span in (plan.pause, plan.correction)
                if span is not None and span[1] is not None
            )
            plan.promised_on = self._deadline(plan.day, plan.time_limit, pauses)

    def _decided(self, plan: CasePlan, day: int, step: str) -> str:
        """What a decision step records on the plan (its result or reasons), as the approval
        service does; the note of its history line ("" keeps the planned one)."""
        if step == "approve":
            self._results += 1
            plan.result = decisions.result_number(plan.items, self._days[day].year, self._results)
            return f"准予，结果：{plan.result}"
        if step == "rejected":
            plan.reasons = decisions.rejection_reasons(plan.items)
            return "；".join(plan.reasons)
        if step == "returned_for_correction":
            plan.reasons = decisions.correction_reasons(self._results)
            plan.correction = (day, None)
            plan.resubmit_by = self._deadline(day, decisions.CORRECTION_DAYS)
            return "；".join(plan.reasons)
        if step == "resubmitted" and plan.correction is not None:
            plan.correction = (plan.correction[0], day)
        return ""

    def _pay(self, plan: CasePlan) -> None:
        """About three in four cases with a fee pay it at the window, on the day received."""
        if plan.outcome is Outcome.REFUSE or self._rng.random() > 0.75:
            return
        lines = []
        for item in plan.items:
            fee = next((f for f in item.content.fees if f.amount), None)
            if fee is not None and fee.amount is not None:
                lines.append(
                    {"item": f"{item.name}：{fee.name}", "amount": str(fee.amount), "quantity": 1}
                )
        if not lines:
            return
        rng = self._rng
        channel = rng.choices([c for c, _ in _CHANNELS], [w for _, w in _CHANNELS])[0]
        ref = {
            "wechat": f"42000{rng.randrange(10**18):018d}{rng.randrange(10**5):05d}",
            "alipay": f"{self._days[plan.day]:%Y%m%d}2200{rng.randrange(10**16):016d}",
            "card": f"{rng.randrange(10**12):012d}",
        }.get(channel, "")
        amount = sum((Decimal(str(ln["amount"])) for ln in lines), Decimal("0"))
        plan.payment = PlannedPayment(tuple(lines), amount, channel, ref)


def _between(rng: random.Random, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` (``randint`` costs ~4x as much: ~10 a case)."""
    return low + int(rng.random() * (high - low + 1))


def _path(rng: random.Random) -> list[tuple[int, CaseState, str, str]]:
    """(working days after the step before, target, action, note) for one accepted case."""
    steps: list[tuple[int, CaseState, str, str]] = [
        (rng.choice((0, 0, 1, 1, 2)), _S.UNDER_EXAMINATION, "examine", "开始审查")
    ]
    if rng.random() < 0.06:
        steps.append(
            (_between(rng, 1, 4), _S.RETURNED_FOR_CORRECTION, "returned_for_correction", "退回补正")
        )
        steps.append((_between(rng, 2, 8), _S.UNDER_EXAMINATION, "resubmitted", "补正材料已收到"))
    if rng.random() < 0.04:
        steps.append((_between(rng, 2, 6), _S.REJECTED, "rejected", "经审查不予许可"))
    else:
        steps.append((_between(rng, 2, 6), _S.APPROVED, "approve", "审查通过，准予办理"))
    if rng.random() < 0.65:
        steps.append((_between(rng, 0, 2), _S.AWAITING_PICKUP, "pickup_ready", "结果待领取"))
        steps.append((_between(rng, 0, 5), _S.DELIVERED, "collected", "申请人已领取"))
    else:
        steps.append((_between(rng, 0, 2), _S.MAILED, "mailed", "结果已邮寄（EMS）"))
        steps.append((_between(rng, 1, 3), _S.DELIVERED, "mail_delivered", "邮件已妥投"))
    if rng.random() < 0.1:
        steps.append((_between(rng, 5, 30), _S.CLOSED, "close", "办结归档"))
    return steps


def _checklist(items: tuple[ItemView, ...], agent: bool) -> tuple[MaterialLine, ...]:
    """The merged checklist; an application form where the catalogue lists nothing; the
    authorisation and the agent's ID when someone acts for the applicant."""
    numbers = tuple(i.number for i in items)
    lines = list(merge_materials(list(items)))
    if not lines:
        lines.append(
            MaterialLine("申请书（表）", "申请人签字或盖章", extra=True, for_items=numbers)
        )
    if agent:
        lines.append(MaterialLine("授权委托书", "", True, 1, extra=True, for_items=numbers))
        lines.append(
            MaterialLine("经办人身份证复印件", "", False, 1, extra=True, for_items=numbers)
        )
    return tuple(lines)


def _time_limit(items: tuple[ItemView, ...]) -> int | None:
    limits = [i.content.time_limit_days for i in items if i.content.time_limit_days]
    return max(limits) if limits else None


class CachedCalendar(WorkCalendar):
    """The hall's calendar with each day's answer remembered (chinesecalendar is slow)."""

    def __init__(self, inner: WorkCalendar) -> None:
        super().__init__()
        self._inner = inner
        self._known: dict[date, bool] = {}

    def is_workday(self, day: date) -> bool:
        known = self._known.get(day)
        if known is None:
            known = self._known[day] = self._inner.is_workday(day)
        return known


def working_days(calendar: WorkCalendar, last: date, count: int) -> list[date]:
    """The ``count`` working days up to ``last`` (included if it is one), oldest first."""
    days: list[date] = []
    day = last
    while len(days) < count:
        try:
            if calendar.is_workday(day):
                days.append(day)
        except UnknownCalendarYear:
            if days:  # an older year the calendar does not know: stop there
                break
            raise
        day = date.fromordinal(day.toordinal() - 1)
    return days[::-1]
