"""不予受理通知书 and 不予许可决定书 / 退回补正通知书: every reason, remedies, seal."""

from __future__ import annotations

from printers.pdf.blocks import (
    Cell,
    basis_cell,
    basis_phrase,
    field_table,
    officer_row,
    rights_text,
)
from printers.pdf.models import RefusalNotice, RejectionKind, RejectionNotice
from printers.pdf.notice import WIDTH, addressed, applied, case_rows, numbered_table, render_notice
from printers.pdf.text import cn_date

REFUSAL_TITLE = "不予受理通知书"


def _refusal_tail(doc: RefusalNotice) -> list[tuple[str, Cell]]:
    rows: list[tuple[str, Cell]] = [("法律依据", basis_cell(doc.legal_basis))]
    if doc.competent_authority:
        rows.append(("有权受理机关", f"请向{doc.competent_authority}提出申请"))
    rows.append(("救济途径", rights_text(doc.rights)))
    if doc.officer:
        rows.append(officer_row(doc.officer))
    rows.append(("投诉监督电话", doc.hall.complaint_phone))
    return rows


def _refusal_intro(doc: RefusalNotice) -> str:
    text = (
        f"你（单位）于{cn_date(doc.received_on)}提交的{applied(doc.items)}，经审查，"
        f"{basis_phrase(doc.legal_basis)}本机关决定不予受理。"
    )
    if doc.competent_authority:
        text += f"该事项不属于本机关职权范围，请向{doc.competent_authority}提出申请。"
    return text + "理由如下："


def render_refusal_notice(doc: RefusalNotice) -> bytes:
    """PDF bytes of the refusal to accept, with all reasons and the remedies."""
    body = [
        *addressed(doc.applicant, _refusal_intro(doc)),
        field_table(case_rows(doc, doc.applicant, doc.items, doc.received_on), WIDTH),
        *numbered_table(f"不予受理理由（共{len(doc.reasons)}项）", "理由", doc.reasons),
        field_table(_refusal_tail(doc), WIDTH),
    ]
    return render_notice(doc, REFUSAL_TITLE, body, signer=None)


def _rejection_intro(doc: RejectionNotice) -> str:
    head = f"你（单位）于{cn_date(doc.received_on)}提交的{applied(doc.items)}，经审查，"
    if doc.kind is RejectionKind.NOT_GRANTED:
        verdict = doc.verdict or "本机关决定不予许可"
        return head + f"{basis_phrase(doc.legal_basis)}{verdict}。理由如下："
    return head + "存在下列问题，现将申请材料退回，请按下列全部意见补正后重新提交："


def _rejection_tail(doc: RejectionNotice) -> list[tuple[str, Cell]]:
    rows: list[tuple[str, Cell]] = [("法律依据", basis_cell(doc.legal_basis))]
    if doc.resubmit_by is not None:
        rows.append(("重新提交期限", f"请于{cn_date(doc.resubmit_by)}前补正后重新提交"))
    paper = "本决定书" if doc.kind is RejectionKind.NOT_GRANTED else "本通知书"
    rows += [
        ("救济途径", rights_text(doc.rights, paper)),
        officer_row(doc.officer),
        ("投诉监督电话", doc.hall.complaint_phone),
    ]
    return rows


def render_rejection_notice(doc: RejectionNotice) -> bytes:
    """PDF bytes of 不予许可决定书 or 退回补正通知书 (``doc.kind``), all reasons at once."""
    title = doc.title or doc.kind.value
    if doc.kind is RejectionKind.NOT_GRANTED:
        label = "不予许可理由" if title == RejectionKind.NOT_GRANTED.value else "不予办理理由"
    else:
        label = "退回补正意见"
    body = [
        *addressed(doc.applicant, _rejection_intro(doc)),
        field_table(case_rows(doc, doc.applicant, doc.items, doc.received_on), WIDTH),
        *numbered_table(f"{label}（共{len(doc.reasons)}项）", label[-2:], doc.reasons),
        field_table(_rejection_tail(doc), WIDTH),
    ]
    return render_notice(doc, title, body, signer="申请人")
