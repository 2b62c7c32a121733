"""Every kiosk page at 1920x1080, 1366x768, 1080x1920 and 768x1366: rendered to PNG (the
test's tmp dir and /tmp/kiosk_shots/) and checked: every visible label and button inside the
window and big enough for its text (nothing cut off)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.queue.rules.tickets import WindowView
from tests.cases.reception.support import PERSON, form
from tests.kiosk.support import desk, press, tap
from tests.supervision.rating_support import RatingHall, open_rating_hall
from ui.fonts import install_app_font
from ui.kiosk.kiosk_window import KioskWindow
from ui.kiosk.walk_in import WalkInPages
from ui.tasks import SyncRunner

SIZES = ((1920, 1080), (1366, 768), (1080, 1920), (768, 1366))
SHOTS = Path("/tmp/kiosk_shots")
HALL_NAME = "连云港市知识产权保护中心"


def _quiet(text: str) -> None:
    """A voice that says nothing: the header shows 朗读 as a hall with a voice has it."""


def _pages(k: KioskWindow) -> WalkInPages:
    assert k.walk_in is not None
    return k.walk_in


def _steps(hall: RatingHall, number: str) -> dict[str, Callable[[KioskWindow], None]]:
    def progress_phone(k: KioskWindow) -> None:
        tap(_pages(k).home_page, "查询办理进度")
        press(_pages(k).progress.entry.full, number)
        _pages(k).progress.entry.ok.click()

    def progress_result(k: KioskWindow) -> None:
        progress_phone(k)
        press(_pages(k).progress.entry.digits, "5678")
        _pages(k).progress.entry.ok.click()

    def rate_levels(k: KioskWindow) -> None:
        tap(_pages(k).home_page, "评价")
        _pages(k).rate.scanned("A001")

    def complaint_phone(k: KioskWindow) -> None:
        tap(_pages(k).home_page, "咨询与投诉")
        for text in ("投诉", "03 号窗口", "没有一次性告知所需材料，多次跑腿"):
            tap(_pages(k).complaint.choice, text)

    def filed(k: KioskWindow) -> None:
        complaint_phone(k)
        _pages(k).complaint.entry.ok.click()

    def guide_item(k: KioskWindow) -> None:
        tap(_pages(k).home_page, "办事指南")
        tap(_pages(k).guide.choice, "知识产权创造")
        tap(_pages(k).guide.choice, "专利申请")

    return {
        "home": lambda k: None,
        "guide_categories": lambda k: tap(_pages(k).home_page, "办事指南"),
        "guide_items": lambda k: (
            tap(_pages(k).home_page, "办事指南"),
            tap(_pages(k).guide.choice, "知识产权保护"),
        ),
        "guide_search": lambda k: (
            tap(_pages(k).home_page, "办事指南"),
            tap(_pages(k).guide.choice, "按拼音首字母查找"),
        ),
        "guide_item": guide_item,
        "guide_policies": lambda k: (
            tap(_pages(k).home_page, "办事指南"),
            tap(_pages(k).guide.choice, "更多"),
            tap(_pages(k).guide.choice, "政策与资助"),
        ),
        "guide_policy_read": lambda k: (
            tap(_pages(k).home_page, "办事指南"),
            tap(_pages(k).guide.choice, "更多"),
            tap(_pages(k).guide.choice, "政策与资助"),
            tap(_pages(k).guide.policy.choice, "奖励资助（0 条）"),
        ),
        "tickets": lambda k: tap(_pages(k).home_page, "取号"),
        "progress_number": lambda k: tap(_pages(k).home_page, "查询办理进度"),
        "progress_phone": progress_phone,
        "progress_result": progress_result,
        "rate_levels": rate_levels,
        "rate_reasons": lambda k: (rate_levels(k), tap(_pages(k).rate.choice, "非常不满意")),
        "complaint_kind": lambda k: tap(_pages(k).home_page, "咨询与投诉"),
        "complaint_windows": lambda k: (
            tap(_pages(k).home_page, "咨询与投诉"),
            tap(_pages(k).complaint.choice, "咨询"),
        ),
        "complaint_phone": complaint_phone,
        "complaint_typed": lambda k: (
            tap(_pages(k).home_page, "咨询与投诉"),
            tap(_pages(k).complaint.choice, "意见建议"),
            tap(_pages(k).complaint.choice, "不涉及具体窗口"),
            tap(_pages(k).complaint.choice, "其他（用键盘输入）"),
            press(_pages(k).complaint.entry.full, "WIFI"),
        ),
        "complaint_filed": filed,
        "pin": lambda k: k._on_staff(),
        "home_large": lambda k: _pages(k).large.setChecked(True),
    }


def _scroll_area(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def _clipped_by(widget: QWidget, window: QWidget, rect: QRect) -> str:
    """The first ancestor whose area does not hold all of ``rect`` (it would cut it)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        area = QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
        if not area.contains(rect):
            return f"{type(parent).__name__} {area.getRect()}"
        parent = parent.parentWidget()
    return ""


