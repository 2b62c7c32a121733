"""Demo supervision records, so a trainee sees every supervisor screen populated: evaluations
of the seeded cases (mostly good; the bad ones with their follow-up at every step, one
appealed and annulled, one appeal rejected), complaints, consultations and suggestions on every
channel in every state (one overdue, one archived after a written reply), integrity records
(one in force for a seeded applicant, one expired, one repaired), training records for each
staff member, last month's improvement report with its actions (one done) and a running
satisfaction survey with answers.

Written with the ORM in one transaction, dates relative to the last seeded day, every workflow
in the order its rules allow (each step a ``supervision_step`` row). Deterministic for a seed.
Seeding again adds nothing here (the demo evaluations are there already)."""

from __future__ import annotations

import random
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.demo.data import DemoPeople
from counter_app.demo.supervision_files import (
    improvement_report,
    integrity_records,
    survey,
    training,
)
from counter_app.demo.supervision_records import SUPERVISORS, Ctx, complaints
from counter_app.hall.calendar import load_calendar
from counter_app.supervision import settings as supervision_settings
from counter_app.supervision.rules.evaluation import REASONS, FollowupState, RectifyMode, Source
from counter_app.supervision.rules.rating import ticket_key
from db.models import Case, CaseItem, Staff
from db.models.queue import QueueTicket
from db.models.supervision import Evaluation, EvaluationFollowup

NO_PASSWORD = "!demo"  # not an argon2 hash: verification always fails
DEVICE = "demo"  # marks the demo's evaluations (and stops a second seeding)
MAX_RATED = 400
LEVELS, WEIGHTS = (5, 4, 3, 2, 1), (64, 21, 8, 4, 3)
# What the bad reviews (oldest first) have come to, in turn: the oldest still waits for its
# verification (past its deadline, red in the supervisor's list).
PLAN = (
    "verify",
    "closed",
    "annulled",
    "closed",
    "revisit",
    "rectify",
    "closed",
    "feedback",
    "appeal_rejected",
    "verify",
)
_S = FollowupState
ORDER = (_S.VERIFY, _S.RECTIFY, _S.FEEDBACK, _S.REVISIT)
STEP_TEXT = {
    _S.VERIFY: "经调取录像并询问窗口人员，情况属实：高峰时段等候较久，解释不够耐心。",
    _S.RECTIFY: "已对窗口人员进行批评教育，高峰时段增开弹性窗口。",
    _S.FEEDBACK: "已电话告知申请人整改情况并致歉。",
    _S.REVISIT: "回访申请人，表示认可整改结果。",
}
COMMENTS = ("等了很久", "材料要求没有一次说清", "态度一般", "办理很快，谢谢", "工作人员很耐心")


def seed_supervision(
    services: Services, seed: int | None, today: date, actor: Actor = SYSTEM_ACTOR
) -> int:
    """Add the demo's supervision records up to ``today``; returns the rows written (0 when
    they are there already)."""
    rng = random.Random(f"supervision-{seed}") if seed is not None else random.Random()
    with services.db.write() as session:
        if session.scalar(select(Evaluation.id).where(Evaluation.device == DEVICE).limit(1)):
            return 0
        staff = _staff(session)
        code = services.hall.settings().counter_code
        ctx = Ctx(session, rng, load_calendar(session), today, DemoPeople(rng), staff, code)
        days = supervision_settings.read(session)
        counts = {"staff": _accounts(session, staff)}
        counts["evaluation"] = _evaluations(ctx, days.followup_days)
        counts["complaint"] = complaints(ctx, days.complaint_days)
        counts["integrity_record"] = integrity_records(ctx)
        counts["training_record"] = training(ctx)
        counts["improvement_action"] = improvement_report(ctx)
        counts["survey_answer"] = survey(ctx)
        session.flush()
        audit.record(session, actor.username, "demo_seed", "supervision", "", after=counts)
        return sum(counts.values())


def _staff(session: Session) -> dict[str, str]:
    """The window staff of the seeded cases and their window (the counter code's digits as
    the queue writes a window: W03 -> 03)."""
    rows = session.execute(
        select(Case.received_by, func.min(Case.counter_code)).group_by(Case.received_by)
    )
    return {user: (re.sub(r"\D", "", code) or code).zfill(2)[-3:] for user, code in rows}


