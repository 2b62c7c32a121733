"""The rating screen's pages: idle, the five levels, reasons and a short comment, thank you.

Sizes follow the screen height H (the screen is 800x480 to 1366x768): text is H/12 to H/28
pixels, every touch target at least 15 mm (from the screen's physical DPI) and as large as
the page allows.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import tr
from counter_app.supervision.rules.evaluation import LEVELS_BEST_FIRST, REASONS, Level
from counter_app.supervision.rules.rating import QUICK_PHRASES

INK, BACKGROUND = "#0d2b5c", "#f4f7fb"
LEVEL_COLOURS: dict[Level, str] = {
    Level.VERY_SATISFIED: "#1b5e20",
    Level.SATISFIED: "#43a047",
    Level.BASICALLY_SATISFIED: "#a67c00",
    Level.DISSATISFIED: "#ef6c00",
    Level.VERY_DISSATISFIED: "#c62828",
}
TARGET_MM = 15.0


def target_pixels(widget: QWidget) -> int:
    """15 mm on this screen (96 dpi when the screen does not say)."""
    dpi = widget.physicalDpiY() or 96
    return int(TARGET_MM * dpi / 25.4 + 0.5)


def pixel_font(widget: QWidget, pixels: int, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPixelSize(max(10, pixels))
    font.setBold(bold)
    widget.setFont(font)


def text_label(colour: str = INK, wrap: bool = True) -> QLabel:
    widget = QLabel("")
    widget.setStyleSheet(f"color: {colour}; background: transparent;")
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    widget.setWordWrap(wrap)
    return widget


def touch_button(text: str, colour: str, action: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keypad's keys go to the window
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    button.setStyleSheet(
        f"QPushButton {{ color: white; background: {colour}; border-radius: 14px;"
        " padding: 4px; border: 4px solid transparent; }"
        "QPushButton:checked { border: 6px solid #0d2b5c; }"
        "QPushButton:pressed { background: #0b3d91; }"
    )
    button.clicked.connect(action)
    return button


def _bind(choose: Callable[[Level], None], level: Level) -> Callable[[], None]:
    return lambda: choose(level)


class IdlePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hall = text_label()
        self.window_line = text_label("#1565c0")
        self.invite = text_label()
        self.invite.setText(tr("请在服务结束后对本次服务进行评价"))
        self.status = text_label("#78909c")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self.hall, self.window_line, self.invite):
            layout.addWidget(widget)
            layout.addSpacing(12)
        layout.addStretch(1)
        layout.addWidget(self.status)

    def scale(self, height: int, width: int) -> None:
        pixel_font(self.hall, height // 12, bold=True)
        pixel_font(self.window_line, height // 10, bold=True)
        pixel_font(self.invite, height // 16)
        pixel_font(self.status, height // 30)


class LevelPage(QWidget):
    """Who served, then five large colour-coded buttons, 非常满意 on the left."""

    def __init__(self, choose: Callable[[Level], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.served = text_label()
        self.question = text_label()
        self.question.setText(tr("请对本次服务进行评价"))
        self.buttons: dict[Level, QPushButton] = {}
        row = QHBoxLayout()
        row.setSpacing(14)
        for level in LEVELS_BEST_FIRST:
            text = tr("{l}\n（按 {k} 键）", l=level.label, k=int(level))
            button = touch_button(text, LEVEL_COLOURS[level], _bind(choose, level))
            self.buttons[level] = button
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.served)
        layout.addWidget(self.question)
        layout.addLayout(row, 1)

    def show_service(self, window_no: str, staff_name: str) -> None:
        who = f"{window_no}号窗口 {staff_name}".strip()
        self.served.setText(tr("为您服务的是 {w}", w=who))

    def scale(self, height: int, width: int) -> None:
        pixel_font(self.served, height // 14, bold=True)
        pixel_font(self.question, height // 20)
        minimum = max(target_pixels(self), height // 3)
        # 非常不满意 (five characters) inside a fifth of the width, borders and gaps aside.
        text = min(height // 17, (width // 5 - 40) // 6)
        for button in self.buttons.values():
            pixel_font(button, text, bold=True)
            button.setMinimumHeight(minimum)
            button.setMinimumWidth(target_pixels(self))


class ReasonPage(QWidget):
    """Optional reasons (toggle buttons), an optional quick phrase, submit or skip."""

    COLUMNS = 4

    def __init__(
        self, submit: Callable[[], None], skip: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.chosen = text_label()
        self.reasons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for index, (key, word) in enumerate(REASONS.items()):
            button = touch_button(word, "#546e7a", lambda: None)
            button.setCheckable(True)
            button.setStyleSheet(
                button.styleSheet() + "QPushButton:checked { background: #1565c0; }"
            )
            self.reasons[key] = button
            grid.addWidget(button, index // self.COLUMNS, index % self.COLUMNS)
        self.phrases: list[QPushButton] = []
        phrase_row = QHBoxLayout()
        phrase_row.setSpacing(10)
        for _ in range(3):
            button = touch_button("", "#8d6e63", lambda: None)
            button.setCheckable(True)
            button.setStyleSheet(
                button.styleSheet() + "QPushButton:checked { background: #4e342e; }"
            )
            self.phrases.append(button)
            phrase_row.addWidget(button)
        actions = QHBoxLayout()
        actions.setSpacing(14)
        self.skip = touch_button(tr("跳过（Esc）"), "#78909c", skip)
        self.submit = touch_button(tr("提交评价（确认键）"), "#1565c0", submit)
        actions.addWidget(self.skip, 1)
        actions.addWidget(self.submit, 2)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.chosen)
        layout.addLayout(grid, 2)
        layout.addLayout(phrase_row, 1)
        layout.addLayout(actions, 1)

    def reset(self, level: Level) -> None:
        self.set_level(level)
        for button in [*self.reasons.values(), *self.phrases]:
            button.setChecked(False)
        good = level >= Level.BASICALLY_SATISFIED
        phrases = QUICK_PHRASES[:3] if good else QUICK_PHRASES[3:]
        for button, phrase in zip(self.phrases, phrases, strict=True):
            button.setText(phrase)

    def set_level(self, level: Level) -> None:
        colour = LEVEL_COLOURS[level]
        self.chosen.setText(
            tr(
                "您的评价：<b style='color:{c}'>{l}</b>　可选原因和意见（可多选）",
                c=colour,
                l=level.label,
            )
        )

    def selected_reasons(self) -> list[str]:
        return [key for key, button in self.reasons.items() if button.isChecked()]

    def comment(self) -> str:
        return "；".join(b.text() for b in self.phrases if b.isChecked())

    def scale(self, height: int, width: int) -> None:
        pixel_font(self.chosen, height // 20)
        target = target_pixels(self)
        for button in self.reasons.values():
            pixel_font(button, height // 24, bold=True)
            button.setMinimumHeight(target)
        for button in self.phrases:
            pixel_font(button, height // 26)
            button.setMinimumHeight(target)
        for button in (self.skip, self.submit):
            pixel_font(button, height // 22, bold=True)
            button.setMinimumHeight(target)


class ThanksPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.thanks = text_label("#1b5e20")
        self.detail = text_label()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.thanks)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def show_text(self, thanks: str, detail: str) -> None:
        self.thanks.setText(thanks)
        self.detail.setText(detail)

    def scale(self, height: int, width: int) -> None:
        pixel_font(self.thanks, height // 8, bold=True)
        pixel_font(self.detail, height // 18)
