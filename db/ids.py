"""UUIDv7 keys (RFC 9562) made on the client, and UTC timestamps.

Python 3.11 has no ``uuid.uuid7``; this is the RFC layout: 48-bit Unix milliseconds, version 7,
a 12-bit counter that keeps keys made within one millisecond in order, variant, 62 random bits.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from datetime import UTC, datetime

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def new_uuid7() -> uuid.UUID:
    """A time-ordered UUIDv7, monotonic within this process."""
    global _last_ms, _counter
    with _lock:
        now_ms = time.time_ns() // 1_000_000
        if now_ms <= _last_ms:
            _counter += 1
            if _counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                _last_ms += 1
                _counter = 0
            now_ms = _last_ms
        else:
            _last_ms = now_ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        counter = _counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (now_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
    return uuid.UUID(int=value)


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


_NATURAL = uuid.UUID("6f1d2c1e-6a53-4c2b-9a0e-4b1f7c3d2e10")


def natural_uuid(kind: str, *parts: str) -> uuid.UUID:
    """The same key on every counter for the same real-world thing (an applicant by ID type and
    number): two counters that meet a new applicant while cut off make one row, not two."""
    return uuid.uuid5(_NATURAL, "\x1f".join((kind, *parts)))
