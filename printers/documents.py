"""What the counter prints: plain frozen inputs for the renderers (no database objects).

Every string field is checked against the printer fonts before anything is rendered, and an
error names the field in Chinese (``FIELD_LABELS``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from printers.errors import PrinterContentError
from printers.text import check_printable, normalize_print_text

FIELD_LABELS: dict[str, str] = {
    "number": "号码",
    "category": "业务类别",
    "wait_text": "预计等候时间",
    "qr_payload": "二维码内容",
    "hall_name": "大厅名称",
    "notice": "提示语",
    "case_number": "受理编号",
    "applicant": "申请人",
    "items": "办理事项",
    "window": "窗口",
    "staff": "经办人",
    "payer": "缴费人",
    "item": "缴费项目",
    "receipt_number": "收据编号",
    "channel": "支付方式",
    "recipient_name": "收件人姓名",
    "recipient_address": "收件地址",
    "recipient_mobile": "收件人手机",
    "recipient_postal_code": "收件邮编",
    "sender_office": "寄件单位",
    "sender_address": "寄件地址",
    "sender_phone": "寄件电话",
    "tracking_number": "邮件号",
    "contents": "内件",
    "printer_label": "打印机名称",
    "printer_url": "打印机地址",
}


@dataclass(frozen=True)
class QueueTicket:
    number: str
    category: str
    people_ahead: int
    wait_text: str
    issued_at: datetime
    qr_payload: str
    hall_name: str
    notice: str = "请留意叫号"


@dataclass(frozen=True)
class AcceptanceReceipt:
    hall_name: str
    case_number: str
    applicant: str
    items: tuple[str, ...]
    received_at: datetime
    promised_on: date
    qr_payload: str
    window: str = ""
    staff: str = ""
    notice: str = "请凭本回执查询进度、领取结果"


@dataclass(frozen=True)
class PaymentReceipt:
    hall_name: str
    receipt_number: str
    payer: str
    item: str
    amount: Decimal
    channel: str
    paid_at: datetime
    case_number: str = ""
    staff: str = ""


@dataclass(frozen=True)
class MailLabel:
    recipient_name: str
    recipient_address: str
    recipient_mobile: str
    recipient_postal_code: str
    sender_office: str
    sender_address: str
    sender_phone: str
    case_number: str
    contents: str
    tracking_number: str = ""
    qr_payload: str = ""


@dataclass(frozen=True)
class TestPage:
    __test__ = False  # not a pytest test class

    hall_name: str
    printer_label: str
    printer_url: str
    printed_at: datetime


D = TypeVar("D", QueueTicket, AcceptanceReceipt, PaymentReceipt, MailLabel, TestPage)


def checked(document: D) -> D:
    """``document`` with its text normalised; ``PrinterContentError`` names a bad field."""
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(document):
        value = getattr(document, field.name)
        label = FIELD_LABELS.get(field.name, field.name)
        if isinstance(value, str):
            text = normalize_print_text(value)
            check_printable(text, label)
            changes[field.name] = text
        elif isinstance(value, tuple):
            texts = tuple(normalize_print_text(v) for v in value)
            for text in texts:
                check_printable(text, label)
            changes[field.name] = texts
    return dataclasses.replace(document, **changes)


def format_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def format_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def format_amount(amount: Decimal) -> str:
    """``￥1,234.50``; a negative or fractional-cent amount is refused."""
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise PrinterContentError(f"金额 {amount} 不对，应为不小于 0、最多两位小数的数")
    return f"￥{amount:,.2f}"
