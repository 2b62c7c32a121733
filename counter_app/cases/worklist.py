"""The approval work list: open cases for an officer's items, most urgent first."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from counter_app.cases.rules.approval import Urgency, urgency
from counter_app.cases.rules.states import CaseState
from counter_app.core.roles import Actor
from counter_app.hall.calendar import load_calendar
from counter_app.hall.rules.working_days import WorkCalendar
from db.models import Applicant, Case, CaseItem, Staff

OPEN_STATES = (
    CaseState.RECEIVED,
    CaseState.UNDER_EXAMINATION,
    CaseState.RETURNED_FOR_CORRECTION,
    CaseState.FORWARDED,
)


@dataclass(frozen=True)
class WorkQuery:
    statuses: tuple[CaseState, ...] = OPEN_STATES
    item_numbers: tuple[int, ...] = ()
    due_by: date | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class WorkRow:
    id: str
    number: str
    status: CaseState
    applicant: str
    applicant_kind: str  # person | organisation: lists mask a person's name
    items: str
    received_on: date
    promised_on: date | None
    urgency: Urgency
    row_version: int


@dataclass(frozen=True)
class WorkList:
    rows: tuple[WorkRow, ...]
    counts: dict[CaseState, int]
    total: int


def load_worklist(session: Session, actor: Actor, query: WorkQuery, today: date) -> WorkList:
    scope = query.item_numbers or _officer_items(session, actor)
    base = select(Case).where(Case.status.in_([s.value for s in query.statuses]))
    if scope:
        base = base.where(
            exists().where(CaseItem.case_id == Case.id, CaseItem.item_number.in_(scope))
        )
    if query.due_by is not None:
        base = base.where(Case.promised_on <= query.due_by)
    counts = _counts(session, base)
    order = (Case.promised_on.is_(None), Case.promised_on, Case.received_at)
    page = session.scalars(base.order_by(*order).limit(query.limit).offset(query.offset)).all()
    rows = _rows(session, list(page), load_calendar(session), today)
    return WorkList(rows, counts, sum(counts.values()))


def _officer_items(session: Session, actor: Actor) -> tuple[int, ...]:
    items = session.scalar(select(Staff.examines_items).where(Staff.username == actor.username))
    return tuple(items or ())


def _counts(session: Session, base: Select[Case]) -> dict[CaseState, int]:
    sub = base.subquery()
    rows = session.execute(select(sub.c.status, func.count()).group_by(sub.c.status))
    return {CaseState(status): int(n) for status, n in rows}


def _rows(
    session: Session, cases: list[Case], calendar: WorkCalendar, today: date
) -> tuple[WorkRow, ...]:
    if not cases:
        return ()
    ids = [c.id for c in cases]
    people = {
        row.id: (row.name, row.kind)
        for row in session.execute(
            select(Applicant.id, Applicant.name, Applicant.kind).where(
                Applicant.id.in_({c.applicant_id for c in cases})
            )
        )
    }
    items: dict[uuid.UUID, list[str]] = {}
    for case_id, name in session.execute(
        select(CaseItem.case_id, CaseItem.item_name)
        .where(CaseItem.case_id.in_(ids))
        .order_by(CaseItem.position)
    ):
        items.setdefault(case_id, []).append(name)
    return tuple(
        WorkRow(
            str(c.id),
            c.number,
            CaseState(c.status),
            *people.get(c.applicant_id, ("", "")),
            "、".join(items.get(c.id, [])),
            c.received_on,
            c.promised_on,
            urgency(calendar, c.promised_on, today)
            if c.status not in (CaseState.RETURNED_FOR_CORRECTION,)
            else Urgency.NONE,
            c.row_version,
        )
        for c in cases
    )
