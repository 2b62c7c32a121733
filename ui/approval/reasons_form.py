"""退回补正 / 不予许可: every reason at once (R-APR-3), from the item's list plus free text.

A reason already given in an earlier decision is refused by the service; the form then shows
the warning and asks again: confirming sends the same reasons with the override recorded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.cases.rules.approval import RepeatedReasons, clean_reasons
from counter_app.i18n import tr
from ui.admin.common import chain_tab_order
from ui.approval.inline_form import InlineForm

RETURN = "return"
REJECT = "reject"
_TITLES = {RETURN: tr("退回补正 — 一次性告知全部理由"), REJECT: tr("不予许可 — 写明全部理由")}
_OK = {RETURN: tr("退回补正"), REJECT: tr("不予许可")}


class ReasonsForm(InlineForm):
    """Checkboxes for the item's reasons, a box for more (one a line), the resubmit period."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_TITLES[RETURN], _OK[RETURN], parent)
        self.kind = RETURN
        self.confirm_repeats = False
        self.checks: list[QCheckBox] = []
        self.choices = QWidget(self)
        self._choices_layout = QVBoxLayout(self.choices)
        self._choices_layout.setContentsMargins(0, 0, 0, 0)
        self.fields.add("choices", tr("理由清单"), self.choices)
        self.free_text = QPlainTextEdit(self)
        self.free_text.setPlaceholderText(tr("其他理由，每行一条（Ctrl+Enter 确定）"))
        self.free_text.setTabChangesFocus(True)
        self.free_text.setFixedHeight(90)
        self.fields.add("reasons", tr("补充理由"), self.free_text)
        self.resubmit_days = QSpinBox(self)
        self.resubmit_days.setRange(1, 60)
        self.resubmit_days.setSuffix(tr(" 个工作日内补正"))
        self.fields.add("resubmit_days", tr("补正期限"), self.resubmit_days)
        self.free_text.textChanged.connect(self._on_reasons_changed)

    def prepare(self, kind: str, choices: tuple[str, ...], title: str = "") -> None:
        self.kind = kind
        self.title.setText(title or _TITLES[kind])
        self.ok_button.setText(tr("{t} (Enter)", t=_OK[kind]))
        self._set_choices(choices)
        self.free_text.clear()
        self.resubmit_days.setValue(15)
        self.fields.labelForField(self._box("resubmit_days")).setVisible(kind == RETURN)
        self._box("resubmit_days").setVisible(kind == RETURN)
        self._reset_confirmation()

    def _box(self, name: str) -> QWidget:
        editor = self.fields.editor(name)
        parent = editor.parentWidget()
        assert parent is not None
        return parent

    def _set_choices(self, choices: tuple[str, ...]) -> None:
        for check in self.checks:
            check.setParent(None)
            check.deleteLater()
        self.checks = []
        for text in choices:
            check = QCheckBox(text, self.choices)
            check.toggled.connect(self._on_reasons_changed)
            self._choices_layout.addWidget(check)
            self.checks.append(check)
        visible = bool(choices)
        self.fields.labelForField(self._box("choices")).setVisible(visible)
        self._box("choices").setVisible(visible)
        chain_tab_order(
            [*self.checks, self.free_text, self.resubmit_days, self.cancel_button, self.ok_button]
        )

    def first_field(self) -> QWidget:
        return self.checks[0] if self.checks else self.free_text

    def reasons(self) -> tuple[str, ...]:
        """The ticked reasons first, then each non-empty line of the free text."""
        ticked = tuple(c.text() for c in self.checks if c.isChecked())
        typed = tuple(self.free_text.toPlainText().splitlines())
        return clean_reasons(ticked + typed)

    def values_json(self) -> dict[str, Any]:
        return {
            "ticked": [c.text() for c in self.checks if c.isChecked()],
            "free_text": self.free_text.toPlainText(),
            "resubmit_days": self.resubmit_days.value(),
        }

    def load_values(self, data: dict[str, Any]) -> None:
        ticked = set(data.get("ticked") or ())
        for check in self.checks:
            check.setChecked(check.text() in ticked)
        self.free_text.setPlainText(str(data.get("free_text") or ""))
        self.resubmit_days.setValue(int(data.get("resubmit_days") or self.resubmit_days.value()))

    def show_repeated(self, error: RepeatedReasons) -> None:
        """The one-time rule was broken: warn, and let the next confirm record the override."""
        self.confirm_repeats = True
        self.show_message(error.message, warning=True)
        self.ok_button.setText(tr("仍然提出，记录在案 (Enter)"))
        self.ok_button.setFocus()

    def _reset_confirmation(self) -> None:
        self.confirm_repeats = False
        self.ok_button.setText(tr("{t} (Enter)", t=_OK[self.kind]))

    def _on_reasons_changed(self) -> None:
        if self.confirm_repeats:
            self._reset_confirmation()
            self.show_message("")
