"""Small shared widgets: a form field with its inline error, a banner, a button with its key.

The login page is built from these before the window first shows: nothing here touches the
``Qt`` namespace while a widget is made (PySide creates its ~90 Python enums on first use,
~25 ms of the start-up); properties are set by name instead (``setProperty``).
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.i18n import tr

ERROR_STYLE = "color: #b00020;"


class FieldErrorLabel(QLabel):
    """The message shown under a field; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


class FieldBox(QWidget):
    """An editor with its error label underneath (the label is in the form's row)."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error = FieldErrorLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error)


class BannerLabel(QLabel):
    """A non-modal message across the top of a panel: errors red, information green."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setProperty("textInteractionFlags", "TextSelectableByMouse")
        self.hide()

    def show_error(self, message: str) -> None:
        self._show(message, "#fdecea", "#b00020")

    def show_info(self, message: str) -> None:
        self._show(message, "#e8f5e9", "#1b5e20")

    def clear(self) -> None:
        self.setText("")
        self.hide()

    def _show(self, message: str, background: str, colour: str) -> None:
        self.setStyleSheet(f"background:{background}; color:{colour}; padding:6px;")
        self.setText(message)
        self.show()


def shortcut_button(text: str, keys: str, parent: QWidget) -> QPushButton:
    """A button whose label names its shortcut, e.g. "保存 (Ctrl+S)"; the key works window-wide."""
    from PySide6.QtCore import Qt

    sequence = QKeySequence(keys)
    label = sequence.toString(QKeySequence.SequenceFormat.NativeText)
    button = QPushButton(tr("{t} ({k})", t=text, k=label), parent)
    shortcut = QShortcut(sequence, parent)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(lambda: button.click() if button.isEnabled() else None)
    return button
