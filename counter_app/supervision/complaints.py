"""The complaints, consultations and suggestions register: registration, assignment,
investigation, result, reply, archive."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counter_app.hall.settings import HallService
from db.engine import Database


class ComplaintService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today