def _cut_off(window: KioskWindow) -> list[str]:
    """Visible labels and buttons that leave the window, overlap one another or are smaller
    than their text."""
    problems = []
    frame = window.rect()
    seen: list[tuple[QRect, str]] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not isinstance(widget, QLabel | QPushButton):
            continue
        area = _scroll_area(widget)
        if area is not None:  # scrolls by touch inside its area: the area must fit
            rect = QRect(area.mapTo(window, QPoint(0, 0)), area.size())
            if not window.rect().contains(rect) or rect.height() < 150:
                problems.append(f"scroll area at {rect.getRect()}")
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        name = f"{type(widget).__name__} {widget.text()[:20]!r}"
        problems += [f"{name} overlaps {other}" for r, other in seen if r.intersects(rect)]
        seen.append((rect, name))
        if widget.objectName() == "kioskField" and rect.width() < frame.width() // 2:
            problems.append(f"the entry field is {rect.width()}px wide")
        clipped = _clipped_by(widget, window, rect)
        if clipped:
            problems.append(f"{name} at {rect.getRect()} cut by {clipped}")
        if not frame.contains(rect):
            problems.append(f"{name} at {rect.getRect()} leaves {frame.getRect()}")
        metrics = widget.fontMetrics()
        if isinstance(widget, QPushButton):
            wide = max(metrics.horizontalAdvance(line) for line in widget.text().split("\n"))
            if widget.sizeHint().width() > widget.width() + 1 or metrics.height() > widget.height():
                problems.append(f"{name} {widget.size().toTuple()} for text {wide}px")
        elif widget.text():
            need = widget.heightForWidth(widget.width()) if widget.wordWrap() else 0
            need = max(need, widget.sizeHint().height() if not widget.wordWrap() else 0)
            if need > widget.height() + 2:
                problems.append(f"{name} needs {need}px, has {widget.height()}")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_page_fits_every_screen(
    qtbot: QtBot, services: Services, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_app_font(app)
    hall = open_rating_hall(services)
    services.queue.set_kiosk_pin(SYSTEM_ACTOR, "2468")
    for number in ("05", "06", "07", "08", "09"):  # more windows than one page holds
        services.queue.save_window(SYSTEM_ACTOR, WindowView(number, "", ("A",)))
    case = services.reception.receive(hall.clerk, form(services, 11, applicant=PERSON, lacking=2))
    hall.serve()
    width, height = size
    problems: dict[str, list[str]] = {}
    SHOTS.mkdir(exist_ok=True)
    for name, step in _steps(hall, case.number).items():
        kiosk = KioskWindow(services.queue, SyncRunner(), HALL_NAME, 50, desk(hall), _quiet)
        qtbot.addWidget(kiosk)
        kiosk.resize(width, height)
        kiosk.show()
        step(kiosk)
        app.processEvents()
        kiosk.idle.start(7_000)  # shows the countdown on the pages that have one
        _pages(kiosk).tick()
        app.processEvents()
        image = kiosk.grab()
        assert (image.width(), image.height()) == size
        for folder in (tmp_path, SHOTS):
            image.save(str(folder / f"{name}_{width}x{height}.png"))
        found = _cut_off(kiosk)
        if found:
            problems[name] = found
        kiosk.unlocked = True
        kiosk.close()
    assert problems == {}
