"""The print queue: printers of this PC and a queue that never loses a job.

Every job is stored with its rendered bytes before it is sent; one worker thread per printer
sends them in order (``printing_worker``). Listeners registered with ``on_job_finished`` are
called, on a worker thread, with every job that reached a final state (done, failed,
cancelled): the queue area uses it to learn that a ticket did not print. Listeners must be
quick and thread-safe (a Qt listener should emit a signal).

Workers start on the first use of the queue (or ``start()``); at start, jobs a crashed run
left "sending" become failed (never silently done) and stale queued jobs too.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.i18n import tr
from counter_app.printing import config as config
from counter_app.printing.pool import WorkerPool
from counter_app.printing.status import printer_states, status_line
from counter_app.printing.store import JobStore, NewJob, add_job, load_job, set_final
from counter_app.printing.views import (
    ROLE_LABELS,
    JobState,
    JobView,
    PrinterInput,
    PrinterRole,
    PrinterStateView,
    PrinterView,
    job_view,
    printer_view,
)
from counter_app.printing.worker import RetryPolicy
from db.engine import Database
from db.models.printing import Printer

logger = logging.getLogger(__name__)

JobListener = Callable[[JobView], None]
SYSTEM = "system"


def by_name(actor: Actor | None) -> str:
    return actor.username if actor is not None else SYSTEM


class PrintQueue:
    """Printers of this PC and their job queue (the documents are in ``PrintService``)."""

    def __init__(
        self,
        database: Database,
        station: str | None = None,
        policy: RetryPolicy | None = None,
        pdf_folder: Path | None = None,
    ) -> None:
        self._db = database
        self.station = station or config.this_station()
        self.policy = policy or RetryPolicy()
        self._pdf_folder = pdf_folder
        self._store = JobStore(database, self.station)
        self._pool = WorkerPool(self._store, self.policy, self._dispatch)
        self._listeners: list[JobListener] = []
        self._lock = threading.Lock()
        self._start_lock = threading.RLock()
        self._started = False

    # -- life cycle -----------------------------------------------------------------------

    def start(self) -> list[JobView]:
        """Recover after a crash and start the workers (once); the jobs recovered as failed."""
        with self._start_lock:
            if self._started:
                return []
            stale = datetime.now().astimezone() - self.policy.auto_retry_window
            recovered = self._store.recover(stale)
            self._sync_workers()
            self._started = True
        for job in recovered:
            logger.warning("print job %s recovered as failed (%s)", job.id, job.last_error)
            self._dispatch(job)
        return recovered

    def stop(self) -> None:
        """Stop the workers (a job being sent is left "sending" and recovered at next start)."""
        with self._start_lock:
            self._started = False
            self._pool.stop_all()

    def _sync_workers(self) -> None:
        printers = self.printers()
        since = datetime.now().astimezone() - self.policy.auto_retry_window
        faulted = frozenset(
            p.id
            for p in printers
            if p.enabled and self._store.has_auto_retry(p.id, since, self.policy.max_attempts)
        )
        self._pool.sync(printers, faulted)

    # -- listeners ------------------------------------------------------------------------

    def on_job_finished(self, listener: JobListener) -> Callable[[], None]:
        """Call ``listener(job)`` for every job that reaches done, failed or cancelled.

        Called on a worker thread after the state was committed. Returns a function that
        removes the listener.
        """
        with self._lock:
            self._listeners.append(listener)

        def remove() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return remove

    def _dispatch(self, job: JobView) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(job)
            except Exception:
                logger.exception("print job listener failed for job %s", job.id)

    def wait_for(self, job_id: uuid.UUID, timeout: float) -> JobView:
        """Block until the job reached a final state or ``timeout`` passed; the job as it is."""
        finished = threading.Event()
        remove = self.on_job_finished(lambda job: finished.set() if job.id == job_id else None)
        try:
            if not self._store.get(job_id).is_final:
                finished.wait(timeout)
        finally:
            remove()
        return self._store.get(job_id)

    # -- printers -------------------------------------------------------------------------

    def printers(self) -> list[PrinterView]:
        """The printers attached to this PC, by role and name."""
        with self._db.read() as session:
            return config.station_printers(session, self.station)

    def printer(self, printer_id: uuid.UUID) -> PrinterView:
        with self._db.read() as session:
            return printer_view(config.load_printer(session, printer_id))

    def add_printer(self, actor: Actor, data: PrinterInput) -> PrinterView:
        require(actor, Role.ADMINISTRATOR)
        checked = config.checked_input(data)
        with self._db.write() as session:
            row = Printer(station=self.station)
            config.apply_input(session, row, checked)
            session.add(row)
            session.flush()
            view = printer_view(row)
            audit.record(
                session,
                actor.username,
                "printer_add",
                "printer",
                str(row.id),
                None,
                config.snapshot(view),
            )
        self._after_settings_change()
        return view

    def update_printer(
        self, actor: Actor, printer_id: uuid.UUID, data: PrinterInput
    ) -> PrinterView:
        require(actor, Role.ADMINISTRATOR)
        checked = config.checked_input(data)
        with self._db.write() as session:
            row = config.load_printer(session, printer_id)
            before = config.snapshot(printer_view(row))
            config.apply_input(session, row, checked)
            row.row_version += 1
            session.flush()
            view = printer_view(row)
            audit.record(
                session,
                actor.username,
                "printer_edit",
                "printer",
                str(row.id),
                before,
                config.snapshot(view),
            )
        self._after_settings_change()
        return view

    def remove_printer(self, actor: Actor, printer_id: uuid.UUID) -> None:
        """Take a printer off this PC (its past jobs stay listed)."""
        require(actor, Role.ADMINISTRATOR)
        with self._db.write() as session:
            row = config.load_printer(session, printer_id)
            row.deleted, row.enabled = True, False
            before = config.snapshot(printer_view(row))
            audit.record(session, actor.username, "printer_remove", "printer", str(row.id), before)
        self._after_settings_change()

    def _after_settings_change(self) -> None:
        if self._started:
            self._sync_workers()

    def printer_for(self, role: PrinterRole, printer_id: uuid.UUID | None = None) -> PrinterView:
        """The given printer, or the first enabled one of ``role``; a CounterError if none."""
        if printer_id is not None:
            return self.printer(printer_id)
        for printer in self.printers():
            if printer.role == role and printer.enabled:
                return printer
        label = ROLE_LABELS.get(role, role)
        raise CounterError(tr("本机没有可用的{r}，请在“管理 → 打印机”中添加或启用", r=label))

    # -- the queue ------------------------------------------------------------------------

    def enqueue(
        self,
        printer_id: uuid.UUID,
        kind: str,
        description: str,
        payload: bytes,
        *,
        actor: Actor | None = None,
        case_id: uuid.UUID | None = None,
        ticket_id: uuid.UUID | None = None,
    ) -> JobView:
        """Store a rendered job for a printer of this PC, then wake its worker."""
        printer = self.printer(printer_id)
        if not printer.enabled:
            raise CounterError(tr("打印机“{n}”已停用，请在“管理 → 打印机”中启用", n=printer.name))
        if not payload:
            raise CounterError(tr("打印内容为空，未加入打印队列"))
        job = NewJob(
            printer.id,
            printer.name,
            printer.url,
            kind,
            description,
            payload,
            by_name(actor),
            case_id,
            ticket_id,
        )
        view = self._store.insert(job)
        self._kick(printer)
        return view

    def _kick(self, printer: PrinterView, force: bool = False) -> None:
        self.start()
        self._pool.ensure(printer)
        self._pool.wake(printer.id, force)

    def retry(self, actor: Actor, job_id: uuid.UUID) -> JobView:
        """Send a failed job again (same job, same place in its printer's order)."""
        with self._db.write() as session:
            row = load_job(session, job_id)
            if row.state != JobState.FAILED:
                raise CounterError(tr("只有失败的任务可以重试；其他任务请用“补打”"))
            if row.printer_id is None:
                raise CounterError(tr("这是对未保存地址的测试打印，请重新测试"))
            row.state, row.finished_at = JobState.QUEUED.value, None
            session.flush()
            view, printer_id = job_view(row), row.printer_id
            audit.record(session, actor.username, "print_retry", "print_job", str(job_id))
        self._kick(self.printer(printer_id), force=True)
        return view

    def reprint(self, actor: Actor, job_id: uuid.UUID) -> JobView:
        """A new job with the same bytes as a past job, marked as its reprint."""
        with self._db.write() as session:
            old = load_job(session, job_id)
            if old.printer_id is None:
                raise CounterError(tr("这是对未保存地址的测试打印，请重新测试"))
            printer = printer_view(config.load_printer(session, old.printer_id))
            if not printer.enabled:
                raise CounterError(
                    tr("打印机“{n}”已停用，请在“管理 → 打印机”中启用", n=printer.name)
                )
            job = NewJob(
                printer.id,
                printer.name,
                printer.url,
                old.kind,
                tr("补打：{d}", d=old.description.removeprefix(tr("补打："))),
                bytes(old.payload),
                actor.username,
                old.case_id,
                old.ticket_id,
                old.reprint_of or old.id,
            )
            row = add_job(session, self.station, job, JobState.QUEUED)
            view = job_view(row)
            after = {"reprint_of": str(job_id), "description": old.description}
            audit.record(
                session, actor.username, "print_reprint", "print_job", str(row.id), None, after
            )
        self._kick(printer)
        return view

    def cancel(self, actor: Actor, job_id: uuid.UUID) -> JobView:
        """Give up a queued or failed job (it stays listed as cancelled)."""
        with self._db.write() as session:
            row = load_job(session, job_id)
            if row.state not in (JobState.QUEUED, JobState.FAILED):
                raise CounterError(tr("只能取消排队中或失败的任务"))
            set_final(row, JobState.CANCELLED, row.last_error)
            session.flush()
            view = job_view(row)
            audit.record(session, actor.username, "print_cancel", "print_job", str(job_id))
        self._dispatch(view)
        return view

    def jobs(
        self,
        *,
        state: str | None = None,
        printer_id: uuid.UUID | None = None,
        ticket_id: uuid.UUID | None = None,
        case_id: uuid.UUID | None = None,
        limit: int = 200,
    ) -> list[JobView]:
        """This PC's jobs, newest first (without their bytes)."""
        return self._store.list(
            state=state, printer_id=printer_id, ticket_id=ticket_id, case_id=case_id, limit=limit
        )

    def job(self, job_id: uuid.UUID) -> JobView:
        return self._store.get(job_id)

    def job_payload(self, job_id: uuid.UUID) -> bytes:
        return self._store.payload(job_id)

    def printer_states(self) -> list[PrinterStateView]:
        """Each printer of this PC with its health and job counts (starts the workers)."""
        self.start()
        since = datetime.now().astimezone() - timedelta(hours=12)
        return printer_states(self.printers(), self._store.counts(since), self._pool.health)

    def status_line(self) -> str:
        """One line for the status bar, e.g. "票据打印机：正常  面单打印机：缺纸"."""
        return status_line(self.printer_states())
