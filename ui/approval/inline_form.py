"""A small form shown inside a page (not a dialog): Enter confirms, the owner's Esc cancels."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from ui.form import FieldForm

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class InlineForm(QWidget):
    """Title, a ``FieldForm``, a general message line and 确定 / 取消 buttons.

    Subclasses add their fields to ``self.fields`` and emit ``sig_submitted`` from ``submit``.
    Enter anywhere but in a multi-line box confirms; Ctrl+Enter confirms everywhere.
    """

    sig_submitted = Signal()
    """Emitted when the staff confirmed the form (the owner reads the values and saves)."""
    sig_cancelled = Signal()
    """Emitted when the staff cancelled the form."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title, self)
        self.title.setStyleSheet("font-weight:bold; font-size:13pt;")
        self.fields = FieldForm()
        self.field_forms: list[FieldForm] = [self.fields]
        self.body = QHBoxLayout()
        self.body.addLayout(self.fields, 1)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        self.ok_button = QPushButton(tr("{t} (Enter)", t=ok_text), self)
        self.cancel_button = QPushButton(tr("取消 (Esc)"), self)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.sig_cancelled.emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.body)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addStretch(1)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.submit)

    def add_column(self) -> FieldForm:
        """A second column of fields beside the first (wide forms at 1366 x 768)."""
        column = FieldForm()
        self.field_forms.append(column)
        self.body.addLayout(column, 1)
        return column

    def clear_errors(self) -> None:
        for form in self.field_forms:
            form.clear_errors()

    def submit(self) -> None:
        self.clear_errors()
        self.show_message("")
        self.sig_submitted.emit()

    def show_failure(self, error: CounterError) -> None:
        """The message under its field (each field of a ``FormInvalid``), else on the form's
        message line."""
        errors = getattr(error, "errors", None)
        if isinstance(errors, dict):
            shown = [self.show_field_error(str(f), str(m)) for f, m in errors.items()]
            self.focus_field(str(next(iter(errors))))
            if all(shown):
                return
        if not any(form.show_error(error) for form in self.field_forms):
            self.show_message(error.message, error=True)

    def error_text(self, field: str) -> str:
        """The message under ``field`` ("" when none), whichever column it is in."""
        for form in self.field_forms:
            try:
                return form.error_text(field)
            except KeyError:
                continue
        raise KeyError(field)

    def focus_field(self, field: str) -> None:
        for form in self.field_forms:
            try:
                form.editor(field).setFocus()
            except KeyError:
                continue
            return

    def show_field_error(self, field: str, message: str) -> bool:
        return any(form.show_error(CounterError(message, field)) for form in self.field_forms)

    def show_message(self, text: str, error: bool = False, warning: bool = False) -> None:
        colour = "#b00020" if error else "#8a5a00" if warning else "#1b5e20"
        background = "#fdecea" if error else "#fff3d6" if warning else "#e8f5e9"
        self.message.setStyleSheet(f"color:{colour}; background:{background}; padding:4px;")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def first_field(self) -> QWidget | None:
        """The widget that takes the focus when the form opens."""
        return None

    def values_json(self) -> dict[str, Any]:
        """What was typed, for the draft (forms with fields override this)."""
        return {}

    def load_values(self, data: dict[str, Any]) -> None:
        """A draft's values back into the fields."""

    def open(self) -> None:
        self.clear_errors()
        self.show_message("")
        widget = self.first_field()
        if widget is not None:
            widget.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER:
            control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if control or not isinstance(self.focusWidget(), QPlainTextEdit):
                self.submit()
                return
        super().keyPressEvent(event)
