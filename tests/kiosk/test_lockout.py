"""The kiosk's 查询 lock: five wrong tries within ten minutes, per kiosk, for fifteen minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from counter_app.kiosk.lockout import LOCK, Lockout

T0 = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_the_fifth_wrong_try_within_ten_minutes_locks_for_fifteen() -> None:
    lock = Lockout()
    for minute in range(4):
        assert lock.wrong("K1", _at(minute * 2)) is None
    assert lock.locked_until("K1", _at(8)) is None and lock.tries_left("K1", _at(8)) == 1
    until = lock.wrong("K1", _at(9))
    assert until == _at(9) + LOCK
    assert lock.locked_until("K1", _at(9 + 14.9)) == until
    assert lock.locked_until("K1", _at(9 + 15)) is None  # expired: a fresh start
    assert lock.tries_left("K1", _at(9 + 15)) == 5


def test_the_window_slides() -> None:
    lock = Lockout()
    for minute in (0, 1, 2, 3):
        lock.wrong("K1", _at(minute))
    # Ten minutes after the first, it no longer counts: the fifth try finds only four.
    assert lock.wrong("K1", _at(10)) is None
    assert lock.tries_left("K1", _at(10)) == 1
    assert lock.wrong("K1", _at(10.5)) is not None


def test_kiosks_are_counted_apart() -> None:
    lock = Lockout()
    for minute in range(4):
        lock.wrong("K1", _at(minute))
        lock.wrong("K2", _at(minute))
    assert lock.wrong("K2", _at(5)) is not None
    assert lock.locked_until("K1", _at(5)) is None
    assert lock.wrong("K1", _at(6)) is not None  # K2's lock did not reset K1's count either
