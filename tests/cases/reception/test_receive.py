"""Receiving cases: outcomes, numbers, deadlines, supplements, idempotency, privacy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from counter_app.cases.reception import ReceptionService
from counter_app.cases.rules.reception import FormInvalid, Outcome, merge_materials
from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from db.models import AuditLog, Case, CaseMaterial
from tests.cases.reception.support import ORG, PERSON, form, items, received


def _count(services: Services, model) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _at(services: Services, day: date) -> ReceptionService:
    return ReceptionService(services.db, services.hall, today=lambda: day)


def test_accept_a_two_item_bundle_for_an_organisation(
    services: Services, reception_user: Actor
) -> None:
    reception = _at(services, date(2026, 11, 27))
    case = reception.receive(reception_user, form(services, 11, 14))
    assert case.number == "LYG-20261127-W03-0001"
    assert case.status is CaseState.RECEIVED
    assert [i.number for i in case.items] == [11, 14]
    assert case.time_limit_days == 7
    assert case.promised_on == date(2026, 12, 8)  # 7 working days, the receipt day not counted
    second = reception.receive(reception_user, form(services, 1))
    assert second.number == "LYG-20261127-W03-0002"


def test_materials_of_a_bundle_are_merged_without_duplicates(services: Services) -> None:
    merged = merge_materials(items(services, 5, 6))
    names = [m.name for m in merged]
    assert names.count("申请人主体资格证明") == 1
    shared = next(m for m in merged if m.name == "申请人主体资格证明")
    assert shared.for_items == (5, 6)
    assert names.count("商标代理委托书") == 1
    assert len(names) == len(set(names)) == 6


def test_incomplete_then_supplement_continues_the_same_case(
    services: Services, reception_user: Actor
) -> None:
    data = form(services, 11, lacking=1)
    waiting = _at(services, date(2026, 11, 23)).receive(reception_user, data)
    assert waiting.status is CaseState.AWAITING_SUPPLEMENT
    assert waiting.promised_on is None and waiting.paused_since == date(2026, 11, 23)
    assert waiting.supplement_deadline == date(2026, 12, 14)  # 15 working days
    # the applicant comes back on Thursday with the missing material
    later = _at(services, date(2026, 11, 26))
    complete = tuple(received(m.line) for m in waiting.materials)
    case = later.supplement(reception_user, waiting.id, complete, waiting.row_version)
    assert case.number == waiting.number and case.status is CaseState.RECEIVED
    # 7 working days counted from the day the materials arrived, not from the first visit
    assert case.promised_on == date(2026, 12, 7)
    assert _count(services, Case) == 1
    assert [e.action for e in case.events] == ["receive", "supplement_complete"]


def test_a_partial_supplement_keeps_waiting(services: Services, reception_user: Actor) -> None:
    waiting = services.reception.receive(reception_user, form(services, 11, lacking=2))
    lines = tuple(m.line for m in waiting.materials)
    one_more = (*lines[:-2], received(lines[-2]), lines[-1])
    case = services.reception.supplement(reception_user, waiting.id, one_more, waiting.row_version)
    assert case.status is CaseState.AWAITING_SUPPLEMENT
    assert "仍缺" in case.events[-1].note


def test_accepting_with_materials_missing_is_refused(
    services: Services, reception_user: Actor
) -> None:
    data = form(services, 11, lacking=1, outcome=Outcome.ACCEPT)
    with pytest.raises(CounterError, match="材料不全，不能受理") as info:
        services.reception.receive(reception_user, data)
    assert info.value.field == "materials"
    assert _count(services, Case) == 0


def test_refusal_needs_reasons(services: Services, reception_user: Actor) -> None:
    with pytest.raises(CounterError, match="理由"):
        services.reception.receive(reception_user, form(services, 1, outcome=Outcome.REFUSE))
    outside = form(services, 1, outcome=Outcome.REFUSE, reasons=("不属于本机关职权",))
    with pytest.raises(CounterError, match="有权受理机关"):  # Art. 32(1)(2): name the body
        services.reception.receive(reception_user, outside)
    case = services.reception.receive(
        reception_user, replace(outside, competent_authority="国家知识产权局")
    )
    assert case.status is CaseState.REFUSED and case.reasons == ("不属于本机关职权",)


def test_the_same_form_saved_twice_makes_one_case(
    services: Services, reception_user: Actor
) -> None:
    data = form(services, 1)
    first = services.reception.receive(reception_user, data)
    again = services.reception.receive(reception_user, data)
    assert again.id == first.id and _count(services, Case) == 1


def test_bad_fields_are_all_reported_and_nothing_is_saved(
    services: Services, reception_user: Actor
) -> None:
    from dataclasses import replace

    bad = replace(ORG, id_number="91110000600037341X", phone="", legal_representative="")
    with pytest.raises(FormInvalid) as info:
        services.reception.receive(reception_user, form(services, 1, applicant=bad))
    assert set(info.value.errors) == {"id_number", "phone", "legal_representative"}
    assert _count(services, Case) == 0 and _count(services, CaseMaterial) == 0


def test_a_returning_applicant_is_found_and_reused(
    services: Services, reception_user: Actor
) -> None:
    services.reception.receive(reception_user, form(services, 1, applicant=PERSON))
    views = _views_of_personal_data(services)
    found = services.reception.find_applicant(reception_user, "11010519491231002x")
    assert found is not None and found.name == "王五" and found.phone == "13812345678"
    assert _views_of_personal_data(services) == views + 1  # the full view is audited
    assert (
        services.reception.find_applicant(reception_user, "９１１１００００６０００３７３４１Ｌ")
        is None
    )
    assert _views_of_personal_data(services) == views + 1
    services.reception.receive(reception_user, form(services, 4, applicant=PERSON))
    from db.models import Applicant

    assert _count(services, Applicant) == 1


def test_personal_data_is_masked_unless_revealed_and_audited(
    services: Services, reception_user: Actor
) -> None:
    case = services.reception.receive(reception_user, form(services, 1, applicant=PERSON))
    opened = services.reception.open_case(reception_user, case.number)
    assert opened.applicant.id_number == "1101**********002X"
    assert opened.applicant.phone == "138****5678"
    before = _count(services, AuditLog)
    whole = services.reception.open_case(reception_user, case.number, reveal=True)
    assert whole.applicant.id_number == "11010519491231002X"
    assert _count(services, AuditLog) == before + 1


def test_deadline_across_the_2026_spring_festival(
    services: Services, reception_user: Actor
) -> None:
    admin_edit = services.catalog.list_items()[3]  # 04 专利优先审查: 5 working days
    assert admin_edit.content.time_limit_days == 5
    case = _at(services, date(2026, 2, 12)).receive(reception_user, form(services, 4))
    assert case.promised_on == date(2026, 2, 26)


def test_a_date_in_an_unknown_year_is_refused_not_guessed(
    services: Services, reception_user: Actor
) -> None:
    with pytest.raises(CounterError, match="2030年的法定节假日"):
        _at(services, date(2030, 3, 1)).receive(reception_user, form(services, 4))
    assert _count(services, Case) == 0


def test_scan_opens_the_case_whatever_the_case_of_letters(
    services: Services, reception_user: Actor
) -> None:
    case = services.reception.receive(reception_user, form(services, 1))
    assert services.reception.open_case(reception_user, case.number.lower()).id == case.id
    with pytest.raises(CounterError, match="找不到案件"):
        services.reception.open_case(reception_user, "LYG-20260101-W03-9999")


def _views_of_personal_data(services: Services) -> int:
    from db.models import AuditLog

    with services.db.read() as session:
        query = select(func.count()).where(AuditLog.action == "view_personal_data")
        return int(session.scalar(query.select_from(AuditLog)) or 0)


def test_a_returning_applicant_in_full_only_for_reception(
    services: Services, reception_user: Actor
) -> None:
    services.reception.receive(reception_user, form(services, 1, applicant=PERSON))
    approver = Actor("li", "李审批", frozenset({Role.ADMINISTRATIVE}), "")
    with pytest.raises(CounterError):
        services.reception.find_applicant(approver, "11010519491231002x")
    assert _views_of_personal_data(services) == 0
