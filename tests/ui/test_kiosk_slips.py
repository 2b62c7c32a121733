"""The kiosk's guide, complaint and policy pages with a receipt printer (pytest-qt, offscreen):
打印带走清单 prints (or, out of paper, says to ask at the service desk), 取号 goes straight to
the item's ticket category, the complaint's slip prints after filing, typed text reaches the
register, 政策与资助 lists the information window's entries. Rendered at 1366x768 and
1080x1920 (PNG in the test's tmp dir and /tmp/kiosk_shots/) and checked for cut-off widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.identity.masking import mask_name
from counter_app.kiosk.slips import ASK_STAFF, PRINTED, PRINTED_RECEIPT
from counter_app.printing.views import PrinterInput
from counter_app.supervision.rules.complaints import Channel
from tests.kiosk.support import desk, press, tap
from tests.printers.decode import parse_escpos
from tests.printers.fakes import FakeSerialPrinter
from tests.printing.support import PAPER_OUT
from tests.supervision.rating_support import RatingHall, open_rating_hall
from tests.ui.test_kiosk_layouts import SHOTS, _cut_off
from ui.fonts import install_app_font
from ui.kiosk.kiosk_window import KioskWindow
from ui.kiosk.walk_in import WalkInPages
from ui.tasks import SyncRunner

SIZES = ((1366, 768), (1080, 1920))
POLICY = "连云港市知识产权资助办法"


@pytest.fixture
def hall(services: Services) -> RatingHall:
    hall = open_rating_hall(services)
    services.queue.set_kiosk_pin(SYSTEM_ACTOR, "2468")
    info = services.info
    info.save(
        hall.admin, None, "subsidy", POLICY, "发明专利授权每件资助 3000 元。\n申请材料见附件。"
    )
    info.save(
        hall.admin, None, "policy", "专利法", "中华人民共和国专利法全文", "https://cnipa.gov.cn"
    )
    info.save(hall.admin, None, "aid", "维权援助热线", "12330")
    info.save(hall.admin, None, "link", "检索入口", "不在自助机上显示")
    return hall


@pytest.fixture
def slips_out(hall: RatingHall, tmp_path: Path) -> Path:
    out = tmp_path / "kiosk-printer.bin"
    printer = PrinterInput("自助机票据打印机", "receipt", f"file://{out}?append=1")
    hall.services.printing.add_printer(hall.admin, printer)
    return out


def _kiosk(qtbot: QtBot, hall: RatingHall, size: tuple[int, int] = (1366, 768)) -> KioskWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_app_font(app)
    window = KioskWindow(hall.services.queue, SyncRunner(), hall_name(hall), 50, desk(hall))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    return window


def hall_name(hall: RatingHall) -> str:
    return hall.services.hall.settings().hall_name


def _pages(kiosk: KioskWindow) -> WalkInPages:
    assert kiosk.walk_in is not None
    return kiosk.walk_in


def _click(button: object) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def _open_patent(kiosk: KioskWindow) -> None:
    tap(_pages(kiosk).home_page, "办事指南")
    tap(_pages(kiosk).guide.choice, "知识产权创造")
    tap(_pages(kiosk).guide.choice, "专利申请")


def _shot(kiosk: KioskWindow, name: str, tmp_path: Path) -> list[str]:
    app = QApplication.instance()
    assert app is not None
    app.processEvents()
    image = kiosk.grab()
    SHOTS.mkdir(exist_ok=True)
    for folder in (tmp_path, SHOTS):
        image.save(str(folder / f"{name}_{image.width()}x{image.height()}.png"))
    return _cut_off(kiosk)


def _close(kiosk: KioskWindow) -> None:
    kiosk.unlocked = True
    kiosk.close()


def test_the_guide_prints_its_slip_and_takes_a_ticket_in_its_category(
    qtbot: QtBot, hall: RatingHall, slips_out: Path
) -> None:
    kiosk = _kiosk(qtbot, hall)
    _open_patent(kiosk)
    step = _pages(kiosk).guide.guide
    assert "取号：请取“专利”号" in step.text.text() and "03 号窗口" in step.text.text()
    assert step.print.isVisibleTo(kiosk) and step.ticket.text() == "取号：专利"
    _click(step.print)
    assert step.note.text() == PRINTED
    lines = [t.strip() for t, _ in parse_escpos(slips_out.read_bytes()).lines]
    assert "带走清单" in lines and "专利申请" in lines and "取号类别：专利（A字头号）" in lines
    _click(step.ticket)
    assert kiosk.pages.currentWidget() is kiosk.choice
    assert kiosk.choice.title.text() == "专利" and kiosk.choice.text.text() == "是否需要优先服务？"
    _close(kiosk)


def test_out_of_paper_the_screen_says_to_ask_at_the_service_desk(
    qtbot: QtBot, hall: RatingHall
) -> None:
    printer = FakeSerialPrinter(status=PAPER_OUT)
    try:
        url = f"serial://{printer.path}?baud=115200"
        hall.services.printing.add_printer(hall.admin, PrinterInput("票据", "receipt", url))
        kiosk = _kiosk(qtbot, hall)
        _open_patent(kiosk)
        step = _pages(kiosk).guide.guide
        _click(step.print)
        assert step.note.text() == ASK_STAFF and step.print.isEnabled()
        (job,) = hall.services.printing.jobs()
        assert job.kind == "kiosk_materials" and "缺纸" in job.last_error  # kept for the staff
        _close(kiosk)
    finally:
        printer.close()


def test_without_a_printer_there_is_no_print_button(qtbot: QtBot, hall: RatingHall) -> None:
    kiosk = _kiosk(qtbot, hall)
    _open_patent(kiosk)
    assert not _pages(kiosk).guide.guide.print.isVisibleTo(kiosk)
    _close(kiosk)


def test_a_typed_complaint_is_filed_and_its_slip_printed(
    qtbot: QtBot, hall: RatingHall, slips_out: Path
) -> None:
    kiosk = _kiosk(qtbot, hall)
    page = _pages(kiosk).complaint
    tap(_pages(kiosk).home_page, "咨询与投诉")
    tap(page.choice, "投诉")
    tap(page.choice, "03 号窗口")
    tap(page.choice, "其他（用键盘输入）")
    press(page.entry.full, "W")
    _click(page.entry.ok)
    assert "至少输入两个字符" in page.entry.error.text()
    press(page.entry.full, "IFI-3")
    _click(page.entry.ok)
    press(page.entry.digits, "13812345678")
    _click(page.entry.ok)
    details = page.result.details.text()
    assert "现场自助" in details and "138****5678" in details and PRINTED_RECEIPT in details
    (row,) = hall.services.complaints.list(hall.supervisor)
    assert row.channel is Channel.KIOSK and row.name == mask_name("自助机来访者")
    assert page.result.big.text() == row.number
    lines = [t.strip() for t, _ in parse_escpos(slips_out.read_bytes()).lines]
    assert row.number in lines and any("（自助机键盘输入）WIFI-3" in t for t in lines)
    _close(kiosk)


def test_policy_pages_list_the_information_windows_entries(qtbot: QtBot, hall: RatingHall) -> None:
    kiosk = _kiosk(qtbot, hall)
    guide = _pages(kiosk).guide
    tap(_pages(kiosk).home_page, "办事指南")
    tap(guide.choice, "更多")
    tap(guide.choice, "政策与资助")
    texts = [b.text() for b in guide.policy.choice.buttons]
    assert texts == ["政策法规（1 条）", "维权援助（1 条）", "奖励资助（1 条）", "返回"]
    tap(guide.policy.choice, "奖励资助（1 条）")
    text = guide.policy.read.text.text()
    assert POLICY in text and "每件资助 3000 元" in text and "检索入口" not in text
    _click(guide.policy.read.back)
    tap(guide.policy.choice, "返回")
    assert guide.currentWidget() is guide.choice
    _close(kiosk)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_the_pages_fit(
    qtbot: QtBot, hall: RatingHall, slips_out: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    problems: dict[str, list[str]] = {}

    def guide_printed(k: KioskWindow) -> None:
        _open_patent(k)
        _click(_pages(k).guide.guide.print)

    def policy(k: KioskWindow) -> None:
        tap(_pages(k).home_page, "办事指南")
        tap(_pages(k).guide.choice, "更多")
        tap(_pages(k).guide.choice, "政策与资助")

    def policy_read(k: KioskWindow) -> None:
        policy(k)
        tap(_pages(k).guide.policy.choice, "奖励资助（1 条）")

    def complaint(k: KioskWindow) -> None:
        tap(_pages(k).home_page, "咨询与投诉")
        for text in ("咨询", "03 号窗口", "想了解收费标准和缴费方式"):
            tap(_pages(k).complaint.choice, text)
        _click(_pages(k).complaint.entry.ok)

    for name, step in (
        ("slip_guide_printed", guide_printed),
        ("slip_policy", policy),
        ("slip_policy_read", policy_read),
        ("slip_complaint_printed", complaint),
    ):
        kiosk = _kiosk(qtbot, hall, size)
        step(kiosk)
        found = _shot(kiosk, name, tmp_path)
        if found:
            problems[name] = found
        _close(kiosk)
    assert problems == {}


def test_item_links_widget_edits_the_map_from_the_keyboard(
    qtbot: QtBot, hall: RatingHall, tmp_path: Path
) -> None:
    from PySide6.QtGui import QKeySequence

    from counter_app.queue.links import ItemLinks
    from ui.admin.queue.item_links import ItemLinksWidget

    widget = ItemLinksWidget(hall.services, hall.admin, SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    texts = [widget.table.item(r, 0).text() for r in range(widget.table.rowCount())]
    assert texts[0] == "类别：知识产权创造" and "10 植物新品种申请" in texts
    plant = texts.index("10 植物新品种申请")
    assert widget.table.item(plant, 2).text() == "专利（未设置，默认第一个类别）"
    widget.table.setFocus()
    widget.table.setCurrentCell(plant, 0)
    QTest.keyClick(widget.table, Qt.Key.Key_Q, Qt.KeyboardModifier.AltModifier)  # the buddy
    assert widget.choice.hasFocus()
    while widget.choice.currentData() != "E":
        QTest.keyClick(widget.choice, Qt.Key.Key_Down)
    assert widget.table.item(plant, 1).text() == "E 咨询"
    QTest.keySequence(widget, QKeySequence("Ctrl+S"))
    assert hall.services.queue.item_links() == ItemLinks({10: "E"}, {})
    assert widget.table.item(plant, 2).text() == "咨询（已设置）"
    assert "已保存" in widget.banner.text()
    image = widget.grab()
    for folder in (tmp_path, SHOTS):
        image.save(str(folder / "admin_item_links_1366x768.png"))
