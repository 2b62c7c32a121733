"""The working-day calendar: chinesecalendar plus the administrator's override table.

A year the library does not know is entered by the administrator, day by day or by pasting the
State Council's notice, and marked complete once its Spring Festival and National Day are in
and the year was confirmed on a calendar (管理 → 节假日, counter-admin calendar). A notice for
a year the library knows only checks it; the notice wins only when the administrator says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.rules.holiday_notice import (
    HolidayNotice,
    missing_core_holidays,
    parse_notice,
)
from counter_app.hall.rules.working_days import (
    DayKind,
    WorkCalendar,
    day_kind,
    library_days,
    library_note,
    library_years,
)
from counter_app.i18n import tr
from db.engine import Database
from db.models import HolidayOverride, HolidayYear


def hall_offset() -> timedelta:
    """This PC's offset from UTC now: the hall's local time (China has no summer time), which
    decides the local day of a stored UTC time in reports and assessments."""
    return datetime.now().astimezone().utcoffset() or timedelta(0)


def load_calendar(session: Session) -> WorkCalendar:
    # plain rows, not ORM objects: every reception and deadline reads the calendar
    rows = session.execute(select(HolidayOverride.day, HolidayOverride.is_workday))
    overrides = {day: is_workday for day, is_workday in rows}
    years = list(session.scalars(select(HolidayYear.year).where(HolidayYear.complete)))
    return WorkCalendar(overrides, complete_years=years)


@dataclass(frozen=True)
class OverrideView:
    day: date
    is_workday: bool
    note: str


@dataclass(frozen=True)
class YearPlan:
    """A year as the confirmation calendar shows it: the days its arrangement names."""

    year: int
    days: dict[date, bool]  # True: working day, False: day off
    notes: dict[date, str]
    library_known: bool
    missing: tuple[str, ...] = ()  # core holidays not given off (unknown years only)
    changed: frozenset[date] = field(default_factory=frozenset)  # days a save would change

    def kind(self, day: date) -> DayKind:
        return day_kind(day, self.days)


@dataclass(frozen=True)
class NoticeDifference:
    """A day the notice and today's calendar (library or overrides) disagree on."""

    day: date
    notice_workday: bool
    current_workday: bool
    note: str


@dataclass(frozen=True)
class NoticePreview:
    notice: HolidayNotice
    plan: YearPlan  # the year as it will be once saved
    differences: tuple[NoticeDifference, ...]
    changes: dict[date, bool]  # overrides a save writes

    @property
    def agrees(self) -> bool:
        """A library year whose notice says what the library says: nothing to save."""
        return self.plan.library_known and not self.changes


@dataclass(frozen=True)
class NoticeImport:
    year: int
    saved: int  # overrides written
    marked_complete: bool


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

    def year_plan(self, year: int) -> YearPlan:
        """``year`` as it stands: the library's days, then the overrides."""
        with self._db.read() as session:
            return _plan(session, year, {}, {})

    def preview_notice(self, text: str) -> NoticePreview:
        """Read a pasted notice and compare it with today's calendar; nothing is saved."""
        notice = parse_notice(text)
        with self._db.read() as session:
            return _preview(session, notice)

    def import_notice(
        self, actor: Actor, text: str, *, accept_differences: bool = False
    ) -> NoticeImport:
        """Save what the notice says: for a year the library does not know, every day and the
        year marked complete; for a library year, only the days it differs on, and only with
        ``accept_differences`` (the notice wins). Each day written is audited."""
        require(actor, Role.ADMINISTRATOR)
        notice = parse_notice(text)
        with self._db.write() as session:
            preview = _preview(session, notice)
            if preview.differences and not accept_differences:
                raise CounterError(
                    tr(
                        "通知与当前日历有 {n} 天不一致（如 {d}），请核对后确认以通知为准",
                        n=len(preview.differences),
                        d=preview.differences[0].day.isoformat(),
                    ),
                    "notice",
                )
            if preview.plan.missing:
                raise CounterError(_missing_message(notice.year, preview.plan.missing), "notice")
            notes = notice.notes()
            for day, is_workday in preview.changes.items():
                _put(session, actor, "holiday_import", day, is_workday, notes.get(day, ""))
            complete = not preview.plan.library_known
            if complete:
                _mark(session, actor, notice.year, True)
            return NoticeImport(notice.year, len(preview.changes), complete)

    def set_override(self, actor: Actor, day: date, is_workday: bool, note: str = "") -> None:
        require(actor, Role.ADMINISTRATOR)
        note = note.strip()
        if len(note) > 80:
            raise CounterError(tr("说明最多 80 字"), "note")
        with self._db.write() as session:
            _put(session, actor, "holiday_override", day, is_workday, note)

    def mark_year_complete(self, actor: Actor, year: int, complete: bool = True) -> None:
        """Mark ``year`` as entered in full (its other dates then follow Monday-Friday), after
        the administrator confirmed it on the year's calendar (``year_plan``). Refused for a
        year the library knows and for one without its Spring Festival and National Day."""
        require(actor, Role.ADMINISTRATOR)
        if not 2000 <= year <= 2100:
            raise CounterError(tr("年份不对"), "year")
        with self._db.write() as session:
            if complete:
                plan = _plan(session, year, {}, {})
                if plan.library_known:
                    raise CounterError(
                        tr("节假日库已包含 {y} 年的安排，以节假日库为准，无需标记完整录入", y=year),
                        "year",
                    )
                if plan.missing:
                    raise CounterError(_missing_message(year, plan.missing), "year")
            _mark(session, actor, year, complete)


