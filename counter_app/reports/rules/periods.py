"""Report periods: range checks, the previous period of the same length, percent and minutes."""

from __future__ import annotations

from datetime import date, timedelta

from counter_app.core.errors import CounterError
from counter_app.i18n import tr

LONG_RANGE_DAYS = 3 * 366  # beyond three years the screen asks first


class LongRange(CounterError):
    """A range over three years: the UI asks, then runs it with ``allow_long=True``."""

    def __init__(self, days: int) -> None:
        super().__init__(
            tr("所选时段共 {d} 天，超过三年，统计可能较慢；确认后将在后台运行，可随时取消", d=days),
            "range",
        )
        self.days = days


class Cancelled(CounterError):
    """The caller cancelled a long query between two statements."""

    def __init__(self) -> None:
        super().__init__(tr("统计已取消"), "range")


def check_range(start: date, end: date, allow_long: bool = False) -> int:
    """The number of days of ``start``..``end`` (both included), or a CounterError."""
    if end < start:
        raise CounterError(tr("结束日期不能早于开始日期"), "end")
    days = (end - start).days + 1
    if days > LONG_RANGE_DAYS and not allow_long:
        raise LongRange(days)
    return days


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before ``start``..``end``."""
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def rate(part: int, whole: int) -> float | None:
    """``part / whole`` as a fraction (0..1), None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None


def seconds(value: float | None) -> float | None:
    """A duration from SQL, rounded to a tenth of a second (the same on both engines)."""
    return None if value is None else round(float(value), 1)


def minutes(value: float | None) -> float | None:
    return None if value is None else round(value / 60, 1)
