"""Window-part shortcuts: a key that works while the focus is anywhere inside ``scope``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from counter_app.i18n import tr


def key(scope: QWidget, keys: str, slot: Callable[[], object]) -> QShortcut:
    shortcut = QShortcut(QKeySequence(keys), scope)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut


def keyed(text: str, keys: str) -> str:
    """A button label naming its key, e.g. "受理 (Ctrl+S)"."""
    label = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
    return tr("{t} ({k})", t=text, k=label)


def action_button(text: str, keys: str, scope: QWidget) -> QPushButton:
    """A button with its key; Enter on the focused button presses it too."""
    button = QPushButton(keyed(text, keys), scope)
    button.setAutoDefault(True)
    key(scope, keys, lambda: button.click() if button.isEnabled() else None)
    return button


class QuietEnterDialog(QDialog):
    """A dialog where a stray Enter does nothing by itself.

    QDialog presses its default button on any unhandled Enter, also one that an item editor
    is still committing or that a scanner sent; here each field says what its Enter does.
    """

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
