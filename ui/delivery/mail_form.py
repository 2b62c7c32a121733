"""邮寄: recipient, full address, mobile, postal code, the contents checklist, the tracking number.

Every content line must be ticked "packed" before sealing (the service refuses otherwise, and
the button says what is still unticked). Enter in the tracking number (typed or scanned) or
in the new-content line does not send: it checks the number or adds the line.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

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

    def prepare(self, name: str, postal_code: str, contents: tuple[str, ...]) -> None:
        for edit in (self.mobile, self.province, self.city, self.district, self.detail):
            edit.clear()
        self.recipient_name.setText(name)
        self.postal_code.setText(postal_code)
        self.new_content.clear()
        self.tracking_number.clear()
        self.contents.clear()
        for text in contents:
            self.add_content(text)
        self._update_button()

    def first_field(self) -> QWidget:
        return self.recipient_name if not self.recipient_name.text() else self.mobile

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
