"""Local sync bookkeeping (SQLite side): captured changes, the pause flag, parked commands.

``sync_change`` is the outbox. Capture triggers (db/sync/capture.py) append one row per row
changed; the commit that made them stamps them with one ``op_id``: one command per local
transaction. A command leaves the outbox only when the central has answered for it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base
from db.ids import utc_now


class SyncChange(Base):
    __tablename__ = "sync_change"
    __table_args__ = (
        Index(
            "ix_sync_change_unstamped",
            "seq",
            sqlite_where=text("op_id IS NULL"),
            postgresql_where=text("op_id IS NULL"),
        ),
        Index("ix_sync_change_op_id", "op_id"),
    )

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    op_id: Mapped[str | None] = mapped_column(String(36), default=None)
    # Committed outside this program (no command id when it committed): a raw tool on the file.
    outside: Mapped[bool] = mapped_column(default=False, server_default=false())
    tbl: Mapped[str] = mapped_column(String(40))
    pk: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(1))  # i | u | d
    old: Mapped[str | None] = mapped_column(Text, default=None)
    new: Mapped[str | None] = mapped_column(Text, default=None)


class SyncCapture(Base):
    """One row. ``paused`` is 1 until this PC joins a central (a lone counter keeps no outbox),
    and while the sync client writes what it pulled (so that it is not sent back)."""

    __tablename__ = "sync_capture"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    paused: Mapped[int] = mapped_column(default=1)


class SyncParked(Base):
    """A local command the central refused (conflict), as it was sent. The central keeps it
    for the supervisor; this copy survives a central restored from an older backup."""

    __tablename__ = "sync_parked"

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utc_now)
    reason: Mapped[str] = mapped_column(Text)
    command: Mapped[str] = mapped_column(Text)
