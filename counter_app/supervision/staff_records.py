"""Staff training records and the reward/punishment record fed by the assessment (R-SUP-4,
R-SUP-9). A merit's figures are never typed in: ``propose_merit`` computes them from the
records, ``record_merit`` computes them again and refuses when they changed meanwhile."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.supervision.assessment import AssessmentService
from counter_app.supervision.rules.assessment_rules import MeritKind, decide, rule_text
from db.engine import Database
from db.models.staff import Staff
from db.models.supervision import StaffMerit, TrainingRecord

HOURS_MIN, HOURS_MAX = 0.5, 100.0
TEXT_MAX = 100
NOTE_MAX = 500


@dataclass(frozen=True)
class TrainingView:
    id: str
    staff: str
    staff_name: str
    held_on: date
    subject: str
    hours: float
    provider: str
    entered_by: str
    row_version: int


@dataclass(frozen=True)
class MeritProposal:
    """What the rule proposes for a staff member and period, with the figures it used."""

    staff: str
    staff_name: str
    date_from: date
    date_to: date
    kind: MeritKind
    reasons: tuple[str, ...]
    rule: str
    basis: dict[str, object]


@dataclass(frozen=True)
class MeritView:
    id: str
    staff: str
    staff_name: str
    date_from: date
    date_to: date
    kind: MeritKind
    basis: dict[str, object]
    rule: str
    note: str
    decided_by: str

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the rule decided so, as recorded with the figures."""
        reasons = self.basis.get("reasons", [])
        return tuple(str(r) for r in reasons) if isinstance(reasons, list) else ()


def _text(value: str, label: str, field: str, required: bool = True) -> str:
    clean = value.strip()
    if required and not clean:
        raise CounterError(tr("请填写{label}", label=label), field)
    if len(clean) > TEXT_MAX:
        raise CounterError(tr("{label}最多 {m} 个字", label=label, m=TEXT_MAX), field)
    return clean


def _staff_name(session: Session, username: str) -> str:
    name = session.scalar(select(Staff.display_name).where(Staff.username == username.strip()))
    if name is None:
        raise CounterError(tr("找不到工作人员“{u}”", u=username), "staff")
    return name


def _names(session: Session) -> dict[str, str]:
    rows = session.execute(select(Staff.username, Staff.display_name))
    return {username: name for username, name in rows}


def _training_view(row: TrainingRecord, name: str) -> TrainingView:
    return TrainingView(
        str(row.id),
        row.staff,
        name,
        row.held_on,
        row.subject,
        row.hours,
        row.provider,
        row.entered_by,
        row.row_version,
    )


def _merit_view(row: StaffMerit, name: str) -> MeritView:
    return MeritView(
        str(row.id),
        row.staff,
        name,
        row.period_from,
        row.period_to,
        MeritKind(row.kind),
        dict(row.basis),
        row.rule,
        row.note,
        row.decided_by,
    )


