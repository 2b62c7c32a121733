"""主管 → 统计 on the hand-made day of tests/reports/dataset.py: today's tiles are the
service's numbers, the period table is ``period()``, drilling from the slowest window's
median wait lands on its tickets, a case opens, exports read back the screen's numbers,
bad ranges are told at their field or asked, and every load goes through the runner."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.reports.rules.columns import columns_for, value
from counter_app.reports.rules.views import TicketRow
from db.models.audit import AuditLog
from tests.reports import dataset
from tests.reports.conftest import ADMIN, SUPERVISOR, report_service
from ui.dashboard.daily_timer import DailyReportTimer
from ui.dashboard.dashboard_page import DashboardWidget
from ui.dashboard.exports import DailySetting
from ui.dashboard.today_view import TILES
from ui.fonts import install_app_font
from ui.tasks import SyncRunner

D = dataset.D


class RecordingRunner:
    """Keeps the work instead of running it: nothing runs on the caller's thread."""

    def __init__(self) -> None:
        self.jobs: list[
            tuple[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]]
        ] = []

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
    ) -> None:
        self.jobs.append((work, done, failed))

    def run_one(self) -> None:
        work, done, failed = self.jobs.pop(0)
        try:
            result = work()
        except Exception as exc:
            failed(exc)
        else:
            done(result)

    def run_all(self) -> None:
        while self.jobs:
            work, done, failed = self.jobs.pop(0)
            try:
                result = work()
            except Exception as exc:
                failed(exc)
            else:
                done(result)


@pytest.fixture(autouse=True)
def _app_font_restored(qapp: QApplication) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """These tests use the shipped CJK font; later tests get the font they had."""
    font = qapp.font()
    yield
    qapp.setFont(font)


@pytest.fixture
def hall(sqlite_url: str, template_db: Path) -> Iterator[Services]:
    shutil.copyfile(template_db, sqlite_url.split("///", 1)[1])
    services = Services.open(sqlite_url, today=lambda: D)
    dataset.load(services.db)
    services.reports = report_service(services)
    yield services
    services.close()


def shown(qtbot, widget: QWidget) -> QWidget:  # type: ignore[no-untyped-def]
    install_app_font(QApplication.instance())  # type: ignore[arg-type]
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


@pytest.fixture
def page(qtbot, hall: Services) -> DashboardWidget:  # type: ignore[no-untyped-def]
    widget = DashboardWidget(hall, SUPERVISOR, SyncRunner())
    shown(qtbot, widget)
    widget.reload()
    return widget


def key(qtbot, widget: QWidget, keys: str) -> None:  # type: ignore[no-untyped-def]
    modifiers = Qt.KeyboardModifier.NoModifier
    *mods, name = keys.split("+")
    for mod in mods:
        modifiers |= {"Ctrl": Qt.KeyboardModifier.ControlModifier,
                      "Alt": Qt.KeyboardModifier.AltModifier,
                      "Shift": Qt.KeyboardModifier.ShiftModifier}[mod]  # fmt: skip
    code = {"Enter": Qt.Key.Key_Return, "Esc": Qt.Key.Key_Escape}.get(name)
    qtbot.keyClick(widget, code or getattr(Qt.Key, f"Key_{name}"), modifiers)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def day_period(qtbot, page: DashboardWidget, by: str = "window") -> None:  # type: ignore[no-untyped-def]
    """期间统计 for day D (今日, Alt+T), by ``by``."""
    key(qtbot, focused(), "Alt+2")
    view = page.period
    key(qtbot, focused(), "Alt+T")
    assert view.period() == (D, D)
    if view.by().value != by:
        view.by_box.setCurrentIndex(view.by_box.findData(by))
        key(qtbot, focused(), "Ctrl+R")
    assert view.table is not None and view.table.by.value == by


