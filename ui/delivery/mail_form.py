"""邮寄: recipient, full address, mobile, postal code, the contents checklist, the tracking number.

Every content line must be ticked "packed" before sealing (the service refuses otherwise, and
the button says what is still unticked). Enter in the tracking number (typed or scanned) or
in the new-content line does not send: it checks the number or adds the line.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from counter_app.cases.mail_defaults import MailDefaults
from counter_app.cases.rules.delivery import ContentLine, MailInput
from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.identity.identifiers import (
    validate_mobile,
    validate_postal_code,
    validate_tracking_number,
)
from ui.admin.common import chain_tab_order
from ui.approval.inline_form import InlineForm
from ui.delivery.live_check import LiveCheck, district_check
from ui.scan import SCAN_TARGET
from ui.widgets import FieldBox

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
MAIL_FIELDS = ("recipient_name", "mobile", "province", "city", "district", "detail", "postal_code")


class MailForm(InlineForm):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("邮寄送达"), tr("封装寄出"), parent)
        left, right = self.fields, self.add_column()
        self.recipient_name = left.line("recipient_name", tr("收件人"), max_length=60)
        self.mobile = left.line("mobile", tr("手机号码"), tr("11 位手机号"), max_length=20)
        self.province = left.line("province", tr("省"), tr("如：江苏省"), max_length=20)
        self.city = left.line("city", tr("市"), tr("如：连云港市"), max_length=20)
        self.district = left.line("district", tr("区（县）"), tr("如：海州区"), max_length=20)
        self.detail = left.line("detail", tr("详细地址"), tr("街道、门牌号"), max_length=120)
        self.postal_code = left.line("postal_code", tr("邮政编码"), tr("6 位数字"), max_length=6)
        self.contents = QListWidget(self)
        self.contents.setFixedHeight(130)
        right.add("contents", tr("内装材料"), self.contents)
        self.new_content = right.line("new_content", tr("添加材料"), tr("输入名称后回车添加"))
        self.tracking_number = right.line(
            "tracking_number", tr("运单号"), tr("扫描或输入，可稍后补录"), max_length=20
        )
        self.tracking_number.setProperty(SCAN_TARGET, True)
        self.checks = [
            LiveCheck(left, "mobile", self.mobile, validate_mobile, 11),
            LiveCheck(left, "postal_code", self.postal_code, validate_postal_code, 6),
            LiveCheck(left, "district", self.district, district_check, 99),
            LiveCheck(right, "tracking_number", self.tracking_number, validate_tracking_number, 13),
        ]
        self.contents.itemChanged.connect(lambda _i: self._update_button())
        chain_tab_order(self._tab_chain())

    def _tab_chain(self) -> list[QWidget]:
        return [
            self.recipient_name,
            self.mobile,
            self.province,
            self.city,
            self.district,
            self.detail,
            self.postal_code,
            self.contents,
            self.new_content,
            self.tracking_number,
            self.cancel_button,
            self.ok_button,
        ]

    def address_edits(self) -> tuple[QLineEdit, ...]:
        return (
            self.recipient_name,
            self.mobile,
            self.province,
            self.city,
            self.district,
            self.detail,
            self.postal_code,
        )

    def prepare(self, defaults: MailDefaults, contents: tuple[str, ...]) -> None:
        """Recipient, mobile and address from the applicant on record or the last mail to
        them (``mail_defaults``); the contents to check one by one."""
        values = (
            defaults.recipient_name,
            defaults.mobile,
            defaults.province,
            defaults.city,
            defaults.district,
            defaults.detail,
            defaults.postal_code,
        )
        for edit, value in zip(self.address_edits(), values, strict=True):
            edit.setText(value)
        self.new_content.clear()
        self.tracking_number.clear()
        self.contents.clear()
        for text in contents:
            self.add_content(text)
        self._update_button()

    def first_field(self) -> QWidget:
        """The first empty field; when all are filled, the contents to tick as packed."""
        empty = [edit for edit in self.address_edits() if not edit.text().strip()]
        return empty[0] if empty else self.contents

    def to_json(self) -> dict[str, Any]:
        """Everything typed, for the draft."""
        data: dict[str, Any] = {k: v for k, v in vars(self.value()).items() if k != "contents"}
        data["contents"] = [[c.name, c.packed] for c in self.content_lines()]
        data["new_content"] = self.new_content.text()
        return data

    def load_json(self, data: dict[str, Any]) -> None:
        """A draft back into the form."""
        for name in (*MAIL_FIELDS, "tracking_number", "new_content"):
            getattr(self, name).setText(str(data.get(name) or ""))
        self.contents.clear()
        for name, packed in data.get("contents") or []:
            self.add_content(str(name))
            item = self.contents.item(self.contents.count() - 1)
            item.setCheckState(Qt.CheckState.Checked if packed else Qt.CheckState.Unchecked)
        self._update_button()

    def add_content(self, text: str) -> None:
        item = QListWidgetItem(text.strip(), self.contents)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.contents.setCurrentRow(0)

    def content_lines(self) -> tuple[ContentLine, ...]:
        items = (self.contents.item(row) for row in range(self.contents.count()))
        return tuple(
            ContentLine(i.text(), 1, i.checkState() == Qt.CheckState.Checked) for i in items
        )

    def unpacked(self) -> list[str]:
        return [c.name for c in self.content_lines() if not c.packed]

    def value(self) -> MailInput:
        return MailInput(
            recipient_name=self.recipient_name.text(),
            mobile=self.mobile.text(),
            province=self.province.text(),
            city=self.city.text(),
            district=self.district.text(),
            detail=self.detail.text(),
            postal_code=self.postal_code.text(),
            contents=self.content_lines(),
            tracking_number=self.tracking_number.text(),
        )

    def _update_button(self) -> None:
        left = self.unpacked()
        text = tr("还有 {n} 项未核对装入", n=len(left)) if left else tr("封装寄出 (Enter)")
        self.ok_button.setText(text)

    def show_failure(self, error: CounterError) -> None:
        """Every message under its field; the focus on the first wrong field in form order."""
        super().show_failure(error)
        for widget in self._tab_chain():
            box = widget.parentWidget()
            if isinstance(box, FieldBox) and box.error.isVisible() and box.error.text():
                widget.setFocus()
                return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _ENTER and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if self.focusWidget() is self.new_content:
                self._on_new_content()
                return
            if self.focusWidget() is self.tracking_number:
                if self.checks[-1].check(finished=True):
                    self.ok_button.setFocus()
                return
        super().keyPressEvent(event)

    def _on_new_content(self) -> None:
        text = self.new_content.text().strip()
        if text:
            self.add_content(text)
            self.new_content.clear()
            self._update_button()
