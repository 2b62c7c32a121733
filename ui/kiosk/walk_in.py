"""The kiosk's home and the walk-in pages around the ticket flow: 取号, 办事指南 (when the
desk reads the catalogue), 查询办理进度, 评价, 咨询与投诉; the scanner, the idle
countdown, the 大字 toggle and the no-PIN notice. ``KioskWindow`` owns one when it has a desk."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QPushButton

from counter_app.i18n import tr
from counter_app.kiosk.walk_in import WalkInDesk
from ui.kiosk.complaint_page import ComplaintPage
from ui.kiosk.guide_page import GuidePage
from ui.kiosk.pages import Choice, ChoicePage
from ui.kiosk.progress_page import ProgressPage
from ui.kiosk.rate_page import RatePage
from ui.kiosk.read_aloud import Speaker, page_words
from ui.kiosk.scanner import WedgeReader
from ui.kiosk.style import LARGE, SMALL_STYLE, apply_scale
from ui.qt_props import dynamic_property
from ui.tasks import Runner

if TYPE_CHECKING:
    from ui.kiosk.kiosk_window import KioskWindow

COUNTDOWN_MS = 10_000
NO_PIN = tr(
    "未设置工作人员退出密码，自助机不锁定全屏。"
    "请管理员在 管理 → 排队与自助机 → 自助机退出密码 中设置"
    "（或在管理电脑上运行 counter-admin kiosk pin），然后重新启动自助机。"
)
TOGGLE_STYLE = (
    "QPushButton { font-size: 24pt; font-weight: bold; color: #0d2b5c; background: white;"
    " border: 3px solid #0d2b5c; border-radius: 12px; padding: 6px 18px; }"
    "QPushButton:checked { color: white; background: #0d2b5c; }"
)


class WalkInPages:
    def __init__(
        self,
        window: KioskWindow,
        desk: WalkInDesk,
        runner: Runner,
        speaker: Speaker | None = None,
    ) -> None:
        self.window, self.desk, self._runner, self._speaker = window, desk, runner, speaker
        self.scale = 1.0
        self.scanner = WedgeReader()
        self.home_page = ChoicePage()
        self.progress = ProgressPage(desk, runner, window.go_home)
        self.rate = RatePage(desk, runner, window.go_home)
        self.complaint = ComplaintPage(desk, runner, window.go_home)
        self.guide = GuidePage(
            desk, runner, window.go_home, window.take_ticket, window.take_ticket_in
        )
        for page in (self.home_page, self.progress, self.rate, self.complaint, self.guide):
            window.pages.addWidget(page)
        self.large = QPushButton(tr("大字"))
        self.large.setCheckable(True)
        self.large.setStyleSheet(TOGGLE_STYLE)
        self.large.setMinimumSize(130, 64)
        self.large.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.large.toggled.connect(self._toggle_large)
        window.header.insertWidget(1, self.large)
        self.read = QPushButton(tr("朗读"))
        self.read.setStyleSheet(TOGGLE_STYLE)
        self.read.setMinimumSize(130, 64)
        self.read.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.read.clicked.connect(self.read_aloud)
        self.read.setVisible(speaker is not None)
        window.header.insertWidget(1, self.read)
        self.countdown = QLabel("")
        self.countdown.setStyleSheet("font-size: 28pt; font-weight: bold; color: #b00020;")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown.setMinimumHeight(56)
        window.footer.addWidget(self.countdown)
        self.notice = QLabel(NO_PIN if not window.locked_down else "")
        self.notice.setStyleSheet(SMALL_STYLE + " color: #b00020; font-weight: bold;")
        self.notice.setWordWrap(True)
        self.notice.setVisible(not window.locked_down)
        window.footer.insertWidget(1, self.notice)
        self.ticker = QTimer(window)
        self.ticker.setInterval(250)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        window.pages.currentChanged.connect(lambda _i: self._rescale())

    # -- home ---------------------------------------------------------------------------
    def home(self) -> None:
        choices: list[Choice] = [(tr("取号"), "#1565c0", self.window.take_ticket)]
        if self.desk.has_guide:
            choices.append((tr("办事指南"), "#00838f", self._open(self.guide)))
        choices += [
            (tr("查询办理进度"), "#2e7d32", self._open(self.progress)),
            (tr("评价"), "#ef6c00", self._open(self.rate)),
            (tr("咨询与投诉"), "#6a1b9a", self._open(self.complaint)),
        ]
        self.home_page.set_choices(tr("您好，请问要办理什么？"), "", choices)
        self.window.pages.setCurrentWidget(self.home_page)
        self.window.idle.start()

    def _open(self, page: ProgressPage | RatePage | ComplaintPage | GuidePage) -> _Opener:
        return _Opener(self.window, page)

    # -- the scanner: a burst ending in Enter; other keys are dropped ------------------
    def key(self, event: QKeyEvent) -> bool:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        code = self.scanner.key(event.text(), enter)
        if code:
            self.scanned(code)
        return True

    def scanned(self, code: str) -> None:
        """The 评价 page takes a ticket's code; everywhere else a code is looked up."""
        current = self.window.pages.currentWidget()
        if current is self.rate:
            self.rate.scanned(code)
            return
        self.window.pages.setCurrentWidget(self.progress)
        self.progress.scanned(code)
        self.window.idle.start()

    # -- 朗读 -------------------------------------------------------------------------------
    def read_aloud(self) -> None:
        speaker, page = self._speaker, self.window.pages.currentWidget()
        if speaker is None or page is None or dynamic_property(self.read, "speaking"):
            return
        words = page_words(page)
        self.read.setProperty("speaking", True)
        self._runner.run(lambda: speaker(words), self._spoken, self._spoken)

    def _spoken(self, _result: object) -> None:
        self.read.setProperty("speaking", False)

    # -- idle countdown, 大字 -------------------------------------------------------------
    def tick(self) -> None:
        left = self.window.idle.remainingTime()
        on_home = self.window.pages.currentWidget() is self.home_page
        if on_home or not self.window.idle.isActive() or left > COUNTDOWN_MS:
            self.countdown.setText("")
            return
        self.countdown.setText(tr("{n} 秒后返回首页", n=max(1, math.ceil(left / 1000))))

    def _toggle_large(self, on: bool) -> None:
        self.scale = LARGE if on else 1.0
        apply_scale(self.window.pages, self.scale)

    def _rescale(self) -> None:
        """The page just shown (its widgets may be new since the last toggle)."""
        page = self.window.pages.currentWidget()
        if page is not None:
            apply_scale(page, self.scale)


class _Opener:
    def __init__(
        self, window: KioskWindow, page: ProgressPage | RatePage | ComplaintPage | GuidePage
    ):
        self.window, self.page = window, page

    def __call__(self) -> None:
        self.page.start()
        self.window.pages.setCurrentWidget(self.page)
        self.window.idle.start()
