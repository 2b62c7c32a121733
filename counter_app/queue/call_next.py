"""Call next (a window's F1): finish the window's ticket and call the next, in one transaction.

- PostgreSQL: one autocommit statement, ``SELECT * FROM queue_call_next(...)`` (migration
  0017, db/sync/central_queue.py): the window checked and locked, its ticket finished and
  logged, the next claimed with ``FOR UPDATE SKIP LOCKED``, called and logged, the board
  notified, in one round trip.
- SQLite: the window read, then one BEGIN IMMEDIATE transaction (finish ... RETURNING,
  claim ... RETURNING with the category's name, both log lines in one INSERT).
See docs/decisions/0018.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Date, String, Table, bindparam, case, insert, select, text, update

from counter_app.queue import store as store
from counter_app.queue.calls import VIEW_COLUMNS, Claim, claim_statement, row_view
from counter_app.queue.rules.tickets import AT_WINDOW, EventKind, TicketState
from db.base import UTCDateTime
from db.engine import Database
from db.models.queue import QueueCategory, QueueEvent, QueueTicket, QueueWindow

_T = cast(Table, QueueTicket.__table__)
_E = cast(Table, QueueEvent.__table__)
_C = cast(Table, QueueCategory.__table__)
_W = cast(Table, QueueWindow.__table__)
_DAY = bindparam("day", type_=Date())
_NOW = bindparam("now", type_=UTCDateTime())
_STAFF = bindparam("staff", type_=String())
_WINDOW = bindparam("window", type_=String())

_CALL_NEXT_PG = text("SELECT * FROM queue_call_next(:window, :staff, :now, :day)").bindparams(
    _WINDOW, _STAFF, _NOW, _DAY
)


def _utc(value: Any) -> Any:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _call_next_postgres(database: Database, window: str, staff: str, now: datetime) -> Claim | None:
    values = {"day": store.business_date(now), "now": now, "staff": staff, "window": window}
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        row = conn.execute(_CALL_NEXT_PG, values).one()
    status, note = row[0], row[1]
    if status == "no_window":
        raise store.no_window(window)
    if status in ("paused", "closed"):
        store.require_open(window, status, note or "")
    if status == "none":
        return None
    view = row_view([_utc(v) for v in row[2 : 2 + len(VIEW_COLUMNS)]], row[2 + len(VIEW_COLUMNS)])
    return Claim(view.id, view.number, view.category, view)


# The window's current ticket finished (as actions.finish: served without "start" counts
# from the call), in one UPDATE ... RETURNING.
_CURRENT = (
    select(_T.c.id)
    .where(_T.c.window_no == _WINDOW, _T.c.state.in_([s.value for s in AT_WINDOW]))
    .order_by(_T.c.called_at.desc())
    .limit(1)
    .scalar_subquery()
)
_FINISH = (
    update(_T)
    .where(_T.c.id == _CURRENT, _T.c.state.in_([s.value for s in AT_WINDOW]))
    .values(
        state=TicketState.DONE.value,
        service_started_at=case(
            (_T.c.state == TicketState.CALLED.value, _T.c.called_at),
            else_=_T.c.service_started_at,
        ),
        finished_at=_NOW,
        row_version=_T.c.row_version + 1,
        updated_at=_NOW,
    )
    .returning(_T.c.id, _T.c.number, _T.c.category_code, _T.c.business_date)
)


@functools.lru_cache(maxsize=256)
def _claim_named(categories: tuple[str, ...]) -> Any:
    """The claim for a window's categories (built once per set of categories), returning the
    category's name after the ticket's columns: no separate query for it."""
    name = select(_C.c.name).where(_C.c.code == _T.c.category_code).scalar_subquery()
    return claim_statement(categories, False).returning(name)


_WINDOW_ROW = select(_W.c.active, _W.c.state, _W.c.pause_reason, _W.c.categories).where(
    _W.c.number == _WINDOW, _W.c.deleted.is_(False)
)


def _log_line(kind: EventKind, row: Any, window: str, staff: str, now: datetime) -> dict[str, Any]:
    return {
        "at": now,
        "business_date": row.business_date,
        "kind": kind.value,
        "ticket_id": row.id,
        "number": row.number,
        "category_code": row.category_code,
        "window_no": window,
        "staff": staff,
        "note": "",
    }


def _call_next_sqlite(database: Database, window: str, staff: str, now: datetime) -> Claim | None:
    # The window is read before the write lock is taken: a paused or closed window answers
    # without waiting for it, and other windows' callers get the lock between two calls.
    # Core statements on the session's connection: the ORM's per-statement work was most of
    # the time of a call here (the commit's flush is the rest).
    with database.engine.connect() as conn:
        found = conn.execute(_WINDOW_ROW, {"window": window}).first()
    if found is None or not found.active:
        raise store.no_window(window)
    store.require_open(window, found.state, found.pause_reason)
    values = {"day": store.business_date(now), "now": now, "staff": staff, "window": window}
    with database.write() as session:
        conn = session.connection()
        lines = []
        finished = conn.execute(_FINISH, values).first()
        if finished is not None:
            lines.append(_log_line(EventKind.FINISH, finished, window, staff, now))
        row = conn.execute(_claim_named(tuple(found.categories)), values).first()
        claim = None
        if row is not None:
            ticket = row_view(row, row[len(VIEW_COLUMNS)])
            claim = Claim(ticket.id, ticket.number, ticket.category, ticket)
            lines.append(_log_line(EventKind.CALL, row, window, staff, now))
        if lines:
            conn.execute(insert(_E), lines)
        return claim


def call_next(database: Database, window: str, staff: str, now: datetime) -> Claim | None:
    """Finish ``window``'s current ticket (if any) and call the next; ``None`` when nothing
    waits for it. ``CounterError`` (nothing changed) when the window is missing, paused or
    closed."""
    if database.engine.dialect.name == "postgresql":
        return _call_next_postgres(database, window, staff, now)
    return _call_next_sqlite(database, window, staff, now)
