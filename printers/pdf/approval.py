"""准予许可决定书 / 办结通知: the result of a decided case on paper (R-APR-2)."""

from __future__ import annotations

from printers.pdf.blocks import (
    Cell,
    basis_cell,
    basis_lines,
    basis_phrase,
    field_table,
    officer_row,
)
from printers.pdf.models import ApprovalNotice
from printers.pdf.notice import WIDTH, addressed, applied, case_rows, render_notice
from printers.pdf.text import cn_date


def _intro(doc: ApprovalNotice) -> str:
    text = (
        f"你（单位）于{cn_date(doc.received_on)}提交的{applied(doc.items)}，经审查，"
        f"{basis_phrase(doc.legal_basis)}{doc.verdict}。"
    )
    if doc.result:
        text += f"办理结果：{doc.result}。"
    return text


def _rows(doc: ApprovalNotice) -> list[tuple[str, Cell]]:
    rows: list[tuple[str, Cell]] = [
        ("办理结果", doc.result or "—"),
        ("决定日期", cn_date(doc.decided_on)),
    ]
    if basis_lines(doc.legal_basis):
        rows.append(("法律依据", basis_cell(doc.legal_basis)))
    if doc.delivery:
        rows.append(("结果送达", doc.delivery))
    rows += [officer_row(doc.officer), ("投诉监督电话", doc.hall.complaint_phone)]
    return rows


def render_approval_notice(doc: ApprovalNotice) -> bytes:
    """PDF bytes of the approval decision (a licence) or the notice that a matter is done."""
    body = [
        *addressed(doc.applicant, _intro(doc)),
        field_table(case_rows(doc, doc.applicant, doc.items, doc.received_on), WIDTH),
        field_table(_rows(doc), WIDTH),
    ]
    return render_notice(doc, doc.title, body, signer="申请人")
