"""The integrity file (诚信档案, standard 6.1.1, 6.4.2): dishonesty records of applicants and of
IP service agencies, with their source document, decision date, period and repair status."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, Keyed


class IntegrityRecord(Keyed, Base):
    __tablename__ = "integrity_record"

    subject_kind: Mapped[str] = mapped_column(String(12))  # applicant | agency
    subject_name: Mapped[str] = mapped_column(String(100))
    subject_code: Mapped[str] = mapped_column(
        String(30), index=True
    )  # ID / credit code, normalised
    category: Mapped[str] = mapped_column(String(24))
    source_doc: Mapped[str] = mapped_column(String(120))
    authority: Mapped[str] = mapped_column(String(100), default="")
    decision_date: Mapped[date] = mapped_column(Date)
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date | None] = mapped_column(Date, default=None)
    repair: Mapped[str] = mapped_column(String(12), default="none")  # none | applied | repaired
    note: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(32), default="")
    source: Mapped[str] = mapped_column(String(12), default="manual")  # manual | import
