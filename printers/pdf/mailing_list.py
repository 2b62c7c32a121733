"""邮寄清单: every mail item of a batch, A4 landscape, header repeated on each page."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.pdf.blocks import Cell, Short, heading, list_table, sign_row
from printers.pdf.models import MailingList
from printers.pdf.page import PageDecor, body_width, build_pdf
from printers.pdf.text import cn_date, para

TITLE = "邮寄清单"
PAGE = landscape(A4)
HEADER = ("序号", "案件编号", "收件人", "手机", "收件地址", "邮编", "内件", "份数", "运单号")
FIXED = (12, 44, 22, 26, 0, 18, 30, 12, 34)  # mm; 0 = the address takes the rest
ALIGNS = ("center", "", "", "", "", "center", "", "center", "")


def _widths() -> list[float]:
    rest = body_width(PAGE) - sum(FIXED) * mm
    return [w * mm if w else rest for w in FIXED]


def _rows(doc: MailingList) -> list[list[Cell]]:
    return [
        [
            Short(i),
            row.case_number,
            row.recipient,
            row.mobile,
            row.address,
            row.postal_code,
            row.contents,
            Short(row.copies),
            row.tracking_number or "",
        ]
        for i, row in enumerate(doc.rows, start=1)
    ]


def render_mailing_list(doc: MailingList) -> bytes:
    """PDF bytes of the batch list; totals after the last row, pages numbered."""
    copies = sum(row.copies for row in doc.rows)
    footer: list[list[Cell]] = [["", "合计", f"{len(doc.rows)}件", "", "", "", "", str(copies), ""]]
    meta = (
        f"窗口：{doc.counter}　　经办人：{doc.operator}　　交寄日期：{cn_date(doc.issued_on)}"
        f"　　共{len(doc.rows)}件{copies}份"
    )
    story: list[Flowable] = [
        *heading(doc, TITLE),
        para(meta),
        Spacer(1, 2 * mm),
        list_table(HEADER, _rows(doc), _widths(), ALIGNS, footer),
        Spacer(1, 8 * mm),
        sign_row("交寄人", "邮政揽收人"),
    ]
    decor = PageDecor(
        barcode=doc.number,
        qr_payload=doc.qr_payload,
        qr_lines=(f"清单编号：{doc.number}", f"联系电话：{doc.hall.phone}"),
        reprinted_at=doc.reprinted_at,
        issued_on=doc.issued_on,
        title=f"{TITLE} {doc.number}",
    )
    return build_pdf(story, decor, PAGE)
