"""An agent's ID number and mobile are personal data like the applicant's: masked on every
screen text and list a case reaches, whole only when a role allowed to reveals it, and every
such view audited (issue 12 point 10: a test that sees the harm, not a flag).

The checks look for the number itself (and its hidden middle) in everything a screen is
built from, so that showing it by any path fails, not only a ``revealed`` flag set wrong.
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from counter_app.cases.rules.reception import AgentInput
from counter_app.cases.views import CaseView
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from db.models import AuditLog
from tests.cases.reception.support import ORG, form
from tests.cases.reception.test_payments_documents import pdf_text
from tests.pdf.tools import requires_tools
from ui.reception import case_text

AGENT = AgentInput(
    name="赵六",
    id_type="resident_id",
    id_number="440524188001010014",
    phone="13912345678",
    authorisation="授权委托书 2026-11-27",
)
AGENT_ID_MASKED = "4405**********0014"
AGENT_PHONE_MASKED = "139****5678"
# What masking hides: none of these may be on a screen unless revealed.
SECRETS = ("440524188001010014", "24188001010", "13912345678")


def _leaks(thing: Any) -> list[str]:
    """The secrets found anywhere in ``thing`` (a view, a list, a text), however nested."""
    if dataclasses.is_dataclass(thing) and not isinstance(thing, type):
        thing = dataclasses.asdict(thing)
    text = repr(thing)
    return [s for s in SECRETS if s in text]


def _screen_texts(view: CaseView) -> list[str]:
    """What the case dialog shows about the case (ui/reception/case_text.py), as text."""
    rows = case_text.event_rows(view) + case_text.payment_rows(view)[0]
    return [
        case_text.applicant_text(view),
        case_text.dates_text(view),
        case_text.items_text(view),
        repr(rows),
        repr(case_text.document_rows(view)),
    ]


def _views_of_personal_data(services: Services) -> list[AuditLog]:
    with services.db.read() as session:
        return list(
            session.scalars(select(AuditLog).where(AuditLog.action == "view_personal_data"))
        )


def _audit_count(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditLog)) or 0)


@pytest.fixture
def officer(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "zhou", "周审批", frozenset({Role.ADMINISTRATIVE}), "zhou2026ok")
    return services.staff.login("zhou", "zhou2026ok")


def _with_agent(services: Services, reception_user: Actor) -> CaseView:
    return services.reception.receive(reception_user, replace(form(services, 14), agent=AGENT))


def test_the_agents_id_and_mobile_are_masked_wherever_the_case_is_shown(
    services: Services, reception_user: Actor, officer: Actor
) -> None:
    received = _with_agent(services, reception_user)
    assert received.agent is not None
    assert received.agent["id_number"] == AGENT_ID_MASKED
    assert received.agent["phone"] == AGENT_PHONE_MASKED
    assert received.agent["name"] == "赵六"  # the name is what the staff call the agent by
    shown: list[tuple[str, Any]] = [("receive", received)]
    opened = services.reception.open_case(reception_user, received.number)
    shown += [
        ("open", opened),
        ("open by the officer", services.reception.open_case(officer, received.id)),
    ]
    examined = services.approval.start_examination(officer, received.id, received.row_version)
    approved = services.approval.approve(
        officer, examined.id, examined.row_version, "备案号 2026-0042"
    )
    shown += [("examine", examined), ("approve", approved)]
    waiting = services.delivery.prepare_pickup(
        reception_user, approved.id, approved.row_version, ("备案证明",)
    )
    shown.append(("prepare pickup", waiting))
    for label, view in shown:
        assert _leaks(view) == [], label
        for text in _screen_texts(view):
            assert _leaks(text) == [], (label, text)
        assert AGENT_ID_MASKED in case_text.applicant_text(view), label
    # The lists: the officer's work list and the supervisor's overdue list carry no agent data.
    assert _leaks(services.approval.worklist(officer)) == []
    # None of these looked at personal data in full: nothing was recorded as such.
    assert _views_of_personal_data(services) == []


def test_revealing_the_agent_needs_an_allowed_role_and_is_audited(
    services: Services, reception_user: Actor, officer: Actor, admin: Actor
) -> None:
    case = _with_agent(services, reception_user)
    before = _audit_count(services)
    # The administrator runs the system but does not handle cases: no reveal.
    with pytest.raises(CounterError, match="不能查看完整的个人信息"):
        services.reception.open_case(admin, case.number, reveal=True)
    assert _audit_count(services) == before and _views_of_personal_data(services) == []
    for actor in (reception_user, officer):
        whole = services.reception.open_case(actor, case.number, reveal=True)
        assert whole.agent is not None
        assert whole.agent["id_number"] == AGENT.id_number
        assert whole.agent["phone"] == AGENT.phone
        assert AGENT.id_number in case_text.applicant_text(whole)
    views = _views_of_personal_data(services)
    assert [(v.actor, v.entity_id) for v in views] == [
        (reception_user.username, case.id),
        (officer.username, case.id),
    ]
    # Revealing once does not unmask the next plain opening.
    assert _leaks(services.reception.open_case(reception_user, case.number)) == []


@requires_tools
def test_the_notices_do_not_print_the_agents_id_number(
    services: Services, reception_user: Actor, officer: Actor, tmp_path: Path
) -> None:
    """Notices go to the applicant with the applicant's data whole; the agent's ID number is
    not theirs to carry away (the pickup notice says how an agent collects, nothing more)."""
    case = _with_agent(services, reception_user)
    acceptance = services.documents.render(reception_user, case.number, "acceptance")
    text = pdf_text(acceptance.pdf, tmp_path, "acceptance.pdf")
    assert ORG.name in text and _leaks(text) == []
    case = services.approval.start_examination(officer, case.id, case.row_version)
    case = services.approval.approve(officer, case.id, case.row_version, "备案号 2026-0042")
    case = services.delivery.prepare_pickup(reception_user, case.id, case.row_version, ("证明",))
    pickup = services.documents.render(reception_user, case.number, "pickup")
    text = pdf_text(pickup.pdf, tmp_path, "pickup.pdf")
    assert "授权委托书" in text and _leaks(text) == []