# -- today -----------------------------------------------------------------------------------
def test_today_tiles_show_the_services_numbers_with_red_and_amber(
    page: DashboardWidget, hall: Services
) -> None:
    figures = hall.reports.today(SUPERVISOR)
    tiles = page.today.tiles
    assert [tiles[s.key].number.text() for s in TILES] == [s.number(figures) for s in TILES]
    assert tiles["waiting"].number.text() == "1"  # B002 still waiting
    assert tiles["served"].number.text() == str(figures.tickets_served) == "3"
    assert tiles["windows"].number.text() == "1/0/0"
    assert tiles["overdue"].number.text() == "1" and tiles["overdue"].level == "red"
    assert tiles["complaints"].level == "red"  # P3 past its due date
    assert tiles["evaluations"].level == "amber"  # a bad review today
    assert tiles["served"].level == ""
    assert "非常满意 1" in tiles["evaluations"].detail.text()
    shown_at = page.today.figures.source.at + dataset.OFFSET  # type: ignore[union-attr]
    assert page.today.source.text().startswith(f"数据来源：本机 · {shown_at:%H:%M:%S}")
    assert "超期办件 1 件" in page.today.flags.text()


def test_refresh_goes_through_the_runner_never_twice_at_once_and_stops_when_hidden(
    qtbot, hall: Services, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    real_today = hall.reports.today
    monkeypatch.setattr(
        hall.reports, "today", lambda actor: calls.append("today") or real_today(actor)
    )
    real_period = hall.reports.period
    monkeypatch.setattr(
        hall.reports, "period", lambda *a, **k: calls.append("period") or real_period(*a, **k)
    )
    runner = RecordingRunner()
    widget = shown(qtbot, DashboardWidget(hall, SUPERVISOR, runner))
    assert isinstance(widget, DashboardWidget)
    widget.reload()
    assert calls == []  # nothing ran on the GUI thread
    assert len(runner.jobs) == 1  # shown and reload(): one load, not two
    widget.today.timer.timeout.emit()  # the 30 s timer while the load is under way
    assert len(runner.jobs) == 1
    runner.run_all()
    assert calls == ["today"] and widget.today.tiles["served"].number.text() == "3"
    assert widget.today.timer.isActive() and widget.today.timer.interval() == 30_000
    widget.today.timer.timeout.emit()
    assert len(runner.jobs) == 1 and calls == ["today"]
    runner.run_all()
    widget.tabs.setCurrentIndex(1)  # 期间统计: today's page hidden, its timer stopped
    assert not widget.today.timer.isActive()
    assert calls == ["today", "today"] and len(runner.jobs) == 1  # the period, queued
    runner.run_all()
    assert calls[-1] == "period" and widget.period.table is not None


def test_a_failed_refresh_keeps_the_last_figures_and_their_time(
    page: DashboardWidget, hall: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(actor: object) -> None:
        raise CounterError("中心数据库连接中断，统计未完成", "source")

    monkeypatch.setattr(hall.reports, "today", down)
    page.today.refresh()
    assert page.today.tiles["served"].number.text() == "3"
    assert "刷新失败：中心数据库连接中断" in page.today.banner.text()
    shown_at = page.today.figures.source.at + dataset.OFFSET  # type: ignore[union-attr]
    assert f"{shown_at:%H:%M:%S} 的数据" in page.today.banner.text()
    assert "未能更新" in page.today.source.text()
    assert not page.today.loading


# -- the period -----------------------------------------------------------------------------------
@pytest.mark.parametrize("by", ["window", "staff", "item", "category"])
def test_the_period_table_is_the_services_period(
    qtbot, page: DashboardWidget, hall: Services, by: str
) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page, by)
    model = page.period.model
    table = hall.reports.period(SUPERVISOR, D, D, by)
    rows = (*table.rows, table.total)
    columns = columns_for(table.by)
    assert model.rowCount() == len(rows) and model.columnCount() == len(columns) + 1
    for r, row in enumerate(rows):
        assert model.index(r, 0).data() == row.label
        assert [model.number(r, c + 1) for c in range(len(columns))] == [
            value(row, c) for c in columns
        ]
    # the day before had nothing: no deltas against it, and the page says so
    served = next(i for i, c in enumerate(columns) if c.attr == "tickets_served") + 1
    assert model.index(len(rows) - 1, served).data() == str(table.total.tickets_served)
    assert "上期（2026-11-22 至 2026-11-22）没有数据" in page.period.source.text()


def test_drilling_from_the_slowest_windows_median_wait_lands_on_its_tickets(
    qtbot, page: DashboardWidget, hall: Services
) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page)
    view = page.period
    model = view.model
    wait = next(i for i, c in enumerate(model.columns) if c.attr == "wait_median_s") + 1
    view.grid.sortByColumn(wait, Qt.SortOrder.DescendingOrder)  # slowest first
    first = view.grid.proxy.index(0, wait)
    view.grid.setCurrentIndex(first)
    slowest = model.row_at(view.grid.proxy.mapToSource(first).row())
    assert slowest.key == "01"  # 6.5 min against 5.0
    view.grid.setFocus()
    key(qtbot, view.grid, "Enter")
    drill = view.drill
    assert view.stack.currentWidget() is drill and drill.target is not None
    assert (drill.target.kind, drill.target.measure, drill.target.key) == ("tickets", "wait", "01")
    shown_rows = drill.rows()
    expected = hall.reports.tickets(SUPERVISOR, D, D, window="01", measure="wait")
    assert shown_rows == expected and [r.number for r in shown_rows] == ["A003", "A001"]
    assert all(isinstance(r, TicketRow) and r.window == "01" for r in shown_rows)
    assert "6.5" not in drill.title.text() and "2 条" in drill.title.text()
    key(qtbot, focused(), "Enter")  # the first ticket's times
    assert drill.detail.isVisible() and "A003" in drill.detail.text()
    assert "叫号 09:20:00" in drill.detail.text() and "等候 8.0 分" in drill.detail.text()
    key(qtbot, focused(), "Esc")
    assert view.stack.currentIndex() == 0 and focused() is view.grid