def _missing_message(year: int, missing: tuple[str, ...]) -> str:
    return tr(
        "{y} 年还未录入{m}的放假日期，至少录入春节和国庆节后才能标记完整录入",
        y=year,
        m="、".join(missing),
    )


def _plan(
    session: Session, year: int, pending: Mapping[date, bool], notes: Mapping[date, str]
) -> YearPlan:
    known = year in library_years()
    days = library_days(year) if known else {}
    all_notes = {day: library_note(day) for day in days}
    rows = session.scalars(
        select(HolidayOverride).where(
            HolidayOverride.day >= date(year, 1, 1), HolidayOverride.day <= date(year, 12, 31)
        )
    )
    for row in rows:
        days[row.day], all_notes[row.day] = row.is_workday, row.note
    days.update(pending)
    all_notes.update(notes)
    missing = () if known else tuple(missing_core_holidays(year, days))
    return YearPlan(year, dict(sorted(days.items())), all_notes, known, missing, frozenset(pending))


def _preview(session: Session, notice: HolidayNotice) -> NoticePreview:
    """What saving ``notice`` changes. A library year: every day the notice or the library
    names within the notice's span; what the notice does not name follows Monday-Friday.
    Other overrides are kept."""
    named = notice.days()
    current = load_calendar(session)
    known = notice.year in library_years()
    # The library's year also holds days of the next notice (31 Dec off for New Year).
    first, last = min(named), max(named)
    library = library_days(notice.year) if known else {}
    keys = set(named) | {day for day in library if first <= day <= last}
    differences, changes = [], {}
    notes = notice.notes()
    for day in sorted(keys):
        want = named.get(day, day.weekday() < 5)
        try:
            now: bool | None = current.is_workday(day)
        except CounterError:
            now = None
        if now is None or now != want:
            changes[day] = want
            notes.setdefault(day, tr("按通知调整"))
        if now is not None and now != want:
            differences.append(NoticeDifference(day, want, now, notes.get(day, "")))
    in_year = {day: value for day, value in changes.items() if day.year == notice.year}
    plan = _plan(session, notice.year, in_year, notes)
    return NoticePreview(notice, plan, tuple(differences), changes)


def _put(session: Session, actor: Actor, action: str, day: date, work: bool, note: str) -> None:
    row = session.get(HolidayOverride, day)
    before = None if row is None else {"is_workday": row.is_workday, "note": row.note}
    if row is None:
        session.add(HolidayOverride(day=day, is_workday=work, note=note))
    else:
        row.is_workday, row.note = work, note
    after = {"is_workday": work, "note": note}
    audit.record(session, actor.username, action, "holiday", day.isoformat(), before, after)


def _mark(session: Session, actor: Actor, year: int, complete: bool) -> None:
    row = session.get(HolidayYear, year)
    if row is None:
        session.add(HolidayYear(year=year, complete=complete))
    else:
        row.complete = complete
    after = {"complete": complete}
    audit.record(session, actor.username, "holiday_year", "holiday", str(year), after=after)
