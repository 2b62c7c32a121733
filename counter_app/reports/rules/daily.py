"""When the daily report is due: after the hall's closing time, once a day."""

from __future__ import annotations

from datetime import date, datetime, time


def due_daily_report(now: datetime, close_time: time, last_written: date | None) -> date | None:
    """The day whose report should be written now (local ``now``), or None.

    Due once the local clock has passed ``close_time`` on a day not written yet; a PC that
    was off at closing time writes it at its next check that day (not for days before)."""
    if now.time() < close_time:
        return None
    if last_written is not None and last_written >= now.date():
        return None
    return now.date()


def daily_file_stem(day: date) -> str:
    return f"窗口服务统计_{day.isoformat()}"
