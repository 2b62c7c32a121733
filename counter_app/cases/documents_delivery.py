"""Documents of approval and delivery: the approval decision or 办结通知, pickup notice,
rejection or return notice, mail label, mailing list. Built from a case view and the delivery
or decision rows; the wording of decisions follows the kind of act each item is."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.cases.document_base import DocumentBase
from counter_app.cases.mail_report import MailReport
from counter_app.cases.rules import notice_law as law
from counter_app.cases.rules.notice_law import ItemLaw
from counter_app.cases.rules.pickup_window import last_close, next_open
from counter_app.cases.views import CaseView
from counter_app.core.errors import CounterError
from counter_app.hall.calendar import load_calendar
from counter_app.hall.rules.settings import HallSettings, office_hours
from counter_app.i18n import tr
from counter_app.identity.masking import mask_phone
from db.models import CaseDecision, Delivery
from printers import pdf

BRING = (tr("本领取通知"), tr("申请人身份证件原件（单位为营业执照副本复印件加盖公章）"))
AGENT_RULES = (
    tr("代领人须携带申请人签章的授权委托书"),
    tr("代领人须出示本人身份证件原件，窗口核验后登记"),
)
_DECIDED = {"rejection": "rejected", "correction": "returned_for_correction", "approval": "approve"}


def rights(settings: HallSettings) -> pdf.ReviewRights:
    """Review and litigation; blank settings give the wording of 行政复议法 (2023)."""
    return pdf.ReviewRights(
        review_authority=settings.review_authority or law.DEFAULT_REVIEW_BODY,
        court=settings.court or law.DEFAULT_COURT,
    )


def build(
    session: Session,
    kind: str,
    view: CaseView,
    base: DocumentBase,
    officer: pdf.Officer,
    settings: HallSettings,
    laws: tuple[ItemLaw, ...],
) -> tuple[bytes, str]:
    """The PDF and its title for the delivery and decision kinds."""
    if kind == "pickup":
        row = latest_delivery(session, view.id, "pickup")
        return pickup_notice(session, view, base, row, officer, settings), tr("领取通知书")
    if kind == "mail_label":
        row = latest_delivery(session, view.id, "mail")
        label = mail_label(view, base["hall"], row, base["reprinted_at"], base["issued_on"])
        return label, tr("邮寄面单")
    decision = latest_decision(session, view.id, _DECIDED[kind])
    if kind == "approval":
        return approval_notice(session, view, base, officer, laws, decision)
    return rejection_notice(view, base, officer, settings, laws, decision)


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


def pickup_notice(
    session: Session,
    view: CaseView,
    base: DocumentBase,
    row: Delivery,
    officer: pdf.Officer,
    settings: HallSettings,
) -> bytes:
    """When the window opens for collection: a working day in office hours (a row saved at
    another time, e.g. on a Sunday night, opens at the next working opening)."""
    assert row.pickup_from is not None and row.pickup_until is not None
    opens, closes = office_hours(settings)
    calendar = load_calendar(session)
    start = next_open(row.pickup_from.astimezone(), calendar, opens, closes)
    until = last_close(row.pickup_until.astimezone(), calendar, opens, closes)
    until = max(until, datetime.combine(start.date(), closes, start.tzinfo))
    result = view.status.label if not view.reasons else tr("不予许可")
    return pdf.render_pickup_notice(
        pdf.PickupNotice(
            **base,
            applicant=pdf_applicant(view),
            items=view.item_names,
            result=view.result or result,
            pickup_from=start,
            pickup_until=until,
            pickup_hours=tr("工作日 {o}-{c}", o=f"{opens:%H:%M}", c=f"{closes:%H:%M}"),
            pickup_address=row.pickup_address or tr("本大厅窗口"),
            bring=BRING,
            agent_rules=AGENT_RULES,
            officer=officer,
        )
    )


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
    laws: tuple[ItemLaw, ...],
    decision: CaseDecision,
) -> tuple[bytes, str]:
    """不予许可决定书 (a licence, Art. 38) / 不予办理决定书, or 退回补正通知书."""
    if decision.kind == "returned_for_correction":
        kind, title, verdict = pdf.RejectionKind.RETURNED, tr("退回补正通知书"), ""
        bases = law.correction_bases(laws)
    else:
        text = law.refusal_decision(laws)
        kind, title, verdict, bases = (
            pdf.RejectionKind.NOT_GRANTED,
            text.title,
            text.verdict,
            text.bases,
        )
    data = pdf.render_rejection_notice(
        pdf.RejectionNotice(
            **base,
            kind=kind,
            applicant=pdf_applicant(view),
            items=view.item_names,
            received_on=view.received_on,
            reasons=tuple(decision.reasons),
            legal_basis=bases,
            rights=rights(settings),
            officer=officer,
            resubmit_by=decision.resubmit_by,
            title=title,
            verdict=verdict,
        )
    )
    return data, title


def approval_notice(
    session: Session,
    view: CaseView,
    base: DocumentBase,
    officer: pdf.Officer,
    laws: tuple[ItemLaw, ...],
    decision: CaseDecision,
) -> tuple[bytes, str]:
    """准予许可决定书 when every item is a licence, 办结通知 otherwise (R-APR-2)."""
    text = law.approval_decision(laws)
    numbered: DocumentBase = {**base, "number": decision.document_number or base["number"]}
    data = pdf.render_approval_notice(
        pdf.ApprovalNotice(
            **numbered,
            title=text.title,
            applicant=pdf_applicant(view),
            items=view.item_names,
            received_on=view.received_on,
            decided_on=base["issued_on"],
            verdict=text.verdict,
            result=decision.result_number or view.result,
            legal_basis=text.bases,
            officer=officer,
            delivery=_delivery_line(session, view),
        )
    )
    return data, text.title


def _delivery_line(session: Session, view: CaseView) -> str:
    row = session.scalar(
        select(Delivery).where(Delivery.case_id == uuid.UUID(view.id)).order_by(Delivery.id.desc())
    )
    if row is None:
        return tr("办理结果可到本大厅窗口领取，或申请邮寄送达")
    if row.method == "mail":
        return tr("邮寄送达：{a}", a=f"{row.province}{row.city}{row.district}{row.address_detail}")
    return tr("窗口领取：{a}", a=row.pickup_address or tr("本大厅窗口"))


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
            mask_phone(stub.mobile),  # the list leaves the counter (R-DATA-3)
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
