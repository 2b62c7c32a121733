"""The sync worker: a plain thread that syncs every ``interval`` seconds, at once when asked
(a committed local write asks), and when another counter announces a change (LISTEN on the
central); a second thread keeps that LISTEN connection.
"""

from __future__ import annotations

import logging
import threading
import time

from sqlalchemy.exc import DBAPIError, OperationalError

from counter_app.sync.runlock import SyncBusy
from counter_app.sync.service import SyncService
from db.sync.client import SyncRefused

logger = logging.getLogger(__name__)


class SyncWorker:
    """Syncs in the background: every ``interval`` s, on ``request()``, on a NOTIFY."""

    def __init__(self, service: SyncService, interval: float = 5.0, listen: bool = True) -> None:
        self._service = service
        self._interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, name="sync-worker", daemon=True)]
        if listen:
            self._threads.append(
                threading.Thread(target=self._listen_loop, name="sync-listen", daemon=True)
            )

    def start(self) -> SyncWorker:
        self._service.attach(self)
        for thread in self._threads:
            thread.start()
        return self

    def request(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        self._service.attach(None)
        for thread in self._threads:
            thread.join(timeout)

    def _run(self) -> None:
        backoff = self._interval
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self._service.run_once()
                backoff = self._interval
            except SyncBusy:  # a command-line sync is running: try again after it
                backoff = self._interval
            except (SyncRefused, OperationalError, DBAPIError):
                backoff = min(backoff * 2, 60.0)
            except Exception:
                logger.exception("sync failed")
                backoff = min(backoff * 2, 60.0)
            self._pause(backoff)

    def _pause(self, seconds: float) -> None:
        """Wait ``seconds``, or less: woken, or (online) a local change is waiting to go."""
        end = time.monotonic() + seconds
        while not self._stop.is_set() and time.monotonic() < end:
            if self._wake.wait(min(0.5, max(0.0, end - time.monotonic()))):
                return
            status = self._service.status()
            if status.state == "online" and self._service.refresh_pending().pending > 0:
                return

    def _listen_loop(self) -> None:
        import psycopg

        while not self._stop.is_set():
            engine = self._service.central_engine()
            if engine is None:
                self._stop.wait(self._interval)
                continue
            try:
                url = engine.url.set(drivername="postgresql")
                conninfo = url.render_as_string(hide_password=False)
                me = self._service.client_code
                with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
                    conn.execute("LISTEN counter_sync")
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0, stop_after=1):
                            if note.payload != me:  # our own push needs no pull
                                self._wake.set()
            except Exception as exc:
                logger.info("sync listener: %s", type(exc).__name__)
                self._stop.wait(self._interval)
