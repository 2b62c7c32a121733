"""When a pickup window opens and closes: on working days, within the hall's office hours."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from counter_app.hall.rules.working_days import WorkCalendar


def next_open(moment: datetime, calendar: WorkCalendar, opens: time, closes: time) -> datetime:
    """``moment`` itself when the hall is open then (a working day, opens <= t < closes),
    else the next opening: the same day at ``opens`` when it is earlier, or the next working
    day at ``opens``. Minutes only (the notice prints hh:mm)."""
    moment = moment.replace(second=0, microsecond=0)
    day = moment.date()
    if calendar.is_workday(day):
        if moment.timetz().replace(tzinfo=None) < opens:
            return datetime.combine(day, opens, moment.tzinfo)
        if moment.timetz().replace(tzinfo=None) < closes:
            return moment
    return datetime.combine(next_workday(calendar, day), opens, moment.tzinfo)


def last_close(moment: datetime, calendar: WorkCalendar, opens: time, closes: time) -> datetime:
    """The end of a window at ``moment`` as the hall keeps it: ``moment`` itself while open,
    closing time of that working day when later, or closing time of the working day before
    (a night or a day off)."""
    moment = moment.replace(second=0, microsecond=0)
    day, at = moment.date(), moment.timetz().replace(tzinfo=None)
    if calendar.is_workday(day) and at > opens:
        return moment if at <= closes else datetime.combine(day, closes, moment.tzinfo)
    day -= timedelta(days=1)
    while not calendar.is_workday(day):
        day -= timedelta(days=1)
    return datetime.combine(day, closes, moment.tzinfo)


def next_workday(calendar: WorkCalendar, day: date) -> date:
    """The first working day after ``day``."""
    day += timedelta(days=1)
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day


def window_end(
    start: datetime, calendar: WorkCalendar, working_days: int, closes: time
) -> datetime:
    """The last moment to collect: ``working_days`` working days after the opening day, at
    closing time."""
    last = calendar.add_working_days(start.date(), working_days)
    return datetime.combine(last, closes, start.tzinfo)
