"""The barcode/QR scanner is a keyboard wedge: a burst of key presses ending in Enter, far
faster than a hand types. ``WedgeReader`` tells the burst from a person at a keyboard: every
gap under ``GAP_S`` and at least ``MIN_LENGTH`` characters, else the keys are dropped (the
on-screen keyboard is the only keyboard the kiosk's pages accept)."""

from __future__ import annotations

import time
from collections.abc import Callable

GAP_S = 0.06
MIN_LENGTH = 4


class WedgeReader:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._chars: list[str] = []
        self._last = 0.0

    def key(self, text: str, enter: bool) -> str | None:
        """Feed one key press; returns the scanned code when a burst ends with Enter."""
        now = self._clock()
        if self._chars and now - self._last > GAP_S:
            self._chars.clear()  # too slow: a person, not a scanner
        self._last = now
        if enter:
            code = "".join(self._chars)
            self._chars.clear()
            return code if len(code) >= MIN_LENGTH else None
        if text and text.isprintable():
            self._chars.append(text)
        return None
