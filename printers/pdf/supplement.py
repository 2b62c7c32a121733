"""一次性告知书 (补正材料通知书): the complete list of what is missing, in one notice."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from printers.pdf.blocks import (
    Cell,
    basis_cell,
    basis_phrase,
    field_table,
    list_table,
    officer_row,
    section,
)
from printers.pdf.models import SupplementNotice
from printers.pdf.notice import WIDTH, addressed, applied, case_rows, render_notice
from printers.pdf.text import cn_date

TITLE = "补正材料一次性告知书"


def _missing_table(doc: SupplementNotice) -> list[Flowable]:
    rows: list[list[Cell]] = [
        [str(i), m.name, m.requirement] for i, m in enumerate(doc.missing, start=1)
    ]
    widths = (12 * mm, 58 * mm, WIDTH - 70 * mm)
    table = list_table(("序号", "需补正材料", "具体要求"), rows, widths, ("center",))
    return [section(f"需补正的全部材料（共{len(doc.missing)}项）"), table]


def _tail(doc: SupplementNotice) -> list[tuple[str, Cell]]:
    return [
        ("补正期限", f"请于{cn_date(doc.deadline)}前补正全部材料"),
        ("逾期后果", doc.consequence),
        ("法律依据", basis_cell(doc.legal_basis)),
        officer_row(doc.officer),
        ("投诉监督电话", doc.hall.complaint_phone),
    ]


def render_supplement_notice(doc: SupplementNotice) -> bytes:
    """PDF bytes of the one-time notice of every material to supplement."""
    intro = (
        f"你（单位）于{cn_date(doc.received_on)}提交的{applied(doc.items)}，经审查，"
        f"申请材料不齐全或者不符合法定形式。{basis_phrase(doc.legal_basis)}现一次性告知你（单位）"
        f"需要补正的全部材料如下，请于{cn_date(doc.deadline)}前补正。"
    )
    body = [
        *addressed(doc.applicant, intro),
        field_table(case_rows(doc, doc.applicant, doc.items, doc.received_on), WIDTH),
        *_missing_table(doc),
        field_table(_tail(doc), WIDTH),
    ]
    return render_notice(doc, TITLE, body, signer="申请人")