DEMO_NAMES = ("李受理", "王窗口", "张受理", "陈窗口", "刘受理", "杨窗口", "赵受理", "黄窗口")
SUPERVISOR_NAMES = ("周科长", "吴科长")


def _accounts(session: Session, staff: dict[str, str]) -> int:
    """The demo's window staff and supervisors as accounts, so that the assessment, the lists
    and the reports name real people. Inactive, with no password: nobody can log in with
    them until an administrator activates one and sets its password."""
    known = set(session.scalars(select(Staff.username)))
    wanted = [
        (user, DEMO_NAMES[i % len(DEMO_NAMES)], Role.RECEPTION, window)
        for i, (user, window) in enumerate(sorted(staff.items()))
        if user.startswith("demo_")
    ]
    wanted += [
        (user, SUPERVISOR_NAMES[i], Role.SUPERVISOR, "") for i, user in enumerate(SUPERVISORS)
    ]
    added = 0
    for username, name, role, window in wanted:
        if username in known:
            continue
        session.add(
            Staff(
                username=username,
                display_name=name,
                roles=[role.value],
                password_hash=NO_PASSWORD,
                active=False,
                window_no=window,
            )
        )
        added += 1
    return added


def _evaluations(ctx: Ctx, followup_days: int) -> int:
    recent = (
        select(Case)
        .where(Case.received_on <= ctx.today)
        .order_by(Case.received_on.desc(), Case.number)
    )
    cases = list(ctx.session.scalars(recent.limit(MAX_RATED)))[::-1]
    items = (
        dict(
            ctx.session.execute(
                select(CaseItem.case_id, func.min(CaseItem.item_number))
                .where(CaseItem.case_id.in_([c.id for c in cases]))
                .group_by(CaseItem.case_id)
            ).all()
        )
        if cases
        else {}
    )
    rated = [c for c in cases if ctx.rng.random() < 0.7]
    tickets = _tickets(ctx.session, cases)
    evaluations = [
        _evaluation(ctx, case, items.get(case.id), tickets.get(case.ticket_id))
        for case in _one_per_ticket(rated)
    ]
    bad = [e for e in evaluations if e.level <= 2]
    good = [e for e in evaluations if e.level > 2]
    while len(bad) < min(len(PLAN), len(evaluations) // 4) and good:  # enough to show each step
        turned = good.pop(ctx.rng.randrange(len(good)))
        turned.level, turned.reasons = ctx.rng.choice((1, 2)), ["waiting", "attitude"]
        bad.append(turned)
    ctx.session.add_all(evaluations)
    ctx.session.flush()
    bad.sort(key=lambda e: (e.business_date, e.service_key))
    for index, evaluation in enumerate(bad):
        _followup(ctx, evaluation, PLAN[index % len(PLAN)], followup_days)
    return len(evaluations)


def _tickets(session: Session, cases: list[Case]) -> dict[uuid.UUID | None, _Ticket]:
    """The finished queue tickets the cases were received on (demo/queue_history.py), each
    with every case of it among ``cases``."""
    ids = {c.ticket_id for c in cases if c.ticket_id is not None}
    rows = session.scalars(
        select(QueueTicket).where(QueueTicket.id.in_(ids), QueueTicket.finished_at.is_not(None))
    )
    found: dict[uuid.UUID | None, _Ticket] = {t.id: _Ticket(t, []) for t in rows} if ids else {}
    for case in cases:
        if case.ticket_id in found:
            found[case.ticket_id].case_ids.append(str(case.id))
    return found


def _one_per_ticket(cases: list[Case]) -> list[Case]:
    """One rating per service: the first case of a ticket stands for the others."""
    seen: set[uuid.UUID] = set()
    out = []
    for case in cases:
        if case.ticket_id is None or case.ticket_id not in seen:
            out.append(case)
        if case.ticket_id is not None:
            seen.add(case.ticket_id)
    return out


@dataclass(frozen=True)
class _Ticket:
    row: QueueTicket
    case_ids: list[str]


def _evaluation(ctx: Ctx, case: Case, item: int | None, ticket: _Ticket | None) -> Evaluation:
    """A rating of the case's service: on the window's screen as its ticket was finished, or
    of the case alone when it has no finished ticket."""
    rng = ctx.rng
    level = rng.choices(LEVELS, WEIGHTS)[0]
    reasons = (
        rng.sample(sorted(REASONS), k=rng.randint(1, 2)) if level <= 3 or rng.random() < 0.2 else []
    )
    real_name = level <= 2 and rng.random() < 0.5
    t = ticket.row if ticket is not None else None
    return Evaluation(
        service_key=ticket_key(t.id) if t else f"c:{case.id}",
        source=rng.choices((Source.SCREEN.value, Source.KEYPAD.value), (4, 1))[0],
        level=level,
        reasons=reasons,
        comment=rng.choice(COMMENTS) if rng.random() < 0.15 else "",
        business_date=case.received_on,
        rated_at=t.finished_at + timedelta(seconds=rng.randint(5, 90))
        if t and t.finished_at
        else case.received_at + timedelta(minutes=rng.randint(1, 4)),
        window_no=t.window_no if t else ctx.staff.get(case.received_by, ""),
        staff=case.received_by,
        ticket_id=t.id if t else None,
        ticket_number=t.number if t else "",
        case_ids=ticket.case_ids if ticket else [str(case.id)],
        item_no=item,
        rater_name=ctx.people.name() if real_name else "",
        rater_phone=ctx.people.mobile() if real_name else "",
        device=DEVICE,
    )


def _followup(ctx: Ctx, evaluation: Evaluation, goal: str, days: int) -> None:
    """The follow-up of one bad review, its steps in order up to ``goal``."""
    handler = SUPERVISORS[0]
    opened = ctx.later(evaluation.business_date, 1)
    row = EvaluationFollowup(
        evaluation_id=evaluation.id,
        state=_S.VERIFY.value,
        opened_on=opened,
        due_date=ctx.calendar.add_working_days(evaluation.business_date, days),
        handler=handler,
    )
    ctx.session.add(row)
    ctx.session.flush()
    appeal = goal in ("annulled", "appeal_rejected")
    target = _S.RECTIFY if appeal else _S(goal)  # an appeal comes after the verification
    day = opened
    for state in ORDER:
        if state is target:
            break
        day = ctx.later(day)
        detail: dict[str, object] = {}
        if state is _S.RECTIFY:
            mode = ctx.rng.choice(list(RectifyMode))
            row.rectify_mode, detail = mode.value, {"mode": mode.value}
            if mode is RectifyMode.DEADLINE:
                row.rectify_due = ctx.calendar.add_working_days(day, 5)
                detail["due"] = row.rectify_due.isoformat()
        text = STEP_TEXT[state]
        when = ctx.step("followup", row.id, state.value, handler, ctx.at(day), text, **detail)
        row.state = (ORDER[ORDER.index(state) + 1] if state is not _S.REVISIT else _S.CLOSED).value
        if row.state == _S.CLOSED.value:
            row.closed_at = when
    if appeal:
        _appeal(ctx, row, evaluation, goal == "annulled", day)


def _appeal(
    ctx: Ctx, row: EvaluationFollowup, evaluation: Evaluation, upheld: bool, day: date
) -> None:
    """The rated staff member appeals; the second supervisor decides."""
    handler, second = SUPERVISORS
    reason = "申请人因对收费标准不满给出差评，与窗口服务无关，录像可证。"
    row.appeal_by, row.appeal_reason = evaluation.staff or handler, reason
    ctx.step("followup", row.id, "appeal", row.appeal_by, ctx.at(day, 11), reason)
    decided = ctx.later(day)
    row.appeal_decided_by = second
    if upheld:
        row.appeal_state, row.state = "upheld", _S.ANNULLED.value
        text = "经复核属误评，撤销该差评。"
        row.closed_at = ctx.step(
            "followup", row.id, "appeal_upheld", second, ctx.at(decided, 15), text
        )
    else:
        row.appeal_state = "rejected"
        ctx.step(
            "followup",
            row.id,
            "appeal_rejected",
            second,
            ctx.at(decided, 15),
            "申诉理由不成立，继续整改。",
        )
