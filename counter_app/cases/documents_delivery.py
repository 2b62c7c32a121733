"""Documents of approval and delivery: pickup notice, rejection or return notice, mail label,
mailing list. Built from a case view and the delivery or decision rows."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.cases.document_base import DocumentBase
from counter_app.cases.mail_report import MailReport
from counter_app.cases.views import CaseView
from counter_app.core.errors import CounterError
from counter_app.hall.rules.settings import HallSettings
from counter_app.i18n import tr
from db.models import CaseDecision, Delivery
from printers import pdf

BRING = (tr("本领取通知"), tr("申请人身份证件原件（单位为营业执照副本复印件加盖公章）"))
AGENT_RULES = (
    tr("代领人须携带申请人签章的授权委托书"),
    tr("代领人须出示本人身份证件原件，窗口核验后登记"),
)


def latest_delivery(session: Session, case_id: str, method: str) -> Delivery:
    row = session.scalar(
        select(Delivery)
        .where(Delivery.case_id == uuid.UUID(case_id), Delivery.method == method)
        .order_by(Delivery.id.desc())
    )
    if row is None:
        what = tr("领取") if method == "pickup" else tr("邮寄")
        raise CounterError(tr("该案件没有{w}记录", w=what), "kind")
    return row


def latest_decision(session: Session, case_id: str, kind: str) -> CaseDecision:
    row = session.scalar(
        select(CaseDecision)
        .where(CaseDecision.case_id == uuid.UUID(case_id), CaseDecision.kind == kind)
        .order_by(CaseDecision.id.desc())
    )
    if row is None:
        raise CounterError(tr("该案件没有相应的审批决定"), "kind")
    return row


def pickup_notice(view: CaseView, base: DocumentBase, row: Delivery) -> bytes:
    assert row.pickup_from is not None and row.pickup_until is not None
    result = view.status.label if not view.reasons else tr("不予许可")
    return pdf.render_pickup_notice(
        pdf.PickupNotice(
            **base,
            applicant=pdf_applicant(view),
            items=view.item_names,
            result=view.result or result,
            pickup_from=row.pickup_from.astimezone(),
            pickup_until=row.pickup_until.astimezone(),
            pickup_hours=PICKUP_HOURS,
            pickup_address=row.pickup_address or tr("本大厅窗口"),
            bring=BRING,
            agent_rules=AGENT_RULES,
        )
    )


PICKUP_HOURS = tr("工作日 9:00-12:00，13:30-17:00")


def pdf_applicant(view: CaseView) -> pdf.Applicant:
    """The applicant as printed on a notice (whole: the notice goes to the applicant)."""
    a = view.applicant
    return pdf.Applicant(
        name=a.name,
        id_number=a.id_number,
        id_label=a.id_label,
        contact=a.contact_name or a.legal_representative,
        phone=a.phone,
        address=a.address,
    )


def rejection_notice(
    view: CaseView,
    base: DocumentBase,
    officer: pdf.Officer,
    settings: HallSettings,
    legal_basis: str,
    decision: CaseDecision,
) -> bytes:
    kind = (
        pdf.RejectionKind.RETURNED
        if decision.kind == "returned_for_correction"
        else pdf.RejectionKind.NOT_GRANTED
    )
    rights = pdf.ReviewRights(
        review_authority=settings.review_authority or tr("本机关的本级人民政府或上一级主管部门"),
        court=settings.court or tr("有管辖权的人民法院"),
    )
    return pdf.render_rejection_notice(
        pdf.RejectionNotice(
            **base,
            kind=kind,
            applicant=pdf_applicant(view),
            items=view.item_names,
            received_on=view.received_on,
            reasons=tuple(decision.reasons),
            legal_basis=legal_basis,
            rights=rights,
            officer=officer,
            resubmit_by=decision.resubmit_by,
        )
    )


def mail_label(
    view: CaseView,
    hall: pdf.HallInfo,
    row: Delivery,
    reprinted_at: datetime | None,
    issued_on: date,
) -> bytes:
    return pdf.render_mail_label(mail_label_data(view.number, hall, row, reprinted_at, issued_on))


def mail_label_data(
    case_number: str,
    hall: pdf.HallInfo,
    row: Delivery,
    reprinted_at: datetime | None,
    issued_on: date,
) -> pdf.MailLabel:
    """The label's content, for the PDF or for the label printer (TSPL/ZPL)."""
    contents = "、".join(str(c.get("name", "")) for c in row.contents)
    copies = sum(int(str(c.get("copies", 1) or 1)) for c in row.contents)
    return pdf.MailLabel(
        hall=hall,
        recipient=pdf.MailAddress(
            row.recipient_name,
            row.mobile,
            row.province,
            row.city,
            row.district,
            row.address_detail,
            row.postal_code,
        ),
        contents=contents,
        copies=copies,
        case_number=case_number,
        posted_on=row.posted_on or issued_on,
        tracking_number=row.tracking_number or None,
        reprinted_at=reprinted_at,
    )


def mailing_list(
    settings: HallSettings, hall: pdf.HallInfo, report: MailReport, operator: str
) -> bytes:
    rows = tuple(
        pdf.MailingRow(
            number,
            stub.recipient_name,
            stub.mobile,
            stub.address,
            stub.postal_code,
            "、".join(str(c.get("name", "")) for c in stub.contents),
            sum(int(str(c.get("copies", 1) or 1)) for c in stub.contents),
            stub.tracking_number,
        )
        for number, stub in report.posted
    )
    batch = f"{settings.hall_code}-{report.day:%Y%m%d}-{settings.counter_code}-YJ"
    return pdf.render_mailing_list(
        pdf.MailingList(
            hall=hall,
            number=batch,
            qr_payload=batch,
            issued_on=report.day,
            counter=settings.counter_code,
            operator=operator,
            rows=rows,
        )
    )