def test_a_cases_number_opens_its_cases_masked_then_revealed_and_a_case_opens(
    qtbot, page: DashboardWidget, hall: Services
) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page)
    view = page.period
    received = next(i for i, c in enumerate(view.model.columns) if c.attr == "cases_received") + 1
    row = next(r for r in range(view.model.rowCount()) if view.model.row_at(r).key == "01")
    view.grid.select_cell(row, received)
    view.grid.setFocus()
    key(qtbot, view.grid, "Enter")
    drill = view.drill
    assert [r.number for r in drill.rows()] == ["LYG-C1"]
    assert drill.case_model.index(0, 9).data() == "张*丰"
    key(qtbot, focused(), "Ctrl+Shift+V")
    assert drill.case_model.index(0, 9).data() == "张三丰" and drill.revealed
    with hall.db.read() as s:
        assert s.scalar(select(AuditLog).where(AuditLog.action == "report.reveal")) is not None
    drill.ticket_table.setFocus() if False else drill.case_table.setFocus()
    key(qtbot, drill.case_table, "Enter")
    dialog = drill.case_dialog
    assert dialog is not None and dialog.isVisible() and dialog.number_label.text() == "LYG-C1"
    dialog.close()


def test_evaluations_open_their_list(qtbot, page: DashboardWidget, hall: Services) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page)  # more in tests/ui/test_dashboard_drill_reviews.py
    view = page.period
    column = next(i for i, c in enumerate(view.model.columns) if c.attr == "evaluations") + 1
    view.open_cell(0, column)
    assert view.stack.currentWidget() is view.drill
    assert view.drill.rows() == hall.reports.evaluations(SUPERVISOR, D, D, "window", "01")


# -- exports -----------------------------------------------------------------------------------
def test_excel_export_reads_back_the_numbers_on_screen(
    qtbot, page: DashboardWidget, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page)
    view = page.period
    asked: list[str] = []
    view.choose_path = lambda _p, name, fmt: asked.append(name) or str(tmp_path / "月报")
    key(qtbot, focused(), "Ctrl+E")
    path = tmp_path / "月报.xlsx"
    assert asked == ["窗口服务统计_2026-11-23.xlsx"] and path.exists()
    assert str(path) in view.banner.text()
    sheet = load_workbook(path)["窗口"]
    model = view.model
    for r in range(model.rowCount()):
        cells = [c.value for c in sheet[4 + r]]
        assert cells[0] == model.index(r, 0).data()
        assert cells[1:] == [model.number(r, c) for c in range(1, model.columnCount())]


def test_pdf_export_has_the_heading(qtbot, page: DashboardWidget, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page)
    view = page.period
    view.choose_path = lambda _p, _n, _f: str(tmp_path / "统计.pdf")
    key(qtbot, focused(), "Ctrl+P")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "统计.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "窗口服务统计报表" in text and "2026-11-23" in text and "钱科长" in text


