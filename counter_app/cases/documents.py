"""Documents of a case as PDF: acceptance, one-time supplement, refusal, payment receipt.

Every issue is recorded; a second issue of the same document is marked 补打 (reprint).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.cases import documents_delivery as delivery_docs
from counter_app.cases.document_base import DocumentBase
from counter_app.cases.reception import local_today
from counter_app.cases.rules.reception import missing, what_is_missing
from counter_app.cases.rules.states import CaseState
from counter_app.cases.store import case_by_number
from counter_app.cases.views import CaseView, PaymentView, case_view
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.catalog import CatalogService
from counter_app.hall.rules.settings import HallSettings
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from db.engine import Database
from db.ids import utc_now
from db.models import DocumentIssue
from printers import pdf

LAW = "《中华人民共和国行政许可法》第三十二条"
KINDS: dict[str, str] = {
    "acceptance": tr("受理通知书"),
    "supplement": tr("一次性告知书"),
    "refusal": tr("不予受理通知书"),
    "receipt": tr("收费票据"),
    "pickup": tr("领取通知"),
    "rejection": tr("不予许可决定书"),
    "correction": tr("退回补正通知书"),
    "mail_label": tr("邮寄面单"),
}
_KIND_STATES = {
    "acceptance": frozenset(CaseState) - {CaseState.AWAITING_SUPPLEMENT, CaseState.REFUSED},
    "supplement": frozenset({CaseState.AWAITING_SUPPLEMENT}),
    "refusal": frozenset({CaseState.REFUSED}),
    "pickup": frozenset({CaseState.AWAITING_PICKUP, CaseState.DELIVERED, CaseState.CLOSED}),
}


@dataclass(frozen=True)
class RenderedDocument:
    kind: str
    title: str
    number: str
    pdf: bytes
    reprint: bool

    @property
    def filename(self) -> str:
        return f"{self.number}-{self.title}.pdf"


def hall_info(settings: HallSettings) -> pdf.HallInfo:
    return pdf.HallInfo(
        office_name=settings.office_name or settings.hall_name,
        hall_name=settings.hall_name,
        address=settings.address,
        phone=settings.phone,
        complaint_phone=settings.complaint_phone,
        progress_portal=settings.progress_portal,
    )


def progress_qr(settings: HallSettings, number: str) -> str:
    portal = settings.progress_portal.strip()
    if portal.startswith(("http://", "https://")):
        joiner = "&" if "?" in portal else "?"
        return f"{portal}{joiner}case={number}"
    return number


def _legal_basis(view: CaseView, basis: dict[str, str]) -> str:
    parts = [b for b in dict.fromkeys(basis.get(i.item_id, "") for i in view.items) if b]
    return "；".join([*parts, LAW])


def _received(view: CaseView) -> tuple[pdf.MaterialReceived, ...]:
    rows = []
    for m in (mv.line for mv in view.materials if mv.line.received):
        form = "原件" if m.received_original else "复印件"
        rows.append(pdf.MaterialReceived(m.name, max(m.received_copies, 1), form))
    return tuple(rows)


class DocumentService:
    def __init__(
        self,
        database: Database,
        hall: HallService,
        catalog: CatalogService,
        today: Callable[[], date] = local_today,
    ) -> None:
        self._db, self._hall, self._catalog, self._today = database, hall, catalog, today

    def mail_label_data(self, number_or_id: str) -> pdf.MailLabel:
        """The latest mail label of a case, for the label printer."""
        settings = self._hall.settings()
        with self._db.read() as session:
            case = case_by_number(session, number_or_id)
            row = delivery_docs.latest_delivery(session, str(case.id), "mail")
            return delivery_docs.mail_label_data(
                case.number, hall_info(settings), row, None, self._today()
            )

    def _time_notes(self, view: CaseView) -> str:
        """For items without a promised date: what their catalogue says about time limits."""
        notes = (self._catalog.get(i.item_id, i.version).content for i in view.items)
        return "；".join(f"{c.name}：{c.time_limit_note}" for c in notes if c.time_limit_note)

    def _item_basis(self, view: CaseView) -> dict[str, str]:
        """Each item's legal basis as it was in the version the case was received under."""
        return {
            i.item_id: self._catalog.get(i.item_id, i.version).content.legal_basis
            for i in view.items
        }

    def render(
        self, actor: Actor, number_or_id: str, kind: str, payment_id: str | None = None
    ) -> RenderedDocument:
        """The document for the case, with the personal data whole (it goes to the applicant)."""
        if kind not in KINDS:
            raise CounterError(tr("未知文书类型：{k}", k=kind), "kind")
        settings = self._hall.settings()
        with self._db.write() as session:
            case = case_by_number(session, number_or_id)
            view = case_view(session, case, reveal=True)
            if kind in _KIND_STATES and view.status not in _KIND_STATES[kind]:
                raise CounterError(
                    tr("案件当前为“{s}”，不能出具{k}", s=view.status.label, k=KINDS[kind]), "kind"
                )
            payment = _payment(view, payment_id) if kind == "receipt" else None
            doc_number = payment.receipt_number if payment else view.number
            reprint = _issued_before(session, case.id, kind, doc_number)
            reprinted_at = utc_now().astimezone() if reprint else None
            data = self._build(session, kind, view, settings, actor, payment, reprinted_at)
            session.add(
                DocumentIssue(
                    case_id=case.id,
                    kind=kind,
                    doc_number=doc_number,
                    issued_by=actor.username,
                    reprint=reprint,
                )
            )
            audit.record(
                session,
                actor.username,
                "document_issue",
                "case",
                str(case.id),
                after={"kind": kind, "number": doc_number, "reprint": reprint},
            )
        return RenderedDocument(kind, KINDS[kind], doc_number, data, reprint)

    def _build(
        self,
        session: Session,
        kind: str,
        view: CaseView,
        settings: HallSettings,
        actor: Actor,
        payment: PaymentView | None,
        reprinted_at: datetime | None,
    ) -> bytes:
        base: DocumentBase = {
            "hall": hall_info(settings),
            "number": view.number,
            "qr_payload": progress_qr(settings, view.number),
            "issued_on": self._today(),
            "reprinted_at": reprinted_at,
            "case_number": view.number,
        }
        officer = pdf.Officer(actor.display_name, settings.phone)
        basis = self._item_basis(view)
        if kind == "acceptance":
            return _acceptance(view, base, officer, basis, self._time_notes(view))
        if kind == "supplement":
            return _supplement(view, base, officer, basis)
        if kind == "refusal":
            return _refusal(view, base, officer, settings, basis)
        if kind in ("pickup", "rejection", "correction", "mail_label"):
            return _delivery_document(session, kind, view, base, officer, settings, basis)
        assert payment is not None
        receipt_base: DocumentBase = {**base, "number": payment.receipt_number}
        return _receipt(view, receipt_base, payment)


