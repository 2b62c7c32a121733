"""Applicants, cases, their items, materials, history, pauses, payments and documents."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed
from db.ids import new_uuid7, utc_now


class Applicant(Keyed, Base):
    """A natural person or an organisation; found again by its ID or credit code."""

    __tablename__ = "applicant"
    __table_args__ = (UniqueConstraint("id_type", "id_number", name="uq_applicant_id"),)

    kind: Mapped[str] = mapped_column(String(16))  # person | organisation
    name: Mapped[str] = mapped_column(String(100), index=True)
    id_type: Mapped[str] = mapped_column(String(32))
    id_number: Mapped[str] = mapped_column(String(32), index=True)
    phone: Mapped[str] = mapped_column(String(24), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    postal_code: Mapped[str] = mapped_column(String(8), default="")
    legal_representative: Mapped[str] = mapped_column(String(50), default="")
    contact_name: Mapped[str] = mapped_column(String(50), default="")


class Case(Keyed, Base):
    __tablename__ = "cases"  # "case" is an SQL keyword

    number: Mapped[str] = mapped_column(String(40), unique=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    applicant_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("applicant.id"), index=True)
    agent: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    received_at: Mapped[datetime] = mapped_column(default=utc_now)
    received_by: Mapped[str] = mapped_column(String(32))
    counter_code: Mapped[str] = mapped_column(String(8))
    time_limit_days: Mapped[int | None] = mapped_column(default=None)
    promised_on: Mapped[date | None] = mapped_column(Date, default=None, index=True)
    supplement_deadline: Mapped[date | None] = mapped_column(Date, default=None)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    draft_key: Mapped[str] = mapped_column(String(40), unique=True)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    result: Mapped[str] = mapped_column(Text, default="")  # e.g. the registration number
    external_authority: Mapped[str] = mapped_column(String(80), default="")


class CaseItem(Base):
    """An item of the catalogue as it was (its version) when the case was received."""

    __tablename__ = "case_item"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("catalog_item.id"))
    item_version: Mapped[int]
    item_number: Mapped[int]
    item_name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(default=0)


class CaseMaterial(Base):
    __tablename__ = "case_material"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    requirement: Mapped[str] = mapped_column(Text, default="")
    original_required: Mapped[bool] = mapped_column(default=False)
    copies_required: Mapped[int] = mapped_column(default=1)
    received: Mapped[bool] = mapped_column(default=False)
    received_copies: Mapped[int] = mapped_column(default=0)
    received_original: Mapped[bool] = mapped_column(default=False)
    extra: Mapped[bool] = mapped_column(default=False)  # typed in at the window
    for_items: Mapped[list[int]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    received_at: Mapped[datetime | None] = mapped_column(default=None)


class CaseEvent(Base):
    """The case history: every step, who, when. Insert-only."""

    __tablename__ = "case_event"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str] = mapped_column(String(32), default="")
    to_status: Mapped[str] = mapped_column(String(32), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


class CasePause(Base):
    """A stretch during which the deadline clock stands still (waiting for the applicant)."""

    __tablename__ = "case_pause"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    start_on: Mapped[date] = mapped_column(Date)
    end_on: Mapped[date | None] = mapped_column(Date, default=None)


class Payment(Base):
    """A fee paid at the window. Insert-only; a mistake is voided by a later row."""

    __tablename__ = "payment"
    __table_args__ = (Index("ix_payment_day_counter", "business_date", "counter_code"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    receipt_number: Mapped[str] = mapped_column(String(40), unique=True)
    payer: Mapped[str] = mapped_column(String(100))
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    channel: Mapped[str] = mapped_column(String(16))
    transaction_ref: Mapped[str] = mapped_column(String(64), default="")
    paid_at: Mapped[datetime] = mapped_column(default=utc_now)
    business_date: Mapped[date] = mapped_column(Date)
    counter_code: Mapped[str] = mapped_column(String(8))
    cashier: Mapped[str] = mapped_column(String(32))
    voids_id: Mapped[uuid.UUID | None] = mapped_column(default=None)


class DocumentIssue(Base):
    """A document printed or saved for a case (reprints are marked)."""

    __tablename__ = "document_issue"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    doc_number: Mapped[str] = mapped_column(String(48))
    issued_at: Mapped[datetime] = mapped_column(default=utc_now)
    issued_by: Mapped[str] = mapped_column(String(32))
    reprint: Mapped[bool] = mapped_column(default=False)


class DailyCounter(Base):
    """Per counter, day and kind: the last number handed out (cases, receipts)."""

    __tablename__ = "daily_counter"

    counter_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    business_date: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


class HolidayOverride(Base):
    """An administrator's word on a date the holiday library does not know (or gets wrong)."""

    __tablename__ = "holiday_override"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool]
    note: Mapped[str] = mapped_column(String(80), default="")


class HolidayYear(Base):
    """A year whose holidays the administrator has entered completely."""

    __tablename__ = "holiday_year"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    complete: Mapped[bool] = mapped_column(default=True)


class Bundle(Keyed, Base):
    """A ready-made "一件事" scenario: several catalogue items received together."""

    __tablename__ = "bundle"

    name: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    item_numbers: Mapped[list[int]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
