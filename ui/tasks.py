"""The one background runner: database work off the GUI thread, results back by signal.

Tests inject ``SyncRunner`` so a test sees the result at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from counter_app.core.errors import CounterError
from db.errors import DatabaseProblem

logger = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[Exception], None]


class Runner(Protocol):
    def run(self, work: Callable[[], Any], done: Done, failed: Failed) -> None: ...


class _Relay(QObject):
    sig_done = Signal(object)
    """Emitted (queued to the GUI thread) with the work's result."""
    sig_failed = Signal(object)
    """Emitted (queued to the GUI thread) with the expected error the work raised."""


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work, self._relay = work, relay

    def run(self) -> None:
        try:
            result = self._work()
        except (CounterError, DatabaseProblem) as exc:
            self._relay.sig_failed.emit(exc)
        except Exception as exc:  # a bug: logged with its trace, shown once
            logger.exception("background work failed")
            self._relay.sig_failed.emit(exc)
        else:
            self._relay.sig_done.emit(result)


class ThreadRunner(QObject):
    """One database worker thread: jobs run in order, never on the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()

    def run(self, work: Callable[[], Any], done: Done, failed: Failed) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._relays.discard(relay)
            callback(value)

        relay.sig_done.connect(lambda value: finish(done, value))
        relay.sig_failed.connect(lambda exc: finish(failed, exc))
        self._pool.start(_Job(work, relay))

    def wait(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)

    def idle(self) -> bool:
        """No work queued or running, and every result delivered to the GUI thread."""
        return not self._relays


class SyncRunner:
    """Runs work at once on the calling thread (tests)."""

    def run(self, work: Callable[[], Any], done: Done, failed: Failed) -> None:
        try:
            result = work()
        except Exception as exc:
            failed(exc)
        else:
            done(result)

    def idle(self) -> bool:
        return True
