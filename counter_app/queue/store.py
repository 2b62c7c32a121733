"""Shared pieces of the queue services: rows to views, the log, notifications, the clock."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.i18n import tr
from counter_app.queue.rules.tickets import (
    CategoryView,
    EventKind,
    Priority,
    TicketState,
    TicketView,
    WindowState,
    WindowView,
)
from db.ids import utc_now
from db.models.queue import QueueCategory, QueueEvent, QueueTicket, QueueWindow

Clock = Callable[[], datetime]
CHANNEL = "queue_events"
KIOSK = "kiosk"


def business_date(now: datetime) -> date:
    """The hall's working day: the local calendar date of ``now``."""
    return now.astimezone().date()


def default_clock() -> datetime:
    return utc_now()


def require_counter_staff(actor: Actor) -> None:
    if not (actor.has(Role.RECEPTION) or actor.has(Role.SUPERVISOR)):
        raise CounterError(tr("叫号需要“接待”或“科长”角色，请用窗口人员的账号登录"))


def category_view(row: QueueCategory) -> CategoryView:
    return CategoryView(
        code=row.code,
        name=row.name,
        prefix=row.prefix,
        active=row.active,
        sort_order=row.sort_order,
        daily_limit=row.daily_limit,
        service_minutes=row.service_minutes,
    )


def window_view(row: QueueWindow) -> WindowView:
    return WindowView(
        number=row.number,
        name=row.name,
        categories=tuple(row.categories),
        state=WindowState(row.state),
        pause_reason=row.pause_reason,
        staff=row.staff,
        led_address=row.led_address,
        active=row.active,
    )


def ticket_view(row: QueueTicket, names: dict[str, str] | None = None) -> TicketView:
    return TicketView(
        id=row.id,
        number=row.number,
        category=row.category_code,
        category_name=(names or {}).get(row.category_code, row.category_code),
        priority=Priority(row.priority),
        state=TicketState(row.state),
        business_date=row.business_date,
        issued_at=row.issued_at,
        window=row.window_no,
        target_window=row.target_window,
        recall_count=row.recall_count,
        called_at=row.called_at,
        service_started_at=row.service_started_at,
        finished_at=row.finished_at,
    )


def category_names(session: Session) -> dict[str, str]:
    return {c.code: c.name for c in session.scalars(select(QueueCategory))}


def categories(session: Session, active_only: bool = True) -> list[CategoryView]:
    query = select(QueueCategory).where(QueueCategory.deleted.is_(False))
    if active_only:
        query = query.where(QueueCategory.active.is_(True))
    rows = session.scalars(query.order_by(QueueCategory.sort_order, QueueCategory.code))
    return [category_view(r) for r in rows]


def windows(session: Session, active_only: bool = True) -> list[WindowView]:
    query = select(QueueWindow).where(QueueWindow.deleted.is_(False))
    if active_only:
        query = query.where(QueueWindow.active.is_(True))
    rows = session.scalars(query)
    return sorted((window_view(r) for r in rows), key=lambda w: int(w.number))


def no_window(number: str) -> CounterError:
    return CounterError(tr("没有 {n} 号窗口，请在“管理”中设置窗口", n=number), "window")


def window_row(session: Session, number: str, lock: bool = False) -> QueueWindow:
    query = select(QueueWindow).where(QueueWindow.number == number, QueueWindow.deleted.is_(False))
    row = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if row is None or not row.active:
        raise no_window(number)
    return row


def require_open(number: str, state: str, pause_reason: str) -> None:
    """A window calls only while open: paused or closed says what to do first."""
    if state == WindowState.PAUSED.value:
        raise CounterError(tr("{n} 号窗口已暂停（{r}），请先恢复服务", n=number, r=pause_reason))
    if state == WindowState.CLOSED.value:
        raise CounterError(tr("{n} 号窗口还没有开窗，请先开窗", n=number))


def ticket_row(session: Session, ticket_id: uuid.UUID) -> QueueTicket:
    row = session.scalars(
        select(QueueTicket).where(QueueTicket.id == ticket_id).with_for_update()
    ).one_or_none()
    if row is None:
        raise CounterError(tr("找不到这张号票"), "ticket")
    return row


def log(
    session: Session,
    kind: EventKind,
    at: datetime,
    ticket: QueueTicket | None = None,
    window: str = "",
    staff: str = "",
    note: str = "",
) -> None:
    """Append one line to the queue log and, on PostgreSQL, notify listeners at commit."""
    session.add(
        QueueEvent(
            at=at,
            business_date=ticket.business_date if ticket else business_date(at),
            kind=kind.value,
            ticket_id=ticket.id if ticket else None,
            number=ticket.number if ticket else "",
            category_code=ticket.category_code if ticket else "",
            window_no=window,
            staff=staff,
            note=note,
        )
    )
    notify(session, kind.value)


def notify(session: Session, payload: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": payload})


def bump(row: QueueTicket | QueueWindow, now: datetime) -> None:
    row.row_version += 1
    row.updated_at = now
