"""Where the queue lives: in a hall, on the central database (one queue for every kiosk,
window and board); when the central is down, on this PC's own database in a degraded mode.

Degraded mode (ARCHITECTURE.md, issue 7 point 9):
- the kiosk issues numbers from this PC's reserved range (``slot`` x 1000 + n: A3001, A3002
  at counter W03), so that no number can be issued twice in the hall (the central's own
  numbers stay below 1000 a day and prefix);
- windows call by the number the applicant shows (typed or scanned): the ticket is looked up
  locally or registered from its number;
- when the central answers again, ``merge()`` sends the degraded tickets and their log lines
  (times kept) to the central, in one transaction, and only then removes them here. Replaying
  a merge is harmless: tickets by id, log lines by (ticket, kind, time).
"""

from __future__ import annotations

import logging
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, Table, delete, select, text
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from db.engine import Database
from db.models.queue import QueueCategory, QueueEvent, QueueTicket, QueueWindow

logger = logging.getLogger(__name__)

RESERVED_BLOCK = 1000
SLOT_KEY = "queue.reserved_slot"
DEGRADED = "应急登记"  # issued_by of a ticket registered from its number at a window
CONNECTION_ERRORS = (OperationalError, InterfaceError)


@dataclass(frozen=True)
class MergeReport:
    tickets: int = 0
    events: int = 0
    matched: int = 0  # numbers called in degraded mode that the central had issued


class QueueRoute:
    """Chooses the queue's database. ``central`` returns the central engine or None (lone PC)."""

    def __init__(
        self, local: Database, central: Callable[[], Engine | None], retry_after: float = 5.0
    ) -> None:
        self.local = local
        self._central_fn = central
        self._central_db: Database | None = None
        self._engine: Engine | None = None
        self._down_since: float | None = None
        self._mirrored = False
        self._slot: int | None = None
        self._retry_after = retry_after
        self._lock = threading.Lock()

    # -- choosing -------------------------------------------------------------------------
    def _central(self) -> Database | None:
        engine = self._central_fn()
        if engine is None:
            return None
        if engine is not self._engine:
            self._engine, self._central_db = engine, Database(engine)
        return self._central_db

    @property
    def hall(self) -> bool:
        return self._central() is not None

    @property
    def degraded(self) -> bool:
        """Only a hall's route ever goes down; cheap enough for a screen's timer."""
        return self._down_since is not None

    def database(self) -> Database:
        central = self._central()
        if central is None:
            return self.local
        if self._down_since is not None and (
            time.monotonic() - self._down_since < self._retry_after or not self.probe()
        ):
            return self.local
        if not self._mirrored:
            try:
                self.mirror()
            except CONNECTION_ERRORS as exc:
                self.went_down(exc)
                return self.local
        return central

    def stale(self) -> None:
        """Windows, categories or this PC's settings changed: read them again when needed."""
        self._mirrored = False
        self._slot = None

    def went_down(self, exc: Exception) -> None:
        logger.warning("queue: central unreachable (%s); degraded mode", type(exc).__name__)
        with self._lock:
            self._down_since = time.monotonic()
        self.slot()  # read now, off the screen's thread: the Queue tab shows it

    def probe(self) -> bool:
        """Is the central back? If so, merge what was done here meanwhile."""
        central = self._central()
        if central is None:
            return False
        try:
            with central.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            self.merge()
        except CONNECTION_ERRORS as exc:
            with self._lock:
                self._down_since = time.monotonic()
            logger.info("queue: central still unreachable (%s)", type(exc).__name__)
            return False
        with self._lock:
            self._down_since = None
        self.mirror()
        return True

    def slot(self) -> int:
        """This PC's block of degraded-mode numbers: the administrator's choice, else the
        digits of the counter code (W03 -> 3: A3001, A3002...), else 1."""
        if self._slot is None:
            self._slot = self._read_slot()
        return self._slot

    def _read_slot(self) -> int:
        with self.local.read() as session:
            rows = session.execute(
                text("SELECT key, value FROM setting WHERE key IN (:a, 'counter_code')"),
                {"a": SLOT_KEY},
            ).all()
            values = {str(key): str(value) for key, value in rows}
        for raw in (values.get(SLOT_KEY, ""), re.sub(r"\D", "", values.get("counter_code", ""))):
            if raw and raw.isdigit() and 0 < int(raw) < 100:
                return int(raw)
        return 1

    # -- keeping the local copy usable ---------------------------------------------------
    def mirror(self) -> None:
        """Copy the hall's categories and windows here, for a degraded mode to work with."""
        central = self._central()
        if central is None:
            return
        with central.read() as session:
            rows = {
                model: [
                    {c.name: getattr(r, c.name) for c in model.__table__.columns}
                    for r in session.scalars(select(model))
                ]
                for model in (QueueCategory, QueueWindow)
            }
        natural = {QueueCategory: "code", QueueWindow: "number"}
        with self.local.write() as session:
            for model, values in rows.items():
                table = model.__table__
                assert isinstance(table, Table)
                key = natural[model]
                for value in values:
                    stmt = sqlite_insert(table).values(**value)
                    stmt = stmt.on_conflict_do_update(
                        index_elements=[key],
                        set_={k: v for k, v in value.items() if k not in ("id", key)},
                    )
                    session.execute(stmt)
        self._mirrored = True

    # -- merging back -------------------------------------------------------------------
    def merge(self) -> MergeReport:
        """Send the tickets and log lines of the degraded mode to the central."""
        central = self._central()
        if central is None:
            return MergeReport()
        with self.local.read() as session:
            tickets = list(session.scalars(select(QueueTicket)))
            events = list(session.scalars(select(QueueEvent).order_by(QueueEvent.seq)))
            session.expunge_all()
        if not tickets and not events:
            return MergeReport()
        matched = 0
        with central.write() as session:
            mapping: dict[uuid.UUID, uuid.UUID] = {}
            for ticket in tickets:
                target = _merge_ticket(session, ticket)
                mapping[ticket.id] = target
                matched += target != ticket.id
            added = 0
            for event in events:
                added += _merge_event(session, event, mapping)
            session.execute(text("SELECT pg_notify('counter_queue', 'merge')"))
        with self.local.write() as session:
            session.execute(delete(QueueEvent).where(QueueEvent.seq.in_([e.seq for e in events])))
            session.execute(delete(QueueTicket).where(QueueTicket.id.in_([t.id for t in tickets])))
        logger.info("queue: merged %d tickets, %d log lines", len(tickets), added)
        return MergeReport(len(tickets), added, matched)


