"""Approval: examination, all reasons at once, four eyes, forwarding, deadlines, work list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from counter_app.cases.approval import ApprovalService
from counter_app.cases.deadlines import DeadlineService
from counter_app.cases.reception import ReceptionService
from counter_app.cases.rules.approval import RepeatedReasons, Urgency
from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.errors import CounterError, InvalidTransition
from counter_app.core.roles import Actor
from counter_app.hall.rules.catalog import parse_item_content
from tests.cases.reception.support import form


def _received(services: Services, user: Actor, *numbers: int, day: date | None = None):
    reception = (
        ReceptionService(services.db, services.hall, today=lambda: day)
        if day
        else services.reception
    )
    return reception.receive(user, form(services, *numbers))


def test_return_for_correction_then_approve(
    services: Services, reception_user: Actor, officer: Actor
) -> None:
    approval = ApprovalService(services.db, today=lambda: date(2026, 11, 30))
    case = _received(services, reception_user, 1, day=date(2026, 11, 27))
    case = approval.start_examination(officer, case.id, case.row_version)
    assert case.status is CaseState.UNDER_EXAMINATION
    case = approval.return_for_correction(
        officer, case.id, case.row_version, ("权利要求书未写明技术特征", "说明书附图不清晰")
    )
    assert case.status is CaseState.RETURNED_FOR_CORRECTION and case.paused_since
    later = ApprovalService(services.db, today=lambda: date(2026, 12, 3))
    case = later.resubmitted(officer, case.id, case.row_version)
    assert case.status is CaseState.UNDER_EXAMINATION
    with pytest.raises(CounterError) as info:
        later.approve(officer, case.id, case.row_version, "202310123456.7")
    assert info.value.field == "result"  # wrong check digit (FACTS.md)
    case = later.approve(officer, case.id, case.row_version, "ZL 201710601862.3", "发文 001")
    assert case.status is CaseState.APPROVED
    assert [e.action for e in case.events] == [
        "receive",
        "examine",
        "returned_for_correction",
        "resubmitted",
        "approve",
    ]


def test_a_reason_given_again_is_refused_unless_confirmed(
    services: Services, reception_user: Actor, officer: Actor
) -> None:
    case = _received(services, reception_user, 5)
    approval = services.approval
    case = approval.start_examination(officer, case.id, case.row_version)
    case = approval.return_for_correction(officer, case.id, case.row_version, ("商标图样不清晰",))
    case = approval.resubmitted(officer, case.id, case.row_version)
    with pytest.raises(RepeatedReasons) as info:
        approval.reject(officer, case.id, case.row_version, ("商标 图样不清晰", "指定商品不规范"))
    assert info.value.repeated == ("商标 图样不清晰",)
    assert services.reception.open_case(officer, case.number).status is CaseState.UNDER_EXAMINATION
    case = approval.reject(
        officer,
        case.id,
        case.row_version,
        ("商标 图样不清晰", "指定商品不规范"),
        confirm_repeats=True,
    )
    assert case.status is CaseState.REJECTED
    decision = approval.decisions(case.id)[-1]
    assert decision.repeated_reasons == ("商标 图样不清晰",)
    assert decision.reasons == ("商标 图样不清晰", "指定商品不规范")


def test_four_eyes_keeps_the_receiver_from_approving(
    services: Services, admin: Actor, supervisor: Actor, officer: Actor
) -> None:
    item = services.catalog.list_items()[10]  # 11 专利权质押登记
    services.catalog.save(admin, item.id, replace(item.content, four_eyes=True))
    case = _received(services, supervisor, 11)  # the supervisor received it at the window
    case = services.approval.start_examination(supervisor, case.id, case.row_version)
    with pytest.raises(CounterError, match="受审分离"):
        services.approval.approve(supervisor, case.id, case.row_version, "质押登记号 2026001")
    case = services.approval.approve(officer, case.id, case.row_version, "质押登记号 2026001")
    assert case.status is CaseState.APPROVED


def test_invalid_transitions_are_refused_with_a_message(
    services: Services, reception_user: Actor, officer: Actor
) -> None:
    waiting = services.reception.receive(reception_user, form(services, 11, lacking=1))
    with pytest.raises(InvalidTransition, match="待补正"):
        services.approval.start_examination(officer, waiting.id, waiting.row_version)
    with pytest.raises(InvalidTransition):
        services.approval.approve(officer, waiting.id, waiting.row_version, "X1")


def test_forward_then_record_the_authoritys_answer(
    services: Services, reception_user: Actor, officer: Actor
) -> None:
    case = _received(services, reception_user, 17, day=date(2026, 10, 9))
    case = services.approval.forward(officer, case.id, case.row_version, "海关总署", "已邮寄材料")
    assert case.status is CaseState.FORWARDED
    case = services.approval.approve(officer, case.id, case.row_version, "海关备案号 T2026-0001")
    assert case.status is CaseState.APPROVED


def test_stale_form_is_refused(services: Services, reception_user: Actor, officer: Actor) -> None:
    case = _received(services, reception_user, 1)
    services.approval.start_examination(officer, case.id, case.row_version)
    with pytest.raises(CounterError, match="刚被他人修改过"):
        services.approval.start_examination(officer, case.id, case.row_version)


def test_worklist_urgency_counts_and_scope(
    services: Services, admin: Actor, reception_user: Actor, officer: Actor
) -> None:
    old = _received(services, reception_user, 4, day=date(2026, 11, 2))  # due 11-09: overdue
    soon = _received(services, reception_user, 4, day=date(2026, 11, 20))  # due 11-27
    fresh = _received(services, reception_user, 14, day=date(2026, 11, 24))  # due 12-03
    _received(services, reception_user, 8, day=date(2026, 11, 24))  # no time limit
    approval = ApprovalService(services.db, today=lambda: date(2026, 11, 25))
    work = approval.worklist(officer)
    assert [r.number for r in work.rows[:3]] == [old.number, soon.number, fresh.number]
    assert [r.urgency for r in work.rows] == [
        Urgency.OVERDUE,
        Urgency.SOON,
        Urgency.OK,
        Urgency.NONE,
    ]
    assert work.counts == {CaseState.RECEIVED: 4} and work.total == 4
    services.staff.update_user(admin, officer.staff_id, **{})  # no-op edit is fine
    scoped = approval.worklist(officer, item_numbers=(14,))
    assert [r.number for r in scoped.rows] == [fresh.number]


def test_extension_needs_a_supervisor_and_a_reason(
    services: Services, reception_user: Actor, officer: Actor, supervisor: Actor
) -> None:
    case = _received(services, reception_user, 14, day=date(2026, 11, 24))
    deadlines = DeadlineService(services.db, today=lambda: date(2026, 11, 25))
    with pytest.raises(CounterError, match="科长"):
        deadlines.extend(officer, case.id, case.row_version, 5, "需专家论证", "zhou")
    with pytest.raises(CounterError) as info:
        deadlines.extend(supervisor, case.id, case.row_version, 5, " ", "zhou")
    assert info.value.field == "reason"
    extended = deadlines.extend(supervisor, case.id, case.row_version, 5, "需专家论证", "zhou")
    assert extended.promised_on == date(2026, 12, 10)
    overdue = DeadlineService(services.db, today=lambda: date(2026, 12, 14)).overdue(supervisor)
    assert [r.number for r in overdue.rows] == [case.number]


def test_rejection_reason_list_comes_from_the_item_version(
    services: Services, admin: Actor, reception_user: Actor
) -> None:
    item = services.catalog.list_items()[4]  # 05 商标注册申请
    data = item.content.to_json() | {"rejection_reasons": ["商标图样不清晰", "缺少主体资格证明"]}
    services.catalog.save(admin, item.id, parse_item_content(data))
    case = _received(services, reception_user, 5)
    services.catalog.save(admin, item.id, parse_item_content(data | {"rejection_reasons": []}))
    assert services.approval.reason_choices(case.id) == ("商标图样不清晰", "缺少主体资格证明")
