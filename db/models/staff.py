"""Staff accounts."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed
from db.ids import new_uuid7, utc_now


class Staff(Keyed, Base):
    __tablename__ = "staff"

    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(32))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    # Unused since the lockout counts the hall's login_event rows (kept: the schema and the
    # sync's local columns name them).
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    # The published list of window staff (R-CAT-2): window, services, optional photo.
    window_no: Mapped[str] = mapped_column(String(16), default="")
    services_text: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=False)
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    # Catalogue item numbers this officer examines (empty: all items).
    examines_items: Mapped[list[int]] = mapped_column(JSON, default=list)


class LoginEvent(Base):
    """A failed login, or a reset (a login that succeeded after failures, an unlock, a new
    password), under a user name that may or may not exist. Shared by the hall, insert-only:
    the lockout counts them wherever they happened (counter_app/hall/lockout.py)."""

    __tablename__ = "login_event"
    __table_args__ = (Index("ix_login_event_username_at", "username", "at"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_uuid7)
    username: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(8))  # failed | reset
    at: Mapped[datetime] = mapped_column(default=utc_now)
    counter: Mapped[str] = mapped_column(String(8), default="")
