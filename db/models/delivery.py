"""Delivery of results (送达): window pickup or mail, with the mailing stub kept."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed


class Delivery(Keyed, Base):
    """One delivery of a case's results. Mail: the row is the mailing stub (寄件存根)."""

    __tablename__ = "delivery"
    __table_args__ = (Index("ix_delivery_method_posted", "method", "posted_on"),)

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    method: Mapped[str] = mapped_column(String(8))  # pickup | mail
    state: Mapped[str] = mapped_column(String(16), index=True)
    contents: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # pickup
    pickup_from: Mapped[datetime | None] = mapped_column(default=None)
    pickup_until: Mapped[datetime | None] = mapped_column(default=None)
    pickup_address: Mapped[str] = mapped_column(Text, default="")
    collector: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    collected_at: Mapped[datetime | None] = mapped_column(default=None)
    # mail
    recipient_name: Mapped[str] = mapped_column(String(100), default="")
    mobile: Mapped[str] = mapped_column(String(20), default="")
    province: Mapped[str] = mapped_column(String(20), default="")
    city: Mapped[str] = mapped_column(String(30), default="")
    district: Mapped[str] = mapped_column(String(30), default="")
    address_detail: Mapped[str] = mapped_column(Text, default="")
    postal_code: Mapped[str] = mapped_column(String(8), default="")
    tracking_number: Mapped[str] = mapped_column(String(32), default="", index=True)
    posted_on: Mapped[date | None] = mapped_column(Date, default=None)
    delivered_on: Mapped[date | None] = mapped_column(Date, default=None)
    returned_reason: Mapped[str] = mapped_column(Text, default="")
    counter_code: Mapped[str] = mapped_column(String(8), default="")
    created_by: Mapped[str] = mapped_column(String(32), default="")
