"""The 100 x 150 mm mail label: tracking number, recipient, sender, contents, case number."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from printers.pdf.barcodes import draw_code128
from printers.pdf.fonts import ensure_font
from printers.pdf.models import MailLabel
from printers.pdf.page import REPRINT_RED
from printers.pdf.text import CJKParagraph, cn_date, cn_datetime

LABEL_SIZE = (100 * mm, 150 * mm)
PAD = 3 * mm
LEFT, RIGHT = PAD, LABEL_SIZE[0] - PAD
TEXT_X = LEFT + 11 * mm  # right of the big 收 / 寄 column
# Section bottoms (y from the page bottom), top to bottom.
HEADER_Y, TRACKING_Y, RECIPIENT_Y, SENDER_Y, CONTENTS_Y = (y * mm for y in (139, 114, 70, 42, 30))


def fit_paragraph(text: str, width: float, height: float, size: float) -> Paragraph:
    """The largest paragraph (down to 6.5 pt, then shortened with …) that fits the box."""
    while True:
        style = ParagraphStyle(
            "fit", fontName=ensure_font(), fontSize=size, leading=size * 1.3, wordWrap="CJK"
        )
        paragraph = CJKParagraph(escape(text), style)
        if paragraph.wrap(width, height)[1] <= height:
            return paragraph
        if size > 6.5:
            size -= 0.5
        else:
            text = text[:-2] + "…"


def _box_text(canvas: Canvas, text: str, top: float, bottom: float, size: float) -> None:
    paragraph = fit_paragraph(text, RIGHT - TEXT_X, top - bottom, size)
    _, height = paragraph.wrap(RIGHT - TEXT_X, top - bottom)
    paragraph.drawOn(canvas, TEXT_X, top - height)


def _side_mark(canvas: Canvas, char: str, top: float, bottom: float) -> None:
    canvas.setFont(ensure_font(), 20)
    canvas.drawCentredString(LEFT + 5 * mm, (top + bottom) / 2 - 7, char)
    canvas.line(LEFT + 10 * mm, bottom, LEFT + 10 * mm, top)


def _header(canvas: Canvas, label: MailLabel) -> None:
    top = LABEL_SIZE[1] - PAD
    canvas.setFont(ensure_font(), 9)
    canvas.drawString(LEFT + 1 * mm, HEADER_Y + 3 * mm, f"寄出日期：{cn_date(label.posted_on)}")
    if label.reprinted_at is not None:
        canvas.saveState()
        canvas.setFillColor(REPRINT_RED)
        canvas.setStrokeColor(REPRINT_RED)
        canvas.setLineWidth(1.2)
        canvas.rect(RIGHT - 47 * mm, HEADER_Y + 1 * mm, 46 * mm, top - HEADER_Y - 2 * mm)
        canvas.setFont(ensure_font(), 12)
        canvas.drawString(RIGHT - 46 * mm, HEADER_Y + 2.6 * mm, "补打")
        canvas.setFont(ensure_font(), 8)
        canvas.drawString(RIGHT - 36 * mm, HEADER_Y + 3 * mm, cn_datetime(label.reprinted_at))
        canvas.restoreState()


def _tracking(canvas: Canvas, label: MailLabel) -> None:
    canvas.setFont(ensure_font(), 9)
    canvas.drawString(LEFT + 1 * mm, HEADER_Y - 4 * mm, "运单号")
    if label.tracking_number:
        right = (LABEL_SIZE[0] + 80 * mm) / 2
        draw_code128(canvas, label.tracking_number, right, HEADER_Y - 6 * mm, 12 * mm, 10)
        return
    canvas.saveState()
    canvas.setDash(2, 2)
    canvas.rect(LEFT + 10 * mm, TRACKING_Y + 3 * mm, RIGHT - LEFT - 20 * mm, 15 * mm)
    canvas.setFillColor(colors.grey)
    canvas.drawCentredString(LABEL_SIZE[0] / 2, TRACKING_Y + 9 * mm, "（粘贴运单号或手写）")
    canvas.restoreState()


def _recipient(canvas: Canvas, label: MailLabel) -> None:
    """Name (shrunk, wrapped if it must), the whole mobile, address and postal code."""
    person = label.recipient
    _side_mark(canvas, "收", TRACKING_Y, RECIPIENT_Y)
    width = RIGHT - TEXT_X
    name = fit_paragraph(person.name, width, 11 * mm, 15)
    _, height = name.wrap(width, 11 * mm)
    name.drawOn(canvas, TEXT_X, TRACKING_Y - 1.5 * mm - height)
    mobile_y = TRACKING_Y - 3 * mm - height - 5 * mm
    canvas.setFont(ensure_font(), 13)
    canvas.drawString(TEXT_X, mobile_y, person.mobile)
    _box_text(canvas, person.full, mobile_y - 2.5 * mm, RECIPIENT_Y + 8 * mm, 12)
    canvas.setFont(ensure_font(), 10)
    canvas.drawString(TEXT_X, RECIPIENT_Y + 2.5 * mm, f"邮政编码：{person.postal_code or '—'}")


def _sender(canvas: Canvas, label: MailLabel) -> None:
    hall = label.hall
    _side_mark(canvas, "寄", RECIPIENT_Y, SENDER_Y)
    same = hall.hall_name.strip() in ("", hall.office_name.strip())
    name = hall.office_name if same else f"{hall.office_name}（{hall.hall_name}）"
    text = f"{name}\n{hall.address}"
    paragraph_top, paragraph_bottom = RECIPIENT_Y - 2 * mm, SENDER_Y + 7 * mm
    _box_text(canvas, text.replace("\n", " "), paragraph_top, paragraph_bottom, 9.5)
    canvas.setFont(ensure_font(), 9.5)
    postal = f"　邮编：{hall.postal_code}" if hall.postal_code else ""
    canvas.drawString(TEXT_X, SENDER_Y + 2.5 * mm, f"电话：{hall.phone}{postal}")


def _contents_and_case(canvas: Canvas, label: MailLabel) -> None:
    text = f"内件：{label.contents}　共{label.copies}份"
    paragraph = fit_paragraph(text, RIGHT - LEFT - 2 * mm, SENDER_Y - CONTENTS_Y - 2 * mm, 10.5)
    _, height = paragraph.wrap(RIGHT - LEFT - 2 * mm, SENDER_Y - CONTENTS_Y)
    paragraph.drawOn(canvas, LEFT + 1 * mm, SENDER_Y - 1 * mm - height)
    canvas.setFont(ensure_font(), 9)
    canvas.drawString(LEFT + 1 * mm, CONTENTS_Y - 4 * mm, "案件编号")
    right = (LABEL_SIZE[0] + 76 * mm) / 2
    draw_code128(canvas, label.case_number, right, CONTENTS_Y - 6 * mm, 12 * mm, 10)


def _grid(canvas: Canvas) -> None:
    canvas.setLineWidth(0.8)
    canvas.rect(LEFT, PAD, RIGHT - LEFT, LABEL_SIZE[1] - 2 * PAD)
    for y in (HEADER_Y, TRACKING_Y, RECIPIENT_Y, SENDER_Y, CONTENTS_Y):
        canvas.line(LEFT, y, RIGHT, y)


def render_mail_label(label: MailLabel) -> bytes:
    """PDF bytes of one 100 x 150 mm label page."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=LABEL_SIZE, initialFontName=ensure_font())
    canvas.setTitle(f"邮寄面单 {label.case_number}")
    _grid(canvas)
    _header(canvas, label)
    _tracking(canvas, label)
    _recipient(canvas, label)
    _sender(canvas, label)
    _contents_and_case(canvas, label)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
