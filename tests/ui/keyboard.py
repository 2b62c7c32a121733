"""Typing helpers: ASCII through real key events, Chinese the way an input method commits it.

(QTest's keyClicks aborts on characters outside Latin-1, and staff type hanzi via an IME.)
"""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot: object, widget: QWidget, text: str) -> None:
    if not text:
        return
    if text.isascii():
        qtbot.keyClicks(widget, text)  # type: ignore[attr-defined]
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
