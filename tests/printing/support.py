"""Helpers for the print-queue tests: a fast retry policy, a job-event recorder, a re-pluggable
serial port (a symlink, like /dev/serial/by-id/..., re-pointed at a new pseudo-terminal)."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from counter_app.printing.service import PrintService
from counter_app.printing.views import JobView
from counter_app.printing.worker import RetryPolicy
from tests.printers.fakes import FakeSerialPrinter

FAST = RetryPolicy(
    first_backoff=0.02,
    max_backoff=0.2,
    max_attempts=5,
    auto_retry_window=timedelta(minutes=15),
    keep_open=5.0,
    status_timeout=0.3,
    stop_timeout=3.0,
)
QUERY = b"\x10\x04\x01\x10\x04\x02\x10\x04\x03\x10\x04\x04"  # DLE EOT 1..4 as sent
PAPER_OUT = b"\x12\x32\x12\x72"  # stopped at paper end; paper sensor: out
WAIT = 10.0


def on_the_wire(*payloads: bytes) -> bytes:
    """What a receipt printer receives for these jobs: status asked before and after each."""
    return b"".join(QUERY + payload + QUERY for payload in payloads)


class Finished:
    """Records every job the service reports as finished; waits on a condition, not a sleep."""

    def __init__(self, service: PrintService) -> None:
        self.jobs: list[JobView] = []
        self._cond = threading.Condition()
        self.remove = service.on_job_finished(self._add)

    def _add(self, job: JobView) -> None:
        with self._cond:
            self.jobs.append(job)
            self._cond.notify_all()

    def latest(self, job_id: uuid.UUID) -> JobView | None:
        with self._cond:
            found = [job for job in self.jobs if job.id == job_id]
        return found[-1] if found else None

    def wait(self, expected: dict[uuid.UUID, str], timeout: float = WAIT) -> list[JobView]:
        """Until each job's latest reported state is the expected one; those views."""

        def reached() -> bool:
            return all(
                (job := self.latest(job_id)) is not None and job.state == state
                for job_id, state in expected.items()
            )

        with self._cond:
            ok = self._cond.wait_for(reached, timeout)
        seen = [(j.id, j.state, j.last_error) for j in self.jobs]
        assert ok, f"jobs did not reach {expected}: {seen}"
        return [view for job_id in expected if (view := self.latest(job_id)) is not None]

    def wait_until(self, check: Callable[[], bool], timeout: float = WAIT) -> None:
        with self._cond:
            assert self._cond.wait_for(check, timeout), "condition not reached"


class ReplugPort:
    """A stable port path whose printer can be unplugged and plugged in again."""

    def __init__(self, folder: Path) -> None:
        self.link = folder / "ttyUSB-printer"
        self.printer: FakeSerialPrinter | None = None
        self._all: list[FakeSerialPrinter] = []

    @property
    def url(self) -> str:
        return f"serial://{self.link}?baud=115200&timeout=2"

    def plug(self, **options: object) -> FakeSerialPrinter:
        printer = FakeSerialPrinter(**options)  # type: ignore[arg-type]
        temporary = self.link.with_suffix(".new")
        os.symlink(printer.path, temporary)
        os.replace(temporary, self.link)
        self.printer = printer
        self._all.append(printer)
        return printer

    def close(self) -> None:
        for printer in self._all:
            printer.close()
