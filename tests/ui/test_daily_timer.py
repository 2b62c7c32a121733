"""The daily report writes itself: the main window's timer runs for a supervisor or an
administrator whatever tab is shown (the dashboard never opened), writes through the runner
once a day, catches up the working days missed while the PC was off, and says what happened
in the status bar, never in a dialog; ``counter-admin report daily`` writes the same files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QStatusBar

from counter_app.cli import main as cli_main
from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.reports.rules.daily import daily_reports_due
from tests.reports import dataset
from tests.reports.conftest import SUPERVISOR, report_service
from tests.ui.test_dashboard import RecordingRunner
from ui.dashboard.daily_timer import DailyReportTimer, DailySetting, check_now
from ui.main_window import CounterMainWindow
from ui.tasks import SyncRunner

D = dataset.D  # Monday 2026-11-23
CLOSE = time(17, 30)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -- the rule ------------------------------------------------------------------------------
def weekdays(day: date) -> bool:
    return day.weekday() < 5


def test_due_days_catch_up_the_missed_working_days_a_week_back_at_most() -> None:
    monday_morning = datetime(2026, 11, 23, 9, 0)
    monday_evening = datetime(2026, 11, 23, 17, 31)
    # Written last on Thursday, the PC off on Friday evening: Friday, at the next start.
    assert daily_reports_due(monday_morning, CLOSE, date(2026, 11, 19), weekdays) == (
        date(2026, 11, 20),
    )
    assert daily_reports_due(monday_evening, CLOSE, date(2026, 11, 19), weekdays) == (
        date(2026, 11, 20),
        date(2026, 11, 23),
    )
    assert daily_reports_due(monday_evening, CLOSE, D, weekdays) == ()  # written today
    assert daily_reports_due(monday_morning, CLOSE, date(2026, 11, 20), weekdays) == ()
    # Never written: today once closed, no old days.
    assert daily_reports_due(monday_morning, CLOSE, None, weekdays) == ()
    assert daily_reports_due(monday_evening, CLOSE, None, weekdays) == (D,)
    # Off for a month: the last week only.
    month_ago = daily_reports_due(monday_evening, CLOSE, date(2026, 10, 20), weekdays)
    assert month_ago == tuple(date(2026, 11, d) for d in (17, 18, 19, 20, 23))
    assert daily_reports_due(monday_evening, CLOSE, date(2026, 12, 1), weekdays) == ()


# -- the timer -----------------------------------------------------------------------------
@pytest.fixture
def hall(sqlite_url: str, template_db: Path) -> Iterator[Services]:
    shutil.copyfile(template_db, sqlite_url.split("///", 1)[1])
    services = Services.open(sqlite_url, today=lambda: D)
    dataset.load(services.db)
    services.reports = report_service(services)
    yield services
    services.close()


def _enable(folder: Path, last: str = "") -> None:
    folder.mkdir(exist_ok=True)
    DailySetting(enabled=True, folder=str(folder), close_time="17:30", last_written=last).save()


def test_written_once_through_the_runner_after_closing_time(
    qtbot, hall: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "日报"
    runner, status = RecordingRunner(), QStatusBar()
    qtbot.addWidget(status)
    timer = DailyReportTimer(hall.reports, SUPERVISOR, runner, status)
    timer.clock = lambda: datetime(2026, 11, 23, 17, 31)
    timer.start()
    assert timer.timer.isActive() and runner.jobs == []  # not enabled yet
    _enable(folder)
    assert check_now()  # 保存 on the settings page asks the running timer
    assert len(runner.jobs) == 1 and _files(folder) == []  # nothing on the screen's thread
    timer.timer.timeout.emit()  # the next minute's check while it is being written
    assert len(runner.jobs) == 1
    runner.run_all()
    assert _files(folder) == ["窗口服务统计_2026-11-23.pdf", "窗口服务统计_2026-11-23.xlsx"]
    assert DailySetting.load().last_written == "2026-11-23"
    assert "已生成 2026-11-23 的每日报表" in status.currentMessage()
    for _ in range(2):
        timer.check()  # written today already: not again
    assert runner.jobs == []
    timer.dispose()
    assert not timer.timer.isActive() and not check_now()


def test_a_pc_off_at_closing_time_catches_up_at_its_next_start(
    qtbot, hall: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "日报"
    _enable(folder, last="2026-11-18")  # Wednesday's was the last
    timer = DailyReportTimer(hall.reports, SUPERVISOR, SyncRunner(), None)
    timer.clock = lambda: datetime(2026, 11, 23, 8, 55)  # Monday morning, before opening
    timer.start()
    assert _files(folder) == [
        f"窗口服务统计_2026-11-{d}.{x}" for d in (19, 20) for x in ("pdf", "xlsx")
    ]  # Thursday and Friday; the weekend's hall was closed
    assert DailySetting.load().last_written == "2026-11-20"
    timer.check()
    assert len(_files(folder)) == 4
    timer.dispose()


def test_a_failure_is_told_in_the_status_bar_and_retried(
    qtbot, hall: Services, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "日报"
    _enable(folder)
    folder.rmdir()  # the folder went away (a network share unplugged)
    status = QStatusBar()
    qtbot.addWidget(status)
    timer = DailyReportTimer(hall.reports, SUPERVISOR, SyncRunner(), status)
    timer.clock = lambda: datetime(2026, 11, 23, 18, 0)
    timer.start()
    assert "每日报表未能生成" in status.currentMessage() and "不存在" in status.currentMessage()
    assert QApplication.activeModalWidget() is None and not timer.writing
    assert DailySetting.load().last_written == ""
    folder.mkdir()
    timer.timer.timeout.emit()  # the next minute
    assert len(_files(folder)) == 2 and "已生成" in status.currentMessage()
    timer.dispose()


def test_the_main_window_runs_it_for_a_supervisor_or_administrator_whatever_the_tab(
    qtbot, services: Services, admin: Actor, reception_user: Actor, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = CounterMainWindow(SyncRunner(), sync_interval=None)
    qtbot.addWidget(window)
    window.attach_services(services)
    window.login_page.sig_logged_in.emit(reception_user)
    assert window.daily_timer is None  # reception staff: no report
    window.logout()
    folder = tmp_path / "日报"
    _enable(folder)
    window.login_page.sig_logged_in.emit(admin)
    timer = window.daily_timer
    assert timer is not None and timer.timer.isActive()
    assert _files(folder) == []  # before closing time (the services' day is 2026-11-27)
    timer.clock = lambda: datetime(2026, 11, 27, 17, 45)
    timer.timer.timeout.emit()  # the dashboard was never opened
    assert _files(folder) == ["窗口服务统计_2026-11-27.pdf", "窗口服务统计_2026-11-27.xlsx"]
    assert "已生成 2026-11-27" in window.statusBar().currentMessage()
    window.logout()
    assert window.daily_timer is None and not timer.timer.isActive()


def test_counter_admin_report_daily_writes_the_same_files(
    hall: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(hall.db.engine.url)
    out = tmp_path / "cron"
    out.mkdir()
    day = ["--date", "2026-11-23"]
    assert cli_main(["--db", url, "report", "daily", *day, "--out", str(out)]) == 0
    assert _files(out) == ["窗口服务统计_2026-11-23.pdf", "窗口服务统计_2026-11-23.xlsx"]
    assert "已写入 2026-11-23 的每日报表" in capsys.readouterr().out
    missing = tmp_path / "没有"
    assert cli_main(["--db", url, "report", "daily", "--out", str(missing)]) == 2
    assert "不存在" in capsys.readouterr().err
    assert cli_main(["--db", url, "report", "daily", "--date", "23/11", "--out", str(out)]) == 2
    assert "--date" in capsys.readouterr().err
