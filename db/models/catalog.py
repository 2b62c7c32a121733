"""The service catalogue: an item and its immutable versions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed
from db.ids import new_uuid7, utc_now


class CatalogItem(Keyed, Base):
    """Identity of a service item; its content lives in versions (a case keeps its version)."""

    __tablename__ = "catalog_item"

    number: Mapped[int] = mapped_column(unique=True)
    current_version: Mapped[int] = mapped_column(default=1)
    retired: Mapped[bool] = mapped_column(default=False, index=True)
    retired_at: Mapped[datetime | None] = mapped_column(default=None)


class CatalogItemVersion(Base):
    """One version of an item's content. Rows are never updated; an edit adds a version."""

    __tablename__ = "catalog_item_version"
    __table_args__ = (UniqueConstraint("item_id", "version", name="uq_catalog_item_version"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    item_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("catalog_item.id"), index=True)
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(80))
    category: Mapped[str] = mapped_column(String(16))
    authority: Mapped[str] = mapped_column(Text, default="")
    applicant_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    materials: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    time_limit_days: Mapped[int | None] = mapped_column(default=None)
    time_limit_note: Mapped[str] = mapped_column(Text, default="")
    fees: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    fee_reductions: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    process: Mapped[str] = mapped_column(Text, default="")
    guide: Mapped[str] = mapped_column(Text, default="")
    rejection_reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    four_eyes: Mapped[bool] = mapped_column(default=False)
    # The notices' law (counter_app/hall/rules/legal.py) and the fields still to confirm.
    legal_kind: Mapped[str] = mapped_column(String(16), default="")
    acceptance_basis: Mapped[str] = mapped_column(Text, default="")
    decision_basis: Mapped[str] = mapped_column(Text, default="")
    handling_note: Mapped[str] = mapped_column(Text, default="")
    to_confirm: Mapped[list[str]] = mapped_column(JSON, default=list)
    changed_by: Mapped[str] = mapped_column(String(32), default="")
    changed_at: Mapped[datetime] = mapped_column(default=utc_now)
    change_note: Mapped[str] = mapped_column(Text, default="")
    # Pinyin of the name (initials, full), computed when the version is saved, so that
    # searching needs no pinyin dictionary at start-up.
    search_initials: Mapped[str] = mapped_column(String(160), default="")
    search_pinyin: Mapped[str] = mapped_column(String(480), default="")
