"""The hall's queue history for the demo cases, so the supervisor's dashboard has real figures.

``QueueHistory.start`` sets up the queue the demo uses (the default categories if there are
none; a window per demo counter, W03 -> 03, serving every category with its own first, unless
the administrator made that window already), then ``assign`` goes along the case plans day by
day: each working day not in the queue yet is simulated (counter_app/demo/queue_day.py) and
every case of the day is received during the service of a finished ticket at a window (its
counter and staff become that window's; an agent with several matters leaves several cases on
one ticket). A day that has tickets already (a second seeding, or a queue used for real) gets
no new tickets: its new cases are received on its finished tickets. The last day, when it is
today, stops at a moment of opening hours: people still wait and windows are serving.

Tickets and log lines are written with Core executemany, the day's numbers taken from
``queue_counter`` as blocks (upsert, then ``last = last + k``) in the transaction that writes
them, so a kiosk issuing later that day continues after them. On a PC joined to a central the
queue is the hall's, on the central, shared by every window: the demo writes nothing there.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from typing import Any

from sqlalchemy import func, select

from counter_app.audit import trail as audit
from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.demo.driver import insert_rows, page_cache
from counter_app.demo.plan import CasePlan
from counter_app.demo.queue_day import (
    Day,
    DayTicket,
    Desk,
    arrival_times,
    service_seconds,
    share_before,
)
from counter_app.demo.queue_rows import (
    EVENT_COLUMNS,
    TICKET_COLUMNS,
    categories,
    event_row,
    number_day,
    open_windows,
    ticket_row,
    windows,
)
from counter_app.i18n import tr
from counter_app.queue.rules.tickets import Priority, TicketState
from counter_app.reports.visits import refresh_local
from db.ids import new_uuid7
from db.models.queue import QueueEvent, QueueTicket
from db.sync.client import is_enabled

# The category an item's applicant takes a ticket in, by words of the item's name (first hit).
_ITEM_WORDS = (
    ("D", ("纠纷", "投诉", "调解", "民事", "仲裁", "裁决", "维权")),
    ("E", ("咨询", "检索", "申报", "资助")),
    ("A", ("专利",)),
    ("B", ("商标", "地理标志")),
    ("C", ("著作权", "版权", "布图")),
)
OPENING, CLOSING, LUNCH = time(8, 30), time(17, 0), time(11, 45)
LIVE_DEFAULT = time(10, 30)  # today's cutoff when seeding for a date that is not today
LOAD = (0.66, 0.80)  # the share of a day's open hours the windows spend serving
OPEN_S = 8.5 * 3600 - 45 * 60  # a window's open seconds a day, less lunch
OVERHEAD_S = 90  # call, walk to the window and the next call, per ticket
CASE_WORK_S, CONSULT_WORK_S = 540, 400  # about, per ticket, overhead included
FLUSH_LINES = 20_000
PACES = (1.0, 0.9, 1.3, 1.1, 0.95, 1.2)  # the windows' speeds: one is clearly the slowest


@dataclass(frozen=True)
class QueueSeed:
    """What the history wrote (``skipped``: why nothing was, else empty)."""

    tickets: int = 0
    events: int = 0
    days: int = 0
    windows: tuple[str, ...] = ()
    linked: int = 0  # cases received on a ticket
    skipped: str = ""


def _local(day: date, at: time) -> datetime:
    """A wall-clock moment of this PC (the queue's business day is its local date), in UTC."""
    return datetime.combine(day, at).astimezone(UTC)


class QueueHistory:
    @classmethod
    def start(
        cls,
        services: Services,
        seed: int | None,
        days: list[date],
        counters: tuple[str, ...],
        today: date,
        actor: Actor,
    ) -> QueueHistory | None:
        """``None`` on a PC joined to a central: the queue there is the whole hall's."""
        if is_enabled(services.db.engine):
            return None
        return cls(services, seed, days, counters, today, actor)

    def __init__(
        self,
        services: Services,
        seed: int | None,
        days: list[date],
        counters: tuple[str, ...],
        today: date,
        actor: Actor,
    ) -> None:
        self._services, self._days, self._actor = services, days, actor
        self._rng = random.Random(f"queue-{seed}") if seed is not None else random.Random()
        self._cutoff = self._live(days[-1], today)
        self._pending: list[tuple[date, Day]] = []
        self._lines = 0
        self._written = Counter[str]()
        with services.db.write() as session:
            conn = session.connection()
            rows = categories(conn)
            self._prefix = {code: prefix for code, prefix, _ in rows}
            self._minutes = {code: minutes for code, _, minutes in rows}
            self.windows = windows(conn, counters, [code for code, _, _ in rows])
            served = {c for _, cats in self.windows.values() for c in cats}
            self._served = [c for c, _, _ in rows if c in served] or [c for c, _, _ in rows]
            self._taken = set(
                conn.scalars(
                    select(QueueTicket.business_date)
                    .where(QueueTicket.business_date.between(days[0], days[-1]))
                    .distinct()
                )
            )
            after = {"windows": {n: list(cats) for n, (_, cats) in self.windows.items()}}
            audit.record(session, actor.username, "demo_seed", "queue_window", "", after=after)

    @property
    def today_share(self) -> float:
        """How much of the last day's business is done (1.0 unless it is today)."""
        if self._cutoff is None:
            return 1.0
        return share_before(_local(self._days[-1], OPENING), self._cutoff)

    @staticmethod
    def _live(last: date, today: date) -> datetime | None:
        if last != today:
            return None
        at = datetime.now().time() if today == date.today() else LIVE_DEFAULT
        return _local(today, min(max(at, time(9, 45)), time(16, 15)))

    def _category(self, plan: CasePlan) -> str:
        name = plan.items[0].name if plan.items else ""
        for code, words in _ITEM_WORDS:
            if code in self._served and any(w in name for w in words):
                return code
        return self._served[0]

    # -- the days ------------------------------------------------------------------------
    def assign(self, plans: Iterable[CasePlan]) -> Iterator[CasePlan]:
        """The plans again, in order, each received on a ticket of its day where one exists."""
        for index, group in groupby(plans, key=lambda p: p.day):
            day_plans = list(group)
            if self.windows:
                if self._days[index] in self._taken:
                    self._attach(self._days[index], day_plans)
                else:
                    self._simulate(self._days[index], day_plans)
            yield from day_plans
        self.flush()

    def _desks(self, day: date) -> list[Desk]:
        rng, out = self._rng, []
        for k, (number, (counter, cats)) in enumerate(sorted(self.windows.items())):
            lunch = _local(day, LUNCH) + timedelta(minutes=30 * (k % 3))
            opening = _local(day, OPENING) + timedelta(seconds=rng.randint(0, 240))
            pace = PACES[k % len(PACES)]
            out.append(Desk(number, f"demo_{counter.lower()}", cats, opening, lunch, pace))
        return out

    def _simulate(self, day: date, plans: list[CasePlan]) -> None:
        """The day's tickets for a load the windows can carry (about four fifths busy: the
        morning queues, the afternoon flows), its cases on the tickets that leave one."""
        rng, desks, opening = self._rng, self._desks(day), _local(day, OPENING)
        cutoff = self._cutoff if day == self._days[-1] else None
        share = self.today_share if cutoff else 1.0
        budget = rng.uniform(*LOAD) * sum(OPEN_S / d.pace for d in desks)  # seconds of work
        budget *= min(1.0, 0.8 + 0.05 * len(desks))  # a lone window queues longer at one load
        whole = len(plans) / max(0.05, share)  # the day's cases, had it run to closing
        cased = round(min(whole, max(whole / 3, 0.8 * budget / CASE_WORK_S)))
        issued = [("case", at) for at in arrival_times(rng, opening, cased)]
        if cutoff is not None:
            issued = [(k, at) for k, at in issued if at < cutoff]
        groups: list[list[CasePlan]] = [[p] for p in plans[: len(issued)]]
        for plan in plans[len(groups) :]:  # an agent or a firm with several matters
            if not groups:  # nobody has come in yet today: these cases stay off the queue
                break
            rng.choice(groups).append(plan)
        tickets = [self._ticket("case", at, g) for (_, at), g in zip(issued, groups, strict=False)]
        work = sum(t.service_s + OVERHEAD_S for t in tickets) / share
        others = max(round(0.1 * cased), round((budget - work) / CONSULT_WORK_S))
        late = ["consult"] * others + ["no_show"] * round(0.04 * (cased + others))
        rng.shuffle(late)
        more = list(zip(late, arrival_times(rng, opening, len(late)), strict=True))
        if cutoff is not None:  # today: what was issued by now, and a small rush just before
            rush = range(rng.randint(4, 7))
            more = [(k, at) for k, at in more if at < cutoff]
            more += [("consult", cutoff - timedelta(seconds=rng.randint(30, 600))) for _ in rush]
        tickets += [self._ticket(kind, at, None) for kind, at in more]
        sim = Day(rng, tickets, desks, _local(day, CLOSING), cutoff)
        sim.run()
        done = [t for t in sim.tickets if t.state is TicketState.DONE]
        served = [t for t in done if t.kind == "case"] or done
        for t in tickets:  # cases of tickets not finished by the cutoff go to finished ones
            if t.state is not TicketState.DONE and t.plans and served:
                rng.choice(served).plans.extend(t.plans)
        for t in done:
            for j, plan in enumerate(t.plans):
                assert t.started is not None and t.finished is not None
                part = (t.finished - t.started) * (j + 1) / (len(t.plans) + 1)
                self._link(plan, t.id, t.window, t.started + part)
        self._pending.append((day, sim))
        self._lines += len(sim.lines)
        if self._lines >= FLUSH_LINES:
            self.flush()

    def _ticket(self, kind: str, at: datetime, cases: list[CasePlan] | None) -> DayTicket:
        rng = self._rng
        code = self._category(cases[0]) if cases else rng.choice(self._served)
        if kind == "consult" and rng.random() < 0.6:
            code = "E" if "E" in self._served else self._served[-1]
        roll = rng.random()
        priority = Priority.NORMAL
        if roll < 0.08:
            priority = Priority.ELDERLY if roll < 0.04 else Priority.APPOINTMENT
            priority = Priority.DISABLED if roll >= 0.07 else priority
        service = service_seconds(rng, code, len(cases or ()), self._minutes.get(code, 10))
        ticket = DayTicket(new_uuid7(), code, self._prefix[code], priority, at, kind, service)
        ticket.plans.extend(cases or ())
        return ticket

    def _attach(self, day: date, plans: list[CasePlan]) -> None:
        """A day already in the queue: the cases go to its finished tickets at our windows."""
        with self._services.db.read() as session:
            rows = session.execute(
                select(
                    QueueTicket.id,
                    QueueTicket.window_no,
                    func.coalesce(QueueTicket.service_started_at, QueueTicket.called_at),
                    QueueTicket.finished_at,
                ).where(
                    QueueTicket.business_date == day,
                    QueueTicket.state == TicketState.DONE.value,
                    QueueTicket.finished_at.is_not(None),
                    QueueTicket.window_no.in_(list(self.windows)),
                )
            ).all()
        for plan in plans if rows else ():
            tid, window, begin, finished = self._rng.choice(rows)
            assert finished is not None
            begin = begin or finished
            self._link(plan, tid, window, begin + (finished - begin) * self._rng.random())

    def _link(self, plan: CasePlan, ticket_id: Any, window: str, at: datetime) -> None:
        counter = self.windows[window][0]
        plan.counter, plan.staff = counter, f"demo_{counter.lower()}"
        plan.ticket_id, plan.received_at = ticket_id, at
        self._written["linked"] += 1

    # -- writing -------------------------------------------------------------------------
    def flush(self) -> None:
        """Write the simulated days in one transaction, numbered, with one audit row."""
        if not self._pending:
            return
        tickets: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        with self._services.db.write() as session:
            conn = session.connection()
            for day, sim in self._pending:
                number_day(conn, day, sim.tickets)
                rows = [ticket_row(t, day) for t in sim.tickets]
                numbers = {id(t): row[8] for t, row in zip(sim.tickets, rows, strict=True)}
                tickets += rows
                events += [event_row(line, day, numbers) for line in sim.lines]
                if day == self._days[-1] and self._cutoff is not None:
                    open_windows(conn, sim.desks)
            with page_cache(conn):
                insert_rows(conn, QueueTicket.__table__, tickets, TICKET_COLUMNS)
                insert_rows(conn, QueueEvent.__table__, events, EVENT_COLUMNS)
            after: dict[str, Any] = {"tickets": len(tickets), "events": len(events)}
            after |= {"from": self._pending[0][0], "to": self._pending[-1][0]}
            actor = self._actor.username
            audit.record(session, actor, "demo_seed", "queue_ticket", "", after=after)
        refresh_local(self._services.db)  # the reports' visits, derived once here
        self._written["tickets"] += len(tickets)
        self._written["events"] += len(events)
        self._written["days"] += len(self._pending)
        self._pending, self._lines = [], 0

    def result(self) -> QueueSeed:
        w = self._written
        windows = tuple(sorted(self.windows))
        return QueueSeed(w["tickets"], w["events"], w["days"], windows, w["linked"])


def skipped_message() -> str:
    return tr("本机已加入大厅，排队叫号数据在中心数据库（全厅共用），演示不生成叫号记录")
