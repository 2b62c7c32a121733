"""缴费收据: payer, items and amounts, total in figures and capitals, channel, reference."""

from __future__ import annotations

from decimal import Decimal

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.pdf.blocks import Cell, closing, field_table, heading, list_table, section
from printers.pdf.models import PaymentReceipt
from printers.pdf.page import PageDecor, body_width, build_pdf
from printers.pdf.text import cn_datetime, para, rmb_upper, yuan

TITLE = "缴费收据"
WIDTH = body_width()


def receipt_total(doc: PaymentReceipt) -> Decimal:
    return sum((line.amount for line in doc.lines), Decimal("0"))


def _lines_table(doc: PaymentReceipt) -> Flowable:
    rows: list[list[Cell]] = [
        [str(i), line.item, str(line.quantity), yuan(line.amount), line.note or ""]
        for i, line in enumerate(doc.lines, start=1)
    ]
    total = receipt_total(doc)
    footer: list[list[Cell]] = [["", "合计", "", yuan(total), ""]]
    widths = (12 * mm, WIDTH - 94 * mm, 16 * mm, 30 * mm, 36 * mm)
    aligns = ("center", "", "center", "right", "")
    return list_table(
        ("序号", "收费项目", "数量", "金额（元）", "备注"), rows, widths, aligns, footer
    )


def _fields(doc: PaymentReceipt) -> list[tuple[str, Cell]]:
    return [
        ("收据号", doc.number),
        ("缴款人", doc.payer),
        ("案件编号", doc.case_number),
        ("收款时间", f"{cn_datetime(doc.paid_at)}:{doc.paid_at:%S}"),
        ("支付方式", doc.channel.value),
        ("交易流水号", doc.transaction_ref or "—"),
    ]


def render_payment_receipt(doc: PaymentReceipt) -> bytes:
    """PDF bytes of the receipt (``doc.number`` is the receipt number)."""
    total = receipt_total(doc)
    story: list[Flowable] = [
        *heading(doc, TITLE),
        field_table(_fields(doc), WIDTH),
        section("收费明细"),
        _lines_table(doc),
        Spacer(1, 2 * mm),
        para(f"合计金额（大写）：人民币{rmb_upper(total)}　　（小写）{yuan(total)}"),
        para(f"收款人：{doc.cashier}　　　咨询电话：{doc.hall.phone}"),
        closing(doc.hall.office_name, doc.issued_on, None),
    ]
    decor = PageDecor(
        barcode=doc.case_number,
        qr_payload=doc.qr_payload,
        qr_lines=("扫描二维码核验收据", f"收据号：{doc.number}", f"咨询电话：{doc.hall.phone}"),
        reprinted_at=doc.reprinted_at,
        issued_on=doc.issued_on,
        title=f"{TITLE} {doc.number}",
    )
    return build_pdf(story, decor)
