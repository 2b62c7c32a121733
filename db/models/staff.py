"""Staff accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed


class Staff(Keyed, Base):
    __tablename__ = "staff"

    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(32))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    # The published list of window staff (R-CAT-2): window, services, optional photo.
    window_no: Mapped[str] = mapped_column(String(16), default="")
    services_text: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=False)
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    # Catalogue item numbers this officer examines (empty: all items).
    examines_items: Mapped[list[int]] = mapped_column(JSON, default=list)
