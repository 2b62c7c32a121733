"""The views and queries behind EvaluationService: the service a window just finished, a
ticket by its number, the supervisor's list and its counts per level (GROUP BY in SQL)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.identity.masking import mask_name, mask_phone
from counter_app.supervision.rules.evaluation import Level, Source
from counter_app.supervision.rules.rating import reason_words, ticket_key
from db.models.queue import QueueTicket
from db.models.reception import Case, CaseItem
from db.models.staff import Staff
from db.models.supervision import Evaluation

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@dataclass(frozen=True)
class ServiceToRate:
    """A finished service waiting for its rating; every field is copied from the ticket."""

    ticket_id: uuid.UUID
    ticket_number: str
    window_no: str
    staff: str  # username of who served (the ticket's called_by)
    staff_name: str  # "" when this PC does not hold the staff list (a kiosk-kind PC)
    business_date: date
    finished_at: datetime
    case_ids: tuple[str, ...] = ()
    item_no: int | None = None

    @property
    def service_key(self) -> str:
        return ticket_key(self.ticket_id)


@dataclass(frozen=True)
class EvaluationView:
    """What was saved, as the device that saved it may show it (no rater identity)."""

    id: uuid.UUID
    service_key: str
    level: Level
    source: Source
    window_no: str
    ticket_number: str
    business_date: date
    rated_at: datetime

    @property
    def level_label(self) -> str:
        return self.level.label


def view_of(row: Evaluation) -> EvaluationView:
    return EvaluationView(
        row.id,
        row.service_key,
        Level(row.level),
        Source(row.source),
        row.window_no,
        row.ticket_number,
        row.business_date,
        row.rated_at,
    )


@dataclass(frozen=True)
class EvaluationRow:
    """One line of the supervisor's list: levels and reasons in words, the rater masked."""

    id: uuid.UUID
    business_date: date
    rated_at: datetime
    window_no: str
    staff: str
    staff_name: str
    level: Level
    source: Source
    reasons: str
    comment: str
    rater: str  # masked name and phone, "" when anonymous
    ticket_number: str
    case_count: int
    device: str
    rater_org: str = ""

    @property
    def level_label(self) -> str:
        return self.level.label

    @property
    def source_label(self) -> str:
        label = self.source.label
        if self.source is Source.THIRD_PARTY and self.rater_org:
            return f"{label}（{self.rater_org}）"
        return label


def last_finished(session: Session, window_no: str, since: datetime) -> QueueTicket | None:
    """The ticket this window finished last, if it finished after ``since``."""
    statement = (
        select(QueueTicket)
        .where(
            QueueTicket.window_no == window_no,
            QueueTicket.state == "done",
            QueueTicket.finished_at >= since,
            QueueTicket.deleted.is_(False),
        )
        .order_by(QueueTicket.finished_at.desc())
        .limit(1)
    )
    return session.scalars(statement).first()


def ticket_by_text(session: Session, day: date, text: str) -> QueueTicket | None:
    """A ticket of ``day`` by its number (A012) or the text of its QR code (holds its id)."""
    found = _UUID.search(text)
    if found:
        ticket_id = uuid.UUID(found.group(0))
        statement = select(QueueTicket).where(QueueTicket.id == ticket_id)
    else:
        number = text.strip().upper()
        statement = select(QueueTicket).where(
            QueueTicket.business_date == day, QueueTicket.number == number
        )
    row = session.scalars(statement.where(QueueTicket.deleted.is_(False))).first()
    return row if row is not None and row.business_date == day else None


def staff_name(session: Session, username: str) -> str:
    if not username:
        return ""
    name = session.scalars(select(Staff.display_name).where(Staff.username == username)).first()
    return name or ""


def linked_cases(session: Session, ticket_id: uuid.UUID) -> tuple[tuple[str, ...], int | None]:
    """The cases received on this ticket, and the item of the first (a kiosk PC holds none)."""
    ids = session.scalars(
        select(Case.id).where(Case.ticket_id == ticket_id).order_by(Case.received_at)
    ).all()
    if not ids:
        return (), None
    return tuple(str(i) for i in ids), first_item(session, ids[0])


def first_item(session: Session, case_id: uuid.UUID) -> int | None:
    return session.scalars(
        select(CaseItem.item_number)
        .where(CaseItem.case_id == case_id)
        .order_by(CaseItem.position)
        .limit(1)
    ).first()


def exists(session: Session, service_key: str) -> bool:
    return (
        session.scalars(select(Evaluation.id).where(Evaluation.service_key == service_key)).first()
        is not None
    )


@dataclass(frozen=True)
class Filters:
    date_from: date
    date_to: date
    window: str | None = None
    staff: str | None = None
    level: Level | None = None
    source: Source | None = None


def _where(filters: Filters) -> list[object]:
    out: list[object] = [
        Evaluation.business_date >= filters.date_from,
        Evaluation.business_date <= filters.date_to,
        Evaluation.deleted.is_(False),
    ]
    if filters.window:
        out.append(Evaluation.window_no == filters.window)
    if filters.staff:
        out.append(Evaluation.staff == filters.staff)
    if filters.level is not None:
        out.append(Evaluation.level == int(filters.level))
    if filters.source is not None:
        out.append(Evaluation.source == filters.source.value)
    return out


def _rater(row: Evaluation) -> str:
    parts = [mask_name(row.rater_name), mask_phone(row.rater_phone)]
    return " ".join(p for p in parts if p)


def rows(session: Session, filters: Filters) -> list[EvaluationRow]:
    statement = (
        select(Evaluation, Staff.display_name)
        .outerjoin(Staff, Staff.username == Evaluation.staff)
        .where(*_where(filters))  # type: ignore[arg-type]
        .order_by(Evaluation.business_date, Evaluation.rated_at)
    )
    out = []
    for row, name in session.execute(statement).all():
        source = Source(row.source) if row.source in Source._value2member_map_ else Source.SELF
        out.append(
            EvaluationRow(
                id=row.id,
                business_date=row.business_date,
                rated_at=row.rated_at,
                window_no=row.window_no,
                staff=row.staff,
                staff_name=name or "",
                level=Level(row.level),
                source=source,
                reasons=reason_words(row.reasons or []),
                comment=row.comment,
                rater=_rater(row),
                ticket_number=row.ticket_number,
                case_count=len(row.case_ids or []),
                device=row.device,
                rater_org=row.rater_org,
            )
        )
    return out


def level_counts(session: Session, filters: Filters) -> dict[Level, int]:
    statement = (
        select(Evaluation.level, func.count())
        .where(*_where(filters))  # type: ignore[arg-type]
        .group_by(Evaluation.level)
    )
    counts = dict.fromkeys(Level, 0)
    for level, count in session.execute(statement).all():
        counts[Level(int(level))] = int(count)
    return counts
