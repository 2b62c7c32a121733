"""Validation as the staff types: the message under the field once the input is long enough
(or the field is left), cleared as soon as it is right."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLineEdit, QWidget

from counter_app.cases.rules.delivery import DISTRICT_ENDINGS
from counter_app.core.normalize import CheckResult, compact
from ui.form import FieldForm
from ui.widgets import FieldBox

Validator = Callable[[str], CheckResult]


def district_check(raw: str) -> CheckResult:
    text = raw.strip()
    if text and not text.endswith(DISTRICT_ENDINGS):
        return CheckResult(text, "区县名称应以“区”“县”“市”或“旗”结尾，请核对")
    return CheckResult(text)


class LiveCheck:
    """Checks ``edit`` with ``validator`` while it is typed; ``min_length`` characters (spaces
    and dashes not counted) before a message is shown, any length once the field is left."""

    def __init__(
        self, form: FieldForm, name: str, edit: QLineEdit, validator: Validator, min_length: int
    ) -> None:
        self.form, self.name, self.edit = form, name, edit
        self.validator, self.min_length = validator, min_length
        edit.textEdited.connect(lambda _t: self.check(finished=False))
        edit.editingFinished.connect(lambda: self.check(finished=True))

    def check(self, finished: bool) -> bool:
        """True when the field is empty or valid; shows or clears the message."""
        text = self.edit.text()
        result = self.validator(text) if text.strip() else CheckResult(text)
        long_enough = len(compact(text)) >= self.min_length
        message = result.error if result.error and (finished or long_enough) else ""
        self._show(message)
        return result.ok

    def _show(self, message: str) -> None:
        show_under(self.edit, message)


def show_under(editor: QWidget, message: str) -> None:
    """The message under a ``FieldForm`` field without moving the focus ("" hides it)."""
    box = editor.parentWidget()
    if isinstance(box, FieldBox):
        box.error.show_error(message)
