"""When the daily report is due: after the hall's closing time, once a day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

CATCH_UP_DAYS = 7
"""How far back a PC that was off at closing time writes the missed reports."""


def due_daily_report(now: datetime, close_time: time, last_written: date | None) -> date | None:
    """The day whose report should be written now (local ``now``), or None.

    Due once the local clock has passed ``close_time`` on a day not written yet; a PC that
    was off at closing time writes it at its next check that day (not for days before)."""
    if now.time() < close_time:
        return None
    if last_written is not None and last_written >= now.date():
        return None
    return now.date()


def daily_reports_due(
    now: datetime,
    close_time: time,
    last_written: date | None,
    is_workday: Callable[[date], bool] = lambda _day: True,
    back: int = CATCH_UP_DAYS,
) -> tuple[date, ...]:
    """The days whose report should be written now (local ``now``), oldest first.

    The last closed day is today once the clock has passed ``close_time``, else yesterday.
    Due: the working days after ``last_written`` up to the last closed day, at most ``back``
    days back, so a PC that was off at closing time catches up at its next start. Never
    written before: only today, once closed (enabling it writes no old reports)."""
    today = now.date()
    last_closed = today if now.time() >= close_time else today - timedelta(days=1)
    if last_written is None:
        return (today,) if last_closed == today and is_workday(today) else ()
    first = max(last_written + timedelta(days=1), last_closed - timedelta(days=back - 1))
    days = (first + timedelta(days=n) for n in range((last_closed - first).days + 1))
    return tuple(day for day in days if is_workday(day))


def daily_file_stem(day: date) -> str:
    return f"窗口服务统计_{day.isoformat()}"