def _uuid(value: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise CounterError(tr("记录编号无效"), field) from None


class StaffRecordService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today
        self.assessment = AssessmentService(database, hall, today)

    def today(self) -> date:
        """The business date (the page's default period is its month)."""
        return self._today()

    def staff_choices(self, actor: Actor) -> list[tuple[str, str]]:
        """(user name, name) of everyone assessed: accounts that are not only administrators."""
        require(actor, Role.SUPERVISOR)
        q = select(Staff.username, Staff.display_name, Staff.roles).order_by(Staff.username)
        with self._db.read() as session:
            return [
                (username, name)
                for username, name, roles in session.execute(q)
                if set(roles) - {Role.ADMINISTRATOR.value}
            ]

    # Training -------------------------------------------------------------------------------

    def add_training(
        self,
        actor: Actor,
        staff: str,
        held_on: date,
        subject: str,
        hours: float,
        provider: str = "",
    ) -> TrainingView:
        require(actor, Role.SUPERVISOR)
        if held_on > self._today():
            raise CounterError(tr("培训日期不能晚于今天"), "held_on")
        clean_subject = _text(subject, tr("培训内容"), "subject")
        clean_provider = _text(provider, tr("培训单位"), "provider", required=False)
        if not HOURS_MIN <= hours <= HOURS_MAX:
            raise CounterError(tr("学时应在 0.5 到 100 之间"), "hours")
        with self._db.write() as session:
            name = _staff_name(session, staff)
            row = TrainingRecord(
                staff=staff.strip(),
                held_on=held_on,
                subject=clean_subject,
                hours=round(hours, 1),
                provider=clean_provider,
                entered_by=actor.username,
            )
            session.add(row)
            session.flush()
            after = {"staff": row.staff, "held_on": str(held_on), "subject": row.subject}
            audit.record(
                session,
                actor.username,
                "training_add",
                "training_record",
                str(row.id),
                after=after | {"hours": row.hours, "provider": row.provider},
            )
            return _training_view(row, name)

    def trainings(
        self,
        actor: Actor,
        staff: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> list[TrainingView]:
        """Training records, newest first."""
        require(actor, Role.SUPERVISOR)
        q = select(TrainingRecord).where(TrainingRecord.deleted.is_(False))
        if staff:
            q = q.where(TrainingRecord.staff == staff)
        if date_from:
            q = q.where(TrainingRecord.held_on >= date_from)
        if date_to:
            q = q.where(TrainingRecord.held_on <= date_to)
        q = q.order_by(TrainingRecord.held_on.desc(), TrainingRecord.id.desc())
        with self._db.read() as session:
            names = _names(session)
            return [_training_view(r, names.get(r.staff, r.staff)) for r in session.scalars(q)]

    def remove_training(self, actor: Actor, id: str, row_version: int, reason: str) -> None:
        """A record entered by mistake is removed (kept, marked deleted, the reason audited)."""
        require(actor, Role.SUPERVISOR)
        why = _text(reason, tr("删除原因"), "reason")
        with self._db.write() as session:
            row = session.get(TrainingRecord, _uuid(id, "id"))
            if row is None or row.deleted:
                raise CounterError(tr("该培训记录不存在或已删除"), "id")
            if row.row_version != row_version:
                raise CounterError(tr("该培训记录已被他人修改，请刷新后再试"), "id")
            row.deleted = True
            row.row_version += 1
            audit.record(
                session,
                actor.username,
                "training_remove",
                "training_record",
                id,
                before={"staff": row.staff, "held_on": str(row.held_on), "subject": row.subject},
                after={"deleted": True, "reason": why},
            )

    # Reward and punishment ------------------------------------------------------------------

    def propose_merit(
        self, actor: Actor, staff: str, date_from: date, date_to: date
    ) -> MeritProposal:
        """The rule's proposal for ``staff`` from the period's assessment (nothing saved)."""
        a = self.assessment.assess(actor, staff, date_from, date_to)
        decision = decide(a)
        return MeritProposal(
            a.staff,
            a.display_name,
            date_from,
            date_to,
            decision.kind,
            decision.reasons,
            rule_text(),
            a.figures(),
        )

    def record_merit(self, actor: Actor, proposal: MeritProposal, note: str = "") -> MeritView:
        """Record ``proposal``; refused when the figures changed since it was made (a rating or
        a complaint arrived): the supervisor looks at the new proposal first."""
        clean_note = note.strip()
        if len(clean_note) > NOTE_MAX:
            raise CounterError(tr("备注最多 {m} 个字", m=NOTE_MAX), "note")
        fresh = self.propose_merit(actor, proposal.staff, proposal.date_from, proposal.date_to)
        if fresh.basis != proposal.basis or fresh.kind is not proposal.kind:
            raise CounterError(tr("考核数据已发生变化，请重新生成奖惩建议后再记录"), "proposal")
        with self._db.write() as session:
            self._refuse_overlap(session, fresh)
            row = StaffMerit(
                staff=fresh.staff,
                period_from=fresh.date_from,
                period_to=fresh.date_to,
                kind=fresh.kind.value,
                basis=fresh.basis | {"reasons": list(fresh.reasons)},
                rule=fresh.rule,
                note=clean_note,
                decided_by=actor.username,
            )
            session.add(row)
            session.flush()
            audit.record(
                session,
                actor.username,
                "merit_record",
                "staff_merit",
                str(row.id),
                after={"staff": row.staff, "kind": row.kind, "basis": row.basis, "note": row.note},
            )
            return _merit_view(row, fresh.staff_name)

    def _refuse_overlap(self, session: Session, p: MeritProposal) -> None:
        clash = session.scalar(
            select(StaffMerit.id).where(
                StaffMerit.staff == p.staff,
                StaffMerit.deleted.is_(False),
                StaffMerit.period_from <= p.date_to,
                StaffMerit.period_to >= p.date_from,
            )
        )
        if clash is not None:
            raise CounterError(tr("该人员在此期间已有奖惩记录，不能重复记录"), "proposal")

    def merits(self, actor: Actor, staff: str | None = None) -> list[MeritView]:
        """Recorded merits, the latest period first."""
        require(actor, Role.SUPERVISOR)
        q = select(StaffMerit).where(StaffMerit.deleted.is_(False))
        if staff:
            q = q.where(StaffMerit.staff == staff)
        q = q.order_by(StaffMerit.period_to.desc(), StaffMerit.id.desc())
        with self._db.read() as session:
            names = _names(session)
            return [_merit_view(r, names.get(r.staff, r.staff)) for r in session.scalars(q)]
