"""Issuing a ticket: the day's number from one upsert ... RETURNING in the same transaction
as the ticket row, a kiosk request id that makes a repeated touch return the same ticket."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.queue import store as store
from counter_app.queue.rules.policy import estimate_wait, place_key, ticket_number
from counter_app.queue.rules.tickets import (
    CategoryView,
    EventKind,
    IssuedTicket,
    Priority,
    TicketState,
    WaitEstimate,
    WindowState,
)
from db.engine import Database
from db.models.queue import QueueCategory, QueueCounter, QueueTicket


def next_seq(session: Session, day: date, prefix: str) -> int:
    """Take the next number of ``prefix`` for ``day``: one statement, no select-then-update."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    table = QueueCounter.__table__
    stmt = module.insert(table).values(business_date=day, prefix=prefix, last=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.business_date, table.c.prefix],
        set_={"last": table.c["last"] + 1},
    ).returning(table.c["last"])
    return int(session.execute(stmt).scalar_one())


def _category(session: Session, code: str) -> CategoryView:
    row = session.scalars(
        select(QueueCategory).where(QueueCategory.code == code, QueueCategory.deleted.is_(False))
    ).one_or_none()
    if row is None or not row.active:
        raise CounterError(tr("没有“{c}”这个取号类别", c=code), "category")
    return store.category_view(row)


def open_windows_for(session: Session, category: str) -> int:
    return sum(
        1
        for w in store.windows(session)
        if w.state is WindowState.OPEN and category in w.categories
    )


def people_ahead(session: Session, ticket: QueueTicket) -> int:
    t = QueueTicket
    query = select(func.count()).where(
        t.business_date == ticket.business_date,
        t.state == TicketState.WAITING.value,
        t.category_code == ticket.category_code,
        t.target_window == "",
        tuple_(t.place_key, t.seq) < tuple_(ticket.place_key, ticket.seq)
        if session.get_bind().dialect.name == "postgresql"
        else or_(
            t.place_key < ticket.place_key,
            and_(t.place_key == ticket.place_key, t.seq < ticket.seq),
        ),
    )
    return int(session.execute(query).scalar_one())


def estimate_for(session: Session, ticket: QueueTicket) -> WaitEstimate:
    category = _category(session, ticket.category_code)
    return estimate_wait(
        people_ahead(session, ticket),
        open_windows_for(session, ticket.category_code),
        category.service_minutes,
    )


def preview(session: Session, code: str, now: datetime) -> WaitEstimate:
    """What a new normal ticket of ``code`` would face now (the kiosk asks before issuing)."""
    category = _category(session, code)
    ahead = session.execute(
        select(func.count()).where(
            QueueTicket.business_date == store.business_date(now),
            QueueTicket.state == TicketState.WAITING.value,
            QueueTicket.category_code == code,
        )
    ).scalar_one()
    return estimate_wait(int(ahead), open_windows_for(session, code), category.service_minutes)


def _existing(session: Session, request_id: str | None) -> QueueTicket | None:
    if not request_id:
        return None
    return session.scalars(
        select(QueueTicket).where(QueueTicket.request_id == request_id)
    ).one_or_none()


def _insert(
    session: Session,
    category: CategoryView,
    priority: Priority,
    request_id: str | None,
    issued_by: str,
    now: datetime,
    seq_offset: int = 0,
) -> QueueTicket:
    day = store.business_date(now)
    taken = next_seq(session, day, category.prefix)
    seq = taken + seq_offset  # degraded mode: this PC's reserved block
    if category.daily_limit is not None and taken > category.daily_limit:
        raise CounterError(
            tr(
                "今天“{c}”的号已发完（每日 {n} 个），请明天再来或咨询工作人员",
                c=category.name,
                n=category.daily_limit,
            ),
            "category",
        )
    ticket = QueueTicket(
        business_date=day,
        category_code=category.code,
        seq=seq,
        number=ticket_number(category.prefix, seq),
        priority=priority.value,
        state=TicketState.WAITING.value,
        place_key=place_key(now, priority),
        issued_at=now,
        issued_by=issued_by,
        request_id=request_id or None,
    )
    session.add(ticket)
    session.flush()
    store.log(session, EventKind.ISSUE, now, ticket, staff=issued_by, note=priority.value)
    return ticket


def _issued(session: Session, ticket: QueueTicket, repeated: bool) -> IssuedTicket:
    view = store.ticket_view(ticket, store.category_names(session))
    return IssuedTicket(view, estimate_for(session, ticket), False, repeated)


def issue(
    database: Database,
    code: str,
    priority: Priority,
    request_id: str | None,
    issued_by: str,
    now: datetime,
    seq_offset: int = 0,
) -> IssuedTicket:
    """One ticket; the same ``request_id`` again returns the first ticket (``repeated``)."""
    try:
        with database.write() as session:
            found = _existing(session, request_id)
            if found is not None:
                return _issued(session, found, repeated=True)
            ticket = _insert(
                session,
                _category(session, code),
                priority,
                request_id,
                issued_by,
                now,
                seq_offset,
            )
            return _issued(session, ticket, repeated=False)
    except IntegrityError:
        # Two sessions raced with one request id (PostgreSQL): the first one won.
        with database.read() as session:
            found = _existing(session, request_id)
            if found is None:
                raise
            return _issued(session, found, repeated=True)
