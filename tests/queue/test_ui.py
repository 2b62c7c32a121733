"""The kiosk, the Queue tab and the board driven as a user would (pytest-qt, offscreen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.queue.rules.tickets import Priority, TicketState
from db.errors import DatabaseUnavailable
from tests.queue.conftest import CLERK, Hall
from ui.display.board_window import BoardWindow
from ui.display.controller import BoardController
from ui.kiosk.kiosk_window import KioskWindow
from ui.queue.queue_panel import QueuePanel
from ui.tasks import SyncRunner

ROOT = Path(__file__).resolve().parents[2]


class HeldRunner:
    """Keeps work until ``release()``: the database is slow while the user keeps tapping."""

    def __init__(self) -> None:
        self.pending: list[tuple[Callable[[], Any], Callable[[Any], None], Any]] = []

    def run(self, work: Callable[[], Any], done: Callable[[Any], None], failed: Any) -> None:
        self.pending.append((work, done, failed))

    def release(self) -> None:
        while self.pending:
            SyncRunner().run(*self.pending.pop(0))


def _button(kiosk: KioskWindow, text: str) -> QPushButton:
    return next(b for b in kiosk.choice.buttons if b.text() == text)


def test_twenty_touches_a_second_issue_one_ticket(qtbot: QtBot, hall: Hall) -> None:
    hall.queue.open_window(CLERK, "1")  # A is served: no "still want a ticket?" question
    runner = HeldRunner()
    kiosk = KioskWindow(hall.queue, runner, "大厅", many=50)
    qtbot.addWidget(kiosk)
    runner.release()
    qtbot.mouseClick(_button(kiosk, "专利"), Qt.MouseButton.LeftButton)
    kiosk._last_tap = 0.0  # the next page's first touch is a real one
    normal = _button(kiosk, "普通取号")
    for _ in range(20):
        qtbot.mouseClick(normal, Qt.MouseButton.LeftButton)
        qtbot.wait(50)
        runner.release()
    assert [t.number for t in hall.queue.tickets()] == ["A001"]
    assert kiosk.pages.currentWidget() is kiosk.ticket_page
    assert kiosk.ticket_page.number.text() == "A001"
    kiosk._busy, kiosk._last_tap = False, 0.0  # even past the debounce: same request id
    kiosk._issue(Priority.NORMAL)
    runner.release()
    assert len(hall.queue.tickets()) == 1


def test_kiosk_asks_first_when_many_wait_and_goes_home_when_idle(qtbot: QtBot, hall: Hall) -> None:
    hall.queue.issue("B")
    kiosk = KioskWindow(hall.queue, SyncRunner(), "大厅", many=1)
    qtbot.addWidget(kiosk)
    qtbot.mouseClick(_button(kiosk, "商标"), Qt.MouseButton.LeftButton)
    kiosk._last_tap = 0.0
    qtbot.mouseClick(_button(kiosk, "普通取号"), Qt.MouseButton.LeftButton)
    assert "暂无法估计" in kiosk.choice.text.text()  # no open window serves B
    assert len(hall.queue.tickets()) == 1
    kiosk.idle.setInterval(30)
    kiosk.idle.start()
    qtbot.waitUntil(lambda: kiosk.choice.title.text() == "请选择办理的业务", timeout=2000)
    assert kiosk.idle.interval() <= 30_000 and len(kiosk.choice.buttons) <= 6


def test_kiosk_leaves_only_with_the_staff_pin(qtbot: QtBot, hall: Hall) -> None:
    hall.queue.set_kiosk_pin(SYSTEM_ACTOR, "2468")
    kiosk = KioskWindow(hall.queue, SyncRunner(), "大厅", many=20)
    qtbot.addWidget(kiosk)
    kiosk.show()
    kiosk.close()
    assert kiosk.isVisible()  # Alt+F4 and the like are refused
    kiosk._on_staff()
    for key in "1111":
        kiosk.pin_page._press(key)
    kiosk.pin_page._press("OK")
    assert kiosk.isVisible() and "不对" in kiosk.pin_page.title.text()
    for key in "2468":
        kiosk.pin_page._press(key)
    kiosk.pin_page._press("OK")
    assert not kiosk.isVisible()


def test_queue_tab_works_from_the_function_keys(qtbot: QtBot, hall: Hall) -> None:
    hall.queue.open_window(CLERK, "1")
    hall.queue.open_window(CLERK, "3")
    for code in "AAB":
        hall.queue.issue(code)
    panel = QueuePanel(hall.services, CLERK, SyncRunner())
    qtbot.addWidget(panel)
    panel.window_box.setCurrentIndex(panel.window_box.findData("1"))
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.held.setFocus()  # focus anywhere in the tab: the function keys work

    def press(key: Qt.Key) -> None:
        qtbot.keyClick(panel.held, key)

    press(Qt.Key.Key_F1)
    assert "A001" in panel.current.text() and "已叫 A001" in panel.banner.text(), (
        panel.banner.text()
    )
    press(Qt.Key.Key_F2)
    assert "已重呼 1 次" in panel.current.text()
    press(Qt.Key.Key_F5)
    assert "无（按 F1 叫号）" in panel.current.text()
    press(Qt.Key.Key_F1)
    panel.target_box.setCurrentIndex(panel.target_box.findData("window:2"))
    press(Qt.Key.Key_F4)
    assert "未开窗" in panel.banner.text()  # window 2 is closed: said, nothing moved
    panel.target_box.setCurrentIndex(panel.target_box.findData("window:3"))
    press(Qt.Key.Key_F4)
    assert "已转到 3 号窗口" in panel.banner.text()
    press(Qt.Key.Key_F9)  # pause with the reason in the box (午休)
    assert "午休" in panel.window_state.text()
    press(Qt.Key.Key_F1)
    assert "暂停" in panel.banner.text()
    press(Qt.Key.Key_F9)
    press(Qt.Key.Key_F1)
    assert "B001" in panel.current.text()
    press(Qt.Key.Key_F1)
    assert "当前没有等候的号" in panel.banner.text()
    assert hall.queue.tickets()[0].state is TicketState.DONE


def test_board_follows_calls_and_shows_when_it_is_stale(qtbot: QtBot, hall: Hall) -> None:
    hall.queue.open_window(CLERK, "1")
    hall.queue.issue("A")
    board = BoardWindow()
    qtbot.addWidget(board)
    board.resize(1920, 1080)
    controller = BoardController(hall.services.db, hall.queue, board, SyncRunner())
    controller.start()
    try:
        with qtbot.waitSignal(controller.sig_board_shown, timeout=3000):
            hall.queue.call_next(CLERK, "1")
        qtbot.waitUntil(lambda: board.number.text() == "A001", timeout=1000)
        assert "1 号窗口" in board.call_line.text()
        real_board = hall.queue.board

        def gone() -> Any:
            raise DatabaseUnavailable("down")

        hall.queue.board = gone  # type: ignore[method-assign]
        controller.refresh()
        assert board.stale.isVisibleTo(board) and "中断" in board.stale.text()
        hall.queue.board = real_board  # type: ignore[method-assign]
        controller.refresh()
        assert not board.stale.isVisibleTo(board)
    finally:
        controller.stop()


def test_board_goes_full_screen_on_the_second_screen(tmp_path: Path, queue_sqlite_url: str) -> None:
    screens = tmp_path / "screens.json"
    screens.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "counter",
                        "x": 0,
                        "y": 0,
                        "width": 1366,
                        "height": 768,
                        "logicalDpi": 96,
                    },
                    {
                        "name": "tv",
                        "x": 1366,
                        "y": 0,
                        "width": 1920,
                        "height": 1080,
                        "logicalDpi": 96,
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screens}",
        "COUNTER_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.queue.shots", queue_sqlite_url, str(tmp_path / "png")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["screens"] == ["counter", "tv"] and facts["board_screen"] == "tv"
    assert facts["board_geometry"] == [1366, 0, 1920, 1080]
    assert facts["number_px"] >= 1080 / 8
    assert facts["number_text"] == "C001" and "3 号窗口" in facts["window_text"]
    assert "C001" in facts["current_text"]
    for name in ("kiosk", "kiosk_ticket", "queue_tab", "board"):
        assert (tmp_path / "png" / f"{name}.png").stat().st_size > 20_000
