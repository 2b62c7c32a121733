"""Limits of the working-day arithmetic, as mutation testing found them unpinned: the ten-year
search horizon (inclusive) and the messages of the refusals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from counter_app.hall.rules.working_days import Pause, WorkCalendar, library_years

START = date(2026, 11, 27)
HORIZON = timedelta(days=3660)


def test_a_working_day_exactly_at_the_horizon_is_found() -> None:
    only = START + HORIZON
    calendar = WorkCalendar(source=lambda day: day == only)
    assert calendar.add_working_days(START, 1) == only


def test_no_working_day_within_the_horizon_is_refused() -> None:
    calendar = WorkCalendar(source=lambda day: day == START + HORIZON + timedelta(days=1))
    with pytest.raises(ValueError, match=r"^no 1 working days within ten years after 2026-11-27$"):
        calendar.add_working_days(START, 1)


def test_refusals_say_what_was_wrong() -> None:
    with pytest.raises(ValueError, match=r"^days must not be negative, got -1$"):
        WorkCalendar().add_working_days(START, -1)
    with pytest.raises(
        ValueError, match=r"^pause ends \(2026-11-26\) before it starts \(2026-11-27\)$"
    ):
        Pause(START, START - timedelta(days=1))


def test_a_year_with_holidays_but_no_make_up_days_is_known(monkeypatch: pytest.MonkeyPatch) -> None:
    """A year counts as known when the library has any data for it (holidays or make-up
    working days), not only when it has both."""
    import chinese_calendar

    monkeypatch.setattr(
        chinese_calendar, "holidays", {**chinese_calendar.holidays, date(2099, 1, 1): "元旦"}
    )
    assert 2099 in library_years()
