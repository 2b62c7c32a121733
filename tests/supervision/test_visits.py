"""Visits per matter (最多跑一次), derived from the case history of real cases."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.cases.rules.delivery import CollectorInput
from counter_app.cases.views import CaseView
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from tests.cases.approval.test_delivery import MAIL
from tests.cases.reception.support import ORG, PERSON, form, received
from tests.conftest import TODAY
from tests.supervision.test_assessment import BOSS, CLERK

OWNER = CollectorInput("王五", "resident_id", "11010519491231002x")


@pytest.fixture
def officer(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "zhou", "周审批", frozenset({Role.ADMINISTRATIVE}), "zhou2026ok")
    return services.staff.login("zhou", "zhou2026ok")


def _approve(services: Services, officer: Actor, case_id: str, version: int) -> CaseView:
    case = services.approval.start_examination(officer, case_id, version)
    return services.approval.approve(officer, case.id, case.row_version, "备案号 2026-0042")


def test_supplements_and_a_pickup_make_a_matter_of_several_visits(
    services: Services, reception_user: Actor, officer: Actor
) -> None:
    # 1. received with two materials missing; 2. one brought; 3. the other; 4. pickup.
    waiting = services.reception.receive(
        reception_user, form(services, 11, lacking=2, applicant=PERSON)
    )
    lines = tuple(m.line for m in waiting.materials)
    partial = (*lines[:-2], received(lines[-2]), lines[-1])
    case = services.reception.supplement(reception_user, waiting.id, partial, waiting.row_version)
    complete = tuple(received(m.line) for m in case.materials)
    case = services.reception.supplement(reception_user, case.id, complete, case.row_version)
    case = _approve(services, officer, case.id, case.row_version)
    case = services.delivery.prepare_pickup(reception_user, case.id, case.row_version, ("证书",))
    services.delivery.collect(reception_user, case.number, OWNER)
    # A matter done in one visit and mailed (mail is no visit).
    mailed = services.reception.receive(reception_user, form(services, 14, applicant=ORG))
    mailed = _approve(services, officer, mailed.id, mailed.row_version)
    services.delivery.send_mail(reception_user, mailed.id, mailed.row_version, MAIL)

    rows = services.visits.over_one_visit(BOSS, TODAY, TODAY)
    assert len(rows) == 1
    row = rows[0]
    assert (row.number, row.visits, row.supplements, row.pickups) == (case.number, 4, 2, 1)
    assert row.why == "补正 2 次、窗口领取"
    assert row.applicant == "王*"  # a person's name is masked
    assert row.item == case.items[0].name
    counts = services.visits.visit_counts(BOSS, TODAY, TODAY)
    assert (counts.matters, counts.one_visit, counts.more_visits) == (2, 1, 1)
    assert (counts.visits, counts.supplements, counts.pickups) == (5, 2, 1)
    assert counts.one_visit_share == 50.0


def test_a_period_before_the_matters_is_empty(services: Services, reception_user: Actor) -> None:
    services.reception.receive(reception_user, form(services, 14))
    day = date(2026, 11, 26)
    assert services.visits.over_one_visit(BOSS, day, day) == []
    counts = services.visits.visit_counts(BOSS, day, day)
    assert (counts.matters, counts.one_visit_share) == (0, None)


def test_only_a_supervisor_sees_the_visits(services: Services) -> None:
    with pytest.raises(CounterError):
        services.visits.over_one_visit(CLERK, TODAY, TODAY)
    with pytest.raises(CounterError) as info:
        services.visits.visit_counts(BOSS, TODAY, date(2026, 11, 1))
    assert info.value.field == "date_to"
