"""Print queue: enqueue -> done latency of a 58 mm ticket (stored in SQLite first, sent by the
printer's worker thread) beside the raw ``send_job`` of the same bytes, in the same run."""

from __future__ import annotations

import tempfile
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from benchmarks.common import Timing, report, time_calls
from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.printing.service import PrintService
from counter_app.printing.views import JobView, PrinterInput
from counter_app.printing.worker import RetryPolicy
from db.engine import Database
from printers.escpos import PAPER_58, render_ticket_escpos
from printers.job import print_with_status, send_job
from printers.transports import open_transport
from tests.printers.fakes import FakeSerialPrinter
from tests.printers.samples import TICKET

REPEAT = 60
PAYLOAD = render_ticket_escpos(TICKET, PAPER_58)


class _Done:
    def __init__(self, service: PrintService) -> None:
        self._events: dict[uuid.UUID, threading.Event] = {}
        self._lock = threading.Lock()
        service.on_job_finished(self._finished)

    def _event(self, job_id: uuid.UUID) -> threading.Event:
        with self._lock:
            return self._events.setdefault(job_id, threading.Event())

    def _finished(self, job: JobView) -> None:
        assert job.state == "done", job.last_error
        self._event(job.id).set()

    def wait(self, job_id: uuid.UUID) -> None:
        assert self._event(job_id).wait(10), "job not done"


def _queue_latency(service: PrintService, printer_id: uuid.UUID) -> Callable[[], object]:
    done = _Done(service)

    def one() -> None:
        job = service.enqueue(printer_id, "ticket", "排队号 A001", PAYLOAD)
        done.wait(job.id)

    return one


def _file_cases(service: PrintService, folder: Path) -> tuple[Timing, Timing]:
    url = f"file://{folder / 'queued.bin'}"
    printer = service.add_printer(SYSTEM_ACTOR, PrinterInput("文件打印机", "receipt", url))
    queued = time_calls(_queue_latency(service, printer.id), REPEAT)

    def raw() -> None:
        transport = open_transport(f"file://{folder / 'raw.bin'}")
        send_job(transport, PAYLOAD)
        transport.close()

    return queued, time_calls(raw, REPEAT)


def _pty_cases(service: PrintService) -> tuple[Timing, Timing, Timing]:
    fake = FakeSerialPrinter()
    try:
        url = f"serial://{fake.path}?baud=115200"
        printer = service.add_printer(SYSTEM_ACTOR, PrinterInput("串口小票机", "receipt", url))
        queued = time_calls(_queue_latency(service, printer.id), REPEAT)
        service.stop()  # the worker lets go of the port
        transport = open_transport(url)
        raw = time_calls(lambda: send_job(transport, PAYLOAD), REPEAT)
        status = time_calls(lambda: print_with_status(transport, PAYLOAD), REPEAT)
        transport.close()
    finally:
        fake.close()
    return queued, raw, status


def _commit_floor(database: Database) -> Timing:
    """One minimal durable write transaction (the queue needs three per job)."""
    with database.write() as session:
        session.execute(text("CREATE TABLE IF NOT EXISTS bench_floor (n INTEGER)"))
        session.execute(text("INSERT INTO bench_floor VALUES (0)"))

    def commit() -> None:
        with database.write() as session:
            session.execute(text("UPDATE bench_floor SET n = n + 1"))

    return time_calls(commit, REPEAT)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        services = Services.open(f"sqlite+pysqlite:///{folder / 'bench.db'}")
        service = PrintService(services.db, station="bench", policy=RetryPolicy())
        try:
            file_queued, file_raw = _file_cases(service, folder)
            pty_queued, pty_raw, pty_status = _pty_cases(service)
            commit = _commit_floor(services.db)
        finally:
            service.stop()
            services.close()
    size = f"{len(PAYLOAD)} B ticket"
    three = 3 * commit.p50
    report(f"raw send_job, file printer, {size}", file_raw.p50, file_raw.p50,
           note="open + send_job + fsync + close")  # fmt: skip
    report(f"raw send_job / print_with_status, pty, {size}", pty_raw.p50, pty_status.p50,
           note="print_with_status reads DLE EOT before and after")  # fmt: skip
    report("one durable SQLite write transaction", commit.p50, commit.p50,
           note="WAL, synchronous=FULL, BEGIN IMMEDIATE")  # fmt: skip
    report(f"queue enqueue->done, file printer, {size}", file_queued.p50, three + file_raw.p50,
           note="floor: 3 commits (stored, sending, done) + raw send_job")  # fmt: skip
    report(f"queue enqueue->done, pty printer, {size}", pty_queued.p50, three + pty_status.p50,
           note="floor: 3 commits + raw print_with_status")  # fmt: skip
    report(f"queue enqueue->done p99, pty printer, {size}", pty_queued.p99,
           3 * commit.p99 + pty_status.p99, note="p99 against p99")  # fmt: skip


if __name__ == "__main__":
    main()
