"""A form whose fields show their own errors: the base of every dialog and editor."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from counter_app.core.errors import CounterError
from ui.widgets import FieldBox


class FieldForm(QFormLayout):
    """Rows of label + editor + inline error, addressed by field name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boxes: dict[str, FieldBox] = {}

    def add(self, name: str, label: str, editor: QWidget) -> QWidget:
        box = FieldBox(editor)
        self._boxes[name] = box
        self.addRow(label, box)
        return editor

    def line(
        self,
        name: str,
        label: str,
        placeholder: str = "",
        password: bool = False,
        max_length: int = 120,
    ) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setMaxLength(max_length)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.add(name, label, edit)
        return edit

    def editor(self, name: str) -> QWidget:
        return self._boxes[name].editor

    def clear_errors(self) -> None:
        for box in self._boxes.values():
            box.error.show_error("")

    def show_error(self, error: CounterError) -> bool:
        """Show ``error`` next to its field; False when no field of this form has that name."""
        box = self._boxes.get(error.field or "")
        if box is None:
            return False
        box.error.show_error(error.message)
        box.editor.setFocus()
        return True

    def error_text(self, name: str) -> str:
        box = self._boxes[name]
        return box.error.text() if box.error.isVisible() or box.error.text() else ""
