"""The kiosk's home and walk-in pages driven by touch (pytest-qt, offscreen): 查询 by number +
phone and by the scanner, 评价 (refused kindly the second time), 咨询与投诉 reaching the
supervisor, back home when idle with a countdown, and no lock-down without a PIN."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.kiosk.scan import case_key
from counter_app.kiosk.walk_in import cases_here
from counter_app.supervision.rules.complaints import Channel
from db.models import Case
from tests.cases.reception.support import PERSON, form
from tests.kiosk.support import desk, press, tap
from tests.supervision.rating_support import RatingHall, open_rating_hall
from ui.kiosk import build_kiosk
from ui.kiosk.kiosk_window import KioskWindow
from ui.kiosk.scanner import WedgeReader
from ui.tasks import SyncRunner


@pytest.fixture
def hall(services: Services) -> RatingHall:
    return open_rating_hall(services)


@pytest.fixture
def kiosk(qtbot: QtBot, hall: RatingHall) -> Iterator[KioskWindow]:
    hall.services.queue.set_kiosk_pin(SYSTEM_ACTOR, "2468")
    window = KioskWindow(hall.services.queue, SyncRunner(), "大厅", 50, desk(hall))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    yield window


def _click(button: object) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def _case(hall: RatingHall) -> str:
    data = form(hall.services, 11, applicant=PERSON)
    return hall.services.reception.receive(hall.clerk, data).number


def test_home_offers_the_walk_in_choices(kiosk: KioskWindow) -> None:
    assert kiosk.walk_in is not None
    home = kiosk.walk_in.home_page
    assert kiosk.pages.currentWidget() is home
    assert [b.text() for b in home.buttons] == [
        "取号",
        "办事指南",
        "查询办理进度",
        "评价",
        "咨询与投诉",
    ]
    tap(home, "取号")
    assert kiosk.pages.currentWidget() is kiosk.choice
    assert kiosk.choice.buttons[-1].text() == "返回首页" and len(kiosk.choice.buttons) <= 6
    tap(kiosk.choice, "返回首页")
    assert kiosk.pages.currentWidget() is home


def test_progress_by_number_and_phone_digits(kiosk: KioskWindow, hall: RatingHall) -> None:
    number = _case(hall)
    pages = kiosk.walk_in
    assert pages is not None
    tap(pages.home_page, "查询办理进度")
    step = pages.progress.entry
    press(step.full, number)
    assert step.field.text() == number
    _click(step.ok)
    press(step.digits, "1234")
    _click(step.ok)
    assert "不对" in step.error.text() and step.title.text() == "查询办理进度"
    press(step.full, number)
    _click(step.ok)
    press(step.digits, "56789")  # a fifth digit is not taken
    assert step.field.text() == "5678"
    _click(step.ok)
    result = pages.progress.result
    assert pages.progress.currentWidget() is result
    assert "办理中" in result.big.text()
    assert "王*" in result.details.text() and "承诺办结日期" in result.details.text()
    assert "王五" not in result.details.text()


def test_the_scanner_is_a_fast_burst_other_keys_are_dropped(
    kiosk: KioskWindow, hall: RatingHall
) -> None:
    number = _case(hall)
    with hall.services.db.read() as session:
        key = case_key(session.scalars(select(Case.id).where(Case.number == number)).one())
    app = QApplication.instance()
    assert app is not None and kiosk.walk_in is not None
    app.installEventFilter(kiosk)
    progress = kiosk.walk_in.progress
    try:
        QTest.keyClicks(kiosk, number)  # the barcode, by a wedge: all at once, then Enter
        QTest.keyClick(kiosk, Qt.Key.Key_Return)
        assert kiosk.pages.currentWidget() is progress
        assert progress.currentWidget() is progress.entry  # the number alone: phone asked
        assert "后四位" in progress.entry.title.text() and progress.number == number
        QTest.keyClicks(kiosk, f"{number}#{key}")  # the notice's QR
        QTest.keyClick(kiosk, Qt.Key.Key_Return)
    finally:
        app.removeEventFilter(kiosk)
    result = progress.result
    assert progress.currentWidget() is result and number in result.details.text()


def test_a_person_typing_slowly_is_not_a_scanner() -> None:
    now = [0.0]
    reader = WedgeReader(lambda: now[0])
    for char in "LYG-1":
        now[0] += 0.3
        assert reader.key(char, False) is None
    assert reader.key("", True) is None
    for char in "LYG-20261127-W03-0001":
        now[0] += 0.01
        reader.key(char, False)
    assert reader.key("", True) == "LYG-20261127-W03-0001"


def test_rating_from_the_kiosk_and_a_second_time_refused_kindly(
    kiosk: KioskWindow, hall: RatingHall
) -> None:
    ticket = hall.serve()
    pages = kiosk.walk_in
    assert pages is not None
    for attempt in range(2):
        tap(pages.home_page, "评价")
        press(pages.rate.entry.full, ticket.number)
        _click(pages.rate.entry.ok)
        tap(pages.rate.choice, "不满意")
        tap(pages.rate.choice, "等候时间")
        result = pages.rate.result
        assert pages.rate.currentWidget() is result
        if attempt == 0:
            assert result.title.text() == "谢谢您的评价！" and result.big.text() == "不满意"
        else:
            assert result.title.text() == "这次服务已经评价过了"
        _click(result.done)
    assert kiosk.pages.currentWidget() is pages.home_page
    rows = hall.services.evaluations.list(hall.supervisor, hall.clock().date(), hall.clock().date())
    assert len(rows) == 1


def test_a_complaint_reaches_the_register_with_channel_kiosk(
    kiosk: KioskWindow, hall: RatingHall
) -> None:
    pages = kiosk.walk_in
    assert pages is not None
    tap(pages.home_page, "咨询与投诉")
    tap(pages.complaint.choice, "投诉")
    tap(pages.complaint.choice, "03 号窗口")
    tap(pages.complaint.choice, "等候时间太长")
    press(pages.complaint.entry.digits, "13812345678")
    _click(pages.complaint.entry.ok)
    result = pages.complaint.result
    assert pages.complaint.currentWidget() is result and "答复" in result.details.text()
    rows = hall.services.complaints.list(hall.supervisor)
    assert [(r.number, r.channel, r.phone) for r in rows] == [
        (result.big.text(), Channel.KIOSK, "138****5678")
    ]


def test_idle_pages_go_home_with_a_countdown(qtbot: QtBot, kiosk: KioskWindow) -> None:
    pages = kiosk.walk_in
    assert pages is not None
    tap(pages.home_page, "查询办理进度")
    pages.tick()
    assert pages.countdown.text() == ""  # 30 s left: no countdown yet
    kiosk.idle.start(8_000)
    pages.tick()
    assert pages.countdown.text().endswith("秒后返回首页")
    assert 1 <= int(pages.countdown.text().split()[0]) <= 8
    kiosk.idle.start(20)
    qtbot.waitUntil(lambda: kiosk.pages.currentWidget() is pages.home_page, timeout=2000)
    pages.tick()
    assert pages.countdown.text() == ""


def test_large_text_scales_and_restores(kiosk: KioskWindow) -> None:
    pages = kiosk.walk_in
    assert pages is not None
    button = pages.home_page.buttons[0]
    before = button.styleSheet()
    pages.large.setChecked(True)
    assert "font-size: 42pt" in button.styleSheet()  # 32 pt x 1.3
    tap(pages.home_page, "查询办理进度")
    assert (
        "font-size: 36pt" in pages.progress.entry.hint.styleSheet()
    )  # a page opened later: 28 x 1.3
    pages.large.setChecked(False)
    assert button.styleSheet() == before


def test_without_a_pin_the_kiosk_does_not_lock_and_says_how(qtbot: QtBot, hall: RatingHall) -> None:
    window = KioskWindow(hall.services.queue, SyncRunner(), "大厅", 50, desk(hall))
    qtbot.addWidget(window)
    window.show()
    assert not window.locked_down and window.walk_in is not None
    assert "counter-admin kiosk pin" in window.walk_in.notice.text()
    assert not window.windowFlags() & Qt.WindowType.FramelessWindowHint
    window.close()
    assert not window.isVisible()  # it can be left
    hall.services.queue.set_kiosk_pin(SYSTEM_ACTOR, "2468")
    locked = KioskWindow(hall.services.queue, SyncRunner(), "大厅", 50, desk(hall))
    qtbot.addWidget(locked)
    locked.show()
    assert locked.locked_down and not locked.walk_in.notice.isVisible()  # type: ignore[union-attr]
    locked.close()
    assert locked.isVisible()


def test_the_started_kiosk_has_the_walk_in_pages(qtbot: QtBot, hall: RatingHall) -> None:
    window = build_kiosk(hall.services, SyncRunner(), speak=False)
    qtbot.addWidget(window)
    assert window.walk_in is not None and not window.locked_down  # a new database: no PIN
    assert window.walk_in.desk.device == "W03" and window.walk_in.desk.progress.available


@pytest.mark.parametrize(
    ("user", "here"), [(None, True), ("counter_w03", True), ("kiosk_k1", False)]
)
def test_a_hall_kiosk_account_holds_no_cases(user: str | None, here: bool) -> None:
    class Config:
        def __init__(self, name: str) -> None:
            self.user = name

    class Sync:
        available = True

        def config(self) -> Config | None:
            return None if user is None else Config(user)

    assert cases_here(Sync()) is here  # type: ignore[arg-type]


class HeldRunner:
    """Holds work until the test lets it run (a slow database while taps keep coming)."""

    def __init__(self) -> None:
        self.held: list[tuple[object, object, object]] = []

    def run(self, work: object, done: object, failed: object) -> None:
        self.held.append((work, done, failed))

    def release(self) -> None:
        held, self.held = self.held, []
        for work, done, failed in held:
            try:
                result = work()  # type: ignore[operator]
            except Exception as exc:
                failed(exc)  # type: ignore[operator]
            else:
                done(result)  # type: ignore[operator]


def test_a_burst_of_taps_files_one_complaint_and_counts_one_wrong_try(
    qtbot: QtBot, hall: RatingHall
) -> None:
    runner = HeldRunner()
    hall.services.queue.set_kiosk_pin(SYSTEM_ACTOR, "2468")
    kiosk_desk = desk(hall)
    window = KioskWindow(hall.services.queue, runner, "大厅", 50, kiosk_desk)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    runner.release()
    pages = window.walk_in
    assert pages is not None
    tap(pages.home_page, "咨询与投诉")
    tap(pages.complaint.choice, "意见建议")
    runner.release()
    tap(pages.complaint.choice, "不涉及具体窗口")
    tap(pages.complaint.choice, "大厅环境或设施需要改进")
    for _ in range(20):
        _click(pages.complaint.entry.ok)
    runner.release()
    assert len(hall.services.complaints.list(hall.supervisor)) == 1
    window.go_home()
    runner.release()
    tap(pages.home_page, "查询办理进度")
    press(pages.progress.entry.full, "LYG-20261127-W03-0099")
    _click(pages.progress.entry.ok)
    press(pages.progress.entry.digits, "1234")
    for _ in range(20):
        _click(pages.progress.entry.ok)
    runner.release()
    assert kiosk_desk.progress.lockout.tries_left("K1", hall.clock()) == 4


def test_the_guide_by_category_and_by_initials_then_a_ticket(
    kiosk: KioskWindow, hall: RatingHall
) -> None:
    pages = kiosk.walk_in
    assert pages is not None
    tap(pages.home_page, "办事指南")
    guide = pages.guide
    assert guide.currentWidget() is guide.choice
    texts = [b.text() for b in guide.choice.buttons]
    assert len(texts) <= 6 and "知识产权创造" in texts and texts[-1] == "返回首页"
    tap(guide.choice, "知识产权创造")
    names = [b.text() for b in guide.choice.buttons]
    assert len(names) == 6 and names[-2:] == ["更多", "返回"]  # ten items: pages of four
    tap(guide.choice, "更多")
    assert guide.choice.buttons[0].text() not in names
    tap(guide.choice, "返回")
    tap(guide.choice, "按拼音首字母查找")
    press(guide.entry.full, "QQQQ")
    _click(guide.entry.ok)
    assert "没有找到" in guide.entry.error.text()
    guide.entry.full.clear()
    press(guide.entry.full, "ZLSQ")
    _click(guide.entry.ok)
    tap(guide.choice, "专利申请")
    assert guide.currentWidget() is guide.guide
    text = guide.guide.text.text()
    assert "请求书" in text and "发明专利申请费 900.00 元" in text
    _click(guide.guide.ticket)
    assert kiosk.pages.currentWidget() is kiosk.choice  # the ticket's categories


def test_read_aloud_says_the_page_and_its_choices(qtbot: QtBot, hall: RatingHall) -> None:
    said: list[str] = []
    hall.services.queue.set_kiosk_pin(SYSTEM_ACTOR, "2468")
    window = KioskWindow(hall.services.queue, SyncRunner(), "大厅", 50, desk(hall), said.append)
    qtbot.addWidget(window)
    pages = window.walk_in
    assert pages is not None and pages.read.isVisibleTo(window)
    _click(pages.read)
    assert said == [
        "您好，请问要办理什么？可以选择：取号、办事指南、查询办理进度、评价、咨询与投诉"
    ]
    tap(pages.home_page, "查询办理进度")
    _click(pages.read)
    assert said[-1].startswith("查询办理进度。请扫描受理通知书上的条码或二维码")
    assert "下一步" in said[-1]


def test_without_a_voice_there_is_no_read_aloud_button(kiosk: KioskWindow) -> None:
    assert kiosk.walk_in is not None and not kiosk.walk_in.read.isVisibleTo(kiosk)