def _delivery_document(
    session: Session,
    kind: str,
    view: CaseView,
    base: DocumentBase,
    officer: pdf.Officer,
    settings: HallSettings,
    basis: dict[str, str],
) -> bytes:
    if kind == "pickup":
        return delivery_docs.pickup_notice(
            view, base, delivery_docs.latest_delivery(session, view.id, "pickup")
        )
    if kind == "mail_label":
        row = delivery_docs.latest_delivery(session, view.id, "mail")
        return delivery_docs.mail_label(
            view, base["hall"], row, base["reprinted_at"], base["issued_on"]
        )
    decided = "rejected" if kind == "rejection" else "returned_for_correction"
    decision = delivery_docs.latest_decision(session, view.id, decided)
    return delivery_docs.rejection_notice(
        view, base, officer, settings, _legal_basis(view, basis), decision
    )


def _acceptance(
    view: CaseView, base: DocumentBase, officer: pdf.Officer, basis: dict[str, str], note: str
) -> bytes:
    return pdf.render_acceptance_notice(
        pdf.AcceptanceNotice(
            **base,
            applicant=delivery_docs.pdf_applicant(view),
            items=view.item_names,
            received_on=view.received_on,
            materials=_received(view),
            legal_basis=_legal_basis(view, basis),
            promised_on=view.promised_on,
            time_limit_note=note,
            officer=officer,
        )
    )


def _supplement(
    view: CaseView, base: DocumentBase, officer: pdf.Officer, basis: dict[str, str]
) -> bytes:
    lines = missing(tuple(m.line for m in view.materials))
    assert view.supplement_deadline is not None
    return pdf.render_supplement_notice(
        pdf.SupplementNotice(
            **base,
            applicant=delivery_docs.pdf_applicant(view),
            items=view.item_names,
            received_on=view.received_on,
            missing=tuple(pdf.MissingMaterial(m.name, what_is_missing(m)) for m in lines),
            deadline=view.supplement_deadline,
            consequence=tr(
                "请于期限内一次补齐上述材料；逾期未补齐的，本申请不予受理。"
                "补正期间不计入办理时限，材料齐全之日起计算。"
            ),
            legal_basis=_legal_basis(view, basis),
            officer=officer,
        )
    )


def _refusal(
    view: CaseView,
    base: DocumentBase,
    officer: pdf.Officer,
    settings: HallSettings,
    basis: dict[str, str],
) -> bytes:
    rights = pdf.ReviewRights(
        review_authority=settings.review_authority or tr("本机关的本级人民政府或上一级主管部门"),
        court=settings.court or tr("有管辖权的人民法院"),
    )
    return pdf.render_refusal_notice(
        pdf.RefusalNotice(
            **base,
            applicant=delivery_docs.pdf_applicant(view),
            items=view.item_names,
            received_on=view.received_on,
            reasons=view.reasons,
            legal_basis=_legal_basis(view, basis),
            rights=rights,
            officer=officer,
        )
    )


def _receipt(view: CaseView, base: DocumentBase, payment: PaymentView) -> bytes:
    lines = tuple(
        pdf.PaymentLine(
            str(ln["item"]),
            Decimal(str(ln["amount"])),
            int(ln.get("quantity", 1)),
            str(ln.get("note", "")),
        )
        for ln in payment.lines
    )
    return pdf.render_payment_receipt(
        pdf.PaymentReceipt(
            **base,
            payer=payment.payer,
            lines=lines,
            channel=CHANNEL_PDF[payment.channel],
            transaction_ref=payment.transaction_ref,
            paid_at=payment.paid_at.astimezone(),
            cashier=payment.cashier,
        )
    )


CHANNEL_PDF = {
    "cash": pdf.PaymentChannel.CASH,
    "card": pdf.PaymentChannel.CARD,
    "wechat": pdf.PaymentChannel.WECHAT,
    "alipay": pdf.PaymentChannel.ALIPAY,
    "other": pdf.PaymentChannel.OTHER,
}


def _payment(view: CaseView, payment_id: str | None) -> PaymentView:
    for p in view.payments:
        if payment_id in (None, p.id, p.receipt_number):
            return p
    raise CounterError(tr("该案件没有这笔收费记录"), "payment")


def _issued_before(session: Session, case_id: uuid.UUID, kind: str, number: str) -> bool:
    return (
        session.scalar(
            select(DocumentIssue.id)
            .where(
                DocumentIssue.case_id == case_id,
                DocumentIssue.kind == kind,
                DocumentIssue.doc_number == number,
            )
            .limit(1)
        )
        is not None
    )
