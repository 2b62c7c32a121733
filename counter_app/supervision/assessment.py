"""A staff member's assessment for a period, built from the records (SQL aggregates)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counter_app.hall.settings import HallService
from db.engine import Database


class AssessmentService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today
