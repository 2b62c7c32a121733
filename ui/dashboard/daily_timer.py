"""The daily report written by itself: while a supervisor or an administrator is logged in on
this PC, whatever tab is shown, a check once a minute (and at once after the login) asks
``ReportService.due_daily_reports`` which closed working days have no report yet (a PC that
was off at closing time catches up, a week back at most) and writes the oldest through the
runner, then the next. ``last_written`` in this PC's setting (``DailySetting``) moves
only after a report was written, and one write runs at a time, so no day is written twice.
What happened is said in the main window's status bar, never in a dialog.

Started by the main window after a login (``start_daily_timer``), disposed at logout; the
settings page (每日报表) asks the running timer to check at once after 保存 (``check_now``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow, QStatusBar

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.i18n import tr
from counter_app.paths import data_dir
from counter_app.reports.rules.daily import daily_reports_due
from ui.tasks import Runner

if TYPE_CHECKING:
    from counter_app.container import Services
    from counter_app.reports.service import ReportService

CHECK_MS = 60_000
Written = tuple[date, tuple[Path, Path], int] | None
"""What one write did: the day, its two files, how many more days are due (None: none)."""

_running: list[DailyReportTimer] = []  # the timer of the logged-in user, if any


@dataclass
class DailySetting:
    """This PC's daily report setting (``dashboard.json`` in the user's data folder)."""

    enabled: bool = False
    folder: str = ""
    close_time: str = "17:30"  # HH:MM, local
    last_written: str = ""  # ISO date of the last report written

    @staticmethod
    def file() -> Path:
        return data_dir() / "dashboard.json"

    @classmethod
    def load(cls) -> DailySetting:
        try:
            raw = json.loads(cls.file().read_text(encoding="utf-8"))
            return cls(**{k: raw[k] for k in asdict(cls()) if k in raw})
        except (OSError, ValueError, TypeError):
            return cls()

    def save(self) -> None:
        self.file().write_text(json.dumps(asdict(self), ensure_ascii=False), encoding="utf-8")

    def close(self) -> time:
        try:
            return time.fromisoformat(self.close_time)
        except ValueError:  # a hand-edited file
            return time(17, 30)

    def last(self) -> date | None:
        try:
            return date.fromisoformat(self.last_written) if self.last_written else None
        except ValueError:
            return None


class DailyReportTimer(QObject):
    def __init__(
        self,
        reports: ReportService,
        actor: Actor,
        runner: Runner,
        status: QStatusBar | None,
        parent: QObject | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.reports, self.actor, self.runner, self.status = reports, actor, runner, status
        self.clock: Callable[[], datetime] = clock or reports.local_now
        self.writing = False
        self.stopped = False
        self.last_message = ""
        self._nothing_due: tuple[str, tuple[date, ...]] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        ident = id(self)
        self.destroyed.connect(lambda _obj=None: _forget(ident))

    def start(self) -> DailyReportTimer:
        """Check now (a report missed while the PC was off) and then once a minute."""
        self.stopped = False
        _running[:] = [self]
        self.timer.start()
        self.check()
        return self

    def dispose(self) -> None:
        """Logout: no more checks; a write under way still finishes and is recorded."""
        self.stopped = True
        self.timer.stop()
        if _running and _running[0] is self:
            _running.clear()
        if not self.writing:
            self.deleteLater()

    def check(self) -> None:
        """Write the oldest report due, unless one is being written or none is due."""
        setting = DailySetting.load()
        if self.writing or not setting.enabled or not setting.folder:
            return
        now, close, last = self.clock(), setting.close(), setting.last()
        # Without the calendar (no database on the screen's thread): an upper bound.
        candidates = daily_reports_due(now, close, last)
        if not candidates or self._nothing_due == (setting.last_written, candidates):
            return
        folder = Path(setting.folder)
        reports, actor = self.reports, self.actor
        self.writing = True

        def work() -> Written:
            days = reports.due_daily_reports(now, close, last)
            if not days:
                return None
            return days[0], reports.daily_report(actor, days[0], folder), len(days) - 1

        self.runner.run(
            work,
            lambda got: self._written(got, (setting.last_written, candidates)),
            self._failed,
        )

    def _written(self, got: Written, asked: tuple[str, tuple[date, ...]]) -> None:
        self.writing = False
        if got is None:  # only days the hall was closed: not asked again until that changes
            self._nothing_due = asked
            self._finish()
            return
        day, (xlsx, pdf), left = got
        setting = DailySetting.load()
        setting.last_written = day.isoformat()
        setting.save()
        self._say(tr("已生成 {d} 的每日报表：{a}、{b}", d=day, a=str(xlsx), b=str(pdf)))
        if left and not self.stopped:
            self.check()  # the next missed day
        self._finish()

    def _failed(self, exc: Exception) -> None:
        self.writing = False
        message = exc.message if isinstance(exc, CounterError) else str(exc)
        self._say(tr("每日报表未能生成：{m}（每分钟重试）", m=message))
        self._finish()

    def _finish(self) -> None:
        if self.stopped and not self.writing:
            self.deleteLater()

    def _say(self, text: str) -> None:
        self.last_message = text
        if self.status is not None:
            self.status.showMessage(text)


def _forget(ident: int) -> None:
    if _running and id(_running[0]) == ident:
        _running.clear()


def may_run(actor: Actor) -> bool:
    return actor.has(Role.SUPERVISOR) or actor.has(Role.ADMINISTRATOR)


def start_daily_timer(
    window: QMainWindow, services: Services, actor: Actor, runner: Runner
) -> DailyReportTimer | None:
    """The timer of a supervisor or administrator who just logged in (else None)."""
    if not may_run(actor):
        return None
    return DailyReportTimer(services.reports, actor, runner, window.statusBar(), window).start()


def check_now() -> bool:
    """Ask the running timer to check at once (after the setting changed); False if none."""
    if not _running:
        return False
    _running[0].check()
    return True
