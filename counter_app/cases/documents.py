"""Documents of a case as PDF: acceptance, one-time supplement, refusal, payment receipt,
and (documents_delivery) the decisions, pickup notice and mail label.

Each notice names the officer who did the act it records and is dated on the day of that act
(document_acts); its wording follows the kind of act each item is in law (rules/notice_law).
Every issue is recorded; a second issue of the same document is marked 补打 (reprint) with
the time of the reprint beside the original date.
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
from counter_app.cases import documents_reception as reception_docs
from counter_app.cases.document_base import DocumentBase, act_of, item_law, staff_name
from counter_app.cases.reception import local_today
from counter_app.cases.rules.notice_law import ItemLaw
from counter_app.cases.rules.numbers import notice_qr
from counter_app.cases.rules.states import CaseState
from counter_app.cases.store import case_by_number
from counter_app.cases.views import CaseView, PaymentView, case_view
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.catalog import CatalogService
from counter_app.hall.rules.catalog import ItemContent
from counter_app.hall.rules.settings import HallSettings
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from db.engine import Database
from db.ids import utc_now
from db.models import Case, DocumentIssue
from printers import pdf

CONTENT_CACHE = 512  # catalogue versions whose content a DocumentService keeps
KINDS: dict[str, str] = {
    "acceptance": tr("受理通知书"),
    "supplement": tr("一次性告知书"),
    "refusal": tr("不予受理通知书"),
    "receipt": tr("收费票据"),
    "pickup": tr("领取通知"),
    "rejection": tr("不予许可决定书"),
    "correction": tr("退回补正通知书"),
    "mail_label": tr("邮寄面单"),
    "approval": tr("准予许可决定书/办结通知"),
}
DECIDED = frozenset(
    {
        CaseState.APPROVED,
        CaseState.AWAITING_PICKUP,
        CaseState.MAILED,
        CaseState.DELIVERED,
        CaseState.MAIL_RETURNED,
        CaseState.CLOSED,
    }
)
_KIND_STATES = {
    "acceptance": frozenset(CaseState) - {CaseState.AWAITING_SUPPLEMENT, CaseState.REFUSED},
    "supplement": frozenset({CaseState.AWAITING_SUPPLEMENT}),
    "refusal": frozenset({CaseState.REFUSED}),
    "pickup": frozenset({CaseState.AWAITING_PICKUP, CaseState.DELIVERED, CaseState.CLOSED}),
    "approval": DECIDED,
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


def progress_qr(settings: HallSettings, number: str, case_id: str) -> str:
    """The notice's QR: the number and the case's key (rules/numbers.py notice_qr)."""
    return notice_qr(number, case_id, settings.progress_portal)


class DocumentService:
    def __init__(
        self,
        database: Database,
        hall: HallService,
        catalog: CatalogService,
        today: Callable[[], date] = local_today,
    ) -> None:
        self._db, self._hall, self._catalog, self._today = database, hall, catalog, today
        # A catalogue version is never updated (an edit adds one): its content is read once.
        self._contents: dict[tuple[str, int], ItemContent] = {}

    def mail_label_data(self, number_or_id: str) -> pdf.MailLabel:
        """The latest mail label of a case, for the label printer."""
        settings = self._hall.settings()
        with self._db.read() as session:
            case = case_by_number(session, number_or_id)
            row = delivery_docs.latest_delivery(session, str(case.id), "mail")
            return delivery_docs.mail_label_data(
                case.number, hall_info(settings), row, None, self._today()
            )

    def item_laws(self, view: CaseView) -> tuple[ItemLaw, ...]:
        """Each item's law as it was in the catalogue version the case was received under."""
        return tuple(
            item_law(i.number, i.name, self._content(i.item_id, i.version)) for i in view.items
        )

    def _content(self, item_id: str, version: int) -> ItemContent:
        key = (item_id, version)
        content = self._contents.get(key)
        if content is None:
            content = self._catalog.get(item_id, version).content
            if len(self._contents) >= CONTENT_CACHE:
                self._contents.clear()
            self._contents[key] = content
        return content

    def render(
        self, actor: Actor, number_or_id: str, kind: str, payment_id: str | None = None
    ) -> RenderedDocument:
        """The document for the case, with the personal data whole (it goes to the applicant).

        ``actor`` is who issues this copy (recorded and audited); the notice itself names the
        officer of the act and is dated on its day."""
        if kind not in KINDS:
            raise CounterError(tr("未知文书类型：{k}", k=kind), "kind")
        settings = self._hall.settings()
        # The PDF is laid out in a read transaction (tens of ms): the write lock is held only
        # to record the issue. Should another copy be issued meanwhile (another PC, a double
        # press), this one is rendered again as the reprint it now is.
        for _attempt in range(3):
            with self._db.read() as session:
                case = case_by_number(session, number_or_id)
                view = case_view(session, case, reveal=True)
                if kind in _KIND_STATES and view.status not in _KIND_STATES[kind]:
                    raise CounterError(
                        tr("案件当前为“{s}”，不能出具{k}", s=view.status.label, k=KINDS[kind]),
                        "kind",
                    )
                payment = _payment(view, payment_id) if kind == "receipt" else None
                doc_number = payment.receipt_number if payment else view.number
                reprint = _issued_before(session, case.id, kind, doc_number)
                reprinted_at = utc_now().astimezone() if reprint else None
                data, title = self._build(
                    session, case, kind, view, settings, payment, reprinted_at
                )
                case_id = case.id
            with self._db.write() as session:
                if _issued_before(session, case_id, kind, doc_number) != reprint:
                    continue
                session.add(
                    DocumentIssue(
                        case_id=case_id,
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
                    str(case_id),
                    after={"kind": kind, "number": doc_number, "reprint": reprint},
                )
            return RenderedDocument(kind, title, doc_number, data, reprint)
        raise CounterError(tr("文书正在由其他窗口同时出具，请稍后重试"), "kind")

    def _build(
        self,
        session: Session,
        case: Case,
        kind: str,
        view: CaseView,
        settings: HallSettings,
        payment: PaymentView | None,
        reprinted_at: datetime | None,
    ) -> tuple[bytes, str]:
        if payment is not None:
            paid_on = payment.paid_at.astimezone().date()
            base = _base(settings, view, paid_on, reprinted_at, payment.receipt_number)
            cashier = staff_name(session, payment.cashier)
            return _receipt(view, base, payment, cashier), KINDS[kind]
        act = act_of(session, case, kind)
        base = _base(settings, view, act.on, reprinted_at)
        officer = pdf.Officer(act.officer, settings.phone)
        laws = self.item_laws(view)
        if kind == "acceptance":
            return reception_docs.acceptance(view, base, officer, laws)
        if kind == "supplement":
            return reception_docs.supplement(view, base, officer, laws), KINDS[kind]
        if kind == "refusal":
            authority = str(act.data.get("competent_authority", ""))
            data = reception_docs.refusal(view, base, officer, settings, laws, authority)
            return data, KINDS[kind]
        return delivery_docs.build(session, kind, view, base, officer, settings, laws)


def _base(
    settings: HallSettings,
    view: CaseView,
    on: date,
    reprinted_at: datetime | None,
    number: str = "",
) -> DocumentBase:
    return {
        "hall": hall_info(settings),
        "number": number or view.number,
        "qr_payload": progress_qr(settings, view.number, view.id),
        "issued_on": on,
        "reprinted_at": reprinted_at,
        "case_number": view.number,
    }


def _receipt(view: CaseView, base: DocumentBase, payment: PaymentView, cashier: str) -> bytes:
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
            cashier=cashier,
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
