"""The integrity file: records entered or imported, looked up at reception, every view and
change audited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from db.engine import Database


class IntegrityService:
    def __init__(self, database: Database, today: Callable[[], date]) -> None:
        self._db, self._today = database, today
