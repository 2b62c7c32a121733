"""What every notice of a case shares: the hall's heading, the notice's own number and QR,
the date of issue and the reprint mark; and the act it records (issue 16): who did it and
when, from the case's own rows (the reception or refusal event, the decision, the delivery),
never whoever renders the notice nor the day it is rendered; each item's law."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.cases.rules.notice_law import ItemLaw
from counter_app.cases.rules.states import CaseState
from counter_app.hall.rules.catalog import ItemContent
from counter_app.hall.rules.legal import LegalKind, legal_kind_of
from db.models import Case, CaseDecision, CaseEvent, Delivery, Staff
from printers import pdf


class DocumentBase(TypedDict):
    hall: pdf.HallInfo
    number: str
    qr_payload: str
    issued_on: date
    reprinted_at: datetime | None
    case_number: str


# The state a case enters by the act each notice records.
_EVENT_STATE = {
    "acceptance": CaseState.RECEIVED,
    "supplement": CaseState.AWAITING_SUPPLEMENT,
    "refusal": CaseState.REFUSED,
}
_DECISION_KIND = {
    "approval": "approve",
    "rejection": "rejected",
    "correction": "returned_for_correction",
}
_DELIVERY_METHOD = {"pickup": "pickup", "mail_label": "mail"}


@dataclass(frozen=True)
class Act:
    """The act behind a notice: by whom (user name and the name printed) and on which day."""

    by: str
    officer: str
    on: date
    at: datetime | None = None
    data: dict[str, Any] = field(default_factory=dict)


def staff_name(session: Session, username: str) -> str:
    """The name printed for ``username`` (the user name itself when no account has it)."""
    name = session.scalar(select(Staff.display_name).where(Staff.username == username))
    return name or username


def _local(moment: datetime) -> date:
    return moment.astimezone().date()


def _from_event(session: Session, case: Case, state: CaseState) -> Act | None:
    row = session.scalar(
        select(CaseEvent)
        .where(CaseEvent.case_id == case.id, CaseEvent.to_status == state.value)
        .order_by(CaseEvent.id.desc())
        .limit(1)
    )
    if row is None:
        return None
    # Received on the spot: the case's business date; later acts: the day of the event.
    on = case.received_on if row.action == "receive" else _local(row.at)
    return Act(row.actor, staff_name(session, row.actor), on, row.at, dict(row.data or {}))


def _from_decision(session: Session, case: Case, kind: str) -> Act | None:
    row = session.scalar(
        select(CaseDecision)
        .where(CaseDecision.case_id == case.id, CaseDecision.kind == kind)
        .order_by(CaseDecision.id.desc())
        .limit(1)
    )
    if row is None:
        return None
    data = {"result_number": row.result_number, "document_number": row.document_number}
    return Act(
        row.decided_by,
        staff_name(session, row.decided_by),
        _local(row.decided_at),
        row.decided_at,
        data,
    )


def _from_delivery(session: Session, case: Case, method: str) -> Act | None:
    row = session.scalar(
        select(Delivery)
        .where(Delivery.case_id == case.id, Delivery.method == method)
        .order_by(Delivery.id.desc())
        .limit(1)
    )
    if row is None or not row.created_by:
        return None
    on = row.posted_on if method == "mail" and row.posted_on else _local(row.created_at)
    return Act(row.created_by, staff_name(session, row.created_by), on, row.created_at)


def act_of(session: Session, case: Case, kind: str) -> Act:
    """The act the notice ``kind`` records; the reception itself when no later row says."""
    found: Act | None = None
    if kind in _EVENT_STATE:
        found = _from_event(session, case, _EVENT_STATE[kind])
    elif kind in _DECISION_KIND:
        found = _from_decision(session, case, _DECISION_KIND[kind])
    elif kind in _DELIVERY_METHOD:
        found = _from_delivery(session, case, _DELIVERY_METHOD[kind])
    if found is not None:
        return found
    return Act(case.received_by, staff_name(session, case.received_by), case.received_on)


def _kind(number: int, stated: str) -> LegalKind:
    try:
        return legal_kind_of(number, stated.strip())
    except ValueError:  # a kind this version does not know: the default by number
        return legal_kind_of(number, "")


def item_law(number: int, name: str, content: ItemContent) -> ItemLaw:
    """An item of a case (``name`` as the case recorded it) and its catalogue version's law."""
    return ItemLaw(
        name=name,
        kind=_kind(number, content.legal_kind),
        basis=content.legal_basis,
        acceptance_basis=content.acceptance_basis,
        decision_basis=content.decision_basis,
        handling_note=content.handling_note,
        time_limit_note=content.time_limit_note,
    )
