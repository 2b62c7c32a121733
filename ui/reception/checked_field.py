"""A line edit validated as the staff types: the error under it in red, warnings in amber."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from counter_app.core.normalize import CheckResult

Validator = Callable[[str], CheckResult]

ERROR_STYLE = "color:#b00020;"
WARNING_STYLE = "color:#8a5a00;"


def optional(check: Validator) -> Validator:
    """``check`` for a field that may stay empty."""

    def run(raw: str) -> CheckResult:
        return CheckResult(raw.strip()) if not raw.strip() else check(raw)

    return run


class CheckedLine(QWidget):
    """``edit`` plus a message line; ``result()`` is the validator's verdict on the text.

    An empty required field shows its message only after the field was left once (or
    ``reveal()`` asked for it), so a fresh form is not all red.
    """

    sig_changed = Signal()
    """Emitted after the text changed and was checked again."""

    def __init__(
        self,
        label: str,
        validator: Validator,
        placeholder: str = "",
        max_length: int = 200,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.label = label
        self._validator = validator
        self._touched = False
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setMaxLength(max_length)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.editingFinished.connect(self._on_editing_finished)

    def set_validator(self, validator: Validator) -> None:
        self._validator = validator
        self._refresh()

    def result(self) -> CheckResult:
        return self._validator(self.edit.text())

    def value(self) -> str:
        return self.result().value

    def is_valid(self) -> bool:
        return self.result().ok

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def reset(self) -> None:
        """Empty and untouched, as on a fresh form."""
        self.edit.setText("")
        self._touched = False
        self._refresh()

    def recheck(self) -> None:
        """Check again (the validator depends on something else that changed)."""
        self._refresh()

    def reveal(self) -> None:
        """Show the message also for an empty field (a save was attempted)."""
        self._touched = True
        self._refresh()

    def show_error(self, message: str) -> None:
        """A message from the service for this field."""
        self._show(message, ERROR_STYLE)

    def error_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def _on_text_changed(self, _text: str) -> None:
        self._refresh()
        self.sig_changed.emit()

    def _on_editing_finished(self) -> None:
        self._touched = True
        result = self.result()
        if result.ok and result.value and result.value != self.edit.text():
            self.edit.setText(result.value)  # full-width digits, pasted spaces: shown clean
        self._refresh()

    def _refresh(self) -> None:
        text = self.edit.text()
        result = self.result()
        if result.error and (text.strip() or self._touched):
            self._show(result.error, ERROR_STYLE)
        elif result.warnings:
            self._show("；".join(result.warnings), WARNING_STYLE)
        else:
            self._show("", "")

    def _show(self, message: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(message)
        self.message.setVisible(bool(message))
