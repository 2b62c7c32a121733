"""The period of an improvement report (8.4.2): a month ``2026-11`` or a quarter ``2026-Q4``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from counter_app.core.errors import CounterError
from counter_app.i18n import tr

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
FIRST_YEAR, LAST_YEAR = 2000, 2099
QUARTER_NAMES = ("一", "二", "三", "四")


@dataclass(frozen=True)
class Period:
    """A calendar month or quarter: its key (as stored), its first and last day."""

    key: str
    first: date
    last: date

    @property
    def is_quarter(self) -> bool:
        return "Q" in self.key

    @property
    def label(self) -> str:
        """2026年11月 or 2026年第四季度."""
        if self.is_quarter:
            quarter = (self.first.month - 1) // 3
            return tr("{y}年第{q}季度", y=self.first.year, q=QUARTER_NAMES[quarter])
        return tr("{y}年{m}月", y=self.first.year, m=self.first.month)

    def previous(self) -> Period:
        """The month or quarter before this one."""
        day_before = self.first - timedelta(days=1)
        if self.is_quarter:
            return quarter(day_before.year, (day_before.month - 1) // 3 + 1)
        return month(day_before.year, day_before.month)

    def months(self) -> tuple[Period, ...]:
        """The months of this period (itself for a month)."""
        if not self.is_quarter:
            return (self,)
        return tuple(month(self.first.year, self.first.month + i) for i in range(3))

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last


def _month_end(year: int, number: int) -> date:
    following = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
    return following - timedelta(days=1)


def month(year: int, number: int) -> Period:
    return Period(f"{year:04d}-{number:02d}", date(year, number, 1), _month_end(year, number))


def quarter(year: int, number: int) -> Period:
    first_month = 3 * (number - 1) + 1
    return Period(
        f"{year:04d}-Q{number}",
        date(year, first_month, 1),
        _month_end(year, first_month + 2),
    )


def parse_period(text: str) -> Period:
    """``2026-11`` or ``2026-Q4`` (also ``2026-q4``); anything else is refused on "period"."""
    value = (text or "").strip()
    found = _MONTH.match(value)
    if found and 1 <= int(found[2]) <= 12:
        year = int(found[1])
        if FIRST_YEAR <= year <= LAST_YEAR:
            return month(year, int(found[2]))
    found = _QUARTER.match(value)
    if found and FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
        return quarter(int(found[1]), int(found[2]))
    raise CounterError(
        tr("期间应为月份（如 2026-11）或季度（如 2026-Q4），收到“{t}”", t=value[:20]), "period"
    )


def period_of(day: date, quarterly: bool = False) -> Period:
    """The month (or quarter) ``day`` falls in."""
    if quarterly:
        return quarter(day.year, (day.month - 1) // 3 + 1)
    return month(day.year, day.month)
