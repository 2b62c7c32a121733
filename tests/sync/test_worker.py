"""The background worker: a change at A shows at B within seconds, the UI never waits."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import text

from counter_app.sync.worker import SyncWorker
from tests.cases.reception.support import form
from tests.sync.checker import assert_converged
from tests.sync.conftest import Hall


def _has_case(hall: Hall, index: int, number: str) -> bool:
    with hall.counters[index].services.db.engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM cases WHERE number = :n"), {"n": number})
        return found.first() is not None


def _wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_a_case_received_at_a_appears_at_b_within_seconds(hall: Hall) -> None:
    a, b = hall.counter("W01"), hall.counter("W02")
    workers = [SyncWorker(c.services.sync, interval=5.0).start() for c in (a, b)]
    try:
        time.sleep(0.5)  # the listeners connect
        started = time.perf_counter()
        case = a.services.reception.receive(a.admin, form(a.services, 1))
        receive_took = time.perf_counter() - started
        assert _wait_until(lambda: _has_case(hall, 1, case.number), timeout=5.0)
        seen_after = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.stop()
    assert receive_took < 1.0  # the window did not wait for the network
    assert seen_after < 5.0, seen_after
    assert a.services.sync.status().state == "online"
    assert_converged(hall.central, *hall.engines())


def test_print_job_records_reach_the_central_but_no_other_counter(hall: Hall) -> None:
    from db.models.printing import Printer, PrintJob

    a, b = hall.counter("W01"), hall.counter("W02")
    with a.services.db.write() as session:
        printer = Printer(station="PC-A", name="受理打印机", role="receipt", url="file:///x")
        session.add(printer)
        session.flush()
        session.add(
            PrintJob(
                station="PC-A",
                printer_id=printer.id,
                printer_name=printer.name,
                printer_url=printer.url,
                kind="notice",
                description="受理通知书",
                payload=b"\x1b@",
            )
        )
    with a.services.db.write() as session:  # it printed: the state travels too
        job = session.query(PrintJob).one()
        job.state, job.attempts = "done", 1
    hall.sync_all()
    with hall.central.connect() as conn:
        row = conn.execute(text("SELECT description, payload, state FROM print_job")).one()
    assert row.state == "done"
    assert row.description == "受理通知书" and bytes(row.payload) == b""  # the record, not bytes
    with b.services.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM print_job")).scalar_one() == 0
    assert_converged(hall.central, *hall.engines())
