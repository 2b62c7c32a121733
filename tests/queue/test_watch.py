"""The board learns of a call within a second; a lost database shows and is caught up."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from counter_app.queue.watch import QueueWatcher
from tests.queue.conftest import CLERK, Hall, open_hall
from tests.support.pgserver import PgServer


class Events:
    def __init__(self) -> None:
        self.changes = 0
        self.health: list[bool] = []
        self._cond = threading.Condition()

    def changed(self) -> None:
        with self._cond:
            self.changes += 1
            self._cond.notify_all()

    def healthy(self, ok: bool) -> None:
        with self._cond:
            self.health.append(ok)
            self._cond.notify_all()

    def wait(self, predicate: Callable[[], bool], timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(predicate, timeout)


def _call_is_seen_within_a_second(hall: Hall) -> None:
    events = Events()
    watcher = QueueWatcher(
        hall.services.db, events.changed, events.healthy, poll_interval=0.1, fallback_interval=5
    ).start()
    try:
        assert events.wait(lambda: events.changes >= 1, 5)
        hall.queue.issue("A")
        hall.queue.open_window(CLERK, "1")
        time.sleep(0.3)
        before = events.changes
        started = time.monotonic()
        hall.queue.call_next(CLERK, "1")
        assert events.wait(lambda: events.changes > before, 1.0)
        assert time.monotonic() - started < 1.0
        assert events.health == [True]
    finally:
        watcher.stop()


def test_sqlite_polling_sees_a_call(hall: Hall) -> None:
    _call_is_seen_within_a_second(hall)


def test_postgres_notify_sees_a_call(queue_pg_url: str) -> None:
    hall = open_hall(queue_pg_url)
    try:
        _call_is_seen_within_a_second(hall)
    finally:
        hall.services.close()


def test_a_lost_server_is_reported_and_caught_up() -> None:
    server = PgServer().start()
    try:
        hall = open_hall(server.create_database("watch"))
        events = Events()
        watcher = QueueWatcher(
            hall.services.db, events.changed, events.healthy, fallback_interval=0.5
        ).start()
        assert events.wait(lambda: events.health == [True], 5)
        server.stop("immediate")
        assert events.wait(lambda: events.health[-1:] == [False], 5)
        server.restart()
        before = events.changes
        assert events.wait(lambda: events.health[-1:] == [True], 10)
        assert events.wait(lambda: events.changes > before, 5)
        hall.queue.issue("A")  # the pool reconnects too (pre-ping)
        watcher.stop()
        hall.services.close()
    finally:
        server.destroy()
