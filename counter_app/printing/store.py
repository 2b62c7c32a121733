"""Print jobs in the database: each state change is one short transaction.

Jobs of one printer go out in the order of their keys (UUIDv7, made in order on this PC); a
retried job keeps its key, so it goes out before jobs queued after it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, defer

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.printing.views import JobState, JobView, job_view
from db.engine import Database
from db.ids import utc_now
from db.models.printing import PrintJob

RECOVERED_SENDING = tr(
    "程序在发送途中退出，无法确定是否已打印完整；请核对纸面，需要时点“重试”或“补打”"
)
RECOVERED_STALE = tr("程序退出前未能打印，现已过时；如仍需要请点“重试”或“补打”")


@dataclass(frozen=True)
class NewJob:
    printer_id: uuid.UUID | None
    printer_name: str
    printer_url: str
    kind: str
    description: str
    payload: bytes
    created_by: str = ""
    case_id: uuid.UUID | None = None
    ticket_id: uuid.UUID | None = None
    reprint_of: uuid.UUID | None = None


def load_job(session: Session, job_id: uuid.UUID) -> PrintJob:
    row = session.get(PrintJob, job_id)
    if row is None:
        raise CounterError(tr("找不到该打印任务，请刷新列表"))
    return row


def add_job(session: Session, station: str, job: NewJob, state: JobState) -> PrintJob:
    row = PrintJob(
        station=station,
        printer_id=job.printer_id,
        printer_name=job.printer_name,
        printer_url=job.printer_url,
        kind=job.kind,
        description=job.description,
        payload=job.payload,
        state=state.value,
        attempts=1 if state == JobState.SENDING else 0,
        auto_retry=True,
        last_error="",
        created_by=job.created_by,
        case_id=job.case_id,
        ticket_id=job.ticket_id,
        reprint_of=job.reprint_of,
    )
    session.add(row)
    session.flush()
    return row


def set_final(row: PrintJob, state: JobState, error: str = "") -> None:
    row.state = state.value
    row.last_error = error
    row.finished_at = utc_now()


class JobStore:
    """The job table for the printers of one PC (``station``)."""

    def __init__(self, database: Database, station: str) -> None:
        self._db = database
        self.station = station

    def insert(self, job: NewJob, state: JobState = JobState.QUEUED) -> JobView:
        with self._db.write() as session:
            return job_view(add_job(session, self.station, job, state))

    def claim_next(self, printer_id: uuid.UUID) -> tuple[JobView, bytes] | None:
        """The oldest queued job of the printer, now marked sending (one more attempt)."""
        with self._db.write() as session:
            query = (
                select(PrintJob)
                .where(PrintJob.printer_id == printer_id, PrintJob.state == JobState.QUEUED)
                .order_by(PrintJob.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            row = session.scalars(query).first()
            if row is None:
                return None
            row.state = JobState.SENDING.value
            row.attempts += 1
            session.flush()
            return job_view(row), bytes(row.payload)

    def finish(self, job_id: uuid.UUID, state: JobState, error: str = "") -> JobView:
        with self._db.write() as session:
            row = load_job(session, job_id)
            set_final(row, state, error)
            session.flush()
            return job_view(row)

    def fail_queued(
        self, printer_id: uuid.UUID, message: str, queued_before: datetime
    ) -> list[JobView]:
        """The jobs of a printer known to be down, queued before ``queued_before`` (when the
        fault was seen): failed with ``message``."""
        with self._db.write() as session:
            query = select(PrintJob).where(
                PrintJob.printer_id == printer_id,
                PrintJob.state == JobState.QUEUED,
                PrintJob.updated_at <= queued_before,
            )
            rows = list(session.scalars(query.order_by(PrintJob.id)))
            for row in rows:
                set_final(row, JobState.FAILED, message)
            session.flush()
            return [job_view(row) for row in rows]

    def requeue_auto(self, printer_id: uuid.UUID, since: datetime, max_attempts: int) -> int:
        """Queue again the recent failed jobs of a printer that came back; how many."""
        with self._db.write() as session:
            result = session.execute(
                update(PrintJob)
                .where(
                    PrintJob.printer_id == printer_id,
                    PrintJob.state == JobState.FAILED,
                    PrintJob.auto_retry.is_(True),
                    PrintJob.attempts < max_attempts,
                    PrintJob.updated_at >= since,
                )
                .values(state=JobState.QUEUED.value, finished_at=None, updated_at=utc_now())
                .execution_options(synchronize_session=False)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def has_auto_retry(self, printer_id: uuid.UUID, since: datetime, max_attempts: int) -> bool:
        with self._db.read() as session:
            found = session.scalar(
                select(PrintJob.id).where(
                    PrintJob.printer_id == printer_id,
                    PrintJob.state == JobState.FAILED,
                    PrintJob.auto_retry.is_(True),
                    PrintJob.attempts < max_attempts,
                    PrintJob.updated_at >= since,
                )
            )
            return found is not None

    def recover(self, stale_before: datetime) -> list[JobView]:
        """After a crash: jobs left sending, and old queued ones, become failed (no auto retry)."""
        with self._db.write() as session:
            query = select(PrintJob).where(
                PrintJob.station == self.station,
                (PrintJob.state == JobState.SENDING)
                | ((PrintJob.state == JobState.QUEUED) & (PrintJob.created_at < stale_before)),
            )
            rows = list(session.scalars(query.order_by(PrintJob.id)))
            for row in rows:
                message = RECOVERED_SENDING if row.state == JobState.SENDING else RECOVERED_STALE
                set_final(row, JobState.FAILED, message)
                row.auto_retry = False
            session.flush()
            return [job_view(row) for row in rows]

    def get(self, job_id: uuid.UUID) -> JobView:
        with self._db.read() as session:
            return job_view(load_job(session, job_id))

    def payload(self, job_id: uuid.UUID) -> bytes:
        with self._db.read() as session:
            return bytes(load_job(session, job_id).payload)

    def list(
        self,
        *,
        state: str | None = None,
        printer_id: uuid.UUID | None = None,
        ticket_id: uuid.UUID | None = None,
        case_id: uuid.UUID | None = None,
        limit: int = 200,
    ) -> list[JobView]:
        """This PC's jobs, newest first."""
        query = select(PrintJob, func.length(PrintJob.payload)).options(defer(PrintJob.payload))
        query = query.where(PrintJob.station == self.station)
        for column, value in (
            (PrintJob.state, state),
            (PrintJob.printer_id, printer_id),
            (PrintJob.ticket_id, ticket_id),
            (PrintJob.case_id, case_id),
        ):
            if value is not None:
                query = query.where(column == value)
        query = query.order_by(PrintJob.id.desc()).limit(limit)
        with self._db.read() as session:
            return [job_view(row, int(size or 0)) for row, size in session.execute(query)]

    def counts(self, failed_since: datetime) -> dict[uuid.UUID, dict[str, int]]:
        """Queued, sending and (since ``failed_since``) failed job counts per printer."""
        pending = PrintJob.state.in_([JobState.QUEUED, JobState.SENDING])
        recent_failure = (PrintJob.state == JobState.FAILED) & (PrintJob.updated_at >= failed_since)
        query = (
            select(PrintJob.printer_id, PrintJob.state, func.count())
            .where(PrintJob.station == self.station, PrintJob.printer_id.is_not(None))
            .where(pending | recent_failure)
            .group_by(PrintJob.printer_id, PrintJob.state)
        )
        out: dict[uuid.UUID, dict[str, int]] = {}
        with self._db.read() as session:
            for printer_id, state, count in session.execute(query):
                if printer_id is not None:
                    out.setdefault(printer_id, {})[state] = int(count)
        return out
