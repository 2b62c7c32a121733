"""A line of text that scrolls from right to left (the board's notice)."""

from __future__ import annotations

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

STEP_PX, TICK_MS = 3, 30


class MarqueeLabel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.offset = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._advance)
        self._timer.start(TICK_MS)

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.text, self.offset = text, self.width()  # start fully visible at the left
            self.update()

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        size.setHeight(QFontMetrics(self.font()).height() + 8)
        return size

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _advance(self) -> None:
        width = QFontMetrics(self.font()).horizontalAdvance(self.text)
        self.offset = (self.offset + STEP_PX) % max(1, width + self.width())
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QColor("#ffffff"))
        painter.setFont(self.font())
        metrics = QFontMetrics(self.font())
        x = self.width() - self.offset
        y = (self.height() + metrics.ascent() - metrics.descent()) // 2
        painter.drawText(x, y, self.text)
        painter.end()
