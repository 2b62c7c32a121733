"""Promised dates in working days: holidays, make-up days, pauses, overrides, unknown years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.core.errors import CounterError, UnknownCalendarYear
from counter_app.hall.rules.working_days import Pause, WorkCalendar, is_overdue, library_years

CAL = WorkCalendar()
D = date


def test_published_example_across_spring_festival_2026() -> None:
    assert CAL.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)


def test_make_up_saturday_counts_and_holiday_weekdays_do_not() -> None:
    assert CAL.is_workday(D(2026, 2, 14))  # Saturday make-up day
    assert not CAL.is_workday(D(2026, 2, 16))  # Monday in the holiday
    assert CAL.add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 14)
    assert CAL.add_working_days(D(2026, 2, 12), 3) == D(2026, 2, 24)


def test_day_of_receipt_is_not_counted() -> None:
    assert CAL.add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)  # Monday -> Tuesday
    assert CAL.add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)  # Friday -> Monday
    assert CAL.add_working_days(D(2026, 3, 7), 1) == D(2026, 3, 9)  # received on a Saturday
    assert CAL.add_working_days(D(2026, 3, 2), 0) == D(2026, 3, 2)


def test_negative_days_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        CAL.add_working_days(D(2026, 3, 2), -1)


def test_pause_shifts_the_promised_date_onto_a_make_up_saturday() -> None:
    pause = Pause(D(2026, 2, 13), D(2026, 2, 14))
    assert CAL.add_working_days(D(2026, 2, 12), 5, [pause]) == D(2026, 2, 28)


def test_pause_end_day_is_not_counted_like_a_day_of_receipt() -> None:
    # Supplement notice Tue 3 March, materials arrive Thu 5 March: 3, 4, 5 do not count.
    pause = Pause(D(2026, 3, 3), D(2026, 3, 5))
    assert CAL.add_working_days(D(2026, 3, 2), 1, [pause]) == D(2026, 3, 6)
    assert CAL.working_days_between(D(2026, 3, 2), D(2026, 3, 6), [pause]) == 1


def test_several_pauses_add_up() -> None:
    pauses = [Pause(D(2026, 3, 3), D(2026, 3, 3)), Pause(D(2026, 3, 5), D(2026, 3, 5))]
    assert CAL.add_working_days(D(2026, 3, 2), 3, pauses) == D(2026, 3, 9)


def test_pause_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError):
        Pause(D(2026, 3, 5), D(2026, 3, 4))


def test_override_wins_over_the_library() -> None:
    closed_day = WorkCalendar({D(2026, 2, 24): False})
    assert closed_day.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 27)
    extra_day = WorkCalendar({D(2026, 2, 16): True})
    assert extra_day.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 25)


def test_installed_library_knows_2026() -> None:
    assert {2004, 2025, 2026} <= library_years()


def test_unknown_year_raises_a_clear_error() -> None:
    with pytest.raises(UnknownCalendarYear) as caught:
        CAL.add_working_days(D(2026, 12, 24), 10)
    assert caught.value.year == 2027
    assert "2027年" in caught.value.message and "管理员" in caught.value.message
    assert isinstance(caught.value, CounterError)


def test_unknown_year_is_refused_even_on_a_plain_weekday() -> None:
    with pytest.raises(UnknownCalendarYear):
        CAL.is_workday(D(2030, 6, 4))
    with pytest.raises(UnknownCalendarYear):
        CAL.is_workday(D(2003, 6, 4))


def test_partial_overrides_do_not_make_a_year_known() -> None:
    cal = WorkCalendar({D(2027, 1, 1): False})
    assert cal.is_workday(D(2027, 1, 1)) is False
    with pytest.raises(UnknownCalendarYear):
        cal.is_workday(D(2027, 1, 4))


def test_year_declared_complete_by_the_administrator() -> None:
    overrides = {D(2027, 1, 1): False, D(2027, 1, 2): False, D(2027, 1, 3): False}
    cal = WorkCalendar(overrides, complete_years=[2027])
    assert cal.add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)
    assert cal.is_workday(D(2027, 1, 9)) is False  # plain Saturday


def test_injected_source_replaces_the_library() -> None:
    every_day = WorkCalendar(source=lambda _day: True)
    assert every_day.add_working_days(D(2040, 1, 1), 3) == D(2040, 1, 4)


def test_calendar_without_any_working_day_does_not_loop_forever() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(source=lambda _day: False).add_working_days(D(2026, 1, 1), 1)


def test_working_days_between() -> None:
    assert CAL.working_days_between(D(2026, 2, 12), D(2026, 2, 26)) == 5
    assert CAL.working_days_between(D(2026, 2, 26), D(2026, 2, 12)) == 0
    assert CAL.working_days_between(D(2026, 2, 14), D(2026, 2, 23)) == 0


def test_overdue_and_due_soon() -> None:
    due = D(2026, 2, 26)
    assert not is_overdue(due, D(2026, 2, 26))
    assert is_overdue(due, D(2026, 2, 27))
    assert CAL.due_soon(due, D(2026, 2, 26))  # due today
    assert CAL.due_soon(due, D(2026, 2, 24))  # 2 working days left
    assert not CAL.due_soon(due, D(2026, 2, 14))  # 3 working days left (holiday between)
    assert CAL.due_soon(due, D(2026, 2, 14), within=3)
    assert not CAL.due_soon(due, D(2026, 2, 27))  # overdue, not "soon"


_starts = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 31))


@given(start=_starts, days=st.integers(min_value=0, max_value=40))
def test_between_inverts_add(start: date, days: int) -> None:
    due = CAL.add_working_days(start, days)
    assert CAL.working_days_between(start, due) == days
    if days > 0:
        assert CAL.is_workday(due)
        assert CAL.add_working_days(start, days - 1) < due


@given(
    start=_starts,
    days=st.integers(min_value=1, max_value=30),
    offset=st.integers(min_value=0, max_value=20),
    length=st.integers(min_value=0, max_value=15),
)
def test_pause_never_brings_the_date_forward(
    start: date, days: int, offset: int, length: int
) -> None:
    pause = Pause(start + timedelta(days=offset), start + timedelta(days=offset + length))
    plain = CAL.add_working_days(start, days)
    paused = CAL.add_working_days(start, days, [pause])
    assert paused >= plain
    assert CAL.working_days_between(start, paused, [pause]) == days
    assert not pause.covers(paused)
