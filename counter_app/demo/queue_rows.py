"""The demo queue history's rows: the categories and windows it uses, a simulated ticket and
log line as queue_ticket and queue_event values, the day's numbers from ``queue_counter``,
today's window states."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from counter_app.demo.queue_day import LUNCH_NOTE, DayTicket, Desk, Line
from counter_app.queue.rules.policy import ticket_number
from counter_app.queue.rules.tickets import WindowState
from db.ids import new_uuid7
from db.models.queue import QueueCategory, QueueCounter, QueueWindow

DEFAULT_CATEGORIES = (
    ("A", "专利"),
    ("B", "商标"),
    ("C", "版权"),
    ("D", "保护与维权"),
    ("E", "咨询"),
)
Windows = dict[str, tuple[str, tuple[str, ...]]]  # window number -> (counter code, categories)


def _row(**values: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"id": new_uuid7(), "row_version": 1, "created_at": now, "updated_at": now} | {
        "deleted": False,
        **values,
    }


def categories(conn: Connection) -> list[tuple[str, str, int]]:
    """(code, prefix, service minutes) of the active categories, in the kiosk's order; the
    migration's defaults when there are none."""
    query = (
        select(QueueCategory.code, QueueCategory.prefix, QueueCategory.service_minutes)
        .where(QueueCategory.active, QueueCategory.deleted.is_(False))
        .order_by(QueueCategory.sort_order, QueueCategory.code)
    )
    rows = [(str(c), str(p), int(m)) for c, p, m in conn.execute(query)]
    if rows:
        return rows
    values = [
        _row(code=c, name=n, prefix=c, active=True, sort_order=i, daily_limit=None)
        | {"service_minutes": 10}
        for i, (c, n) in enumerate(DEFAULT_CATEGORIES)
    ]
    conn.execute(insert(QueueCategory), values)
    return [(c, c, 10) for c, _ in DEFAULT_CATEGORIES]


def window_number(code: str, index: int) -> int:
    """The window of a counter as the demo's supervision records write it (W03 -> 3)."""
    digits = re.sub(r"\D", "", code)
    return int(digits) if digits and 0 < int(digits) < 1000 else index + 1


def windows(conn: Connection, counters: tuple[str, ...], codes: list[str]) -> Windows:
    """One window per counter (03 for W03), calling every category: its own first, then the
    last one (咨询, short, or it would wait all day behind the others), then the rest; a
    window the administrator made is used as it is."""
    known = {
        int(n): (str(n), [str(c) for c in cats])
        for n, cats in conn.execute(
            select(QueueWindow.number, QueueWindow.categories).where(QueueWindow.deleted.is_(False))
        )
    }
    spare = codes[-1:] if len(codes) > 1 else []
    main = [c for c in codes if c not in spare]
    out: Windows = {}
    for index, counter in enumerate(sorted(counters)):
        value = window_number(counter, index)
        if value in known:
            number, cats = known[value][0], [c for c in known[value][1] if c in codes]
        else:
            number, turn = f"{value:02d}", index % max(1, len(main))
            cats = main[turn : turn + 1] + spare + main[turn + 1 :] + main[:turn]
            values = _row(number=number, name="", categories=cats, state="closed")
            values |= {"pause_reason": "", "staff": "", "led_address": None, "active": True}
            conn.execute(insert(QueueWindow), values)
        if cats:
            out[number] = (counter, tuple(cats))
    return out


_TAKE_SQLITE = (
    "INSERT INTO queue_counter (business_date, prefix, last) VALUES (?, ?, ?) "
    "ON CONFLICT (business_date, prefix) DO UPDATE SET last = last + excluded.last "
    "RETURNING last"
)


def number_day(conn: Connection, day: date, tickets: list[DayTicket]) -> None:
    """The day's numbers per prefix, in issue order, after the last one given."""
    by_prefix: dict[str, list[DayTicket]] = defaultdict(list)
    for t in tickets:
        by_prefix[t.prefix].append(t)
    if conn.dialect.name == "sqlite":  # one statement a prefix, straight to the driver
        for prefix, group in sorted(by_prefix.items()):
            params = (day.isoformat(), prefix, len(group))
            last = int(conn.exec_driver_sql(_TAKE_SQLITE, params).scalar_one())
            for offset, t in enumerate(group):
                t.seq = last - len(group) + 1 + offset
        return
    insert_ = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    table = QueueCounter.__table__
    assert isinstance(table, Table)
    for prefix, group in sorted(by_prefix.items()):
        values = {"business_date": day, "prefix": prefix, "last": 0}
        conn.execute(insert_(table).values(**values).on_conflict_do_nothing())
        last = conn.execute(
            update(table)
            .where(table.c.business_date == day, table.c.prefix == prefix)
            .values(last=table.c["last"] + len(group))
            .returning(table.c["last"])
        ).scalar_one()
        for offset, t in enumerate(group):
            t.seq = int(last) - len(group) + 1 + offset


TICKET_COLUMNS = (
    *("id", "row_version", "created_at", "updated_at", "deleted", "business_date"),
    *("category_code", "seq", "number", "priority", "state", "place_key", "window_no"),
    *("target_window", "recall_count", "issued_at", "first_called_at", "called_at"),
    *("service_started_at", "finished_at", "called_by", "issued_by", "request_id"),
)
EVENT_COLUMNS = (
    *("at", "business_date", "kind", "ticket_id", "number", "category_code", "window_no"),
    *("staff", "note"),
)


def ticket_row(t: DayTicket, day: date) -> tuple[Any, ...]:
    """The ticket as queue_ticket values, in the order of ``TICKET_COLUMNS``."""
    moments = [m for m in (t.issued, t.called, t.started, t.finished) if m is not None]
    version = 1 + sum(m is not None for m in (t.first_called, t.started, t.finished))
    return (
        t.id,
        version + t.recalls,
        t.issued,
        max(moments),
        False,
        day,
        t.category,
        t.seq,
        ticket_number(t.prefix, t.seq),
        t.priority.value,
        t.state.value,
        t.key,
        t.window,
        "",
        t.recalls,
        t.issued,
        t.first_called,
        t.called,
        t.started,
        t.finished,
        t.staff,
        "kiosk",
        None,
    )


def event_row(line: Line, day: date, numbers: dict[int, str]) -> tuple[Any, ...]:
    """The log line as queue_event values, in the order of ``EVENT_COLUMNS`` (``numbers``:
    the ticket's number by id(ticket), made once a ticket)."""
    t = line.ticket
    if t is None:
        return (line.at, day, line.kind.value, None, "", "", line.window, line.staff, line.note)
    number = numbers[id(t)]
    kind = line.kind.value
    return (line.at, day, kind, t.id, number, t.category, line.window, line.staff, line.note)


def open_windows(conn: Connection, desks: list[Desk]) -> None:
    """Today's windows as the simulation left them at the cutoff (open, paused)."""
    for desk in desks:
        state = desk.state
        conn.execute(
            update(QueueWindow)
            .where(QueueWindow.number == desk.number, QueueWindow.deleted.is_(False))
            .values(
                state=state.value,
                staff="" if state is WindowState.CLOSED else desk.staff,
                pause_reason=LUNCH_NOTE if state is WindowState.PAUSED else "",
            )
        )