_RANK = {
    "waiting": 0,
    "print_failed": 0,
    "called": 1,
    "on_hold": 2,
    "serving": 3,
    "done": 4,
    "no_show": 4,
    "cancelled": 4,
}
_TICKET_FIELDS = (
    "state", "window_no", "target_window", "recall_count", "first_called_at", "called_at",
    "service_started_at", "finished_at", "called_by",
)  # fmt: skip


def _merge_ticket(session: Session, ticket: QueueTicket) -> uuid.UUID:
    """The central's id for this ticket (inserted, or the central's ticket of that number)."""
    if session.get(QueueTicket, ticket.id) is not None:
        return ticket.id  # merged before (a replay)
    same = session.scalars(
        select(QueueTicket)
        .where(
            QueueTicket.business_date == ticket.business_date, QueueTicket.number == ticket.number
        )
        .with_for_update()
    ).one_or_none()
    if same is None:
        columns = QueueTicket.__table__.columns
        copy = QueueTicket(**{c.name: getattr(ticket, c.name) for c in columns})
        session.add(copy)
        session.flush()
        return ticket.id
    # Issued by the central before it went down, served here by its number: the central's
    # ticket takes the times of the window, if the window got further with it.
    if _RANK.get(ticket.state, 0) > _RANK.get(same.state, 0):
        for field in _TICKET_FIELDS:
            value = getattr(ticket, field)
            if value not in (None, ""):
                setattr(same, field, value)
        same.row_version += 1
        same.updated_at = ticket.updated_at
    return same.id


def _merge_event(session: Session, event: QueueEvent, mapping: dict[uuid.UUID, uuid.UUID]) -> int:
    ticket_id = mapping.get(event.ticket_id, event.ticket_id) if event.ticket_id else None
    if event.note == "registered" and ticket_id != event.ticket_id:
        return 0  # the central issued this ticket itself: no second "issue" line
    exists = session.execute(
        select(QueueEvent.seq).where(
            QueueEvent.ticket_id == ticket_id,
            QueueEvent.kind == event.kind,
            QueueEvent.at == event.at,
        )
    ).first()
    if exists is not None:
        return 0
    columns = QueueEvent.__table__.columns
    values = {c.name: getattr(event, c.name) for c in columns if c.name != "seq"}
    values["ticket_id"] = ticket_id
    session.add(QueueEvent(**values))
    return 1


def degraded_number_seq(slot: int, local_seq: int) -> int:
    """The sequence of a degraded-mode ticket: this PC's block (slot 1: 1001, 1002...)."""
    return slot * RESERVED_BLOCK + local_seq


def now_utc() -> datetime:
    from db.ids import utc_now

    return utc_now()
