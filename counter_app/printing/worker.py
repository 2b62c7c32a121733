"""One plain thread per printer: sends its jobs strictly in order, never on the GUI thread.

A failed job makes the printer "faulted": jobs queued behind it fail at once with the same
message (so nobody waits for a ticket that is not coming), and the worker checks the printer
with a bounded backoff. When the printer answers again, recent failed jobs are queued again
in their original order and sent.
"""

from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from counter_app.i18n import tr
from counter_app.printing.store import JobStore
from counter_app.printing.views import JobState, JobView, PrinterRole, PrinterView
from db.ids import utc_now
from printers.errors import (
    PrinterConfigError,
    PrinterConnectionError,
    PrinterError,
    PrinterStatusError,
)
from printers.job import JobResult, print_with_status, send_job
from printers.status import ISSUES, query_status
from printers.transports import Transport, open_transport, parse_printer_url

logger = logging.getLogger(__name__)

REUSABLE_SCHEMES = frozenset({"serial", "usb", "usbfile", "tcp"})
HEALTH_WORDS = {
    "offline": tr("脱机"),
    "cover_open": tr("开盖"),
    "paper_out": tr("缺纸"),
    "cutter_error": tr("切刀故障"),
    "unrecoverable": tr("故障"),
    "recoverable": tr("故障"),
}
NEAR_END = tr("纸将用完")


@dataclass(frozen=True)
class RetryPolicy:
    """How a printer's worker waits and retries (tests make it fast)."""

    first_backoff: float = 0.5
    max_backoff: float = 8.0
    max_attempts: int = 5
    auto_retry_window: timedelta = timedelta(minutes=15)
    keep_open: float = 10.0  # seconds an idle connection stays open
    status_timeout: float = 0.5
    stop_timeout: float = 3.0


@dataclass(frozen=True)
class Health:
    word: str
    ok: bool
    message: str = ""


HEALTHY = Health(tr("正常"), True)


def health_of(error: PrinterError) -> Health:
    """A word or two for the status bar from a printer error (its full message kept)."""
    for code, word in HEALTH_WORDS.items():
        if ISSUES[code].message in error.message:
            return Health(word, False, error.message)
    if isinstance(error, PrinterConfigError):
        return Health(tr("设置有误"), False, error.message)
    if "没有接收数据" in error.message:
        return Health(tr("无响应"), False, error.message)
    return Health(tr("未连接"), False, error.message)


def _check_file_target(path: str) -> None:
    folder = Path(path).parent
    if not (folder.is_dir() and os.access(folder, os.W_OK)):
        raise PrinterConnectionError(
            tr("无法写入目录 {d}，请检查它是否存在、是否有写权限", d=folder)
        )


