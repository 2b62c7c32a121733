"""Frozen snapshots of a case for the screens and documents; personal data masked by default."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from counter_app.cases.rules.reception import CREDIT_CODE, ORGANISATION, MaterialLine
from counter_app.cases.rules.states import CaseState
from counter_app.identity.identifiers import ID_TYPE_LABELS, IdType, mask_id, mask_phone
from db.models import (
    Applicant,
    Case,
    CaseEvent,
    CaseItem,
    CaseMaterial,
    CasePause,
    DocumentIssue,
    Payment,
)


def id_label(id_type: str) -> str:
    if id_type == CREDIT_CODE:
        return "统一社会信用代码"
    try:
        return ID_TYPE_LABELS[IdType(id_type)]
    except (ValueError, KeyError):
        return id_type


@dataclass(frozen=True)
class ApplicantView:
    id: str
    kind: str
    name: str
    id_type: str
    id_number: str
    phone: str
    address: str
    postal_code: str
    legal_representative: str
    contact_name: str
    revealed: bool

    @property
    def id_label(self) -> str:
        return id_label(self.id_type)

    @property
    def is_organisation(self) -> bool:
        return self.kind == ORGANISATION


def applicant_view(row: Any, reveal: bool) -> ApplicantView:
    """From an ``Applicant`` or a row of its columns."""
    # A credit code identifies a business, not a person: it is public and never masked.
    masked = not reveal and row.id_type != CREDIT_CODE
    return ApplicantView(
        str(row.id),
        row.kind,
        row.name,
        row.id_type,
        mask_id(row.id_number) if masked else row.id_number,
        row.phone if reveal else mask_phone(row.phone),
        row.address,
        row.postal_code,
        row.legal_representative,
        row.contact_name,
        reveal,
    )


@dataclass(frozen=True)
class MaterialView:
    id: str
    line: MaterialLine


@dataclass(frozen=True)
class EventView:
    at: datetime
    actor: str
    action: str
    from_status: str
    to_status: str
    note: str


@dataclass(frozen=True)
class PaymentView:
    id: str
    receipt_number: str
    payer: str
    amount: Decimal
    channel: str
    transaction_ref: str
    paid_at: datetime
    cashier: str
    lines: tuple[dict[str, Any], ...]
    voided: bool = False


@dataclass(frozen=True)
class CaseItemView:
    item_id: str
    number: int
    name: str
    version: int


@dataclass(frozen=True)
class CaseView:
    id: str
    number: str
    status: CaseState
    applicant: ApplicantView
    agent: dict[str, str] | None
    items: tuple[CaseItemView, ...]
    materials: tuple[MaterialView, ...]
    events: tuple[EventView, ...]
    payments: tuple[PaymentView, ...]
    documents: tuple[tuple[str, datetime, bool], ...]
    received_on: date
    received_at: datetime
    received_by: str
    counter_code: str
    time_limit_days: int | None
    promised_on: date | None
    supplement_deadline: date | None
    reasons: tuple[str, ...]
    notes: str
    row_version: int
    paused_since: date | None
    result: str = ""  # the approval's result (registration or certificate number)

    @property
    def item_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.items)


def _material(row: Any) -> MaterialView:
    line = MaterialLine(
        row.name,
        row.requirement,
        row.original_required,
        row.copies_required,
        row.received,
        row.received_copies,
        row.received_original,
        row.extra,
        tuple(row.for_items),
    )
    return MaterialView(str(row.id), line)


def _payment(row: Any, voided: set[Any]) -> PaymentView:
    return PaymentView(
        str(row.id),
        row.receipt_number,
        row.payer,
        row.amount,
        row.channel,
        row.transaction_ref,
        row.paid_at,
        row.cashier,
        tuple(row.lines),
        row.id in voided,
    )


def _agent(agent: dict[str, str] | None, reveal: bool) -> dict[str, str] | None:
    if agent is None or reveal:
        return agent
    return {
        **agent,
        "id_number": mask_id(agent.get("id_number", "")),
        "phone": mask_phone(agent.get("phone", "")),
    }


# A case view reads columns, never ORM objects: opening a case by a scan is the hot path
# (issue 17), and building ~20 tracked objects cost more than the statements themselves. The
# statements are built once, with the case as a bound parameter.
_CASE = bindparam("case_id", type_=Case.__table__.c.id.type)
_APPLICANT = Applicant.__table__.c
_PAUSES = CasePause.__table__.c
_HEAD = select(
    _APPLICANT.id,
    _APPLICANT.kind,
    _APPLICANT.name,
    _APPLICANT.id_type,
    _APPLICANT.id_number,
    _APPLICANT.phone,
    _APPLICANT.address,
    _APPLICANT.postal_code,
    _APPLICANT.legal_representative,
    _APPLICANT.contact_name,
    select(_PAUSES.start_on)
    .where(_PAUSES.case_id == _CASE, _PAUSES.end_on.is_(None))
    .order_by(_PAUSES.id)
    .limit(1)
    .scalar_subquery()
    .label("paused_since"),
).where(_APPLICANT.id == bindparam("applicant_id", type_=_APPLICANT.id.type))


def _list(model: Any, names: str, order: str) -> Any:
    table = model.__table__.c
    columns = [table[name] for name in names.split()]
    return select(*columns).where(table.case_id == _CASE).order_by(table[order])


_ITEMS = _list(CaseItem, "item_id item_number item_name item_version", "position")
_MATERIALS = _list(
    CaseMaterial,
    "id name requirement original_required copies_required received received_copies"
    " received_original extra for_items",
    "position",
)
_EVENTS = _list(CaseEvent, "at actor action from_status to_status note", "id")
_PAYMENTS = _list(
    Payment,
    "id receipt_number payer amount channel transaction_ref paid_at cashier lines voids_id",
    "id",
)
_DOCUMENTS = _list(DocumentIssue, "kind issued_at reprint", "id")


def case_view(session: Session, case: Case, reveal: bool = False) -> CaseView:
    """The case's snapshot: the applicant with the open pause's start in one statement, then
    one statement per list (items, materials, history, payments, documents)."""
    session.flush()  # a write session's changes first (plain statements do not autoflush)
    conn = session.connection()
    key = {"case_id": case.id}
    head = conn.execute(_HEAD, {**key, "applicant_id": case.applicant_id}).one()
    items = conn.execute(_ITEMS, key).all()
    materials = conn.execute(_MATERIALS, key).all()
    events = conn.execute(_EVENTS, key).all()
    payments = conn.execute(_PAYMENTS, key).all()
    documents = conn.execute(_DOCUMENTS, key).all()
    voided = {p.voids_id for p in payments if p.voids_id}
    return CaseView(
        id=str(case.id),
        number=case.number,
        status=CaseState(case.status),
        applicant=applicant_view(head, reveal),
        agent=_agent(case.agent, reveal),
        items=tuple(
            CaseItemView(str(i.item_id), i.item_number, i.item_name, i.item_version) for i in items
        ),
        materials=tuple(_material(m) for m in materials),
        events=tuple(EventView(*e) for e in events),
        payments=tuple(_payment(p, voided) for p in payments if not p.voids_id),
        documents=tuple((d.kind, d.issued_at, d.reprint) for d in documents),
        received_on=case.received_on,
        received_at=case.received_at,
        received_by=case.received_by,
        counter_code=case.counter_code,
        time_limit_days=case.time_limit_days,
        promised_on=case.promised_on,
        supplement_deadline=case.supplement_deadline,
        reasons=tuple(case.reasons),
        notes=case.notes,
        row_version=case.row_version,
        paused_since=head.paused_since,
        result=case.result,
    )


@dataclass(frozen=True)
class CaseRow:
    """One line of a case list: personal data always masked."""

    id: str
    number: str
    status: CaseState
    applicant_name: str
    applicant_id: str
    phone: str
    items: str
    received_on: date
    promised_on: date | None
