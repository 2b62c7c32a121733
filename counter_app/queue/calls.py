"""Calling the next ticket atomically: one ticket to one window only.

What a window's F1 does (finish its ticket, call the next) is call_next.py; here the claim
and its statements. ``claim_next`` (the claim alone): PostgreSQL one autocommit statement,
``WITH claimed AS (UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1)
RETURNING ...), logged AS (INSERT INTO queue_event ...) SELECT ..., pg_notify(...)``;
SQLite the same UPDATE ... RETURNING and the log line in one transaction.
The order is the rule of ``queue_rules.sort_key``: tickets transferred to this window first,
then the window's categories in priority order, each by place key.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Date,
    ScalarSelect,
    Select,
    String,
    Table,
    and_,
    bindparam,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningUpdate

from counter_app.queue import store as store
from counter_app.queue.rules.tickets import (
    EventKind,
    Priority,
    TicketState,
    TicketView,
    WindowView,
)
from db.base import UTCDateTime
from db.engine import Database
from db.models.queue import QueueCategory, QueueEvent, QueueTicket

Before = Callable[[Session], object]
_T = cast(Table, QueueTicket.__table__)
_E = cast(Table, QueueEvent.__table__)
_C = cast(Table, QueueCategory.__table__)


@dataclass(frozen=True)
class Claim:
    id: uuid.UUID
    number: str
    category: str
    view: TicketView


# Statements are built once per window configuration with bound parameters (building one
# costs more than running it); these are the parameters every claim fills in.
_DAY = bindparam("day", type_=Date())
_NOW = bindparam("now", type_=UTCDateTime())
_STAFF = bindparam("staff", type_=String())
_WINDOW = bindparam("window", type_=String())


def _first(condition: ColumnElement[bool], skip_locked: bool) -> ScalarSelect[Any]:
    """The first waiting ticket meeting ``condition``, by place key: one index range scan."""
    query = (
        select(_T.c.id)
        .where(_T.c.business_date == _DAY, _T.c.state == TicketState.WAITING.value, condition)
        .order_by(_T.c.place_key, _T.c.seq)
        .limit(1)
    )
    return (query.with_for_update(skip_locked=True) if skip_locked else query).scalar_subquery()


def _pick(categories: tuple[str, ...], skip_locked: bool) -> ColumnElement[Any]:
    """COALESCE(first transferred here, first of category 1, first of category 2, ...).

    Each argument reads only the head of its own index range, and COALESCE evaluates (and, on
    PostgreSQL, locks) only as far as it needs: no sort of the whole waiting queue.
    """
    picks = [_first(_T.c.target_window == _WINDOW, skip_locked)]
    picks += [
        _first(and_(_T.c.target_window == "", _T.c.category_code == code), skip_locked)
        for code in categories
    ]
    return func.coalesce(*picks)


VIEW_COLUMNS = (
    "id",
    "number",
    "category_code",
    "priority",
    "state",
    "business_date",
    "issued_at",
    "window_no",
    "target_window",
    "recall_count",
    "called_at",
    "service_started_at",
    "finished_at",
)


def row_view(row: Any, category_name: str | None) -> TicketView:
    values = dict(zip(VIEW_COLUMNS, row[: len(VIEW_COLUMNS)], strict=True))
    return TicketView(
        id=values["id"],
        number=values["number"],
        category=values["category_code"],
        category_name=category_name or values["category_code"],
        priority=Priority(values["priority"]),
        state=TicketState(values["state"]),
        business_date=values["business_date"],
        issued_at=values["issued_at"],
        window=values["window_no"],
        target_window=values["target_window"],
        recall_count=values["recall_count"],
        called_at=values["called_at"],
        service_started_at=values["service_started_at"],
        finished_at=values["finished_at"],
    )


def _category_name(code: ColumnElement[str]) -> ScalarSelect[str]:
    return select(_C.c.name).where(_C.c.code == code).scalar_subquery()


def params(window: WindowView, staff: str, now: datetime) -> dict[str, Any]:
    return {"day": store.business_date(now), "now": now, "staff": staff, "window": window.number}


@functools.lru_cache(maxsize=256)
def claim_statement(categories: tuple[str, ...], skip_locked: bool) -> ReturningUpdate[Any]:
    """``UPDATE queue_ticket ... WHERE id = (pick) RETURNING`` the columns of its view."""
    picked = _pick(categories, skip_locked)
    return (
        update(_T)
        .where(_T.c.id == picked, _T.c.state == TicketState.WAITING.value)
        .values(
            state=TicketState.CALLED.value,
            window_no=_WINDOW,
            target_window="",
            called_by=_STAFF,
            called_at=_NOW,
            first_called_at=func.coalesce(_T.c.first_called_at, _NOW),
            recall_count=0,
            row_version=_T.c.row_version + 1,
            updated_at=_NOW,
        )
        .returning(*(_T.c[name] for name in VIEW_COLUMNS))
    )


@functools.lru_cache(maxsize=256)
def _postgres_statement(categories: tuple[str, ...]) -> Select[Any]:
    claimed = claim_statement(categories, skip_locked=True).cte("claimed")
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
                _NOW,
                claimed.c.business_date,
                literal(EventKind.CALL.value),
                claimed.c.id,
                claimed.c.number,
                claimed.c.category_code,
                _WINDOW,
                _STAFF,
                literal(""),
            ),
        )
        .cte("logged")
    )
    return select(
        *(claimed.c[name] for name in VIEW_COLUMNS),
        _category_name(claimed.c.category_code),
        func.pg_notify(store.CHANNEL, EventKind.CALL.value),
    ).add_cte(logged)


def _claim_postgres(
    database: Database, window: WindowView, staff: str, now: datetime
) -> Claim | None:
    final = _postgres_statement(window.categories)
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        row = conn.execute(final, params(window, staff, now)).first()
    if row is None:
        return None
    view = row_view(row, row[len(VIEW_COLUMNS)])
    return Claim(view.id, view.number, view.category, view)


def _claim_sqlite(
    database: Database, window: WindowView, staff: str, now: datetime, before: Before | None
) -> Claim | None:
    with database.write() as session:
        if before is not None:
            before(session)
        statement = claim_statement(window.categories, skip_locked=False)
        row = session.execute(statement, params(window, staff, now)).first()
        if row is None:
            return None
        name = session.scalar(select(_C.c.name).where(_C.c.code == row.category_code))
        view = row_view(row, name)
        session.execute(
            insert(_E).values(
                at=now,
                business_date=view.business_date,
                kind=EventKind.CALL.value,
                ticket_id=view.id,
                number=view.number,
                category_code=view.category,
                window_no=window.number,
                staff=staff,
                note="",
            )
        )
        return Claim(view.id, view.number, view.category, view)


def claim_next(
    database: Database,
    window: WindowView,
    staff: str,
    now: datetime,
    before: Before | None = None,
) -> Claim | None:
    """The next ticket for ``window``, called; ``None`` when nothing waits for it.

    ``before`` (finishing the window's current ticket) runs first: in the same transaction on
    SQLite, in its own just before the autocommit claim on PostgreSQL.
    """
    if database.engine.dialect.name == "postgresql":
        if before is not None:
            with database.write() as session:
                before(session)
        return _claim_postgres(database, window, staff, now)
    return _claim_sqlite(database, window, staff, now, before)
