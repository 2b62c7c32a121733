"""Rendering a document for one configured printer: ESC/POS bytes, TSPL/ZPL, or a PDF file.

Everything is rendered before a job is stored, so a document that cannot be printed (a
character the printer font lacks, a barcode too long for the paper) fails here with a Chinese
message and nothing is stored or sent.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.printing.config import LABEL_TEMPLATES
from counter_app.printing.views import PrinterView
from printers import pdf
from printers.documents import AcceptanceReceipt, MailLabel, PaymentReceipt, QueueTicket, TestPage
from printers.errors import PrinterError
from printers.escpos import (
    PAPER_58,
    PAPER_80,
    ReceiptProfile,
    render_acceptance_escpos,
    render_payment_escpos,
    render_test_page_escpos,
    render_ticket_escpos,
)
from printers.label import LabelMode, render_mail_label_tspl, render_mail_label_zpl

AnyMailLabel = MailLabel | pdf.MailLabel
Receipt = QueueTicket | AcceptanceReceipt | PaymentReceipt | TestPage


def receipt_profile(printer: PrinterView) -> ReceiptProfile:
    base = PAPER_80 if printer.paper_mm == 80 else PAPER_58
    return dataclasses.replace(
        base,
        chinese_font=printer.chinese_font,
        boots_in_chinese_mode=printer.boots_in_chinese_mode,
    )


def _guarded(render: Callable[[], bytes]) -> bytes:
    try:
        return render()
    except PrinterError as exc:
        raise CounterError(exc.message) from None


def render_receipt(printer: PrinterView, document: Receipt) -> bytes:
    """ESC/POS bytes of ``document`` for this receipt printer's paper and font."""
    profile = receipt_profile(printer)
    if isinstance(document, QueueTicket):
        return _guarded(lambda: render_ticket_escpos(document, profile))
    if isinstance(document, AcceptanceReceipt):
        return _guarded(lambda: render_acceptance_escpos(document, profile))
    if isinstance(document, PaymentReceipt):
        return _guarded(lambda: render_payment_escpos(document, profile))
    return _guarded(lambda: render_test_page_escpos(document, profile))


def label_document(label: AnyMailLabel) -> MailLabel:
    """The label-printer form of a mail label (the PDF form carries the hall as sender)."""
    if isinstance(label, MailLabel):
        return label
    return MailLabel(
        recipient_name=label.recipient.name,
        recipient_address=label.recipient.full,
        recipient_mobile=label.recipient.mobile,
        recipient_postal_code=label.recipient.postal_code,
        sender_office=label.hall.office_name or label.hall.hall_name,
        sender_address=label.hall.address,
        sender_phone=label.hall.phone,
        case_number=label.case_number,
        contents=tr("{c}　共{n}份", c=label.contents, n=label.copies),
        tracking_number=label.tracking_number or "",
        qr_payload=label.case_number,
    )


def render_label(printer: PrinterView, label: AnyMailLabel) -> bytes:
    """TSPL or ZPL for this label printer's template and mode."""
    document = label_document(label)
    template = LABEL_TEMPLATES[printer.label_template]
    mode = LabelMode(printer.label_mode)
    if printer.label_language == "zpl":
        return _guarded(lambda: render_mail_label_zpl(document, template, mode))
    return _guarded(lambda: render_mail_label_tspl(document, template, mode))


def pdf_label(label: AnyMailLabel, today: date) -> pdf.MailLabel:
    """The PDF form of a mail label; a label-printer form gets the sender as the hall."""
    if isinstance(label, pdf.MailLabel):
        return label
    hall = pdf.HallInfo(
        office_name=label.sender_office,
        hall_name=label.sender_office,
        address=label.sender_address,
        phone=label.sender_phone,
        complaint_phone="",
        progress_portal="",
    )
    recipient = pdf.MailAddress(
        name=label.recipient_name,
        mobile=label.recipient_mobile,
        province="",
        city="",
        district="",
        detail=label.recipient_address,
        postal_code=label.recipient_postal_code,
    )
    return pdf.MailLabel(
        hall=hall,
        recipient=recipient,
        contents=label.contents,
        copies=1,
        case_number=label.case_number,
        posted_on=today,
        tracking_number=label.tracking_number or None,
    )


def _safe_name(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z\u4e00-\u9fff-]+", "_", text).strip("_") or "label"


def write_label_pdf(label: AnyMailLabel, folder: Path, now: datetime) -> Path:
    """Write the label as a 100 x 150 mm PDF into ``folder``; its path."""
    document = pdf_label(label, now.date())
    data = _guarded(lambda: pdf.render_mail_label(document))
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S-%f")
    path = folder / tr("邮寄面单-{c}-{t}.pdf", c=_safe_name(document.case_number), t=stamp)
    path.write_bytes(data)
    return path


def describe_ticket(ticket: QueueTicket) -> str:
    return tr("排队号 {n}（{c}）", n=ticket.number, c=ticket.category)


def describe_acceptance(receipt: AcceptanceReceipt) -> str:
    return tr("受理回执 {n}（{a}）", n=receipt.case_number, a=receipt.applicant)


def describe_payment(receipt: PaymentReceipt) -> str:
    return tr("缴费收据 {n}（{p}）", n=receipt.receipt_number, p=receipt.payer)


def describe_label(label: AnyMailLabel) -> str:
    document = label_document(label)
    return tr("邮寄面单 {n}（{r}）", n=document.case_number, r=document.recipient_name)
