"""The rating screen facing the applicant (R-SUP-2): full screen, touch or a plain keypad.

idle -> (the window finished a ticket) levels -> reasons and comment -> thank you -> idle.
Keys: 1-5 choose the level (5 非常满意), Enter submits, Esc skips the reasons; any other key
on a rating page says "请按 1 至 5 键评价". Without a touch or a key for IDLE_SECONDS the page
goes back to idle, counting the last 10 seconds down on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from counter_app.i18n import tr
from counter_app.supervision.rules.evaluation import IDLE_SECONDS, Level, Source
from counter_app.supervision.rules.rating import LEVEL_KEY_HINT
from ui.rating.pages import (
    BACKGROUND,
    IdlePage,
    LevelPage,
    ReasonPage,
    ThanksPage,
    pixel_font,
    text_label,
)

THANKS_SECONDS = 6
COUNTDOWN_FROM = 10
_LEVEL_KEYS = {
    Qt.Key.Key_1: Level(1),
    Qt.Key.Key_2: Level(2),
    Qt.Key.Key_3: Level(3),
    Qt.Key.Key_4: Level(4),
    Qt.Key.Key_5: Level(5),
}
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_TOUCH = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


class RatingWindow(QWidget):
    sig_submit = Signal(int, list, str, str)
    """Emitted with level, reason keys, comment and source (screen or keypad) on submit."""
    sig_timed_out = Signal()
    """Emitted when a rating page went back to idle without a rating."""

    def __init__(self, hall_name: str, window_no: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint)
        self.setStyleSheet(f"background: {BACKGROUND};")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.closable = False
        self.level: Level | None = None
        self.source = Source.SCREEN
        self.remaining = 0
        self._countdown_shown = True
        self.pages = QStackedWidget(self)
        self.idle_page = IdlePage()
        self.idle_page.hall.setText(hall_name or tr("知识产权服务大厅"))
        self.idle_page.window_line.setText(tr("{w}号窗口", w=window_no))
        self.level_page = LevelPage(self._on_level_touched)
        self.reason_page = ReasonPage(self.submit, self.skip_reasons)
        self.thanks_page = ThanksPage()
        for page in (self.idle_page, self.level_page, self.reason_page, self.thanks_page):
            self.pages.addWidget(page)
        self.hint = text_label("#b00020")
        self.countdown = text_label("#607d8b")
        footer = QHBoxLayout()
        footer.addWidget(self.hint, 3)
        footer.addWidget(self.countdown, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.pages, 1)
        layout.addLayout(footer)
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._on_tick)
        self.show_idle()

    # -- what the controller shows --------------------------------------------------------
    def show_idle(self, status: str = "") -> None:
        self.level = None
        self.tick.stop()
        self.hint.setText("")
        self.countdown.setText("")
        self.idle_page.status.setText(status)
        self.pages.setCurrentWidget(self.idle_page)

    def set_status(self, status: str) -> None:
        self.idle_page.status.setText(status)

    def show_service(self, window_no: str, staff_name: str) -> None:
        self.level, self.source = None, Source.SCREEN
        self.level_page.show_service(window_no, staff_name)
        self.hint.setText("")
        self.pages.setCurrentWidget(self.level_page)
        self._restart(IDLE_SECONDS)

    def show_thanks(self, thanks: str, detail: str = "") -> None:
        self.thanks_page.show_text(thanks, detail)
        self.hint.setText("")
        self.pages.setCurrentWidget(self.thanks_page)
        self._restart(THANKS_SECONDS, countdown=False)

    def show_hint(self, text: str) -> None:
        self.hint.setText(text)

    @property
    def rating(self) -> bool:
        """A level or reasons page is up (keys mean something)."""
        return self.pages.currentWidget() in (self.level_page, self.reason_page)

    # -- the applicant ----------------------------------------------------------------------
    def _on_level_touched(self, level: Level) -> None:
        self.choose(level, Source.SCREEN)

    def choose(self, level: Level, source: Source) -> None:
        self.touched()
        first = self.pages.currentWidget() is self.level_page
        self.level, self.source = level, source
        self.hint.setText("")
        if first:
            self.reason_page.reset(level)
            self.pages.setCurrentWidget(self.reason_page)
        else:
            self.reason_page.set_level(level)

    def submit(self) -> None:
        if self.level is None:
            self.show_hint(LEVEL_KEY_HINT)
            return
        self.sig_submit.emit(
            int(self.level),
            self.reason_page.selected_reasons(),
            self.reason_page.comment(),
            self.source.value,
        )

    def skip_reasons(self) -> None:
        if self.level is None:
            return
        self.sig_submit.emit(int(self.level), [], "", self.source.value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.rating:
            event.ignore()
            return
        self.touched()
        key = Qt.Key(event.key())
        if key in _LEVEL_KEYS:
            self.choose(_LEVEL_KEYS[key], Source.KEYPAD)
        elif key in _ENTER:
            self.submit()
        elif key == Qt.Key.Key_Escape:
            self.skip_reasons()
        else:
            self.show_hint(LEVEL_KEY_HINT)
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _TOUCH and self.rating:
            self.touched()
        return False

    # -- idle ---------------------------------------------------------------------------------
    def touched(self) -> None:
        if self.rating:
            self._restart(IDLE_SECONDS)

    def _restart(self, seconds: int, countdown: bool = True) -> None:
        self.remaining = seconds
        self._countdown_shown = countdown
        self.countdown.setText("")
        self.tick.start()

    def _on_tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            timed_out = self.rating
            self.show_idle(self.idle_page.status.text())
            if timed_out:
                self.sig_timed_out.emit()
            return
        if self._countdown_shown and self.remaining <= COUNTDOWN_FROM:
            self.countdown.setText(tr("{n} 秒后返回", n=self.remaining))

    # -- sizes --------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = max(240, event.size().height())
        width = max(320, event.size().width())
        for page in (self.idle_page, self.level_page, self.reason_page, self.thanks_page):
            page.scale(height, width)
        pixel_font(self.hint, height // 22, bold=True)
        pixel_font(self.countdown, height // 26)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.closable:
            event.accept()
        else:
            event.ignore()  # a visitor's Alt+F4 does nothing; IT stop it from the PC
