"""The set of printer workers of this PC: one per enabled printer, kept in step with settings."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable

from counter_app.printing.store import JobStore
from counter_app.printing.views import JobView, PrinterView
from counter_app.printing.worker import Health, PrinterWorker, RetryPolicy


class WorkerPool:
    def __init__(
        self, store: JobStore, policy: RetryPolicy, notify: Callable[[JobView], None]
    ) -> None:
        self._store, self._policy, self._notify = store, policy, notify
        self._workers: dict[uuid.UUID, PrinterWorker] = {}
        self._settings: dict[uuid.UUID, PrinterView] = {}
        self._lock = threading.Lock()

    def sync(self, printers: Iterable[PrinterView], faulted: frozenset[uuid.UUID]) -> None:
        """Start, update or stop workers so that each enabled printer has exactly one."""
        wanted = {p.id: p for p in printers if p.enabled}
        with self._lock:
            gone = [w for pid, w in self._workers.items() if pid not in wanted]
            for worker in gone:
                del self._workers[worker.printer_id]
            for printer in wanted.values():
                self._ensure(printer, printer.id in faulted)
        for worker in gone:
            worker.stop()

    def _ensure(self, printer: PrinterView, faulted: bool) -> None:
        worker = self._workers.get(printer.id)
        if worker is None:
            worker = PrinterWorker(printer, self._store, self._policy, self._notify)
            self._workers[printer.id] = worker
            self._settings[printer.id] = printer
            worker.start(faulted)
        elif self._settings.get(printer.id) != printer:
            self._settings[printer.id] = printer
            worker.update(printer)

    def ensure(self, printer: PrinterView) -> None:
        with self._lock:
            self._ensure(printer, False)

    def wake(self, printer_id: uuid.UUID, force: bool = False) -> None:
        with self._lock:
            worker = self._workers.get(printer_id)
        if worker is not None:
            worker.wake(force)

    def health(self, printer_id: uuid.UUID) -> Health | None:
        with self._lock:
            worker = self._workers.get(printer_id)
        return None if worker is None else worker.health

    def last_status(self, printer_id: uuid.UUID) -> str:
        with self._lock:
            worker = self._workers.get(printer_id)
        return "" if worker is None else worker.last_status

    def stop_all(self) -> None:
        with self._lock:
            workers = list(self._workers.values())
            self._workers.clear()
            self._settings.clear()
        for worker in workers:
            worker.stop()
