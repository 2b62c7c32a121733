"""Reception and the integrity file: priority examination and awards refused while a record
is in force for the applicant or the acting agency; every other item goes on."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select

from counter_app.cases.rules.reception import AgentInput, FormInvalid, Outcome
from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from db.models import Case
from tests.cases.reception.support import PERSON, form
from tests.integrity.support import AGENCY_CODE, record

AGENT = AgentInput(
    name="钱七",
    id_type="resident_id",
    id_number="11010519491231002X",
    phone="13912345678",
    authorisation="授权委托书 2026-118",
    agency_name="连云港某某专利代理事务所",
    agency_code=AGENCY_CODE,
)


def cases(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def test_priority_examination_refused_while_in_force_then_accepted_after_repair(
    services: Services, supervisor: Actor, reception_user: Actor
) -> None:
    view = services.integrity.add(supervisor, record())
    with pytest.raises(CounterError) as caught:
        services.reception.receive(reception_user, form(services, 4))
    assert caught.value.field == "items"
    assert caught.value.message.startswith(
        "申请人“连云港某某科技有限公司”在诚信档案中有有效失信记录"
        "（非正常专利申请，国知发〔2026〕12号，至 2027-10-08），不得办理专利优先审查"
    )
    assert cases(services) == 0
    # a bundle with an ordinary item and the award: refused as a whole, naming the award
    with pytest.raises(CounterError, match="不得办理知识产权奖励资助"):
        services.reception.receive(reception_user, form(services, 1, 30))
    assert cases(services) == 0
    services.integrity.set_repair(supervisor, view.id, view.row_version, "repaired", "已修复")
    case = services.reception.receive(reception_user, form(services, 4))
    assert case.status is CaseState.RECEIVED


def test_an_ordinary_item_is_accepted_with_a_record_in_force(
    services: Services, supervisor: Actor, reception_user: Actor
) -> None:
    services.integrity.add(supervisor, record())
    case = services.reception.receive(reception_user, form(services, 1))
    assert case.status is CaseState.RECEIVED
    incomplete = services.reception.receive(reception_user, form(services, 11, lacking=1))
    assert incomplete.status is CaseState.AWAITING_SUPPLEMENT


def test_a_one_time_notice_is_refused_too_but_not_a_refusal(
    services: Services, supervisor: Actor, reception_user: Actor
) -> None:
    services.integrity.add(supervisor, record())
    with pytest.raises(CounterError) as caught:
        services.reception.receive(reception_user, form(services, 4, lacking=1))
    assert caught.value.field == "items"
    refused = services.reception.receive(
        reception_user,
        form(services, 4, outcome=Outcome.REFUSE, reasons=("申请人有有效失信记录",)),
    )
    assert refused.status is CaseState.REFUSED


def test_expired_or_other_subjects_records_do_not_refuse(
    services: Services, supervisor: Actor, reception_user: Actor
) -> None:
    services.integrity.add(
        supervisor,
        record(decision_date=date(2025, 1, 6), starts=date(2025, 1, 6), ends=date(2025, 12, 31)),
    )
    services.integrity.add(supervisor, record(subject_name="王五", subject_code=PERSON.id_number))
    case = services.reception.receive(reception_user, form(services, 4))
    assert case.status is CaseState.RECEIVED


def test_the_agencys_record_refuses_when_its_agent_acts(
    services: Services, supervisor: Actor, reception_user: Actor
) -> None:
    services.integrity.add(
        supervisor,
        record(
            subject_kind="agency",
            subject_name="连云港某某专利代理事务所",
            subject_code=AGENCY_CODE,
            category="illegal_agency",
            source_doc="苏知罚〔2026〕3号",
            ends=None,
        ),
    )
    with pytest.raises(CounterError) as caught:
        services.reception.receive(reception_user, replace(form(services, 4), agent=AGENT))
    assert caught.value.message.startswith(
        "代理机构“连云港某某专利代理事务所”在诚信档案中有有效失信记录"
        "（代理机构违法代理受处罚，苏知罚〔2026〕3号，长期），不得办理专利优先审查"
    )
    # the applicant comes without that agency: accepted
    alone = services.reception.receive(reception_user, form(services, 4))
    assert alone.status is CaseState.RECEIVED
    # the agency is shown at reception when its agent acts (the banner's lookup)
    found = services.integrity.lookup(reception_user, [PERSON.id_number, AGENCY_CODE])
    assert [(r.subject_kind, r.subject_name) for r in found] == [
        ("agency", "连云港某某专利代理事务所")
    ]


def test_the_agency_code_is_checked_and_kept_with_the_case(
    services: Services, reception_user: Actor
) -> None:
    bad = replace(AGENT, agency_code=AGENCY_CODE[:-1] + "7")
    with pytest.raises(FormInvalid) as caught:
        services.reception.receive(reception_user, replace(form(services, 1), agent=bad))
    assert "agency_code" in caught.value.errors
    nameless = replace(AGENT, agency_name=" ")
    with pytest.raises(FormInvalid) as caught:
        services.reception.receive(reception_user, replace(form(services, 1), agent=nameless))
    assert "agency_name" in caught.value.errors
    case = services.reception.receive(
        reception_user, replace(form(services, 1), agent=replace(AGENT, agency_code=" "))
    )
    assert case.agent is not None and case.agent["agency_code"] == ""
    case = services.reception.receive(
        reception_user,
        replace(form(services, 1), agent=replace(AGENT, agency_code=AGENCY_CODE.lower())),
    )
    assert case.agent is not None and case.agent["agency_code"] == AGENCY_CODE
