"""Periodic satisfaction surveys (5.1.8): questions set by a supervisor, answers, results per
period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counter_app.hall.settings import HallService
from db.engine import Database


class SurveyService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today
