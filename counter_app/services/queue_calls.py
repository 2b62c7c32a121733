"""Calling the next ticket atomically: one ticket to one window only.

PostgreSQL: one autocommit statement,
``WITH claimed AS (UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1)
RETURNING ...), logged AS (INSERT INTO queue_event ...) SELECT ..., pg_notify(...)``,
so the claim, its log line and the board's notification commit together.
SQLite: the same UPDATE ... RETURNING and the log line in one BEGIN IMMEDIATE transaction.
The order is the rule of ``queue_rules.sort_key``: tickets transferred to this window first,
then the window's categories in priority order, each by place key.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from sqlalchemy import (
    Select,
    Table,
    and_,
    case,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.sql.dml import ReturningUpdate

from counter_app.domain.queue import EventKind, TicketState, WindowView
from counter_app.services import queue_store as store
from db.base import UTCDateTime
from db.engine import Database
from db.models.queue import QueueEvent, QueueTicket

_T = cast(Table, QueueTicket.__table__)
_E = cast(Table, QueueEvent.__table__)


@dataclass(frozen=True)
class Claim:
    id: uuid.UUID
    number: str
    category: str


def _pick(window: WindowView, day: date, skip_locked: bool) -> Select[tuple[uuid.UUID]]:
    ranks = {code: rank for rank, code in enumerate(window.categories)}
    rank = case(
        (_T.c.target_window == window.number, -1),
        else_=case(ranks, value=_T.c.category_code, else_=len(ranks)),
    )
    eligible = and_(
        _T.c.business_date == day,
        _T.c.state == TicketState.WAITING.value,
        or_(
            _T.c.target_window == window.number,
            and_(_T.c.target_window == "", _T.c.category_code.in_(window.categories)),
        ),
    )
    query = select(_T.c.id).where(eligible).order_by(rank, _T.c.place_key, _T.c.seq).limit(1)
    return query.with_for_update(skip_locked=True) if skip_locked else query


def claim_statement(
    window: WindowView, staff: str, now: datetime, skip_locked: bool
) -> ReturningUpdate[uuid.UUID, str, str, date]:
    """``UPDATE queue_ticket ... WHERE id = (pick) RETURNING id, number, category, day``."""
    picked = _pick(window, store.business_date(now), skip_locked).scalar_subquery()
    return (
        update(_T)
        .where(_T.c.id == picked, _T.c.state == TicketState.WAITING.value)
        .values(
            state=TicketState.CALLED.value,
            window_no=window.number,
            target_window="",
            called_by=staff,
            called_at=now,
            first_called_at=func.coalesce(_T.c.first_called_at, now),
            recall_count=0,
            row_version=_T.c.row_version + 1,
            updated_at=now,
        )
        .returning(_T.c.id, _T.c.number, _T.c.category_code, _T.c.business_date)
    )


def _claim_postgres(
    database: Database, window: WindowView, staff: str, now: datetime
) -> Claim | None:
    claimed = claim_statement(window, staff, now, skip_locked=True).cte("claimed")
    logged = (
        insert(_E)
        .from_select(
            [
                "at",
                "business_date",
                "kind",
                "ticket_id",
                "number",
                "category_code",
                "window_no",
                "staff",
                "note",
            ],
            select(
                literal(now, UTCDateTime()),
                claimed.c.business_date,
                literal(EventKind.CALL.value),
                claimed.c.id,
                claimed.c.number,
                claimed.c.category_code,
                literal(window.number),
                literal(staff),
                literal(""),
            ),
        )
        .cte("logged")
    )
    final = select(
        claimed.c.id,
        claimed.c.number,
        claimed.c.category_code,
        func.pg_notify(store.CHANNEL, EventKind.CALL.value),
    ).add_cte(logged)
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        row = conn.execute(final).first()
    return None if row is None else Claim(row[0], row[1], row[2])


def _claim_sqlite(
    database: Database, window: WindowView, staff: str, now: datetime
) -> Claim | None:
    with database.write() as session:
        row = session.execute(claim_statement(window, staff, now, skip_locked=False)).first()
        if row is None:
            return None
        ticket_id, number, category, day = row
        session.add(
            QueueEvent(
                at=now,
                business_date=day,
                kind=EventKind.CALL.value,
                ticket_id=ticket_id,
                number=number,
                category_code=category,
                window_no=window.number,
                staff=staff,
            )
        )
        return Claim(ticket_id, number, category)


def claim_next(database: Database, window: WindowView, staff: str, now: datetime) -> Claim | None:
    """The next ticket for ``window``, called; ``None`` when nothing waits for it."""
    if database.engine.dialect.name == "postgresql":
        return _claim_postgres(database, window, staff, now)
    return _claim_sqlite(database, window, staff, now)
