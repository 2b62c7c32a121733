"""Evaluations (好差评): recording one rating per service from a rating screen, a keypad or the
kiosk; the supervisor's list; third-party surveys imported from CSV/XLSX."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counter_app.hall.settings import HallService
from db.engine import Database


class EvaluationService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today
