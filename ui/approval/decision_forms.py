"""The short decision forms: 准予 (result checked as typed), 转外部机关, 延期."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from counter_app.cases.deadlines import MAX_EXTENSION
from counter_app.cases.rules.approval import check_result
from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from ui.admin.common import chain_tab_order
from ui.approval.inline_form import InlineForm

AUTHORITIES = (
    tr("国家知识产权局"),
    tr("江苏省知识产权局"),
    tr("海关总署"),
    tr("中级人民法院"),
    tr("仲裁委员会"),
)


class ApproveForm(InlineForm):
    """准予: the result number, validated for the case's items while it is typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("准予 — 录入办理结果"), tr("准予"), parent)
        self.item_numbers: tuple[int, ...] = ()
        self.result = self.fields.line(
            "result", tr("办理结果"), tr("证书号、登记号或决定书文号"), max_length=200
        )
        self.document_number = self.fields.line(
            "document_number", tr("结果文书文号"), tr("可不填"), max_length=60
        )
        self.result.textEdited.connect(self._on_result_edited)
        chain_tab_order([self.result, self.document_number, self.cancel_button, self.ok_button])

    def prepare(self, item_numbers: tuple[int, ...], title: str = "") -> None:
        self.item_numbers = item_numbers
        self.title.setText(title or tr("准予 — 录入办理结果"))
        self.result.clear()
        self.document_number.clear()

    def first_field(self) -> QWidget:
        return self.result

    def values_json(self) -> dict[str, Any]:
        return {"result": self.result.text(), "document_number": self.document_number.text()}

    def load_values(self, data: dict[str, Any]) -> None:
        self.result.setText(str(data.get("result") or ""))
        self.document_number.setText(str(data.get("document_number") or ""))

    def _on_result_edited(self, text: str) -> None:
        self.fields.clear_errors()
        if not text.strip():
            return
        try:
            check_result(self.item_numbers, text)
        except CounterError as exc:
            self.fields.show_error(exc)
            self.result.setFocus()


class ForwardForm(InlineForm):
    """转外部机关: which authority, and a note (what was sent, how)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("转外部机关办理"), tr("转送"), parent)
        self.authority = QComboBox(self)
        self.authority.setEditable(True)
        self.authority.addItems(AUTHORITIES)
        self.authority.setCurrentIndex(-1)
        self.authority.setPlaceholderText(tr("选择或输入机关名称"))
        self.fields.add("authority", tr("转送机关"), self.authority)
        self.note = self.fields.line("note", tr("备注"), tr("如：材料已于今日寄出"))
        chain_tab_order([self.authority, self.note, self.cancel_button, self.ok_button])

    def prepare(self) -> None:
        self.authority.setCurrentIndex(-1)
        self.authority.setEditText("")
        self.note.clear()

    def first_field(self) -> QWidget:
        return self.authority

    def values(self) -> tuple[str, str]:
        return self.authority.currentText().strip(), self.note.text().strip()

    def values_json(self) -> dict[str, Any]:
        return {"authority": self.authority.currentText(), "note": self.note.text()}

    def load_values(self, data: dict[str, Any]) -> None:
        self.authority.setEditText(str(data.get("authority") or ""))
        self.note.setText(str(data.get("note") or ""))


class ExtendForm(InlineForm):
    """延期 (supervisors): working days, the reason and who asked for it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("延长办理期限"), tr("批准延期"), parent)
        self.days = QSpinBox(self)
        self.days.setRange(1, MAX_EXTENSION)
        self.days.setValue(5)
        self.days.setSuffix(tr(" 个工作日"))
        self.fields.add("days", tr("延长"), self.days)
        self.reason = self.fields.line("reason", tr("理由"), tr("如：需专家论证"), max_length=200)
        self.requested_by = self.fields.line("requested_by", tr("申请人（经办）"), max_length=40)
        chain_tab_order(
            [self.days, self.reason, self.requested_by, self.cancel_button, self.ok_button]
        )

    def prepare(self, requested_by: str) -> None:
        self.days.setValue(5)
        self.reason.clear()
        self.requested_by.setText(requested_by)

    def first_field(self) -> QWidget:
        return self.days

    def values(self) -> tuple[int, str, str]:
        return self.days.value(), self.reason.text().strip(), self.requested_by.text().strip()

    def values_json(self) -> dict[str, Any]:
        days, _reason, requested_by = self.values()
        return {"days": days, "reason": self.reason.text(), "requested_by": requested_by}

    def load_values(self, data: dict[str, Any]) -> None:
        self.days.setValue(int(data.get("days") or self.days.value()))
        self.reason.setText(str(data.get("reason") or ""))
        self.requested_by.setText(str(data.get("requested_by") or self.requested_by.text()))
