"""不予受理通知书 and 不予许可决定书 / 退回补正通知书: every reason, remedies, seal."""

from __future__ import annotations

from printers.pdf.blocks import Cell, field_table, rights_text
from printers.pdf.models import RefusalNotice, RejectionKind, RejectionNotice
from printers.pdf.notice import WIDTH, addressed, case_rows, numbered_table, render_notice
from printers.pdf.text import cn_date

REFUSAL_TITLE = "不予受理通知书"


def _refusal_tail(doc: RefusalNotice) -> list[tuple[str, Cell]]:
    rows: list[tuple[str, Cell]] = [("法律依据", doc.legal_basis)]
    if doc.competent_authority:
        rows.append(("有权受理机关", f"请向{doc.competent_authority}提出申请"))
    rows.append(("救济途径", rights_text(doc.rights)))
    if doc.officer:
        rows.append(("经办人", f"{doc.officer.name}　　联系电话：{doc.officer.phone}"))
    rows.append(("投诉监督电话", doc.hall.complaint_phone))
    return rows


def render_refusal_notice(doc: RefusalNotice) -> bytes:
    """PDF bytes of the refusal to accept, with all reasons and the remedies."""
    items = "、".join(doc.items)
    intro = (
        f"你（单位）于{cn_date(doc.received_on)}提交的{items}申请，经审查，"
        f"根据{doc.legal_basis}的规定，本机关决定不予受理。理由如下："
    )
    body = [
        *addressed(doc.applicant, intro),
        field_table(case_rows(doc, doc.applicant, doc.items, doc.received_on), WIDTH),
        *numbered_table(f"不予受理理由（共{len(doc.reasons)}项）", "理由", doc.reasons),
        field_table(_refusal_tail(doc), WIDTH),
    ]
    return render_notice(doc, REFUSAL_TITLE, body, signer=None)


def _rejection_intro(doc: RejectionNotice) -> str:
    items = "、".join(doc.items)
    head = f"你（单位）于{cn_date(doc.received_on)}提交的{items}申请，经审查，"
    if doc.kind is RejectionKind.NOT_GRANTED:
        return head + f"根据{doc.legal_basis}的规定，本机关决定不予许可。理由如下："
    return head + "存在下列问题，现将申请材料退回，请按下列全部意见补正后重新提交："


def _rejection_tail(doc: RejectionNotice) -> list[tuple[str, Cell]]:
    rows: list[tuple[str, Cell]] = [("法律依据", doc.legal_basis)]
    if doc.resubmit_by is not None:
        rows.append(("重新提交期限", f"请于{cn_date(doc.resubmit_by)}前补正后重新提交"))
    rows += [
        ("救济途径", rights_text(doc.rights)),
        ("经办人", f"{doc.officer.name}　　联系电话：{doc.officer.phone}"),
        ("投诉监督电话", doc.hall.complaint_phone),
    ]
    return rows


def render_rejection_notice(doc: RejectionNotice) -> bytes:
    """PDF bytes of 不予许可决定书 or 退回补正通知书 (``doc.kind``), all reasons at once."""
    label = "不予许可理由" if doc.kind is RejectionKind.NOT_GRANTED else "退回补正意见"
    body = [
        *addressed(doc.applicant, _rejection_intro(doc)),
        field_table(case_rows(doc, doc.applicant, doc.items, doc.received_on), WIDTH),
        *numbered_table(f"{label}（共{len(doc.reasons)}项）", label[-2:], doc.reasons),
        field_table(_rejection_tail(doc), WIDTH),
    ]
    return render_notice(doc, doc.kind.value, body, signer="申请人")
