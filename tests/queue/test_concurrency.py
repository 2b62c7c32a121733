"""Many windows calling at once on one database: no ticket called twice, none skipped.
Many kiosks issuing at once: no number issued twice, none skipped."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

from sqlalchemy import select

from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.queue.rules.tickets import WindowView
from counter_app.queue.service import QueueService
from db.engine import Database
from db.models.queue import QueueEvent, QueueTicket
from tests.queue.conftest import Clock, open_hall

CALLERS = 6
TICKETS = 120


def _in_threads(count: int, work: Callable[[int], None]) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            start.wait()
            work(index)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


def _caller(url: str, clock: Clock, index: int, got: list[str]) -> None:
    """One window on its own connection, calling until nothing is left for it."""
    database = Database.open(url)
    queue = QueueService(database, clock=clock)
    actor = Actor(f"clerk{index}", "clerk", frozenset({Role.RECEPTION}))
    window = str(10 + index)
    queue.open_window(actor, window)
    empty_in_a_row = 0
    try:
        while empty_in_a_row < 3:  # a locked last ticket may be skipped once: ask again
            ticket = queue.call_next(actor, window)
            if ticket is None:
                empty_in_a_row += 1
                continue
            empty_in_a_row = 0
            got.append(ticket.number)
    finally:
        database.dispose()


def _check_calls(url: str) -> None:
    hall = open_hall(url)
    for i in range(CALLERS):
        hall.queue.save_window(SYSTEM_ACTOR, WindowView(str(10 + i), "", ("A", "B")))
    for i in range(TICKETS):
        hall.queue.issue("AB"[i % 2])
    called: list[list[str]] = [[] for _ in range(CALLERS)]
    _in_threads(CALLERS, lambda i: _caller(url, hall.clock, i, called[i]))
    everything = [n for per_window in called for n in per_window]
    twice = [n for n, c in Counter(everything).items() if c > 1]
    assert twice == []
    assert len(everything) == TICKETS  # none skipped
    assert sum(1 for per_window in called if per_window) > 1  # they really competed
    with hall.services.db.read() as session:
        states = Counter(session.scalars(select(QueueTicket.state)))
        calls = session.scalars(select(QueueEvent.ticket_id).where(QueueEvent.kind == "call"))
        assert max(Counter(calls).values()) == 1
    assert states["waiting"] == 0
    hall.services.close()


def test_concurrent_callers_on_sqlite(queue_sqlite_url: str) -> None:
    _check_calls(queue_sqlite_url)


def test_concurrent_callers_on_postgres(queue_pg_url: str) -> None:
    _check_calls(queue_pg_url)


def _check_issue(url: str) -> None:
    hall = open_hall(url)
    kiosks, each = 5, 20

    def kiosk(index: int) -> None:
        database = Database.open(url)
        queue = QueueService(database, clock=hall.clock)
        try:
            for n in range(each):
                queue.issue("A", request_id=f"k{index}-{n}")
                queue.issue("A", request_id=f"k{index}-{n}")  # a double touch
        finally:
            database.dispose()

    _in_threads(kiosks, kiosk)
    numbers = sorted(t.number for t in hall.queue.tickets())
    assert numbers == [f"A{i:03d}" for i in range(1, kiosks * each + 1)]
    hall.services.close()


def test_concurrent_kiosks_on_sqlite(queue_sqlite_url: str) -> None:
    _check_issue(queue_sqlite_url)


def test_concurrent_kiosks_on_postgres(queue_pg_url: str) -> None:
    _check_issue(queue_pg_url)
