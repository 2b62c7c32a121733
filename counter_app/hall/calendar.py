"""The working-day calendar: chinesecalendar plus the administrator's override table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.rules.working_days import WorkCalendar
from counter_app.i18n import tr
from db.engine import Database
from db.models import HolidayOverride, HolidayYear


def hall_offset() -> timedelta:
    """This PC's offset from UTC now: the hall's local time (China has no summer time), which
    decides the local day of a stored UTC time in reports and assessments."""
    return datetime.now().astimezone().utcoffset() or timedelta(0)


def load_calendar(session: Session) -> WorkCalendar:
    overrides = {row.day: row.is_workday for row in session.scalars(select(HolidayOverride))}
    years = [row.year for row in session.scalars(select(HolidayYear)) if row.complete]
    return WorkCalendar(overrides, complete_years=years)


@dataclass(frozen=True)
class OverrideView:
    day: date
    is_workday: bool
    note: str


class CalendarService:
    def __init__(self, database: Database) -> None:
        self._db = database

    def calendar(self) -> WorkCalendar:
        with self._db.read() as session:
            return load_calendar(session)

    def overrides(self) -> list[OverrideView]:
        with self._db.read() as session:
            rows = session.scalars(select(HolidayOverride).order_by(HolidayOverride.day))
            return [OverrideView(r.day, r.is_workday, r.note) for r in rows]

    def complete_years(self) -> list[int]:
        """Years the administrator marked as entered in full."""
        with self._db.read() as session:
            rows = session.scalars(select(HolidayYear).order_by(HolidayYear.year))
            return [row.year for row in rows if row.complete]

    def set_override(self, actor: Actor, day: date, is_workday: bool, note: str = "") -> None:
        require(actor, Role.ADMINISTRATOR)
        note = note.strip()
        if len(note) > 80:
            raise CounterError(tr("说明最多 80 字"), "note")
        with self._db.write() as session:
            row = session.get(HolidayOverride, day)
            before = None if row is None else {"is_workday": row.is_workday, "note": row.note}
            if row is None:
                session.add(HolidayOverride(day=day, is_workday=is_workday, note=note))
            else:
                row.is_workday, row.note = is_workday, note
            audit.record(
                session,
                actor.username,
                "holiday_override",
                "holiday",
                day.isoformat(),
                before=before,
                after={"is_workday": is_workday, "note": note},
            )

    def mark_year_complete(self, actor: Actor, year: int, complete: bool = True) -> None:
        require(actor, Role.ADMINISTRATOR)
        if not 2000 <= year <= 2100:
            raise CounterError(tr("年份不对"), "year")
        with self._db.write() as session:
            row = session.get(HolidayYear, year)
            if row is None:
                session.add(HolidayYear(year=year, complete=complete))
            else:
                row.complete = complete
            audit.record(
                session,
                actor.username,
                "holiday_year",
                "holiday",
                str(year),
                after={"complete": complete},
            )
