"""窗口领取: preparing a pickup (what, until when, where) and checking who collects."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from counter_app.cases.rules.delivery import CollectorInput
from counter_app.core.normalize import CheckResult
from counter_app.i18n import tr
from counter_app.identity.identifiers import ID_TYPE_LABELS, IdType, validate_id_document
from ui.admin.common import chain_tab_order
from ui.approval.inline_form import InlineForm
from ui.delivery.live_check import LiveCheck


def split_contents(text: str) -> tuple[str, ...]:
    parts = text.replace("，", "、").replace(",", "、").replace(";", "、").split("、")
    return tuple(p.strip() for p in parts if p.strip())


class PickupForm(InlineForm):
    """The results to collect, the pickup period in working days, the address (hall default)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("窗口领取 — 生成领取通知"), tr("生成领取通知"), parent)
        self.contents = self.fields.line(
            "contents", tr("领取材料"), tr("多项用“、”分隔"), max_length=300
        )
        self.days = QSpinBox(self)
        self.days.setRange(1, 60)
        self.days.setSuffix(tr(" 个工作日内领取"))
        self.fields.add("days", tr("领取期限"), self.days)
        self.address = self.fields.line(
            "address", tr("领取地点"), tr("不填则为本大厅地址"), max_length=200
        )
        chain_tab_order(
            [self.contents, self.days, self.address, self.cancel_button, self.ok_button]
        )

    def prepare(self, contents: tuple[str, ...]) -> None:
        self.contents.setText("、".join(contents))
        self.days.setValue(10)
        self.address.clear()

    def first_field(self) -> QWidget:
        return self.contents

    def values(self) -> tuple[tuple[str, ...], int, str]:
        return split_contents(self.contents.text()), self.days.value(), self.address.text().strip()


class CollectorForm(InlineForm):
    """Who collects: name, ID document (checked as typed), the authorisation of an agent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("领取人核验"), tr("核验并交付"), parent)
        self.name = self.fields.line("collector_name", tr("领取人姓名"), max_length=60)
        self.id_type = QComboBox(self)
        for id_type, label in ID_TYPE_LABELS.items():
            self.id_type.addItem(label, id_type.value)
        self.fields.add("collector_id_type", tr("证件类型"), self.id_type)
        self.id_number = self.fields.line("collector_id_number", tr("证件号码"), max_length=30)
        self.authorisation = self.fields.line(
            "authorisation",
            tr("代领授权"),
            tr("代领时填写：授权委托书（申请人签章）及日期"),
            max_length=200,
        )
        self.id_check = LiveCheck(self.fields, "collector_id_number", self.id_number, self._id, 18)
        self.id_type.currentIndexChanged.connect(lambda _i: self.id_check.check(finished=False))
        chain_tab_order(
            [
                self.name,
                self.id_type,
                self.id_number,
                self.authorisation,
                self.cancel_button,
                self.ok_button,
            ]
        )

    def _id(self, raw: str) -> CheckResult:
        return validate_id_document(IdType(self.current_type()), raw)

    def current_type(self) -> str:
        return str(self.id_type.currentData())

    def prepare(self) -> None:
        for edit in (self.name, self.id_number, self.authorisation):
            edit.clear()
        self.id_type.setCurrentIndex(0)

    def first_field(self) -> QLineEdit:
        return self.name

    def value(self) -> CollectorInput:
        return CollectorInput(
            self.name.text(), self.current_type(), self.id_number.text(), self.authorisation.text()
        )
