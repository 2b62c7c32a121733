"""Small forms on a parcel of the mail list: 退回 (reason) and 录入运单号 (typed or scanned)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from counter_app.i18n import tr
from counter_app.identity.identifiers import validate_tracking_number
from ui.admin.common import chain_tab_order
from ui.approval.inline_form import InlineForm
from ui.delivery.live_check import LiveCheck
from ui.scan import SCAN_TARGET


class ReturnForm(InlineForm):
    base_title = tr("邮件退回")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.base_title, tr("登记退回"), parent)
        self.reason = self.fields.line("reason", tr("退回原因"), tr("如：地址不详、收件人拒收"))
        chain_tab_order([self.reason, self.cancel_button, self.ok_button])

    def prepare(self) -> None:
        self.reason.clear()

    def first_field(self) -> QWidget:
        return self.reason


class TrackingForm(InlineForm):
    base_title = tr("录入运单号")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.base_title, tr("保存运单号"), parent)
        self.number = self.fields.line(
            "tracking_number", tr("运单号"), tr("扫描或输入邮件号"), max_length=20
        )
        self.number.setProperty(SCAN_TARGET, True)
        self.check = LiveCheck(
            self.fields, "tracking_number", self.number, validate_tracking_number, 13
        )
        chain_tab_order([self.number, self.cancel_button, self.ok_button])

    def prepare(self, current: str = "") -> None:
        self.number.setText(current)
        self.number.selectAll()

    def first_field(self) -> QWidget:
        return self.number
