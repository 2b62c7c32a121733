"""Printers attached to a PC and the print jobs sent to them.

A job is stored (with its rendered bytes) before anything is sent, so a job is never lost: it
is queued, being sent, done, failed (kept for retry or reprint) or cancelled. ``case_id`` and
``ticket_id`` are plain references (no foreign key) to rows of other areas.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed
from db.ids import new_uuid7, utc_now


class PrinterRole(StrEnum):
    RECEIPT = "receipt"  # 58/80 mm thermal: tickets, receipts, test pages (ESC/POS)
    LABEL = "label"  # mail labels (TSPL or ZPL)
    A4 = "a4"  # office printer for PDF documents


class JobState(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Printer(Keyed, Base):
    """One printer as configured on one PC (``station``)."""

    __tablename__ = "printer"
    __table_args__ = (UniqueConstraint("station", "name", name="uq_printer_station_name"),)

    station: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(String(400))
    paper_mm: Mapped[int] = mapped_column(default=58)
    chinese_font: Mapped[bool] = mapped_column(default=True)
    boots_in_chinese_mode: Mapped[bool] = mapped_column(default=True)
    label_language: Mapped[str] = mapped_column(String(8), default="tspl")
    label_template: Mapped[str] = mapped_column(String(16), default="100x150")
    label_mode: Mapped[str] = mapped_column(String(8), default="bitmap")
    enabled: Mapped[bool] = mapped_column(default=True)


class PrintJob(Base):
    """One document for one printer, stored before it is sent."""

    __tablename__ = "print_job"
    __table_args__ = (Index("ix_print_job_printer_state", "printer_id", "state"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    station: Mapped[str] = mapped_column(String(64), index=True)
    printer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("printer.id"))
    printer_name: Mapped[str] = mapped_column(String(40))
    printer_url: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(24))
    description: Mapped[str] = mapped_column(Text)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(16), default=JobState.QUEUED.value, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    auto_retry: Mapped[bool] = mapped_column(default=True)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(32), default="")
    case_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    reprint_of: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    finished_at: Mapped[datetime | None]
