"""Queue tickets, categories and windows, the per-day number counters and the queue log."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed
from db.ids import utc_now


class QueueCategory(Keyed, Base):
    """A kind of business with its ticket prefix (A 专利, B 商标...)."""

    __tablename__ = "queue_category"

    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(20))
    prefix: Mapped[str] = mapped_column(String(1))
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    daily_limit: Mapped[int | None] = mapped_column(default=None)
    service_minutes: Mapped[int] = mapped_column(default=10)


class QueueWindow(Keyed, Base):
    """A service window: the categories it calls (highest priority first) and its state."""

    __tablename__ = "queue_window"

    number: Mapped[str] = mapped_column(String(3), unique=True)
    name: Mapped[str] = mapped_column(String(40), default="")
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[str] = mapped_column(String(8), default="closed")
    pause_reason: Mapped[str] = mapped_column(String(80), default="")
    staff: Mapped[str] = mapped_column(String(32), default="")
    led_address: Mapped[int | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(default=True)


class QueueCounter(Base):
    """The last number issued per day and prefix (taken with one upsert ... RETURNING).

    Keyed by prefix, not category: a number (A001) is never issued twice on one day, even if
    the administrator moves a prefix to another category during the day."""

    __tablename__ = "queue_counter"

    business_date: Mapped[date] = mapped_column(Date, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(1), primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


class QueueTicket(Keyed, Base):
    """One ticket; history is kept (numbers restart daily, tickets are never deleted)."""

    __tablename__ = "queue_ticket"
    __table_args__ = (
        UniqueConstraint("business_date", "number", name="uq_queue_ticket_day_number"),
        Index(
            "ix_queue_ticket_callable",
            "business_date",
            "state",
            "target_window",
            "category_code",
            "place_key",
            "seq",
        ),
        # A window's current ticket (called or serving): call next, call back, the board.
        Index("ix_queue_ticket_at_window", "window_no", "state", "called_at"),
    )

    business_date: Mapped[date] = mapped_column(Date)
    category_code: Mapped[str] = mapped_column(String(8))  # the queue it waits in now
    seq: Mapped[int]
    number: Mapped[str] = mapped_column(String(12))
    priority: Mapped[str] = mapped_column(String(12), default="normal")
    state: Mapped[str] = mapped_column(String(16), default="waiting")
    place_key: Mapped[int] = mapped_column(BigInteger)
    window_no: Mapped[str] = mapped_column(String(3), default="")
    target_window: Mapped[str] = mapped_column(String(3), default="")
    recall_count: Mapped[int] = mapped_column(default=0)
    issued_at: Mapped[datetime] = mapped_column(default=utc_now)
    first_called_at: Mapped[datetime | None] = mapped_column(default=None)
    called_at: Mapped[datetime | None] = mapped_column(default=None)
    service_started_at: Mapped[datetime | None] = mapped_column(default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)
    called_by: Mapped[str] = mapped_column(String(32), default="")
    issued_by: Mapped[str] = mapped_column(String(32), default="kiosk")
    request_id: Mapped[str | None] = mapped_column(String(64), default=None, unique=True)


class QueueEvent(Base):
    """The insert-only queue log: every issue, call, recall, start, finish, transfer, pause."""

    __tablename__ = "queue_event"
    __table_args__ = (Index("ix_queue_event_day_kind", "business_date", "kind"),)

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utc_now, index=True)
    business_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    number: Mapped[str] = mapped_column(String(12), default="")
    category_code: Mapped[str] = mapped_column(String(8), default="")
    window_no: Mapped[str] = mapped_column(String(3), default="")
    staff: Mapped[str] = mapped_column(String(32), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class QueueVisit(Base):
    """One call of a ticket at a window, derived from the log (db/visits.py): never written by
    the app, recomputed per ticket from ``queue_event``; not synced (each database derives
    its own from its own log)."""

    __tablename__ = "queue_visit"
    __table_args__ = (
        Index("ix_queue_visit_day", "day"),
        Index("ix_queue_visit_ticket", "ticket_id"),
    )

    ticket_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    vno: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[str] = mapped_column(String(12), default="")
    window_no: Mapped[str] = mapped_column(String(3), default="")
    staff: Mapped[str] = mapped_column(String(32), default="")
    category: Mapped[str] = mapped_column(String(8), default="")
    queued_at: Mapped[datetime | None] = mapped_column(default=None)
    called_at: Mapped[datetime | None] = mapped_column(default=None)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    recalls: Mapped[int] = mapped_column(default=0)
    outcome: Mapped[str] = mapped_column(String(12), default="")
    served: Mapped[int] = mapped_column(default=0)
    no_show: Mapped[int] = mapped_column(default=0)
    wait_s: Mapped[float | None] = mapped_column(default=None)
    service_s: Mapped[float | None] = mapped_column(default=None)
    walk_s: Mapped[float | None] = mapped_column(default=None)


class QueueVisitDirty(Base):
    """Tickets whose log changed since their visits were last computed (set by a trigger)."""

    __tablename__ = "queue_visit_dirty"

    ticket_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
