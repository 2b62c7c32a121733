"""Read-side snapshots: the hall board, one window's view, the day's times and status."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.queue import actions as actions
from counter_app.queue import store as store
from counter_app.queue.rules.tickets import (
    ANNOUNCED,
    AT_WINDOW,
    BoardView,
    CallView,
    EventKind,
    TicketState,
    TicketView,
    WindowView,
)
from counter_app.queue.rules.times import LogLine
from db.models import Case
from db.models.queue import QueueEvent, QueueTicket

RECENT_CALLS = 20  # the board shows up to 8 distinct tickets of these


@dataclass(frozen=True)
class WindowStatus:
    window: WindowView
    current: TicketView | None
    held: tuple[TicketView, ...]
    waiting_for_window: int
    print_failed: tuple[TicketView, ...]


def waiting_counts(session: Session, day: date) -> dict[str, int]:
    rows = session.execute(
        select(QueueTicket.category_code, func.count())
        .where(QueueTicket.business_date == day, QueueTicket.state == TicketState.WAITING.value)
        .group_by(QueueTicket.category_code)
    ).all()
    return {code: int(count) for code, count in rows}


def recent_calls(session: Session, day: date, limit: int = RECENT_CALLS) -> tuple[CallView, ...]:
    rows = session.scalars(
        select(QueueEvent)
        .where(
            QueueEvent.business_date == day,
            QueueEvent.kind.in_([k.value for k in ANNOUNCED]),
        )
        .order_by(QueueEvent.at.desc(), QueueEvent.seq.desc())
        .limit(limit)
    ).all()
    return tuple(CallView(r.seq, r.number, r.window_no, EventKind(r.kind), r.at) for r in rows)


def _serving(session: Session, day: date) -> tuple[tuple[str, str], ...]:
    rows = session.execute(
        select(QueueTicket.window_no, QueueTicket.number)
        .where(
            QueueTicket.business_date == day,
            QueueTicket.state.in_([s.value for s in AT_WINDOW]),
        )
        .order_by(QueueTicket.window_no)
    ).all()
    return tuple((str(w), str(n)) for w, n in rows)


def board(session: Session, hall_name: str, notice: str, now: datetime) -> BoardView:
    day = store.business_date(now)
    counts = waiting_counts(session, day)
    return BoardView(
        hall_name=hall_name,
        notice=notice,
        calls=recent_calls(session, day),
        waiting=tuple((c, counts.get(c.code, 0)) for c in store.categories(session)),
        windows=tuple(store.windows(session)),
        serving=_serving(session, day),
    )


def _tickets(
    session: Session, day: date, state: TicketState, window: str = ""
) -> list[QueueTicket]:
    query = select(QueueTicket).where(
        QueueTicket.business_date == day, QueueTicket.state == state.value
    )
    if window:
        query = query.where(QueueTicket.window_no == window)
    return list(session.scalars(query.order_by(QueueTicket.place_key, QueueTicket.seq)))


def window_status(session: Session, number: str, now: datetime) -> WindowStatus:
    day = store.business_date(now)
    window = store.window_view(store.window_row(session, number))
    names = store.category_names(session)
    current = actions.current_at(session, number)
    counts = waiting_counts(session, day)
    targeted = session.execute(
        select(func.count()).where(
            QueueTicket.business_date == day,
            QueueTicket.state == TicketState.WAITING.value,
            QueueTicket.target_window == number,
        )
    ).scalar_one()
    return WindowStatus(
        window=window,
        current=store.ticket_view(current, names) if current else None,
        held=tuple(
            store.ticket_view(t, names) for t in _tickets(session, day, TicketState.ON_HOLD, number)
        ),
        waiting_for_window=sum(counts.get(c, 0) for c in window.categories) + int(targeted),
        print_failed=tuple(
            store.ticket_view(t, names) for t in _tickets(session, day, TicketState.PRINT_FAILED)
        ),
    )


def log_lines(session: Session, day: date) -> list[LogLine]:
    rows = session.scalars(
        select(QueueEvent)
        .where(QueueEvent.business_date == day, QueueEvent.ticket_id.is_not(None))
        .order_by(QueueEvent.at, QueueEvent.seq)
    )
    return [
        LogLine(r.ticket_id, r.number, EventKind(r.kind), r.at, r.window_no, r.staff)
        for r in rows
        if r.ticket_id is not None
    ]


def tickets_of_day(session: Session, day: date) -> list[TicketView]:
    names = store.category_names(session)
    rows = session.scalars(
        select(QueueTicket)
        .where(QueueTicket.business_date == day)
        .order_by(QueueTicket.category_code, QueueTicket.seq)
    )
    return [store.ticket_view(r, names) for r in rows]


def case_numbers(session: Session, ticket_id: uuid.UUID) -> list[str]:
    """The cases received while serving this ticket (``Case.ticket_id``, set by reception)."""
    rows = session.scalars(
        select(Case.number).where(Case.ticket_id == ticket_id).order_by(Case.number)
    )
    return list(rows)


def change_marker(session: Session) -> int:
    """Cheap polling probe: the newest log line number (SQLite writes are serialised)."""
    return int(session.execute(select(func.coalesce(func.max(QueueEvent.seq), 0))).scalar_one())
