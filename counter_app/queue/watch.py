"""Learning of queue changes without Qt: PostgreSQL LISTEN/NOTIFY, SQLite polling.

A ``QueueWatcher`` runs one daemon thread that calls ``on_change()`` after every change it
learns of (and every ``fallback_interval`` seconds anyway, so a lost notification only delays
the board), and ``on_health(False)`` / ``on_health(True)`` when the database goes away and
comes back; after a reconnect it calls ``on_change()`` at once so the board catches up.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy.engine import make_url

from counter_app.queue import board as board_q
from counter_app.queue import store as store
from db.engine import Database

logger = logging.getLogger(__name__)

Health = Callable[[bool], None]


def _ignore(_ok: bool) -> None:
    return None


class QueueWatcher:
    def __init__(
        self,
        database: Database,
        on_change: Callable[[], None],
        on_health: Health = _ignore,
        poll_interval: float = 0.2,
        fallback_interval: float = 2.0,
    ) -> None:
        self._db = database
        self._on_change, self._on_health = on_change, on_health
        self._poll, self._fallback = poll_interval, fallback_interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="queue-watcher", daemon=True)
        self._healthy: bool | None = None

    def start(self) -> QueueWatcher:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _set_health(self, ok: bool) -> None:
        if ok != self._healthy:
            self._healthy = ok
            self._on_health(ok)

    def _run(self) -> None:
        listen = self._db.engine.dialect.name == "postgresql"
        while not self._stop.is_set():
            try:
                self._listen() if listen else self._poll_loop()
            except Exception as exc:  # the database went away: say so, retry
                logger.warning("queue watcher lost the database: %s", exc)
                self._set_health(False)
                self._stop.wait(1.0)

    def _poll_loop(self) -> None:
        marker, last_full = -1, 0.0
        while not self._stop.is_set():
            with self._db.read() as session:
                current = board_q.change_marker(session)
            self._set_health(True)
            now = time.monotonic()
            if current != marker or now - last_full >= self._fallback:
                marker, last_full = current, now
                self._on_change()
            self._stop.wait(self._poll)

    def _listen(self) -> None:
        import psycopg

        url = make_url(self._db.engine.url).set(drivername="postgresql")
        conninfo = url.render_as_string(hide_password=False)
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f"LISTEN {store.CHANNEL}")
            self._set_health(True)
            self._on_change()  # catch up on what happened while we were away
            last = time.monotonic()
            while not self._stop.is_set():
                got = any(True for _ in conn.notifies(timeout=0.5, stop_after=1))
                # Drain what else arrived meanwhile: one refresh for a burst of calls.
                for _note in conn.notifies(timeout=0.0):
                    pass
                if not got:
                    conn.execute("SELECT 1")  # a dead server shows here, not never
                if got or time.monotonic() - last >= self._fallback:
                    last = time.monotonic()
                    self._on_change()
