"""The kiosk's step screens, one question each: an entry on the on-screen keyboard, a result.
Choice screens are ``ChoicePage`` (pages.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.i18n import tr
from ui.kiosk.keyboard import Keyboard
from ui.kiosk.pages import TEXT_STYLE, TITLE_STYLE, big_button, label
from ui.kiosk.style import ERROR_STYLE, FIELD_STYLE
from ui.tasks import Runner

Action = Callable[[], None]
DETAILS_STYLE = "font-size: 24pt; color: #1a1a1a;"


class EntryStep(QWidget):
    """A question, the answer so far in a large field, an on-screen keyboard, back and go on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("", TITLE_STYLE)
        self.hint = label("", TEXT_STYLE)
        self.field = QLabel("")
        self.field.setStyleSheet(FIELD_STYLE)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setMinimumHeight(80)
        self.field.setObjectName("kioskField")
        self.error = label("", ERROR_STYLE)
        self.full, self.digits = Keyboard(), Keyboard(digits_only=True, limit=4)
        for keyboard in (self.full, self.digits):
            keyboard.changed.connect(self._typed)
        self._on_ok: Action = lambda: None
        self._on_back: Action = lambda: None
        self.back = big_button(tr("返回"), "#546e7a", lambda: self._on_back(), size=26)
        self.ok = big_button(tr("下一步"), "#2e7d32", lambda: self._on_ok(), size=26)
        for button in (self.back, self.ok):
            button.setMinimumSize(200, 80)
            button.setMaximumHeight(110)
        self.digits.hide()
        self.digits.setMaximumWidth(660)  # a phone-like pad, not a wall of keys
        keys = QHBoxLayout()
        keys.addStretch(1)
        keys.addWidget(self.full, 12)
        keys.addWidget(self.digits, 5)
        keys.addStretch(1)
        # Landscape: 返回 | field | 下一步 on one row (the keyboard needs the height);
        # portrait: the field alone, the two buttons under the keyboard.
        self._rows = QGridLayout()
        self._rows.setHorizontalSpacing(16)
        self._portrait: bool | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 6, 30, 6)
        for widget in (self.title, self.hint):
            layout.addWidget(widget)
        layout.addLayout(self._rows)
        layout.addWidget(self.error)
        layout.addLayout(keys, 1)
        self._bottom = QHBoxLayout()
        layout.addLayout(self._bottom)
        self._place(False)

    def _place(self, portrait: bool) -> None:
        if portrait == self._portrait:
            return
        self._portrait = portrait
        for widget in (self.back, self.field, self.ok):
            self._rows.removeWidget(widget)
            self._bottom.removeWidget(widget)
        self._rows.setColumnStretch(0, 1 if portrait else 0)
        self._rows.setColumnStretch(1, 0 if portrait else 1)
        if portrait:
            self._rows.addWidget(self.field, 0, 0)
            self._bottom.addWidget(self.back)
            self._bottom.addWidget(self.ok)
        else:
            self._rows.addWidget(self.back, 0, 0)
            self._rows.addWidget(self.field, 0, 1)
            self._rows.addWidget(self.ok, 0, 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(self.height() > self.width())

    @property
    def text(self) -> str:
        return self.field.text()

    def ask(
        self,
        title: str,
        hint: str,
        digits: bool,
        ok_text: str,
        on_ok: Action,
        on_back: Action,
        limit: int = 40,
    ) -> None:
        self.title.setText(title)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.error.setText("")
        self.full.setVisible(not digits)
        self.digits.setVisible(digits)
        keyboard = self.digits if digits else self.full
        keyboard.limit = limit
        self.full.clear()
        self.digits.clear()
        self.ok.setText(ok_text)
        self._on_ok, self._on_back = on_ok, on_back

    def show_error(self, message: str) -> None:
        self.error.setText(message)

    def _typed(self, text: str) -> None:
        self.field.setText(text)
        self.error.setText("")


class ResultStep(QWidget):
    """An answer: a heading, one large line (a number, a state), the details, 完成."""

    def __init__(self, on_done: Action, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("", TITLE_STYLE)
        self.big = label("", "font-size: 40pt; font-weight: bold; color: #b71c1c;")
        self.details = label("", DETAILS_STYLE)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.done = big_button(tr("完成"), "#2e7d32", on_done, size=30)
        self.done.setMinimumSize(300, 96)
        self.done.setMaximumHeight(130)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 6, 60, 6)
        layout.addStretch(1)
        for widget in (self.title, self.big, self.details):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.done, 0, Qt.AlignmentFlag.AlignHCenter)

    def answer(self, title: str, big: str, details: str, big_colour: str = "#b71c1c") -> None:
        self.title.setText(title)
        self.big.setText(big)
        self.big.setVisible(bool(big))
        self.big.setStyleSheet(f"font-size: 40pt; font-weight: bold; color: {big_colour};")
        self.details.setText(details)


class OneAtATime:
    """A runner that drops a request while the page's last one runs: a burst of taps on
    查询 or 提交 counts one wrong try, files one complaint."""

    def __init__(self, runner: Runner) -> None:
        self._runner, self.busy = runner, False

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[Exception], None],
    ) -> None:
        if self.busy:
            return
        self.busy = True

        def finished(result: Any) -> None:
            self.busy = False
            done(result)

        def broke(exc: Exception) -> None:
            self.busy = False
            failed(exc)

        self._runner.run(work, finished, broke)
