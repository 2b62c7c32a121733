"""The receipt documents (ticket, acceptance receipt, payment receipt, test page) as ESC/POS.

``render_*_escpos`` gives the bytes for the printer: native Chinese text when the profile has
a Chinese font, else the raster fallback. ``render_*_image`` gives the raster image (what the
fallback prints), for previews and tests.
"""

from __future__ import annotations

from PIL import Image

from printers.documents import (
    AcceptanceReceipt,
    PaymentReceipt,
    QueueTicket,
    TestPage,
    checked,
    format_amount,
    format_date,
    format_time,
)
from printers.escpos.commands import Align
from printers.escpos.layout import Barcode, Block, Feed, Line, Pair, QrCode, Rule, layout
from printers.escpos.native import render_native
from printers.escpos.profile import PAPER_58, ReceiptProfile
from printers.escpos.raster import render_image, render_raster

SAMPLE_TEXT = "中文测试：知识产权保护中心 ￥12.50 № 0001「龘」，。Latin abc 123"
RULER = "1234567890" * 5


def _heading(hall_name: str, title: str) -> list[Block]:
    return [
        Line(hall_name, bold=True, align=Align.CENTER),
        Line(title, scale=2, bold=True, align=Align.CENTER, fit=True),
        Rule(),
    ]


def _ticket_qr_text(payload: str) -> str:
    """The QR promises only what exists: the hall's progress portal, else the kiosk's 查询 page."""
    if payload.startswith(("http://", "https://")):
        return "微信扫码查看排队进度"
    return "请在自助机“查询”页扫描此码"


def ticket_blocks(ticket: QueueTicket) -> list[Block]:
    return [
        *_heading(ticket.hall_name, "排队取号凭条"),
        Line("您的号码", align=Align.CENTER),
        Line(ticket.number, scale=4, bold=True, align=Align.CENTER, fit=True),
        Line(ticket.category, scale=2, align=Align.CENTER),
        Rule(),
        Pair("前面等候", f"{ticket.people_ahead} 人"),
        Pair("预计等候", ticket.wait_text),
        Pair("取号时间", format_time(ticket.issued_at)),
        Feed(),
        QrCode(ticket.qr_payload),
        Line(_ticket_qr_text(ticket.qr_payload), align=Align.CENTER),
        Line(ticket.notice, scale=2, bold=True, align=Align.CENTER),
    ]


def acceptance_blocks(receipt: AcceptanceReceipt) -> list[Block]:
    items = [Line(f"{n}. {name}") for n, name in enumerate(receipt.items, start=1)]
    return [
        *_heading(receipt.hall_name, "受理回执"),
        Pair("受理编号", receipt.case_number, bold=True),
        Pair("申请人", receipt.applicant),
        Line("办理事项："),
        *items,
        Pair("受理时间", format_time(receipt.received_at)),
        Pair("承诺办结", format_date(receipt.promised_on), bold=True),
        *([Pair("受理窗口", receipt.window)] if receipt.window else []),
        *([Pair("经办人", receipt.staff)] if receipt.staff else []),
        Rule(),
        Barcode(receipt.case_number),
        Feed(),
        QrCode(receipt.qr_payload),
        Line(receipt.notice, align=Align.CENTER),
    ]


def payment_blocks(receipt: PaymentReceipt) -> list[Block]:
    return [
        *_heading(receipt.hall_name, "缴费收据"),
        Pair("收据编号", receipt.receipt_number),
        Pair("缴费人", receipt.payer),
        Pair("缴费项目", receipt.item),
        Line(f"金额：{format_amount(receipt.amount)}", scale=2, bold=True, fit=True),
        Pair("支付方式", receipt.channel),
        Pair("缴费时间", format_time(receipt.paid_at)),
        *([Pair("关联案件", receipt.case_number)] if receipt.case_number else []),
        *([Pair("收款人", receipt.staff)] if receipt.staff else []),
        Rule(),
        Line("本收据为缴费凭证，请妥善保管", align=Align.CENTER),
    ]


def selftest_blocks(page: TestPage, profile: ReceiptProfile) -> list[Block]:
    return [
        *_heading(page.hall_name, "打印测试页"),
        Pair("打印机", page.printer_label),
        Pair("连接", page.printer_url),
        Pair("纸宽", f"{profile.name}，每行 {profile.columns} 字符"),
        Pair("时间", format_time(page.printed_at)),
        Line(RULER[: profile.columns]),
        Line(SAMPLE_TEXT),
        Line("放大", scale=2, bold=True),
        Barcode("TEST-0123456789"),
        QrCode("TEST-QR-0123456789"),
        Line("看到以上内容即打印正常", align=Align.CENTER),
    ]


def _render(blocks: list[Block], profile: ReceiptProfile) -> bytes:
    items = layout(blocks, profile.columns)
    return render_native(items, profile) if profile.chinese_font else render_raster(items, profile)


def _image(blocks: list[Block], profile: ReceiptProfile) -> Image.Image:
    return render_image(layout(blocks, profile.columns), profile)


def render_ticket_escpos(ticket: QueueTicket, profile: ReceiptProfile = PAPER_58) -> bytes:
    return _render(ticket_blocks(checked(ticket)), profile)


def render_ticket_image(ticket: QueueTicket, profile: ReceiptProfile = PAPER_58) -> Image.Image:
    return _image(ticket_blocks(checked(ticket)), profile)


def render_acceptance_escpos(
    receipt: AcceptanceReceipt, profile: ReceiptProfile = PAPER_58
) -> bytes:
    return _render(acceptance_blocks(checked(receipt)), profile)


def render_acceptance_image(
    receipt: AcceptanceReceipt, profile: ReceiptProfile = PAPER_58
) -> Image.Image:
    return _image(acceptance_blocks(checked(receipt)), profile)


def render_payment_escpos(receipt: PaymentReceipt, profile: ReceiptProfile = PAPER_58) -> bytes:
    return _render(payment_blocks(checked(receipt)), profile)


def render_payment_image(
    receipt: PaymentReceipt, profile: ReceiptProfile = PAPER_58
) -> Image.Image:
    return _image(payment_blocks(checked(receipt)), profile)


def render_test_page_escpos(page: TestPage, profile: ReceiptProfile = PAPER_58) -> bytes:
    return _render(selftest_blocks(checked(page), profile), profile)


def render_test_page_image(page: TestPage, profile: ReceiptProfile = PAPER_58) -> Image.Image:
    return _image(selftest_blocks(checked(page), profile), profile)
