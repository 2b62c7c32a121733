"""The follow-up of bad reviews: verify -> rectify -> feedback -> revisit, appeals decided by a
second supervisor.

A bad review (level <= 2) has no follow-up row until its first step is taken; until then it is
listed as 待核实, due ``followup_days`` working days after its business date. The row's key is
derived from the evaluation (``natural_uuid``) and ``evaluation_id`` is unique, so two
supervisors who start the same review meet: on one database the second is refused at once, at
two PCs cut off from the central the second arrives as a parked conflict, never a silent twin.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.calendar import load_calendar
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.identity.masking import mask_name, mask_phone
from counter_app.supervision import settings
from counter_app.supervision.rules import followup_rules as rules
from counter_app.supervision.rules.evaluation import (
    LEVEL_LABELS,
    OPEN_FOLLOWUP,
    REASONS,
    SOURCE_LABELS,
    AppealState,
    FollowupState,
    Level,
    RectifyMode,
    Source,
)
from counter_app.supervision.rules.followup_rules import (
    FollowupRow,
    FollowupSummary,
    FollowupView,
    StepView,
)
from db.engine import Database
from db.ids import natural_uuid, utc_now
from db.models.staff import Staff
from db.models.supervision import Evaluation, EvaluationFollowup, SupervisionStep

F, E = EvaluationFollowup, Evaluation
OPEN_VALUES = tuple(s.value for s in OPEN_FOLLOWUP)
STALE = tr("这条差评刚被其他科长办理过，请刷新后再操作")

# The same condition for raw SQL (the dashboard's and the benchmark's own queries).
COUNTS_AS_BAD_SQL = (
    "evaluation.level <= 2 AND evaluation.deleted = false AND NOT EXISTS (SELECT 1 FROM "
    "evaluation_followup f WHERE f.evaluation_id = evaluation.id AND f.state = 'annulled' "
    "AND f.deleted = false)"
)


def counts_as_bad() -> ColumnElement[bool]:
    """An evaluation that counts as a bad review in figures: 不满意 or 非常不满意, not deleted,
    not annulled by an upheld appeal. Use in a query over ``Evaluation``."""
    annulled = exists().where(
        F.evaluation_id == E.id, F.state == FollowupState.ANNULLED.value, F.deleted == false()
    )
    return and_(E.level <= Level.DISSATISFIED.value, E.deleted == false(), ~annulled)


def find_followup(session: Session, evaluation_id: uuid.UUID) -> EvaluationFollowup | None:
    """The follow-up of an evaluation, locked for this transaction."""
    stmt = select(F).where(F.evaluation_id == evaluation_id).with_for_update()
    return session.scalar(stmt)


class _Deadlines(rules.Deadlines):
    """The hall's calendar and follow-up days, read in the caller's session."""

    def __init__(self, session: Session, today: date) -> None:
        days = settings.read(session).followup_days
        super().__init__(load_calendar(session), days, today)

    def overdue(self) -> ColumnElement[bool]:
        started = and_(F.id.is_not(None), F.due_date < self.today)
        waiting = and_(F.id.is_(None), E.business_date <= self.cutoff())
        return and_(_open(), or_(started, waiting))


def _open() -> ColumnElement[bool]:
    return or_(F.id.is_(None), F.state.in_(OPEN_VALUES))


def _bad_reviews(
    date_from: date | None, date_to: date | None
) -> Select[Evaluation, EvaluationFollowup, str]:
    joined = and_(F.evaluation_id == E.id, F.deleted == false())
    return (
        select(E, F, Staff.display_name)
        .outerjoin(F, joined)
        .outerjoin(Staff, Staff.username == E.staff)
        .where(E.level <= Level.DISSATISFIED.value, E.deleted == false())
        .where(*_dates(date_from, date_to))
    )


def _dates(date_from: date | None, date_to: date | None) -> list[ColumnElement[bool]]:
    out = []
    if date_from is not None:
        out.append(E.business_date >= date_from)
    if date_to is not None:
        out.append(E.business_date <= date_to)
    return out


def _rater(evaluation: Evaluation) -> str:
    parts = (mask_name(evaluation.rater_name), mask_phone(evaluation.rater_phone))
    return " ".join(p for p in parts if p)


def _common(evaluation: Evaluation, staff_name: str | None) -> dict[str, Any]:
    try:
        source: str = SOURCE_LABELS[Source(evaluation.source)]
    except ValueError:
        source = evaluation.source
    return {
        "business_date": evaluation.business_date,
        "window_no": evaluation.window_no,
        "staff": evaluation.staff,
        "staff_name": staff_name or evaluation.staff,
        "level": evaluation.level,
        "level_label": LEVEL_LABELS[Level(evaluation.level)],
        "source_label": source,
        "reasons": tuple(REASONS.get(r, r) for r in evaluation.reasons or ()),
        "comment": evaluation.comment,
        "rater": _rater(evaluation),
    }


def _row(
    e: Evaluation, f: EvaluationFollowup | None, name: str | None, d: _Deadlines
) -> FollowupRow:
    state = FollowupState(f.state) if f else FollowupState.VERIFY
    due = f.due_date if f else d.due(e.business_date)
    still_open = state in OPEN_FOLLOWUP
    return FollowupRow(
        evaluation_id=e.id,
        followup_id=f.id if f else None,
        row_version=f.row_version if f else None,
        real_name=rules.real_name(e.rater_name, e.rater_phone),
        state=state,
        due=due,
        handler=f.handler if f else "",
        overdue=still_open and due is not None and d.today > due,
        due_soon=still_open and d.soon(due),
        appeal=AppealState(f.appeal_state) if f else AppealState.NONE,
        appeal_by=f.appeal_by if f else "",
        rectify_mode=f.rectify_mode if f else "",
        rectify_due=f.rectify_due if f else None,
        **_common(e, name),
    )


def _view(f: EvaluationFollowup) -> FollowupView:
    return FollowupView(
        id=f.id,
        evaluation_id=f.evaluation_id,
        state=FollowupState(f.state),
        row_version=f.row_version,
        due_date=f.due_date,
        handler=f.handler,
        rectify_mode=f.rectify_mode,
        rectify_due=f.rectify_due,
        appeal=AppealState(f.appeal_state),
        appeal_by=f.appeal_by,
        closed_at=f.closed_at,
    )


def _snapshot(f: EvaluationFollowup) -> dict[str, Any]:
    keys = ("state", "row_version", "rectify_mode", "rectify_due", "appeal_state", "appeal_by")
    return {key: getattr(f, key) for key in keys}


class FollowupService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today

    # -- lists -----------------------------------------------------------------------------
    def bad_reviews(
        self,
        actor: Actor,
        open_only: bool = True,
        overdue_only: bool = False,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[FollowupRow]:
        """Every bad review with its follow-up, oldest due first (rater masked)."""
        require(actor, Role.SUPERVISOR)
        with self._db.read() as session:
            deadlines = _Deadlines(session, self._today())
            stmt = _bad_reviews(date_from, date_to)
            if open_only:
                stmt = stmt.where(_open())
            if overdue_only:
                stmt = stmt.where(deadlines.overdue())
            stmt = stmt.order_by(E.business_date, E.rated_at, E.id)
            rows = [_row(e, f, name, deadlines) for e, f, name in session.execute(stmt)]
        return sorted(rows, key=lambda r: (not r.open, r.due or date.max))

    def row(self, actor: Actor, evaluation_id: uuid.UUID) -> FollowupRow:
        """One bad review as listed (after a step, or for the command line)."""
        require(actor, Role.SUPERVISOR)
        with self._db.read() as session:
            stmt = _bad_reviews(None, None).where(E.id == evaluation_id)
            found = session.execute(stmt).first()
            if found is None:
                raise CounterError(tr("找不到该差评，可能已被删除，请刷新"), "evaluation")
            evaluation, followup, name = found
            return _row(evaluation, followup, name, _Deadlines(session, self._today()))

    def history(self, actor: Actor, evaluation_id: uuid.UUID) -> list[StepView]:
        """The steps taken on a bad review, oldest first (who, when, what)."""
        require(actor, Role.SUPERVISOR)
        with self._db.read() as session:
            key = session.scalar(select(F.id).where(F.evaluation_id == evaluation_id))
            if key is None:
                return []
            steps = session.execute(
                select(SupervisionStep, Staff.display_name)
                .outerjoin(Staff, Staff.username == SupervisionStep.actor)
                .where(SupervisionStep.subject == "followup", SupervisionStep.subject_id == key)
                .order_by(SupervisionStep.at, SupervisionStep.id)
            )
            return [
                StepView(s.step, s.actor, s.at, s.text, dict(s.detail or {}), name or "")
                for s, name in steps
            ]

    def summary(self, actor: Actor, date_from: date, date_to: date) -> FollowupSummary:
        """Bad reviews of the period per follow-up state, overdue, appeals waiting, real-name
        (one GROUP BY)."""
        require(actor, Role.SUPERVISOR)
        state = func.coalesce(F.state, FollowupState.VERIFY.value)
        with self._db.read() as session:
            overdue = _Deadlines(session, self._today()).overdue()
            named = or_(E.rater_name != "", E.rater_phone != "")
            pending = F.appeal_state == AppealState.PENDING.value
            stmt = (
                select(
                    state,
                    func.count(),
                    func.sum(case((overdue, 1), else_=0)),
                    func.sum(case((pending, 1), else_=0)),
                    func.sum(case((named, 1), else_=0)),
                )
                .select_from(E)
                .outerjoin(F, and_(F.evaluation_id == E.id, F.deleted == false()))
                .where(E.level <= Level.DISSATISFIED.value, E.deleted == false())
                .where(*_dates(date_from, date_to))
                .group_by(state)
            )
            found = session.execute(stmt).all()
        by_state = dict.fromkeys(FollowupState, 0)
        for key, count, *_ in found:
            by_state[FollowupState(key)] = int(count)
        totals = [sum(int(r[i] or 0) for r in found) for i in (2, 3, 4)]
        return FollowupSummary(date_from, date_to, by_state, *totals)

    # -- steps -----------------------------------------------------------------------------
    def advance(
        self,
        actor: Actor,
        evaluation_id: uuid.UUID,
        step: FollowupState,
        text: str,
        row_version: int | None,
        rectify_mode: RectifyMode | None = None,
        rectify_due: date | None = None,
    ) -> FollowupView:
        """Take ``step`` (it must be the current state); ``row_version`` None: the first step
        (no follow-up yet). Logged, audited, in one transaction."""
        require(actor, Role.SUPERVISOR)
        today = self._today()
        with self._db.write() as session:
            followup, before = self._open(session, actor, evaluation_id, row_version, strict=True)
            appeal = AppealState(followup.appeal_state)
            after = rules.check_step(FollowupState(followup.state), step, appeal)
            detail: dict[str, object] = {}
            if step is FollowupState.RECTIFY:
                due = rules.check_rectify(rectify_mode, text, rectify_due, today)
                followup.rectify_mode = rectify_mode.value if rectify_mode else ""
                followup.rectify_due = due
                detail = {"mode": followup.rectify_mode, "rectify_due": due}
            text = rules.clean_text(text, rules.STEP_TEXT[step])
            followup.state = after.value
            if after is FollowupState.CLOSED:
                followup.closed_at = utc_now()
            self._log(session, actor, followup, step.value, text, detail, before)
            return _view(followup)

    def appeal(
        self, actor: Actor, evaluation_id: uuid.UUID, reason: str, row_version: int | None = None
    ) -> FollowupView:
        """Appeal a misjudged or malicious review; another supervisor decides."""
        require(actor, Role.SUPERVISOR)
        reason = rules.clean_text(reason, tr("请填写申诉理由：为何属于误评或恶意差评"), "reason")
        with self._db.write() as session:
            followup, before = self._open(session, actor, evaluation_id, row_version, strict=False)
            if FollowupState(followup.state) not in OPEN_FOLLOWUP:
                raise CounterError(tr("该差评已办结，不能申诉"), "appeal")
            if followup.appeal_state == AppealState.PENDING.value:
                raise CounterError(tr("该差评已有申诉在等待审核"), "appeal")
            if followup.appeal_state == AppealState.REJECTED.value:
                raise CounterError(tr("该差评的申诉已被驳回，不能再次申诉"), "appeal")
            followup.appeal_state, followup.appeal_by = AppealState.PENDING.value, actor.username
            followup.appeal_reason = reason
            self._log(session, actor, followup, rules.APPEAL, reason, {}, before)
            return _view(followup)

    def decide_appeal(
        self,
        actor: Actor,
        evaluation_id: uuid.UUID,
        upheld: bool,
        text: str,
        row_version: int | None = None,
    ) -> FollowupView:
        """A second supervisor decides: upheld annuls the review (no longer counted as bad),
        rejected leaves the follow-up where it was."""
        require(actor, Role.SUPERVISOR)
        text = rules.clean_text(text, tr("请填写审核意见"))
        with self._db.write() as session:
            followup, before = self._open(session, actor, evaluation_id, row_version, strict=False)
            if followup.appeal_state != AppealState.PENDING.value:
                raise CounterError(tr("该差评没有待审核的申诉"), "appeal")
            if followup.appeal_by == actor.username:
                raise CounterError(tr("申诉须由另一位科长审核"), "appeal")
            rated = session.scalar(select(E.staff).where(E.id == evaluation_id))
            if rated and rated == actor.username:
                raise CounterError(tr("被评价的工作人员不能审核针对本人差评的申诉"), "appeal")
            decided = AppealState.UPHELD if upheld else AppealState.REJECTED
            followup.appeal_state, followup.appeal_decided_by = decided.value, actor.username
            if upheld:
                followup.state, followup.closed_at = FollowupState.ANNULLED.value, utc_now()
            step = rules.APPEAL_UPHELD if upheld else rules.APPEAL_REJECTED
            self._log(session, actor, followup, step, text, {}, before)
            return _view(followup)

    # -- inside a transaction --------------------------------------------------------------
    def _open(
        self,
        session: Session,
        actor: Actor,
        evaluation_id: uuid.UUID,
        row_version: int | None,
        strict: bool,
    ) -> tuple[EvaluationFollowup, dict[str, Any] | None]:
        """The review's follow-up, locked and its version raised, with what it was before
        (None: created now, at its first step). ``strict``: the caller's ``row_version`` must
        match (None: it saw no follow-up)."""
        evaluation = session.get(E, evaluation_id)
        if evaluation is None or evaluation.deleted or not Level(evaluation.level).bad:
            raise CounterError(tr("找不到该差评，可能已被删除，请刷新"), "evaluation")
        followup = find_followup(session, evaluation_id)
        if followup is not None:
            if (strict or row_version is not None) and followup.row_version != row_version:
                raise CounterError(STALE, "step")
            before = _snapshot(followup)
            followup.row_version += 1
            return followup, before
        if row_version is not None:
            raise CounterError(STALE, "step")
        return self._create(session, actor, evaluation), None

    def _create(self, session: Session, actor: Actor, evaluation: Evaluation) -> EvaluationFollowup:
        days = settings.read(session).followup_days
        due = load_calendar(session).add_working_days(evaluation.business_date, days)
        followup = EvaluationFollowup(
            id=natural_uuid("evaluation_followup", str(evaluation.id)),
            evaluation_id=evaluation.id,
            state=FollowupState.VERIFY.value,
            opened_on=self._today(),
            due_date=due,
            handler=actor.username,
            row_version=1,
        )
        session.add(followup)
        try:
            session.flush()
        except IntegrityError:  # another supervisor started it in the same instant
            raise CounterError(STALE, "step") from None
        return followup

    def _log(
        self,
        session: Session,
        actor: Actor,
        followup: EvaluationFollowup,
        step: str,
        text: str,
        detail: dict[str, object],
        before: dict[str, Any] | None,
    ) -> None:
        stored = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in detail.items()}
        session.add(
            SupervisionStep(
                subject="followup",
                subject_id=followup.id,
                step=step,
                actor=actor.username,
                text=text,
                detail=stored,
            )
        )
        after = _snapshot(followup) | {"text": text, "evaluation_id": str(followup.evaluation_id)}
        action, entity = f"followup_{step}", "evaluation_followup"
        audit.record(session, actor.username, action, entity, str(followup.id), before, after)
