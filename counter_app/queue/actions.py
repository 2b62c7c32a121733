"""What a window does with its ticket, each inside the caller's write transaction."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.queue import store as store
from counter_app.queue.rules.tickets import AT_WINDOW, EventKind, TicketState, WindowState
from counter_app.queue.rules.tickets import transition as next_state
from db.models.queue import QueueCategory, QueueTicket, QueueWindow

_S = TicketState


def current_at(session: Session, window: str) -> QueueTicket | None:
    """The ticket now called or served at ``window`` (at most one by construction)."""
    return session.scalars(
        select(QueueTicket)
        .where(
            QueueTicket.window_no == window,
            QueueTicket.state.in_([s.value for s in AT_WINDOW]),
        )
        .order_by(QueueTicket.called_at.desc())
        .limit(1)
    ).first()


def _at_window(session: Session, ticket_id: uuid.UUID, window: str) -> QueueTicket:
    ticket = store.ticket_row(session, ticket_id)
    if ticket.window_no != window and TicketState(ticket.state) in AT_WINDOW:
        raise CounterError(
            tr("{t} 号正在 {w} 号窗口办理，不在本窗口", t=ticket.number, w=ticket.window_no)
        )
    return ticket


def _move(ticket: QueueTicket, target: TicketState, now: datetime) -> None:
    ticket.state = next_state(TicketState(ticket.state), target).value
    store.bump(ticket, now)


def recall(
    session: Session, ticket_id: uuid.UUID, window: str, staff: str, now: datetime, max_n: int
) -> QueueTicket:
    ticket = _at_window(session, ticket_id, window)
    if ticket.state != _S.CALLED.value:
        raise CounterError(
            tr("{t} 号当前为“{s}”，不能重呼", t=ticket.number, s=TicketState(ticket.state).label)
        )
    if ticket.recall_count >= max_n:
        raise CounterError(tr("{t} 号已重呼 {n} 次，请按“过号”处理", t=ticket.number, n=max_n))
    ticket.recall_count += 1
    ticket.called_at = now
    store.bump(ticket, now)
    store.log(session, EventKind.RECALL, now, ticket, window, staff, str(ticket.recall_count))
    return ticket


def no_show(
    session: Session, ticket_id: uuid.UUID, window: str, staff: str, now: datetime
) -> QueueTicket:
    ticket = _at_window(session, ticket_id, window)
    _move(ticket, _S.NO_SHOW, now)
    ticket.finished_at = now
    store.log(session, EventKind.NO_SHOW, now, ticket, window, staff)
    return ticket


def hold(
    session: Session, ticket_id: uuid.UUID, window: str, staff: str, now: datetime
) -> QueueTicket:
    ticket = _at_window(session, ticket_id, window)
    _move(ticket, _S.ON_HOLD, now)
    store.log(session, EventKind.HOLD, now, ticket, window, staff)
    return ticket


def call_back(
    session: Session, ticket_id: uuid.UUID, window: str, staff: str, now: datetime
) -> QueueTicket:
    ticket = store.ticket_row(session, ticket_id)
    if ticket.state != _S.ON_HOLD.value:
        raise CounterError(tr("{t} 号没有暂挂，不能回呼", t=ticket.number))
    busy = current_at(session, window)
    if busy is not None:
        raise CounterError(tr("请先办结或暂挂当前的 {t} 号，再回呼", t=busy.number))
    _move(ticket, _S.CALLED, now)
    ticket.window_no, ticket.called_at, ticket.called_by = window, now, staff
    ticket.recall_count = 0
    store.log(session, EventKind.CALL_BACK, now, ticket, window, staff)
    return ticket


def start(
    session: Session, ticket_id: uuid.UUID, window: str, staff: str, now: datetime
) -> QueueTicket:
    ticket = _at_window(session, ticket_id, window)
    _move(ticket, _S.SERVING, now)
    ticket.service_started_at = now
    store.log(session, EventKind.START, now, ticket, window, staff)
    return ticket


def finish(
    session: Session, ticket_id: uuid.UUID, window: str, staff: str, now: datetime
) -> QueueTicket:
    ticket = _at_window(session, ticket_id, window)
    if ticket.state == _S.CALLED.value:  # served without pressing "start": from the call
        ticket.service_started_at = ticket.called_at
    _move(ticket, _S.DONE, now)
    ticket.finished_at = now
    store.log(session, EventKind.FINISH, now, ticket, window, staff)
    return ticket


def _check_target_window(session: Session, number: str, own: str) -> None:
    if number == own:
        raise CounterError(tr("不能转给本窗口"), "target")
    row = store.window_row(session, number)
    if row.state == WindowState.CLOSED.value:
        raise CounterError(
            tr("{n} 号窗口未开窗，不能转过去；请选开着的窗口或改转类别", n=number), "target"
        )


def _check_target_category(session: Session, code: str) -> None:
    row = session.scalars(select(QueueCategory).where(QueueCategory.code == code)).one_or_none()
    if row is None or not row.active or row.deleted:
        raise CounterError(tr("没有“{c}”这个类别", c=code), "target")


def transfer(
    session: Session,
    ticket_id: uuid.UUID,
    window: str,
    staff: str,
    now: datetime,
    to_window: str = "",
    to_category: str = "",
) -> QueueTicket:
    """Back to waiting with its place key kept, for another window or category."""
    if bool(to_window) == bool(to_category):
        raise CounterError(tr("请选择转到哪个窗口，或转到哪个类别（二选一）"), "target")
    ticket = _at_window(session, ticket_id, window)
    if to_window:
        _check_target_window(session, to_window, window)
    else:
        _check_target_category(session, to_category)
    _move(ticket, _S.WAITING, now)
    ticket.target_window = to_window
    ticket.category_code = to_category or ticket.category_code
    ticket.window_no = ""
    note = f"window:{to_window}" if to_window else f"category:{to_category}"
    store.log(session, EventKind.TRANSFER, now, ticket, window, staff, note)
    return ticket


def mark_print_failed(session: Session, ticket_id: uuid.UUID, now: datetime) -> QueueTicket:
    ticket = store.ticket_row(session, ticket_id)
    if ticket.state == _S.WAITING.value:
        _move(ticket, _S.PRINT_FAILED, now)
    store.log(session, EventKind.PRINT_FAILED, now, ticket, note=ticket.state)
    return ticket


def handed_over(session: Session, ticket_id: uuid.UUID, staff: str, now: datetime) -> QueueTicket:
    ticket = store.ticket_row(session, ticket_id)
    _move(ticket, _S.WAITING, now)  # keeps its place key: it was issued on time
    store.log(session, EventKind.HANDED_OVER, now, ticket, staff=staff)
    return ticket


def cancel(session: Session, ticket_id: uuid.UUID, staff: str, now: datetime) -> QueueTicket:
    ticket = store.ticket_row(session, ticket_id)
    _move(ticket, _S.CANCELLED, now)
    store.log(session, EventKind.CANCEL, now, ticket, staff=staff)
    return ticket


def requeue(
    session: Session, ticket_id: uuid.UUID, staff: str, now: datetime, key: int
) -> QueueTicket:
    """A no-show who comes back late: waiting again, at the end of the queue."""
    ticket = store.ticket_row(session, ticket_id)
    _move(ticket, _S.WAITING, now)
    ticket.place_key, ticket.window_no, ticket.finished_at = key, "", None
    store.log(session, EventKind.REQUEUE, now, ticket, staff=staff)
    return ticket


def set_window_state(
    session: Session, number: str, state: WindowState, staff: str, now: datetime, reason: str = ""
) -> QueueWindow:
    row = store.window_row(session, number, lock=True)
    if state is WindowState.PAUSED and not reason.strip():
        raise CounterError(tr("请填写暂停原因（如：午休、系统故障）"), "reason")
    if state is WindowState.CLOSED and (busy := current_at(session, number)) is not None:
        raise CounterError(tr("请先办结当前的 {t} 号再关窗", t=busy.number))
    kinds = {
        WindowState.OPEN: EventKind.WINDOW_RESUME
        if row.state == WindowState.PAUSED.value
        else EventKind.WINDOW_OPEN,
        WindowState.PAUSED: EventKind.WINDOW_PAUSE,
        WindowState.CLOSED: EventKind.WINDOW_CLOSE,
    }
    row.state, row.pause_reason = state.value, reason.strip()[:80]
    row.staff = "" if state is WindowState.CLOSED else staff
    store.bump(row, now)
    store.log(session, kinds[state], now, None, number, staff, reason.strip())
    return row


_NUMBER = re.compile(r"^([A-Z])(\d{1,5})$")
_TICKET_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def call_by_number(
    session: Session,
    number: str,
    window: str,
    staff: str,
    now: datetime,
    register: bool,
    registered_by: str,
) -> QueueTicket:
    """Call today's ticket ``number`` at ``window`` (the current one there is finished first).

    ``register``: a number this database has not seen is taken in as a ticket (degraded mode,
    where the central issued it)."""
    scanned = _TICKET_ID.search(number)
    if scanned is not None:  # the ticket's QR code (its id, or the progress link with it)
        found = session.get(QueueTicket, uuid.UUID(scanned.group(0)))
        if found is None:
            raise CounterError(
                tr("扫到的号票本机查不到（中心连不上时），请输入号票上的号码，如 A012"), "number"
            )
        number = found.number
    text_ = number.strip().upper().replace(" ", "")
    match = _NUMBER.match(text_)
    if match is None:
        raise CounterError(tr("号码应为一个字母加数字，如 A012"), "number")
    day = store.business_date(now)
    ticket = session.scalars(
        select(QueueTicket).where(QueueTicket.business_date == day, QueueTicket.number == text_)
    ).one_or_none()
    if ticket is None:
        if not register:
            raise CounterError(tr("今天没有 {n} 号", n=text_), "number")
        ticket = _register(session, match.group(1), int(match.group(2)), text_, now, registered_by)
    current = current_at(session, window)
    if current is not None and current.id != ticket.id:
        finish(session, current.id, window, staff, now)
    if ticket.state == _S.CALLED.value and ticket.window_no == window:
        return ticket
    _move(ticket, _S.CALLED, now)
    ticket.window_no, ticket.called_at, ticket.called_by = window, now, staff
    ticket.first_called_at = ticket.first_called_at or now
    ticket.recall_count = 0
    store.log(session, EventKind.CALL, now, ticket, window, staff, note="by_number")
    return ticket


def _register(
    session: Session, prefix: str, seq: int, number: str, now: datetime, registered_by: str
) -> QueueTicket:
    category = session.scalars(
        select(QueueCategory).where(QueueCategory.prefix == prefix, QueueCategory.active)
    ).first()
    if category is None:
        raise CounterError(tr("没有以 {p} 开头的取号类别", p=prefix), "number")
    ticket = QueueTicket(
        business_date=store.business_date(now),
        category_code=category.code,
        seq=seq,
        number=number,
        state=_S.WAITING.value,
        place_key=int(now.timestamp() * 1000),
        issued_at=now,
        issued_by=registered_by,
    )
    session.add(ticket)
    session.flush()
    store.log(session, EventKind.ISSUE, now, ticket, staff=registered_by, note="registered")
    return ticket
