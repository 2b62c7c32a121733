"""The rating screen (pytest-qt, offscreen, SQLite): the queue's watcher wakes it when its
window finishes a ticket; touch and keypad ratings; idle after 30 s; calm when the database
fails; rendered at 1024x600, 800x480 and 1366x768."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from counter_app.container import Services
from counter_app.supervision.rules.evaluation import IDLE_SECONDS, Level
from db.models.supervision import Evaluation
from main import parse_args
from tests.supervision.rating_support import WINDOW, RatingHall, open_rating_hall
from ui.fonts import install_app_font
from ui.rating import check_window
from ui.rating.controller import NOT_SAVED, WAITING_FOR_QUEUE, RatingController
from ui.rating.pages import target_pixels
from ui.rating.rating_window import RatingWindow
from ui.tasks import SyncRunner

SIZES = ((1024, 600), (800, 480), (1366, 768))


@pytest.fixture
def hall(services: Services, qapp: QApplication) -> RatingHall:
    install_app_font(qapp)
    return open_rating_hall(services)


class Screen:
    def __init__(self, hall: RatingHall, qtbot: QtBot) -> None:
        self.hall = hall
        self.window = RatingWindow("连云港市知识产权保护中心", WINDOW)
        qtbot.addWidget(self.window)
        self.window.resize(1024, 600)
        self.window.show()
        evaluations = hall.services.evaluations
        self.controller = RatingController(
            evaluations,
            hall.services.queue.watch_database(),
            WINDOW,
            "R03",
            self.window,
            SyncRunner(),
            poll_interval=0.05,
        )

    def saved(self) -> list[Evaluation]:
        with self.hall.services.db.read() as session:
            return list(session.scalars(select(Evaluation)).all())


@pytest.fixture
def screen(hall: RatingHall, qtbot: QtBot) -> Iterator[Screen]:
    result = Screen(hall, qtbot)
    yield result
    result.controller.stop()


def _served(screen: Screen, qtbot: QtBot) -> None:
    """Finish a ticket at the window and wait for the watcher to wake the page."""
    with qtbot.waitSignal(screen.controller.sig_service_shown, timeout=10_000):
        screen.hall.serve()
    assert screen.window.pages.currentWidget() is screen.window.level_page


def test_the_watcher_wakes_the_page_when_the_window_finishes(screen: Screen, qtbot: QtBot) -> None:
    screen.controller.start()
    assert screen.window.pages.currentWidget() is screen.window.idle_page
    assert screen.window.idle_page.invite.text() == "请在服务结束后对本次服务进行评价"
    _served(screen, qtbot)
    assert screen.window.level_page.served.text() == "为您服务的是 03号窗口 李受理"
    assert screen.controller.current is not None
    assert [b.text().split("\n")[0] for b in screen.window.level_page.buttons.values()] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]


def test_the_keypad_rates_with_1_to_5_and_refuses_7(screen: Screen, qtbot: QtBot) -> None:
    screen.controller.start()
    _served(screen, qtbot)
    window = screen.window
    qtbot.keyClick(window, Qt.Key.Key_7)
    assert window.hint.text() == "请按 1 至 5 键评价"
    assert window.pages.currentWidget() is window.level_page and screen.saved() == []
    qtbot.keyClick(window, Qt.Key.Key_Return)  # Enter before a level: the same hint
    assert window.hint.text() == "请按 1 至 5 键评价" and screen.saved() == []
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.KeypadModifier)
    assert window.pages.currentWidget() is window.reason_page and window.hint.text() == ""
    qtbot.keyClick(window, Qt.Key.Key_2)  # changes the level before submitting
    with qtbot.waitSignal(screen.controller.sig_rated, timeout=5000):
        qtbot.keyClick(window, Qt.Key.Key_Enter)
    (row,) = screen.saved()
    assert (row.level, row.source, row.device, row.staff) == (2, "keypad", "R03", "li")
    assert window.pages.currentWidget() is window.thanks_page
    assert "不满意" in window.thanks_page.detail.text()
    qtbot.keyClick(window, Qt.Key.Key_5)  # after the rating: keys do nothing
    assert len(screen.saved()) == 1


def test_touch_with_reasons_and_a_phrase(screen: Screen, qtbot: QtBot) -> None:
    screen.controller.start()
    _served(screen, qtbot)
    window = screen.window
    qtbot.mouseClick(window.level_page.buttons[Level.VERY_DISSATISFIED], Qt.MouseButton.LeftButton)
    page = window.reason_page
    assert [b.text() for b in page.phrases] == ["等候太久", "材料要求不清楚", "跑了不止一次"]
    qtbot.mouseClick(page.reasons["waiting"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.reasons["attitude"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.phrases[0], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(screen.controller.sig_rated, timeout=5000):
        qtbot.mouseClick(page.submit, Qt.MouseButton.LeftButton)
    (row,) = screen.saved()
    assert (row.level, row.source) == (1, "screen")
    assert row.reasons == ["attitude", "waiting"] and row.comment == "等候太久"


def test_esc_skips_the_reasons(screen: Screen, qtbot: QtBot) -> None:
    screen.controller.start()
    _served(screen, qtbot)
    qtbot.keyClick(screen.window, Qt.Key.Key_4)
    qtbot.mouseClick(screen.window.reason_page.reasons["service"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(screen.controller.sig_rated, timeout=5000):
        qtbot.keyClick(screen.window, Qt.Key.Key_Escape)
    (row,) = screen.saved()
    assert (row.level, row.reasons, row.comment) == (4, [], "")


def test_back_to_idle_after_30_seconds_with_a_countdown(screen: Screen, qtbot: QtBot) -> None:
    screen.controller.start()
    _served(screen, qtbot)
    window = screen.window
    assert window.remaining == IDLE_SECONDS
    for _ in range(IDLE_SECONDS - 11):
        window.tick.timeout.emit()
    assert window.countdown.text() == ""
    window.tick.timeout.emit()
    assert window.countdown.text() == "10 秒后返回"
    qtbot.keyClick(window, Qt.Key.Key_3)  # a key (or a touch) starts the 30 s again
    assert window.remaining == IDLE_SECONDS and window.countdown.text() == ""
    for _ in range(IDLE_SECONDS):
        window.tick.timeout.emit()
    assert window.pages.currentWidget() is window.idle_page
    assert screen.saved() == []
    screen.controller.check()  # the service left unrated is not offered again
    assert window.pages.currentWidget() is window.idle_page
    _served(screen, qtbot)  # the next one is


def test_database_trouble_is_a_calm_line(
    screen: Screen, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    evaluations = screen.hall.services.evaluations
    screen.controller.start()
    _served(screen, qtbot)

    def fail(*_args: object) -> None:
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(evaluations, "rate", fail)
    qtbot.keyClick(screen.window, Qt.Key.Key_5)
    qtbot.keyClick(screen.window, Qt.Key.Key_Return)
    assert screen.window.hint.text() == NOT_SAVED
    assert screen.window.pages.currentWidget() is screen.window.reason_page
    monkeypatch.undo()
    with qtbot.waitSignal(screen.controller.sig_rated, timeout=5000):
        qtbot.keyClick(screen.window, Qt.Key.Key_Return)  # pressed again: saved
    assert len(screen.saved()) == 1

    monkeypatch.setattr(evaluations, "pending", fail)
    screen.controller.check()
    assert screen.window.idle_page.status.text() == WAITING_FOR_QUEUE


def test_rated_elsewhere_meanwhile_is_thanked(screen: Screen, qtbot: QtBot) -> None:
    from counter_app.supervision.rules.evaluation import Source

    screen.controller.start()
    _served(screen, qtbot)
    current = screen.controller.current
    assert current is not None
    screen.hall.services.evaluations.rate_ticket(
        current.ticket_number, 3, [], "", Source.KIOSK, "K1"
    )
    qtbot.keyClick(screen.window, Qt.Key.Key_5)
    qtbot.keyClick(screen.window, Qt.Key.Key_Escape)
    assert screen.window.thanks_page.detail.text() == "本次服务已经评价过了"
    assert [r.level for r in screen.saved()] == [3]


def _inside(rect: QRect, outer: QRect) -> bool:
    return outer.contains(rect.topLeft()) and outer.contains(rect.bottomRight())


def test_every_page_fits_at_three_screen_sizes(screen: Screen, qtbot: QtBot) -> None:
    window = screen.window
    window.level_page.show_service(WINDOW, "李受理")
    window.reason_page.reset(Level.DISSATISFIED)
    window.reason_page.reasons["waiting"].setChecked(True)
    window.reason_page.phrases[0].setChecked(True)
    window.thanks_page.show_text("感谢您的评价！", "您的评价：满意。我们将不断改进服务。")
    out = Path(os.environ.get("RATING_SHOTS", "")) if os.environ.get("RATING_SHOTS") else None
    for width, height in SIZES:
        window.resize(width, height)
        for name, page in (
            ("idle", window.idle_page),
            ("levels", window.level_page),
            ("reasons", window.reason_page),
            ("thanks", window.thanks_page),
        ):
            window.pages.setCurrentWidget(page)
            window.countdown.setText("8 秒后返回" if name != "idle" else "")
            qtbot.wait(10)
            image = window.grab()
            assert image.width() == width and image.height() == height
            if out is not None:
                image.save(str(out / f"rating_{name}_{width}x{height}.png"))
        area = window.rect()
        target = target_pixels(window)
        buttons = [
            *window.level_page.buttons.values(),
            *window.reason_page.reasons.values(),
            *window.reason_page.phrases,
            window.reason_page.submit,
            window.reason_page.skip,
        ]
        for button in buttons:
            on_levels = button in window.level_page.buttons.values()
            window.pages.setCurrentWidget(window.level_page if on_levels else window.reason_page)
            geometry = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
            assert _inside(geometry, area), (width, height, button.text())
            assert min(button.width(), button.height()) >= target, (width, height, button.text())
            assert button.fontMetrics().horizontalAdvance(button.text().split("\n")[0]) < (
                button.width()
            ), (width, height, button.text())


def test_the_run_mode_arguments() -> None:
    args = parse_args(["--mode", "rate", "--window", "03", "--screen", "1"])
    assert (args.mode, args.window, args.screen) == ("rate", "03", 1)
    assert check_window(" 03 ") == "03"
    for bad in (None, "", "0003", "3号"):
        with pytest.raises(ValueError, match="--window"):
            check_window(bad)
