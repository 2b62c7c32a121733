"""Wrong tries at the kiosk's 查询 page: five within ten minutes lock the page for fifteen.

Counted per kiosk (device), in the kiosk's own process: one kiosk's right answer or lock never
touches another's count. The lock (15 min) outlasts the counting window (10 min), so when it
ends the tries that caused it have slid out of the window and the kiosk starts afresh.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

MAX_WRONG = 5
WINDOW = timedelta(minutes=10)
LOCK = timedelta(minutes=15)


class Lockout:
    def __init__(
        self, max_wrong: int = MAX_WRONG, window: timedelta = WINDOW, lock: timedelta = LOCK
    ) -> None:
        self.max_wrong, self.window, self.lock = max_wrong, window, lock
        self._wrong: dict[str, deque[datetime]] = {}
        self._until: dict[str, datetime] = {}

    def locked_until(self, device: str, now: datetime) -> datetime | None:
        """When the page of ``device`` opens again, or None if it is open now."""
        until = self._until.get(device)
        if until is None or until <= now:
            self._until.pop(device, None)
            return None
        return until

    def wrong(self, device: str, now: datetime) -> datetime | None:
        """Count a wrong try; returns the end of the lock if this try locks the page."""
        tries = self._wrong.setdefault(device, deque())
        tries.append(now)
        while tries and now - tries[0] >= self.window:
            tries.popleft()
        if len(tries) < self.max_wrong:
            return None
        tries.clear()
        self._until[device] = now + self.lock
        return self._until[device]

    def tries_left(self, device: str, now: datetime) -> int:
        tries = self._wrong.get(device, deque())
        return self.max_wrong - sum(1 for t in tries if now - t < self.window)

    def lock_until(self, device: str, until: datetime) -> None:
        """Lock ``device`` until ``until`` (the central said so: its count is the one that
        holds for every screen and script using this kiosk's account)."""
        self._wrong.pop(device, None)
        self._until[device] = until