def test_an_unwritable_folder_is_told_in_the_banner(
    qtbot, page: DashboardWidget, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page)
    view = page.period
    target = tmp_path / "没有" / "a.xlsx"
    view.choose_path = lambda _p, _n, _f: str(target)
    key(qtbot, focused(), "Ctrl+E")
    assert f"无法写入“{target}”" in view.banner.text() and "不存在" in view.banner.text()


# -- bad ranges -----------------------------------------------------------------------------------
def test_end_before_start_is_told_at_the_end_date(qtbot, page: DashboardWidget) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page)
    view = page.period
    view.set_period(D, date(2026, 11, 1))
    key(qtbot, focused(), "Ctrl+R")
    assert view.end_error.isVisible() and view.end_error.text() == "结束日期不能早于开始日期"
    assert focused() is view.date_to
    assert view.table is not None and view.table.end == D  # the last figures stay


def test_a_long_range_asks_then_runs_in_the_background_and_can_be_cancelled(
    qtbot, hall: Services
) -> None:  # type: ignore[no-untyped-def]
    runner = RecordingRunner()
    widget = shown(qtbot, DashboardWidget(hall, SUPERVISOR, runner))
    assert isinstance(widget, DashboardWidget)
    view = widget.period
    widget.tabs.setCurrentWidget(view)
    runner.run_all()
    questions: list[str] = []
    answers = [False, True]
    view.confirm = lambda _w, question: questions.append(question) or answers.pop(0)
    view.set_period(date(2020, 1, 1), D)
    view.reload()
    runner.run_all()
    assert len(questions) == 1 and "超过三年" in questions[0]
    assert (
        "未统计" in view.banner.text()
        and view.table is not None
        and view.table.start == D.replace(day=1)
    )
    view.reload()
    runner.run_one()  # asked again, yes: queued with allow_long, progress and 取消 shown
    assert len(questions) == 2 and len(runner.jobs) == 1
    assert view.progress.isVisible() and view.cancel_button.isVisible()
    assert focused() is view.cancel_button
    key(qtbot, view.cancel_button, "Esc")
    runner.run_one()
    assert view.banner.text() == "统计已取消" and not view.progress.isVisible()
    assert view.table is not None and view.table.start == D.replace(day=1)  # kept


def test_an_administrator_sees_the_figures_but_no_reveal(qtbot, hall: Services) -> None:  # type: ignore[no-untyped-def]
    widget = shown(qtbot, DashboardWidget(hall, ADMIN, SyncRunner()))
    assert isinstance(widget, DashboardWidget)
    widget.reload()
    assert widget.today.tiles["served"].number.text() == "3"
    day_period(qtbot, widget)
    view = widget.period
    received = next(i for i, c in enumerate(view.model.columns) if c.attr == "cases_received") + 1
    view.open_cell(view.model.rowCount() - 1, received)
    assert len(view.drill.rows()) == 3 and not view.drill.reveal_button.isVisible()


