"""On-screen keyboards: digits and the letters case and ticket numbers need, or digits only.
Keys are 15 mm and up (at least 60 px: 15 mm at 96 dpi is 57 px); no system keyboard and no
input method."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QWidget

from counter_app.i18n import tr
from ui.kiosk.style import KEY_STYLE

FULL_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM")
DIGIT_ROWS = ("123", "456", "789", "0")
BACK, CLEAR = "back", "clear"


class Keyboard(QWidget):
    """Emits ``changed`` with the whole text after every key."""

    changed = Signal(str)

    def __init__(self, digits_only: bool = False, limit: int = 40, parent: QWidget | None = None):
        super().__init__(parent)
        self.text, self.limit = "", limit
        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout(self)
        grid.setSpacing(6)
        grid.setContentsMargins(0, 0, 0, 0)
        rows = DIGIT_ROWS if digits_only else FULL_ROWS
        for r, row in enumerate(rows):
            for c, char in enumerate(row):
                grid.addWidget(self._key(char, char), r, c + (1 if row == "0" else 0))
        last = len(rows) - 1
        if digits_only:  # 清空 0 退格 under the pad
            grid.addWidget(self._key(tr("清空"), CLEAR), last, 0)
            grid.addWidget(self._key(tr("退格"), BACK), last, 2)
        else:  # Z..M then 退格 over the last three columns
            grid.addWidget(self._key(tr("退格"), BACK), last, len(rows[-1]), 1, 3)

    def _key(self, label: str, value: str) -> QPushButton:
        button = QPushButton(label)
        button.setStyleSheet(KEY_STYLE)
        button.setMinimumSize(60, 64)  # 15 mm at 96 dpi is 57 px
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setMaximumHeight(110)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(self._presser(value))
        self.keys[value] = button
        return button

    def _presser(self, value: str) -> Callable[[], None]:
        return lambda: self.press(value)

    def press(self, value: str) -> None:
        if value == BACK:
            self.text = self.text[:-1]
        elif value == CLEAR:
            self.text = ""
        elif len(self.text) < self.limit:
            self.text += value
        self.changed.emit(self.text)

    def clear(self) -> None:
        self.press(CLEAR)