class PrinterWorker:
    """The thread of one printer. ``notify`` gets every job that reached a final state."""

    def __init__(
        self,
        printer: PrinterView,
        store: JobStore,
        policy: RetryPolicy,
        notify: Callable[[JobView], None],
    ) -> None:
        self._printer = printer
        self._store, self._policy, self._notify = store, policy, notify
        self._event = threading.Event()
        self._stopping = threading.Event()
        self._force = False
        self._lock = threading.Lock()
        self._pending: PrinterView | None = None
        self._transport: Transport | None = None
        self._faulted = False
        self._backoff = policy.first_backoff
        self.health = HEALTHY
        self.last_status = ""  # the status read back after the last job ("" if none)
        self._thread = threading.Thread(
            target=self._run, name=f"printer-{printer.name}", daemon=True
        )

    @property
    def printer_id(self) -> uuid.UUID:
        return self._printer.id

    def start(self, faulted: bool = False) -> None:
        """Start the thread; ``faulted``: check the printer first (it has failed jobs)."""
        self._faulted = faulted
        self._thread.start()

    def wake(self, force: bool = False) -> None:
        """New work; ``force`` (a retry by the staff) tries to send even while faulted."""
        with self._lock:
            self._force = self._force or force
        self._event.set()

    def update(self, printer: PrinterView) -> None:
        """Use a changed setting from the next job on (the connection is reopened)."""
        with self._lock:
            self._pending = printer
        self.wake(force=True)

    def stop(self) -> None:
        self._stopping.set()
        self._event.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(self._policy.stop_timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._apply_pending()
                self._step_faulted() if self._faulted else self._step_ready()
            except Exception:  # a bug or a database problem: logged, the thread lives on
                logger.exception("printer worker %s", self._printer.name)
                self._close()
                self._stopping.wait(self._policy.max_backoff)
        self._close()

    def _wait(self, timeout: float | None) -> bool:
        woke = self._event.wait(timeout)
        self._event.clear()
        return woke

    def _take_force(self) -> bool:
        with self._lock:
            force, self._force = self._force, False
        return force

    def _apply_pending(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is not None:
            self._close()
            self._printer = pending

    def _step_ready(self) -> None:
        self._take_force()
        claimed = self._store.claim_next(self._printer.id)
        if claimed is None:
            keep = self._policy.keep_open if self._transport is not None else None
            if not self._wait(keep):
                self._close()
            return
        self._send(*claimed)

    def _step_faulted(self) -> None:
        woke = self._wait(self._backoff)
        if self._stopping.is_set():
            return
        if self._take_force():
            self._faulted = False
            return
        checked_at = utc_now()
        problem = self._probe()
        if problem is None:
            self._back_online()
            return
        self.health = health_of(problem)
        self._backoff = min(self._backoff * 2, self._policy.max_backoff)
        if woke:
            self._fail_waiting(problem.message, checked_at)

    def _back_online(self) -> None:
        since = utc_now() - self._policy.auto_retry_window
        count = self._store.requeue_auto(self._printer.id, since, self._policy.max_attempts)
        logger.info("printer %s is back; %d job(s) queued again", self._printer.name, count)
        self._faulted = False
        self.health = HEALTHY

    def _send(self, job: JobView, payload: bytes) -> None:
        started_at = utc_now()
        try:
            result = self._deliver(payload)
        except PrinterError as exc:
            logger.warning("job %s on %s failed: %s", job.id, self._printer.name, exc)
            self._close()
            self._fault(job, exc, started_at)
            return
        self._backoff = self._policy.first_backoff
        self._record_status(result)
        if self._printer_scheme() not in REUSABLE_SCHEMES:
            self._close()
        self._notify(self._store.finish(job.id, JobState.DONE))

    def _record_status(self, result: JobResult) -> None:
        after = result.status_after
        self.last_status = after.summary if after is not None else ""
        warnings = "；".join(result.warnings)
        self.health = Health(NEAR_END, True, warnings) if warnings else HEALTHY

    def _fault(self, job: JobView, error: PrinterError, seen_at: datetime) -> None:
        self._faulted = True
        self.health = health_of(error)
        self._notify(self._store.finish(job.id, JobState.FAILED, error.message))
        self._fail_waiting(error.message, seen_at)

    def _fail_waiting(self, message: str, seen_at: datetime) -> None:
        """Fail the jobs that were waiting when the fault was seen. A job queued after that
        moment (a retry by the staff, who may have just fixed the printer) is left queued:
        its forced wake tries it."""
        text = tr("打印机故障未排除，本任务未发送：{m}", m=message)
        for failed in self._store.fail_queued(self._printer.id, text, seen_at):
            self._notify(failed)

    def _deliver(self, payload: bytes) -> JobResult:
        transport = self._connection()
        timeout = parse_printer_url(self._printer.url).timeout
        if self._printer.role == PrinterRole.RECEIPT:
            wait = self._policy.status_timeout
            return print_with_status(transport, payload, timeout=timeout, status_timeout=wait)
        return send_job(transport, payload, timeout=timeout)

    def _connection(self) -> Transport:
        if self._transport is None:
            self._transport = open_transport(self._printer.url)
        return self._transport

    def _printer_scheme(self) -> str:
        return parse_printer_url(self._printer.url).scheme

    def _probe(self) -> PrinterError | None:
        """None when the printer can be opened (and, for receipts, reports itself ready)."""
        try:
            config = parse_printer_url(self._printer.url)
            if config.scheme == "file":
                _check_file_target(config.path)
                return None
            transport = self._connection()
            if self._printer.role == PrinterRole.RECEIPT:
                status = query_status(transport, self._policy.status_timeout)
                if status is not None and not status.ready:
                    raise PrinterStatusError(tr("不能打印：{s}", s=status.summary))
        except PrinterError as exc:
            self._close()
            return exc
        return None

    def _close(self) -> None:
        transport, self._transport = self._transport, None
        if transport is None:
            return
        try:
            transport.close()
        except PrinterError as exc:
            logger.info("closing %s: %s", self._printer.name, exc)
