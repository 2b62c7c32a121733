"""Crash safety: a job the process was sending when it died is failed at the next start, never
silently done; old queued jobs are failed as stale; recent ones are sent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import update

from counter_app.container import Services
from counter_app.printing.service import PrintService
from counter_app.printing.store import RECOVERED_SENDING, RECOVERED_STALE, NewJob
from counter_app.printing.views import JobState, PrinterInput
from db.ids import utc_now
from db.models.printing import PrintJob
from tests.printers.fakes import FakeSerialPrinter
from tests.printers.samples import TICKET
from tests.printing.support import FAST, Finished

ROOT = Path(__file__).resolve().parents[2]
CHILD = textwrap.dedent(
    """
    import sys, time
    from counter_app.core.roles import SYSTEM_ACTOR
    from counter_app.container import Services
    from counter_app.printing.service import PrintService
    from counter_app.printing.views import PrinterInput
    from tests.printers.samples import ACCEPTANCE

    db_url, printer_url = sys.argv[1:]
    service = PrintService(Services.open(db_url).db, station="pc-crash")
    data = PrinterInput("票据打印机", "receipt", printer_url, chinese_font=False)
    service.add_printer(SYSTEM_ACTOR, data)
    job = service.print_acceptance_receipt(ACCEPTANCE)
    while service.job(job.id).state != "sending":
        time.sleep(0.005)
    print(job.id, flush=True)
    time.sleep(60)
    """
)


def _crash_while_sending(sqlite_url: str, printer: FakeSerialPrinter) -> uuid.UUID:
    """A counter process starts a long job on a stalled printer and is killed (-9)."""
    printer.stall.set()
    url = f"serial://{printer.path}?baud=115200&timeout=30"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, sqlite_url, url],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None
        job_id = uuid.UUID(child.stdout.readline().strip())
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    return job_id


def test_a_job_being_sent_when_the_process_died_is_failed_at_start(
    sqlite_url: str, services: Services
) -> None:
    printer = FakeSerialPrinter()
    try:
        job_id = _crash_while_sending(sqlite_url, printer)
        printer.stall.clear()
        service = PrintService(services.db, station="pc-crash", policy=FAST)
        events = Finished(service)
        assert service.job(job_id).state == JobState.SENDING  # as the dead process left it
        recovered = service.start()
        assert [job.id for job in recovered] == [job_id]
        after = service.job(job_id)
        assert after.state == JobState.FAILED and after.last_error == RECOVERED_SENDING
        assert not after.auto_retry and after.finished_at is not None
        assert events.latest(job_id) == after  # the listeners were told
        ticket = service.print_ticket(TICKET, uuid.uuid4())  # the printer works again
        events.wait({ticket.id: JobState.DONE.value})
        assert service.job(job_id).state == JobState.FAILED  # not retried behind our back
        service.stop()
    finally:
        printer.close()


def test_old_queued_jobs_are_failed_as_stale_and_recent_ones_printed(
    services: Services, admin, tmp_path: Path
) -> None:
    first = PrintService(services.db, station="pc-a", policy=FAST)
    out = tmp_path / "out.bin"
    printer = first.add_printer(admin, PrinterInput("票据打印机", "receipt", f"file://{out}"))
    store = first._store
    old, recent = (
        store.insert(NewJob(printer.id, printer.name, printer.url, "ticket", n, n.encode()))
        for n in ("old", "recent")
    )
    with services.db.write() as session:
        an_hour_ago = utc_now() - timedelta(hours=1)
        session.execute(
            update(PrintJob).where(PrintJob.id == old.id).values(created_at=an_hour_ago)
        )
    second = PrintService(services.db, station="pc-a", policy=FAST)
    events = Finished(second)
    assert [job.id for job in second.start()] == [old.id]
    assert second.job(old.id).last_error == RECOVERED_STALE
    events.wait({recent.id: JobState.DONE.value})
    assert out.read_bytes() == b"recent"
    second.stop()
