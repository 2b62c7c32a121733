"""Opening a case by a scan (issue 17): the same view as the object-by-object load it replaced,
in a fixed number of statements however long the case's lists are."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from counter_app.cases.payments import FeeLine
from counter_app.cases.rules.reception import MaterialLine
from counter_app.cases.rules.states import CaseState
from counter_app.cases.store import case_by_number
from counter_app.cases.views import (
    CaseItemView,
    CaseView,
    EventView,
    MaterialView,
    PaymentView,
    applicant_view,
    case_view,
)
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.identity.identifiers import mask_id, mask_phone
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
from tests.cases.reception.support import PERSON, form

# A case opened by a scan: BEGIN, the case, its applicant with the open pause, and one
# statement for each list (items, materials, history, payments, documents).
STATEMENTS = 8


def reference_view(session: Session, case: Case, reveal: bool = False) -> CaseView:
    """The view as it was loaded before: every row as an ORM object, one query per table."""

    def children(model: Any, order: Any) -> list[Any]:
        return list(session.scalars(select(model).where(model.case_id == case.id).order_by(order)))

    applicant = session.get(Applicant, case.applicant_id)
    assert applicant is not None
    payments = children(Payment, Payment.id)
    pauses = children(CasePause, CasePause.id)
    voided = {p.voids_id for p in payments if p.voids_id}
    agent = case.agent
    if agent is not None and not reveal:
        agent = {
            **agent,
            "id_number": mask_id(agent.get("id_number", "")),
            "phone": mask_phone(agent.get("phone", "")),
        }
    return CaseView(
        id=str(case.id),
        number=case.number,
        status=CaseState(case.status),
        applicant=applicant_view(applicant, reveal),
        agent=agent,
        items=tuple(
            CaseItemView(str(i.item_id), i.item_number, i.item_name, i.item_version)
            for i in children(CaseItem, CaseItem.position)
        ),
        materials=tuple(
            MaterialView(
                str(m.id),
                MaterialLine(
                    m.name,
                    m.requirement,
                    m.original_required,
                    m.copies_required,
                    m.received,
                    m.received_copies,
                    m.received_original,
                    m.extra,
                    tuple(m.for_items),
                ),
            )
            for m in children(CaseMaterial, CaseMaterial.position)
        ),
        events=tuple(
            EventView(e.at, e.actor, e.action, e.from_status, e.to_status, e.note)
            for e in children(CaseEvent, CaseEvent.id)
        ),
        payments=tuple(
            PaymentView(
                str(p.id),
                p.receipt_number,
                p.payer,
                p.amount,
                p.channel,
                p.transaction_ref,
                p.paid_at,
                p.cashier,
                tuple(p.lines),
                p.id in voided,
            )
            for p in payments
            if not p.voids_id
        ),
        documents=tuple(
            (d.kind, d.issued_at, d.reprint) for d in children(DocumentIssue, DocumentIssue.id)
        ),
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
        paused_since=next((p.start_on for p in pauses if p.end_on is None), None),
        result=case.result,
    )


@contextmanager
def counted(services: Services) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(services.db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(services.db.engine, "before_cursor_execute", count)


def _reference(services: Services, number: str, reveal: bool = False) -> CaseView:
    with services.db.read() as session:
        return reference_view(session, case_by_number(session, number), reveal)


def _busy_case(services: Services, actor: Actor) -> CaseView:
    """Two items, a payment and a voided one, a notice rendered twice, closed and open pauses."""
    case = services.reception.receive(actor, form(services, 5, 11, applicant=PERSON))
    fee = (FeeLine("商标注册申请费", Decimal("300")),)
    services.payments.record(actor, case.id, fee, "cash")
    wrong = services.payments.record(actor, case.id, fee, "wechat", "4200 0012 3456")
    chief = Actor("chief", "赵科长", frozenset({Role.SUPERVISOR}))
    services.payments.void(chief, wrong.id, "重复收费")
    services.documents.render(actor, case.number, "acceptance")
    services.documents.render(actor, case.number, "acceptance")
    with services.db.write() as session:
        row = case_by_number(session, case.number)
        day = row.received_on
        session.add(CasePause(case_id=row.id, reason="correction", start_on=day, end_on=day))
        session.add(CasePause(case_id=row.id, reason="correction", start_on=day + timedelta(1)))
        session.add(CasePause(case_id=row.id, reason="correction", start_on=day + timedelta(2)))
    return case


def test_a_busy_case_opens_as_it_did(services: Services, reception_user: Actor) -> None:
    case = _busy_case(services, reception_user)
    opened = services.reception.open_case(reception_user, case.number)
    assert opened == _reference(services, case.number)
    assert len(opened.items) == 2 and len(opened.payments) == 2
    assert [p.voided for p in opened.payments] == [False, True]
    assert len(opened.documents) == 2 and opened.documents[1][2]  # the second is a reprint
    assert opened.paused_since == opened.received_on + timedelta(1)  # the first open pause
    assert opened.applicant.id_number != PERSON.id_number  # masked


def test_revealed_and_by_id_too(services: Services, reception_user: Actor) -> None:
    case = _busy_case(services, reception_user)
    revealed = services.reception.open_case(reception_user, case.number, reveal=True)
    assert revealed == _reference(services, case.number, reveal=True)
    assert revealed.applicant.id_number == PERSON.id_number
    assert services.reception.open_case(reception_user, case.id) == _reference(
        services, case.number
    )


def test_a_case_waiting_for_materials(services: Services, reception_user: Actor) -> None:
    waiting = services.reception.receive(reception_user, form(services, 11, lacking=2))
    assert waiting.paused_since == waiting.received_on  # the pause added in the same session
    assert waiting == _reference(services, waiting.number)


def test_opening_takes_a_fixed_number_of_statements(
    services: Services, reception_user: Actor
) -> None:
    small = services.reception.receive(reception_user, form(services, 11))
    busy = _busy_case(services, reception_user)
    for number in (small.number, busy.number):
        with counted(services) as statements:
            services.reception.open_case(reception_user, number)
        assert len(statements) == STATEMENTS, statements


def test_a_write_session_sees_what_it_has_not_flushed(
    services: Services, reception_user: Actor
) -> None:
    case = services.reception.receive(reception_user, form(services, 11))
    with services.db.write() as session:
        row = case_by_number(session, case.number)
        session.add(CaseEvent(case_id=row.id, actor="li", action="note", note="补充说明"))
        row.notes = "已电话联系"
        view = case_view(session, row)
    assert view.events[-1].note == "补充说明"
    assert view.notes == "已电话联系"
    assert view == _reference(services, case.number)
