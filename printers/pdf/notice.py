"""The skeleton shared by the A4 notices: heading, addressee line, case fields, closing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.pdf.blocks import Cell, Short, applicant_rows, closing, heading, list_table, numbered
from printers.pdf.blocks import section as section_title
from printers.pdf.models import Applicant, DocumentBase
from printers.pdf.page import PageDecor, body_width, build_pdf, progress_lines
from printers.pdf.text import cn_date, para

WIDTH = body_width()


def applied(items: Sequence[str]) -> str:
    """``专利权质押登记申请``; a name that already ends in 申请 gets no second one."""
    text = "、".join(items)
    return text if text.endswith("申请") else f"{text}申请"


def addressed(applicant: Applicant, body: str) -> list[Flowable]:
    """``申请人名称：`` then the indented body text of the notice."""
    return [para(f"{applicant.name}："), para(body, "indent"), Spacer(1, 2 * mm)]


def case_rows(
    doc: DocumentBase, applicant: Applicant, items: Sequence[str], received_on: date
) -> list[tuple[str, Cell]]:
    """Case number, applicant, contact, phone, items and the date received."""
    return [
        ("案件编号", doc.case_number),
        *applicant_rows(applicant),
        ("申请事项", numbered(items)),
        ("收件日期", cn_date(received_on)),
    ]


def numbered_table(title: str, header: str, lines: Sequence[str]) -> list[Flowable]:
    """A section title and a 序号 | ``header`` table with every line (splits over pages)."""
    rows: list[list[Cell]] = [[Short(i), line] for i, line in enumerate(lines, start=1)]
    table = list_table(("序号", header), rows, (12 * mm, WIDTH - 12 * mm), ("center",))
    return [section_title(title), table, Spacer(1, 2 * mm)]


def render_notice(
    doc: DocumentBase, title: str, body: Sequence[Flowable], signer: str | None
) -> bytes:
    """Heading, ``body``, then seal (and signature of ``signer``); progress QR in the footer."""
    story = [*heading(doc, title), *body, closing(doc.hall.office_name, doc.issued_on, signer)]
    decor = PageDecor(
        barcode=doc.case_number,
        qr_payload=doc.qr_payload,
        qr_lines=progress_lines(doc.hall.phone, doc.hall.progress_portal),
        reprinted_at=doc.reprinted_at,
        issued_on=doc.issued_on,
        title=f"{title} {doc.number}",
    )
    return build_pdf(story, decor)
