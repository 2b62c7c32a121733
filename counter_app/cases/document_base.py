"""What every notice of a case shares: the hall's heading, the notice's own number and QR,
the date of issue and the reprint mark."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypedDict

from printers import pdf


class DocumentBase(TypedDict):
    hall: pdf.HallInfo
    number: str
    qr_payload: str
    issued_on: date
    reprinted_at: datetime | None
    case_number: str
