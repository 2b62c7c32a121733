"""Working-day arithmetic for promised completion dates (R-REC-5, R-APR-4).

Rules (shared/domain/FACTS.md): deadlines count working days; the day of receipt is not
counted; days inside a pause (waiting for the applicant's supplement, inspection, expert
review) are not counted. Holidays and make-up workdays come from ``chinesecalendar``; the
administrator's override table wins over it. A year the administrator marked complete follows
Monday-Friday on the dates not entered, but only where the library knows nothing: a mark
never overrides the library (issue 16: 2026 marked complete made 1 October a working day). A
date that neither knows is refused, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import chinese_calendar

from counter_app.core.errors import UnknownCalendarYear

_ONE_DAY = timedelta(days=1)
# Guard against an override table (or pauses) that leaves no working day at all.
_MAX_SPAN = timedelta(days=3660)
DUE_SOON_WORKING_DAYS = 2


@dataclass(frozen=True, slots=True)
class Pause:
    """Days ``start`` to ``end`` (both included) on which the deadline clock stands still.

    ``start`` is the day the clock stopped (e.g. the supplement notice was issued); ``end``
    the day it restarts (e.g. the materials arrived; like a day of receipt, it is not counted
    either). For a pause still running, pass ``end=today``.
    """

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"pause ends ({self.end}) before it starts ({self.start})")

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end


def _library_is_workday(day: date) -> bool | None:
    """chinesecalendar's answer, or None when it has no data for the year."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return None


def library_years() -> frozenset[int]:
    """Years the installed chinesecalendar has holiday data for."""
    years = {day.year for day in chinese_calendar.holidays}
    return frozenset(years | {day.year for day in chinese_calendar.workdays})


def library_days(year: int) -> dict[date, bool]:
    """The library's holidays (False) and make-up workdays (True) of ``year``, by date."""
    days = {day: False for day in chinese_calendar.holidays if day.year == year}
    days.update({day: True for day in chinese_calendar.workdays if day.year == year})
    return dict(sorted(days.items()))


def library_note(day: date) -> str:
    """The library's name for the holiday ``day`` belongs to (春节), or ""."""
    try:
        _on, holiday = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return ""
    member = next((h for h in chinese_calendar.Holiday if h.value == holiday), None)
    return str(getattr(member, "chinese", "")) if member is not None else ""


class DayKind(StrEnum):
    """How a date shows on the year calendar."""

    WORKDAY = "workday"  # Monday-Friday, nothing special
    WEEKEND = "weekend"  # Saturday or Sunday, nothing special
    HOLIDAY = "holiday"  # a day off the arrangement names (any weekday)
    MAKEUP = "makeup"  # a working day the arrangement names (调休上班)


def day_kind(day: date, arrangement: Mapping[date, bool]) -> DayKind:
    """``arrangement`` is what the year's notice, the library or the overrides name."""
    named = arrangement.get(day)
    if named is False:
        return DayKind.HOLIDAY
    if named is True and day.weekday() >= 5:
        return DayKind.MAKEUP
    return DayKind.WORKDAY if day.weekday() < 5 else DayKind.WEEKEND


class WorkCalendar:
    """Which days are working days: overrides first, then chinesecalendar, then complete years.

    ``overrides`` maps a date to True (working day) or False (day off); it comes from the
    administrator-editable table. ``complete_years`` are years the administrator has entered
    in full (all holidays and make-up workdays): in such a year a date not in ``overrides``
    that the library does not know either follows the plain Monday-Friday rule; the library's
    answer always comes first. A date in any other year the library does not know raises
    ``UnknownCalendarYear``. ``source`` replaces chinesecalendar (tests only).
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        *,
        complete_years: Iterable[int] = (),
        source: Callable[[date], bool | None] = _library_is_workday,
    ) -> None:
        self._overrides = dict(overrides or {})
        self._complete_years = frozenset(complete_years)
        self._source = source

    def is_workday(self, day: date) -> bool:
        if day in self._overrides:
            return self._overrides[day]
        known = self._source(day)
        if known is None and day.year in self._complete_years:
            return day.weekday() < 5
        if known is None:
            raise UnknownCalendarYear(
                f"{day.year}年的法定节假日和调休安排尚未录入，无法计算{day:%Y-%m-%d}前后的期限。"
                f"请管理员在节假日设置中录入{day.year}年的安排（或升级日历数据）后再试",
                year=day.year,
            )
        return known

    def _counts(self, day: date, pauses: Sequence[Pause]) -> bool:
        return self.is_workday(day) and not any(p.covers(day) for p in pauses)

    def add_working_days(self, start: date, days: int, pauses: Sequence[Pause] = ()) -> date:
        """The date on which the ``days``-th counted working day after ``start`` falls.

        ``start`` (the day of receipt) is not counted; ``days == 0`` returns ``start``.
        """
        if days < 0:
            raise ValueError(f"days must not be negative, got {days}")
        current, counted = start, 0
        while counted < days:
            current += _ONE_DAY
            if current - start > _MAX_SPAN:
                raise ValueError(f"no {days} working days within ten years after {start}")
            if self._counts(current, pauses):
                counted += 1
        return current

    def working_days_between(self, start: date, end: date, pauses: Sequence[Pause] = ()) -> int:
        """Counted working days after ``start`` up to and including ``end`` (0 if end <= start)."""
        count, current = 0, start
        while current < end:
            current += _ONE_DAY
            if self._counts(current, pauses):
                count += 1
        return count

    def due_soon(self, due: date, today: date, within: int = DUE_SOON_WORKING_DAYS) -> bool:
        """Not yet overdue, and at most ``within`` working days left (due today counts)."""
        if is_overdue(due, today):
            return False
        return self.working_days_between(today, due) <= within


def is_overdue(due: date, today: date) -> bool:
    """Past the promised date (the promised day itself is still in time)."""
    return today > due
