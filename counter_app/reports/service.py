"""The supervisor's figures (R-SUP-1): today at a glance, a period per window, staff member,
item or category with the previous period beside it, chart series, and the rows behind each
number. Supervisors and administrators only; names of applicants masked unless a supervisor
reveals them (audited).

Every figure is an SQL aggregate run where the hall's data is: the central database when this
PC is joined to one (the whole hall), else this PC's own database (``Source`` says which and
when). Nothing is written but the audit rows of a reveal or an export (on this PC)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Engine

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.calendar import hall_offset, load_calendar
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.reports import drill, exports, period, series_sql, today
from counter_app.reports.drill_lists import ReviewLists
from counter_app.reports.rules.daily import daily_reports_due
from counter_app.reports.rules.periods import Cancelled, check_range, previous_period
from counter_app.reports.rules.views import (
    By,
    CaseRow,
    PeriodTable,
    Series,
    TicketRow,
    TodayFigures,
)
from counter_app.reports.source import Reader
from db.engine import Database
from db.ids import utc_now


def require_viewer(actor: Actor) -> None:
    """Supervisors and administrators read the figures."""
    if not (actor.has(Role.SUPERVISOR) or actor.has(Role.ADMINISTRATOR)):
        raise CounterError(tr("统计报表仅限科长或管理员查看"))


class ReportService(ReviewLists):
    def __init__(
        self,
        database: Database,
        hall: HallService,
        central: Callable[[], Engine | None],
        today: Callable[[], date],
        offset: timedelta | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self._db = database
        self._hall = hall
        self._today = today
        self._now = now
        self.reader = Reader(database, central, offset if offset is not None else hall_offset())

    @property
    def hall_name(self) -> str:
        return self._hall.settings().hall_name

    def business_date(self) -> date:
        return self._today()

    # -- today ---------------------------------------------------------------------------
    def today(self, actor: Actor) -> TodayFigures:
        require_viewer(actor)
        day = self._today()
        with self._db.read() as session:
            soon_end = today.due_soon_end(load_calendar(session).add_working_days, day)
        with self.reader.connect() as (conn, d, source):
            return today.today_figures(conn, d, source, day, soon_end, self._now())

    # -- a period ------------------------------------------------------------------------
    def period(
        self,
        actor: Actor,
        start: date,
        end: date,
        by: By | str = By.WINDOW,
        *,
        compare: bool = True,
        allow_long: bool = False,
        cancel: threading.Event | None = None,
    ) -> PeriodTable:
        """The table for ``start``..``end`` (both included) and, with ``compare``, the period
        of the same length just before it (``previous``)."""
        require_viewer(actor)
        view = _by(by)
        check_range(start, end, allow_long)
        with self.reader.connect(cancel) as (conn, d, source):
            rows, total = period.figures(conn, d, view, start, end, cancel)
            previous = None
            if compare:
                p0, p1 = previous_period(start, end)
                prows, ptotal = period.figures(conn, d, view, p0, p1, cancel)
                previous = PeriodTable(view, p0, p1, prows, ptotal, source)
        return PeriodTable(view, start, end, rows, total, source, previous)

    def series(
        self,
        actor: Actor,
        start: date,
        end: date,
        *,
        allow_long: bool = False,
        cancel: threading.Event | None = None,
    ) -> Series:
        require_viewer(actor)
        check_range(start, end, allow_long)
        with self.reader.connect() as (conn, d, source):
            hours = series_sql.by_hour(conn, d, start, end)
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            days = series_sql.by_day(conn, d, start, end)
        return Series(start, end, hours, days, source)

    # -- drill-down ----------------------------------------------------------------------
    def tickets(
        self,
        actor: Actor,
        start: date,
        end: date,
        window: str | None = None,
        staff: str | None = None,
        category: str | None = None,
        measure: str | None = None,
        item: int | None = None,
        limit: int = 500,
    ) -> list[TicketRow]:
        """The visits behind a figure; ``measure`` (wait, service, walk, served, no_show,
        recall) keeps the visits it counts, longest first."""
        require_viewer(actor)
        check_range(start, end, allow_long=True)
        filters = {
            "window": window,
            "staff": staff,
            "category": category,
            "item": None if item is None else str(item),
        }
        with self.reader.connect() as (conn, d, _source):
            return drill.ticket_rows(conn, d, start, end, filters, measure, limit)

    def cases(
        self,
        actor: Actor,
        start: date,
        end: date,
        item: int | None = None,
        staff: str | None = None,
        outcome: str = "received",
        window: str | None = None,
        category: str | None = None,
        reveal: bool = False,
        limit: int = 500,
    ) -> list[CaseRow]:
        """The cases behind a figure (outcome received, approved, refused, late, delivered);
        applicants' names masked unless a supervisor ``reveal``\\ s them (audited)."""
        require_viewer(actor)
        if reveal:
            require(actor, Role.SUPERVISOR)
        check_range(start, end, allow_long=True)
        filters = {
            "item": None if item is None else str(item),
            "staff": staff,
            "window": window,
            "category": category,
        }
        with self.reader.connect() as (conn, d, _source):
            rows = drill.case_rows(conn, d, start, end, filters, outcome, limit, reveal)
        if reveal:
            self.audit(
                actor,
                "report.reveal",
                f"{start}..{end}",
                {"outcome": outcome, **filters, "cases": [r.number for r in rows]},
            )
        return rows

    # -- exports (counter_app/reports/exports.py) ----------------------------------------
    def local_now(self) -> datetime:
        """The hall's local time now, without a zone (as printed and put in a cell)."""
        return (self._now() + self.reader.offset).replace(tzinfo=None)

    def export_xlsx(
        self,
        actor: Actor,
        start: date,
        end: date,
        path: Path,
        views: Sequence[str] = exports.VIEWS,
        allow_long: bool = False,
    ) -> Path:
        return exports.export_xlsx(self, actor, start, end, path, views, allow_long)

    def export_pdf(
        self,
        actor: Actor,
        start: date,
        end: date,
        path: Path,
        views: Sequence[str] = exports.VIEWS,
        allow_long: bool = False,
    ) -> Path:
        return exports.export_pdf(self, actor, start, end, path, views, allow_long)

    def export_csv(
        self,
        actor: Actor,
        start: date,
        end: date,
        path: Path,
        by: str = "window",
        allow_long: bool = False,
    ) -> Path:
        return exports.export_csv(self, actor, start, end, path, by, allow_long)

    def daily_report(self, actor: Actor, day: date, folder: Path) -> tuple[Path, Path]:
        """The day's .xlsx and PDF in ``folder``; the UI's timer asks
        ``due_daily_reports`` first."""
        return exports.daily_report(self, actor, day, folder)

    def due_daily_reports(
        self, now: datetime, close_time: time, last_written: date | None
    ) -> tuple[date, ...]:
        """The days whose daily report is due at local ``now`` (oldest first): the working
        days closed since ``last_written``, a week back at most (rules/daily.py)."""
        with self._db.read() as session:
            calendar = load_calendar(session)

        def is_workday(day: date) -> bool:
            try:
                return calendar.is_workday(day)
            except CounterError:  # a year the calendar does not know: write it anyway
                return True

        return daily_reports_due(now, close_time, last_written, is_workday)

    # -- for ReviewLists (drill_lists.py) ----------------------------------------------------
    def _check_viewer(self, actor: Actor) -> None:
        require_viewer(actor)

    def _view(self, by: By | str) -> By:
        return _by(by)

    # -- audit ---------------------------------------------------------------------------
    def audit(self, actor: Actor, action: str, entity_id: str, after: dict[str, object]) -> None:
        with self._db.write() as session:
            audit.record(session, actor.username, action, "report", entity_id, after=after)


def _by(value: By | str) -> By:
    try:
        return By(value)
    except ValueError:
        raise CounterError(
            tr("统计维度应为 window、staff、item 或 category，收到“{v}”", v=str(value)), "by"
        ) from None


__all__ = ["ReportService"]
