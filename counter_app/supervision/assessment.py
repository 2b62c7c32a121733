"""A staff member's assessment for a period, built from the records (SQL aggregates).

Every figure group is one aggregate query grouped by the staff member (``assess`` filters it to
one, ``assess_all`` keeps every group): no row is loaded into Python. The same SQL runs on
SQLite and PostgreSQL; the two places where the dialects differ (seconds between two moments,
the local calendar day of a UTC moment) are the small helpers ``seconds_between`` and
``local_day``. Where the figures come from:

- 受理: cases the staff member received (``cases.received_by``, ``received_on`` in the period).
- 办结: their decisions (``case_decision``, kind approve / rejected, made in the period); on time
  when the local day of the decision is on or before the case's promised date.
- 叫号: tickets they called (``queue_ticket.called_by``, business date in the period): served
  (done), no-shows; wait = first call - issue; service = finish - service start (done only).
- 评价: ratings of them (all sources but the hall's self-evaluation); an annulled bad review
  (appeal upheld, ``evaluation_followup.state = 'annulled'``) no longer counts.
- 投诉: complaints about them (kind complaint) and how many were upheld.
- 培训: their training records held in the period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement, Date, case, cast, extract, func, literal_column, or_, select
from sqlalchemy.orm import Session

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.calendar import hall_offset
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.supervision.rules.assessment_rules import LEVEL_KEYS, Assessment, check_period
from db.engine import Database
from db.models.approval import CaseDecision
from db.models.queue import QueueTicket
from db.models.reception import Case
from db.models.staff import Staff
from db.models.supervision import Complaint, Evaluation, EvaluationFollowup, TrainingRecord

DECISION_KINDS = ("approve", "rejected")
Figures = dict[str, dict[str, Any]]


def seconds_between(dialect: str, end: Any, start: Any) -> ColumnElement[Any]:
    """``end - start`` in seconds (NULL when either is NULL)."""
    if dialect == "postgresql":
        return extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


def local_day(dialect: str, moment: Any, offset: timedelta) -> ColumnElement[Any]:
    """The calendar day of the UTC ``moment`` at the hall's ``offset``."""
    minutes = int(offset.total_seconds() // 60)
    if dialect == "postgresql":
        zone: ColumnElement[Any] = literal_column(f"INTERVAL '{minutes} minutes'")
        return cast(func.timezone(zone, moment), Date)
    return func.date(moment, f"{minutes:+d} minutes")


@dataclass(frozen=True)
class Period:
    date_from: date
    date_to: date
    offset: timedelta

    def bounds(self) -> tuple[datetime, datetime]:
        """The UTC moments of local midnight at the start and after the end."""
        zone = timezone(self.offset)
        start = datetime.combine(self.date_from, time(0), zone)
        return start, datetime.combine(self.date_to + timedelta(days=1), time(0), zone)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _staff_filter(column: Any, staff: str | None) -> list[ColumnElement[bool]]:
    return [column == staff] if staff is not None else [column != ""]


def _received(session: Session, p: Period, staff: str | None) -> Figures:
    q = (
        select(Case.received_by, func.count())
        .where(Case.received_on.between(p.date_from, p.date_to), Case.deleted.is_(False))
        .where(*_staff_filter(Case.received_by, staff))
        .group_by(Case.received_by)
    )
    return {who: {"received": n} for who, n in session.execute(q)}


def _decided(session: Session, p: Period, staff: str | None, dialect: str) -> Figures:
    day = local_day(dialect, CaseDecision.decided_at, p.offset)
    start, end = p.bounds()
    q = (
        select(
            CaseDecision.decided_by,
            func.count(),
            _count_if(CaseDecision.kind == "approve"),
            _count_if(CaseDecision.kind == "rejected"),
            _count_if(Case.promised_on.is_not(None)),
            _count_if(day <= Case.promised_on),
            _count_if(day > Case.promised_on),
        )
        .join(Case, Case.id == CaseDecision.case_id)
        .where(CaseDecision.kind.in_(DECISION_KINDS))
        .where(CaseDecision.decided_at >= start, CaseDecision.decided_at < end)
        .where(*_staff_filter(CaseDecision.decided_by, staff))
        .group_by(CaseDecision.decided_by)
    )
    keys = ("decided", "approved", "rejected", "with_deadline", "on_time", "late")
    return {row[0]: dict(zip(keys, map(int, row[1:]), strict=True)) for row in session.execute(q)}


def _ticket_where(p: Period, staff: str | None) -> list[ColumnElement[bool]]:
    return [
        QueueTicket.business_date.between(p.date_from, p.date_to),
        QueueTicket.deleted.is_(False),
        *_staff_filter(QueueTicket.called_by, staff),
    ]


def _wait(dialect: str) -> ColumnElement[Any]:
    return seconds_between(dialect, QueueTicket.first_called_at, QueueTicket.issued_at)


def _service(dialect: str) -> ColumnElement[Any]:
    done = QueueTicket.state == "done"
    value = seconds_between(dialect, QueueTicket.finished_at, QueueTicket.service_started_at)
    return case((done, value), else_=None)


def _tickets(session: Session, p: Period, staff: str | None, dialect: str) -> Figures:
    q = (
        select(
            QueueTicket.called_by,
            _count_if(QueueTicket.state == "done"),
            _count_if(QueueTicket.state == "no_show"),
            func.avg(_wait(dialect)),
            func.avg(_service(dialect)),
        )
        .where(*_ticket_where(p, staff))
        .group_by(QueueTicket.called_by)
    )
    return {
        who: {
            "tickets_served": int(served),
            "no_shows": int(no_shows),
            "wait_avg_s": _seconds(wait),
            "service_avg_s": _seconds(service),
        }
        for who, served, no_shows, wait, service in session.execute(q)
    }


def _median(
    session: Session, p: Period, staff: str | None, value: ColumnElement[Any], key: str
) -> Figures:
    """The median of ``value`` per staff member: the middle row (or the mean of the two
    middle rows) by a window function, the same on both databases."""
    values = (
        select(QueueTicket.called_by.label("who"), value.label("v"))
        .where(*_ticket_where(p, staff), value.is_not(None))
        .subquery()
    )
    ranked = select(
        values.c.who,
        values.c.v,
        func.row_number().over(partition_by=values.c.who, order_by=values.c.v).label("rn"),
        func.count().over(partition_by=values.c.who).label("n"),
    ).subquery()
    middle = or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    q = select(ranked.c.who, func.avg(ranked.c.v)).where(middle).group_by(ranked.c.who)
    return {name: {key: _seconds(v)} for name, v in session.execute(q)}


def _evaluations(session: Session, p: Period, staff: str | None) -> Figures:
    annulled = EvaluationFollowup.state == "annulled"
    per_level = [
        func.coalesce(func.sum(case((annulled, 0), (Evaluation.level == k, 1), else_=0)), 0)
        for k in LEVEL_KEYS
    ]
    q = (
        select(Evaluation.staff, *per_level, _count_if(annulled))
        .outerjoin(
            EvaluationFollowup,
            (EvaluationFollowup.evaluation_id == Evaluation.id)
            & EvaluationFollowup.deleted.is_(False),
        )
        .where(Evaluation.business_date.between(p.date_from, p.date_to))
        .where(Evaluation.deleted.is_(False), Evaluation.source != "self")
        .where(*_staff_filter(Evaluation.staff, staff))
        .group_by(Evaluation.staff)
    )
    out: Figures = {}
    for row in session.execute(q):
        levels = dict(zip(LEVEL_KEYS, map(int, row[1:6]), strict=True))
        out[row[0]] = {"levels": levels, "annulled": int(row[6])}
    return out


def _complaints(session: Session, p: Period, staff: str | None) -> Figures:
    q = (
        select(Complaint.about_staff, func.count(), _count_if(Complaint.upheld.is_(True)))
        .where(Complaint.business_date.between(p.date_from, p.date_to))
        .where(Complaint.deleted.is_(False), Complaint.kind == "complaint")
        .where(*_staff_filter(Complaint.about_staff, staff))
        .group_by(Complaint.about_staff)
    )
    return {
        who: {"complaints": int(n), "complaints_upheld": int(upheld)}
        for who, n, upheld in session.execute(q)
    }


def _training(session: Session, p: Period, staff: str | None) -> Figures:
    q = (
        select(TrainingRecord.staff, func.count(), func.sum(TrainingRecord.hours))
        .where(TrainingRecord.held_on.between(p.date_from, p.date_to))
        .where(TrainingRecord.deleted.is_(False))
        .where(*_staff_filter(TrainingRecord.staff, staff))
        .group_by(TrainingRecord.staff)
    )
    return {
        who: {"trainings": int(n), "training_hours": round(float(hours or 0), 1)}
        for who, n, hours in session.execute(q)
    }


def _seconds(value: object) -> float | None:
    return None if value is None else round(float(value), 1)  # type: ignore[arg-type]


def collect(session: Session, p: Period, staff: str | None) -> Figures:
    """Every figure group for ``staff`` (None: everybody), merged per staff member."""
    dialect = session.get_bind().dialect.name
    groups = (
        _received(session, p, staff),
        _decided(session, p, staff, dialect),
        _tickets(session, p, staff, dialect),
        _median(session, p, staff, _wait(dialect), "wait_median_s"),
        _median(session, p, staff, _service(dialect), "service_median_s"),
        _evaluations(session, p, staff),
        _complaints(session, p, staff),
        _training(session, p, staff),
    )
    merged: Figures = {}
    for group in groups:
        for who, values in group.items():
            merged.setdefault(who, {}).update(values)
    return merged


class AssessmentService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today
        self.utc_offset: timedelta = hall_offset()
        """The hall's offset from UTC: which local day a decision was made on (tests set it)."""

    def period(self, date_from: date, date_to: date) -> Period:
        check_period(date_from, date_to)
        return Period(date_from, date_to, self.utc_offset)

    def assess(self, actor: Actor, staff: str, date_from: date, date_to: date) -> Assessment:
        """One staff member's figures for the period (both days included)."""
        require(actor, Role.SUPERVISOR)
        p = self.period(date_from, date_to)
        with self._db.read() as session:
            name = session.scalar(select(Staff.display_name).where(Staff.username == staff))
            if name is None:
                raise CounterError(tr("找不到工作人员“{u}”", u=staff), "staff")
            figures = collect(session, p, staff).get(staff, {})
        return replace(Assessment(staff, name, date_from, date_to), **figures)

    def assess_all(self, actor: Actor, date_from: date, date_to: date) -> list[Assessment]:
        """One assessment per staff member (every account that is not only an administrator,
        and anyone the records name), by user name."""
        require(actor, Role.SUPERVISOR)
        p = self.period(date_from, date_to)
        with self._db.read() as session:
            names = {
                s.username: s.display_name
                for s in session.execute(select(Staff.username, Staff.display_name, Staff.roles))
                if set(s.roles) - {Role.ADMINISTRATOR.value}
            }
            figures = collect(session, p, None)
        return [
            replace(
                Assessment(who, names.get(who, who), date_from, date_to), **figures.get(who, {})
            )
            for who in sorted(set(names) | set(figures))
        ]
