"""One demo day of the hall's queue, simulated (no I/O): tickets issued at the kiosk from
opening time with a morning peak, called by the windows in the queue's own order (the
window's categories by rank, then the place key: counter_app/queue/rules/policy.py), walked
to, served and finished; a few recalls and no-shows; each window's lunch pause.

Every ticket keeps its log lines (EventKind) in time order with strictly increasing times, and
the ticket row's columns agree with them as counter_app/queue/actions.py would have set them.
A day cut at ``cutoff`` (today) keeps what had happened by then: tickets still waiting, one
at each open window called or being served, windows open or paused.
"""

from __future__ import annotations

import heapq
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from counter_app.queue.rules.policy import place_key
from counter_app.queue.rules.tickets import EventKind, Priority, TicketState, WindowState

_K = EventKind
# Relative arrivals per half hour from 08:30 to 16:30 (the kiosk's hours): the morning peak,
# a quiet lunch, a smaller afternoon wave.
PROFILE = (0.9, 1.3, 1.5, 1.5, 1.4, 1.2, 0.9, 0.6, 0.5, 0.6, 0.9, 1.1, 1.2, 1.1, 1.0, 0.7)
# Median service seconds per default category (A 专利, B 商标, C 版权, D 维权, E 咨询).
SERVICE_S = {"A": 420, "B": 330, "C": 360, "D": 540, "E": 210}
EXTRA_CASE_S = 60  # each further case received on the same ticket
LUNCH = timedelta(minutes=45)
LUNCH_NOTE = "午休"


@dataclass(eq=False)
class DayTicket:
    """A ticket of the simulated day; ``kind``: case, consult (no case) or no_show."""

    id: uuid.UUID
    category: str
    prefix: str
    priority: Priority
    issued: datetime
    kind: str
    service_s: int
    plans: list[Any] = field(default_factory=list)  # the case plans received on it
    state: TicketState = TicketState.WAITING
    window: str = ""
    staff: str = ""
    recalls: int = 0
    first_called: datetime | None = None
    called: datetime | None = None
    started: datetime | None = None
    finished: datetime | None = None
    seq: int = 0  # the day's number, given when written

    @property
    def key(self) -> int:
        return place_key(self.issued, self.priority)


@dataclass(frozen=True)
class Line:
    """One queue_event row to be: a ticket's (``ticket`` set) or a window's."""

    at: datetime
    kind: EventKind
    ticket: DayTicket | None
    window: str
    staff: str
    note: str = ""


@dataclass
class Desk:
    """A window through the day: when it is next free, its lunch, its state at the cutoff."""

    number: str
    staff: str
    categories: tuple[str, ...]
    free: datetime
    lunch_at: datetime
    pace: float = 1.0  # this window's service times against the category's (staff differ)
    lunch_taken: bool = False
    state: WindowState = WindowState.OPEN
    busy: bool = True  # still taking part in the day's loop


def arrival_times(rng: random.Random, opening: datetime, count: int) -> list[datetime]:
    """``count`` issue times from ``opening`` over eight hours, by ``PROFILE``, sorted."""
    slots = rng.choices(range(len(PROFILE)), PROFILE, k=count)
    return sorted(opening + timedelta(seconds=1800 * s + rng.uniform(0, 1799)) for s in slots)


def share_before(opening: datetime, cutoff: datetime) -> float:
    """The part of a day's tickets issued before ``cutoff`` (by ``PROFILE``)."""
    slots = max(0.0, (cutoff - opening).total_seconds() / 1800)
    whole = min(int(slots), len(PROFILE))
    part = PROFILE[whole] * (slots - whole) if whole < len(PROFILE) else 0.0
    return (sum(PROFILE[:whole]) + part) / sum(PROFILE)


def service_seconds(rng: random.Random, category: str, cases: int, minutes: int) -> int:
    base = SERVICE_S.get(category, minutes * 60 * 0.7)
    value = base * rng.lognormvariate(0, 0.35) + EXTRA_CASE_S * max(0, cases - 1)
    return int(min(3600, max(60, value)))


