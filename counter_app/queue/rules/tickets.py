"""The life of a queue ticket, as a transition table, and the plain views the screens show.

- A ticket is issued ``waiting`` (printed optimistically). A print that fails moves a still
  waiting ticket to ``print_failed``: it is not counted and cannot be called until a member of
  staff confirms the ticket was handed over (back to ``waiting``, keeping its place).
- A window calls a ticket (``called``), may recall it (at most N times), then starts the
  service (``serving``) and finishes it (``done``); a ticket that does not come is ``no_show``.
- ``on_hold``: the applicant steps away (fetch a document); the same window calls it back.
- A transfer (to another window or category) puts the ticket back to ``waiting`` with its
  original place key; there is no separate "transferred" state, the event log records it.
- ``cancelled``: a print-failed ticket nobody came for, or a ticket voided by staff.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from counter_app.core.errors import InvalidTransition
from counter_app.i18n import tr


class TicketState(StrEnum):
    WAITING = "waiting"
    PRINT_FAILED = "print_failed"
    CALLED = "called"
    SERVING = "serving"
    ON_HOLD = "on_hold"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]


_T = TicketState

STATE_LABELS: MappingProxyType[TicketState, str] = MappingProxyType(
    {
        _T.WAITING: tr("等候中"),
        _T.PRINT_FAILED: tr("号票打印失败"),
        _T.CALLED: tr("已叫号"),
        _T.SERVING: tr("办理中"),
        _T.ON_HOLD: tr("暂挂"),
        _T.DONE: tr("已办结"),
        _T.NO_SHOW: tr("过号"),
        _T.CANCELLED: tr("已作废"),
    }
)

TRANSITIONS: MappingProxyType[TicketState, tuple[TicketState, ...]] = MappingProxyType(
    {
        _T.WAITING: (_T.CALLED, _T.PRINT_FAILED, _T.CANCELLED),
        _T.PRINT_FAILED: (_T.WAITING, _T.CANCELLED),
        _T.CALLED: (_T.SERVING, _T.DONE, _T.NO_SHOW, _T.ON_HOLD, _T.WAITING),
        _T.SERVING: (_T.DONE, _T.ON_HOLD, _T.WAITING),
        _T.ON_HOLD: (_T.CALLED, _T.WAITING, _T.NO_SHOW),
        _T.NO_SHOW: (_T.WAITING,),
        _T.DONE: (),
        _T.CANCELLED: (),
    }
)

# States in which a ticket belongs to a window (shown as that window's current ticket).
AT_WINDOW = frozenset({_T.CALLED, _T.SERVING})
TERMINAL = frozenset(s for s, targets in TRANSITIONS.items() if not targets)


def can_transition(current: TicketState, target: TicketState) -> bool:
    return target in TRANSITIONS[current]


def transition(current: TicketState, target: TicketState) -> TicketState:
    """``target`` if allowed, else ``InvalidTransition`` with a message saying what is possible."""
    if can_transition(current, target):
        return target
    if current is target:
        message = tr("号票已经是“{s}”状态", s=current.label)
    else:
        message = tr("号票当前为“{c}”，不能改为“{t}”", c=current.label, t=target.label)
    raise InvalidTransition(message, current=current.value, target=target.value)


class Priority(StrEnum):
    NORMAL = "normal"
    ELDERLY = "elderly"
    DISABLED = "disabled"
    APPOINTMENT = "appointment"

    @property
    def label(self) -> str:
        return PRIORITY_LABELS[self]


PRIORITY_LABELS: MappingProxyType[Priority, str] = MappingProxyType(
    {
        Priority.NORMAL: tr("普通"),
        Priority.ELDERLY: tr("老年人优先"),
        Priority.DISABLED: tr("残疾人优先"),
        Priority.APPOINTMENT: tr("预约"),
    }
)


class WindowState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"

    @property
    def label(self) -> str:
        return {"closed": tr("未开窗"), "open": tr("服务中"), "paused": tr("暂停服务")}[self.value]


class EventKind(StrEnum):
    """One line of the insert-only queue log (times per ticket, window and staff come from it)."""

    ISSUE = "issue"
    CALL = "call"
    RECALL = "recall"
    CALL_BACK = "call_back"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    HOLD = "hold"
    TRANSFER = "transfer"
    PRINT_FAILED = "print_failed"
    HANDED_OVER = "handed_over"
    CANCEL = "cancel"
    REQUEUE = "requeue"
    WINDOW_OPEN = "window_open"
    WINDOW_PAUSE = "window_pause"
    WINDOW_RESUME = "window_resume"
    WINDOW_CLOSE = "window_close"


# Events that the board and the voice announce (a new call or a recall of the same ticket).
ANNOUNCED = frozenset({EventKind.CALL, EventKind.RECALL, EventKind.CALL_BACK})


@dataclass(frozen=True)
class CategoryView:
    code: str
    name: str
    prefix: str
    active: bool = True
    sort_order: int = 0
    daily_limit: int | None = None
    service_minutes: int = 10


@dataclass(frozen=True)
class WindowView:
    number: str
    name: str
    categories: tuple[str, ...]  # category codes, highest priority first
    state: WindowState = WindowState.CLOSED
    pause_reason: str = ""
    staff: str = ""
    led_address: int | None = None
    active: bool = True

    @property
    def label(self) -> str:
        return tr("{n}号窗口", n=self.number)


@dataclass(frozen=True)
class TicketView:
    id: uuid.UUID
    number: str
    category: str
    category_name: str
    priority: Priority
    state: TicketState
    business_date: date
    issued_at: datetime
    window: str = ""
    target_window: str = ""
    recall_count: int = 0
    called_at: datetime | None = None
    service_started_at: datetime | None = None
    finished_at: datetime | None = None


@dataclass(frozen=True)
class WaitEstimate:
    """Minutes, as a range; ``None`` minutes mean no open window serves the category."""

    people_ahead: int
    low: int | None
    high: int | None

    @property
    def known(self) -> bool:
        return self.low is not None and self.high is not None

    @property
    def text(self) -> str:
        if self.low is None or self.high is None:
            return tr("暂无法估计")
        if self.high <= 5:
            return tr("约 5 分钟内")
        return tr("约 {a}-{b} 分钟", a=self.low, b=self.high)


@dataclass(frozen=True)
class IssuedTicket:
    ticket: TicketView
    estimate: WaitEstimate
    print_submitted: bool
    repeated: bool = False  # the same kiosk request again: the ticket issued the first time


@dataclass(frozen=True)
class CallView:
    """One announced call on the board: ``number`` to ``window`` (``seq`` of its log line)."""

    seq: int
    number: str
    window: str
    kind: EventKind
    at: datetime


@dataclass(frozen=True)
class BoardView:
    hall_name: str
    notice: str
    calls: tuple[CallView, ...]  # newest first
    waiting: tuple[tuple[CategoryView, int], ...]
    windows: tuple[WindowView, ...]
    serving: tuple[tuple[str, str], ...]  # (window number, ticket number) now at windows
