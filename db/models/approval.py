"""Decisions on a case (insert-only) and deadline extensions."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.ids import new_uuid7, utc_now


class CaseDecision(Base):
    """Approve, reject, return for correction, forward, or the external authority's answer."""

    __tablename__ = "case_decision"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    repeated_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)  # overridden warning
    result_number: Mapped[str] = mapped_column(String(40), default="")
    document_number: Mapped[str] = mapped_column(String(60), default="")
    authority: Mapped[str] = mapped_column(String(80), default="")
    resubmit_by: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(32))
    decided_at: Mapped[datetime] = mapped_column(default=utc_now, index=True)


class CaseExtension(Base):
    """An extension of the promised date, with its reason and who approved it."""

    __tablename__ = "case_extension"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    working_days: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(32))
    approved_by: Mapped[str] = mapped_column(String(32))
    old_promised_on: Mapped[date | None] = mapped_column(Date, default=None)
    new_promised_on: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime] = mapped_column(default=utc_now)