def _s(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(seconds=rng.randint(low, high))


class Day:
    """The simulation of one day; ``lines`` holds the log in time order after ``run``."""

    def __init__(
        self,
        rng: random.Random,
        tickets: Sequence[DayTicket],
        desks: Sequence[Desk],
        closing: datetime,
        cutoff: datetime | None,
    ) -> None:
        self._rng, self._closing, self._cutoff = rng, closing, cutoff
        self.tickets = sorted(
            (t for t in tickets if cutoff is None or t.issued < cutoff), key=lambda t: t.issued
        )
        self.desks = list(desks)
        self.lines: list[Line] = []
        self._heaps: dict[str, list[tuple[int, int, DayTicket]]] = {}
        self._next = 0

    def _seen(self, at: datetime) -> bool:
        return self._cutoff is None or at < self._cutoff

    def _log(
        self, at: datetime, kind: EventKind, t: DayTicket | None, desk: Desk, note: str = ""
    ) -> bool:
        """Log a line if it happened before the cutoff; False (nothing logged) otherwise."""
        if not self._seen(at):
            return False
        if kind is _K.RECALL and t is not None:
            note = str(t.recalls)  # as actions.recall writes it
        self.lines.append(Line(at, kind, t, desk.number, desk.staff, note))
        return True

    def run(self) -> None:
        rng = self._rng
        for t in self.tickets:
            self.lines.append(Line(t.issued, _K.ISSUE, t, "", "kiosk", t.priority.value))
        for desk in self.desks:
            if not self._log(desk.free, _K.WINDOW_OPEN, None, desk):
                desk.busy, desk.state = False, WindowState.CLOSED
            desk.free += _s(rng, 20, 90)
        while True:
            active = [d for d in self.desks if d.busy]
            if not active:
                break
            desk = min(active, key=lambda d: (d.free, int(d.number)))
            self._step(desk)
        self.lines.sort(key=lambda line: line.at)

    def _arrive(self, until: datetime) -> None:
        while self._next < len(self.tickets) and self.tickets[self._next].issued <= until:
            t = self.tickets[self._next]
            heapq.heappush(self._heaps.setdefault(t.category, []), (t.key, self._next, t))
            self._next += 1

    def _step(self, desk: Desk) -> None:
        rng, now = self._rng, desk.free
        if not self._seen(now):
            desk.busy = False  # the cutoff: open (or paused) and waiting for the next call
            return
        if not desk.lunch_taken and now >= desk.lunch_at and self._next < len(self.tickets):
            desk.lunch_taken = True
            self._log(now, _K.WINDOW_PAUSE, None, desk, LUNCH_NOTE)
            back = now + LUNCH + _s(rng, 0, 300)
            if not self._log(back, _K.WINDOW_RESUME, None, desk):
                desk.busy, desk.state = False, WindowState.PAUSED
            desk.free = back + _s(rng, 5, 30)
            return
        self._arrive(now)
        picked = next((h for c in desk.categories if (h := self._heaps.get(c))), None)
        if picked is None:
            if self._next < len(self.tickets):
                desk.free = max(now, self.tickets[self._next].issued) + _s(rng, 3, 20)
                return
            close = max(self._closing, now) + _s(rng, 30, 240)
            if not self._log(close, _K.WINDOW_CLOSE, None, desk):
                desk.busy = False
                return
            desk.busy, desk.state = False, WindowState.CLOSED
            return
        _key, _index, ticket = heapq.heappop(picked)
        desk.free = self._serve(desk, ticket, now)
        if not self._seen(desk.free):
            desk.busy = False  # still with this ticket at the cutoff

    def _serve(self, desk: Desk, t: DayTicket, at: datetime) -> datetime:
        """Call ``t`` at ``at``; returns when the window is free again."""
        rng = self._rng
        t.window, t.staff, t.state = desk.number, desk.staff, TicketState.CALLED
        t.first_called = t.called = at
        self._log(at, _K.CALL, t, desk)
        recalls = rng.choice((1, 2, 2, 3)) if t.kind == "no_show" else int(rng.random() < 0.06)
        for _ in range(recalls):
            moment = t.called + _s(rng, 35, 60)
            if not self._seen(moment):
                return moment
            t.recalls += 1
            t.called = moment
            self._log(moment, _K.RECALL, t, desk)
        if t.kind == "no_show":
            gone = t.called + _s(rng, 60, 120)
            if self._log(gone, _K.NO_SHOW, t, desk):
                t.state, t.finished = TicketState.NO_SHOW, gone
            return gone + _s(rng, 5, 30)
        start = t.called + _s(rng, 20, 90)
        if not self._log(start, _K.START, t, desk):
            return start
        t.state, t.started = TicketState.SERVING, start
        end = start + timedelta(seconds=round(t.service_s * desk.pace))
        if self._log(end, _K.FINISH, t, desk):
            t.state, t.finished = TicketState.DONE, end
        return end + _s(rng, 5, 60)