# -- the daily report and the supervisor tab ---------------------------------------------------
def test_the_daily_report_is_written_once_after_closing_time(
    qtbot, page: DashboardWidget, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    daily = page.daily
    key(qtbot, focused(), "Alt+3")
    assert focused() is daily.enabled
    key(qtbot, daily.enabled, "Space")
    daily.folder.setText(str(tmp_path / "没有"))
    key(qtbot, focused(), "Ctrl+S")
    assert "不存在" in daily.banner.text() and focused() is daily.folder
    assert not DailySetting.load().enabled
    folder = tmp_path / "日报"
    folder.mkdir()
    daily.folder.setText(str(folder))
    reporter = DailyReportTimer(page.services.reports, SUPERVISOR, SyncRunner(), None, page)
    reporter.clock = lambda: datetime(2026, 11, 23, 17, 29)
    reporter.start()  # the main window's timer (tests/ui/test_daily_timer.py)
    key(qtbot, focused(), "Ctrl+S")
    saved = DailySetting.load()
    assert (saved.enabled, saved.folder, saved.close_time) == (True, str(folder), "17:30")
    assert list(folder.iterdir()) == []  # not yet closing time
    reporter.clock = lambda: datetime(2026, 11, 23, 17, 31)
    reporter.timer.timeout.emit()  # the minute's check
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["窗口服务统计_2026-11-23.pdf", "窗口服务统计_2026-11-23.xlsx"]
    assert DailySetting.load().last_written == "2026-11-23"
    assert "已生成 2026-11-23 的每日报表" in reporter.last_message
    (folder / names[0]).unlink()
    reporter.check()  # written today already: not again
    assert len(list(folder.iterdir())) == 1


def test_the_supervisor_tab_shows_statistics_first(qtbot, hall: Services) -> None:  # type: ignore[no-untyped-def]
    from ui.supervisor.supervisor_panel import SupervisorPanel

    panel = shown(qtbot, SupervisorPanel(hall, SUPERVISOR, SyncRunner()))
    assert isinstance(panel, SupervisorPanel)
    assert panel.sections.tabText(1) == "统计"
    panel.sections.setCurrentIndex(1)
    inner = panel.lazy[0].inner
    assert isinstance(inner, DashboardWidget)
    assert inner.today.tiles["served"].number.text() == "3"
    assert inner.today.timer.isActive()
    panel.sections.setCurrentIndex(0)  # another section: the live figures stop
    assert not inner.today.timer.isActive()


def test_an_administrator_finds_statistics_in_the_admin_tab(qtbot, hall: Services) -> None:  # type: ignore[no-untyped-def]
    from ui.admin.admin_panel import AdminPanel

    panel = shown(qtbot, AdminPanel(hall, ADMIN, runner=SyncRunner()))
    assert isinstance(panel, AdminPanel)
    assert panel.tabText(panel.count() - 1) == "统计"
    assert panel.statistics.today.figures is None  # nothing read while not shown
    panel.setCurrentWidget(panel.statistics)
    assert panel.statistics.today.tiles["served"].number.text() == "3"


def test_a_today_tile_opens_the_tickets_behind_it(
    qtbot, page: DashboardWidget, hall: Services
) -> None:  # type: ignore[no-untyped-def]
    served = page.today.tiles["served"]
    assert served.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert page.today.tiles["waiting"].focusPolicy() == Qt.FocusPolicy.NoFocus  # no list
    served.setFocus()
    key(qtbot, served, "Enter")
    view = page.period
    assert page.tabs.currentWidget() is view and view.stack.currentWidget() is view.drill
    expected = hall.reports.tickets(SUPERVISOR, D, D, measure="served")
    assert view.drill.rows() == expected and len(expected) == 3
    assert view.table is not None  # the period loaded behind the list, which stays in front
    key(qtbot, focused(), "Esc")
    assert view.stack.currentIndex() == 0


def test_no_key_of_the_page_is_one_the_main_window_uses(page: DashboardWidget) -> None:
    """Two shortcuts on one key are ambiguous to Qt and neither fires: the workspace's
    Ctrl+1..9 (tabs), Ctrl+L and Ctrl+Q, the menus' Alt+S and Alt+H, the queue's F1..F9."""
    taken = {f"Ctrl+{n}" for n in range(1, 10)} | {"Ctrl+L", "Ctrl+Q", "Alt+S", "Alt+H"}
    taken |= {f"F{n}" for n in range(1, 10)}
    keys = [s.key().toString() for s in page.findChildren(QShortcut)]
    assert {"Ctrl+R", "Ctrl+E", "Ctrl+P", "Alt+T", "Alt+L", "Esc"} <= set(keys)
    assert not taken & set(keys)


def test_a_central_gone_mid_query_keeps_the_periods_last_figures(
    qtbot, page: DashboardWidget, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    day_period(qtbot, page)
    view = page.period
    before = view.table
    assert before is not None

    def down(*_a: object, **_k: object) -> None:
        raise CounterError(
            "中心数据库连接中断，统计未完成；显示的是上次的数据，请稍后重试", "source"
        )

    monkeypatch.setattr(page.services.reports, "period", down)
    view.by_box.setCurrentIndex(view.by_box.findData("staff"))
    key(qtbot, focused(), "Ctrl+R")
    assert view.table is before and view.model.table is before
    assert "中心数据库连接中断" in view.banner.text() and "的数据）" in view.banner.text()
    assert view.source.text().endswith("（未能更新）")
