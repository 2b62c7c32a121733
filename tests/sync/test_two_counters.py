"""Two counters and a central: cases travel, decisions conflict visibly, edits merge per field."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text

from counter_app.cases.rules.states import CaseState
from counter_app.core.roles import Role
from tests.cases.reception.support import ORG, form
from tests.sync.checker import assert_converged
from tests.sync.conftest import Hall, add_staff


def test_a_case_received_at_a_is_approved_at_b(hall: Hall) -> None:
    a, b = hall.counter("W01"), hall.counter("W02")
    clerk = add_staff(a, "li", Role.RECEPTION, "recept2026")
    case = a.services.reception.receive(clerk, form(a.services, 1))
    assert case.number.split("-")[2] == "W01"
    hall.sync_all()
    officer = b.services.staff.login("li", "recept2026")  # staff travel too
    assert officer.username == "li"
    examiner = add_staff(b, "zhou", Role.ADMINISTRATIVE, "zhou2026ok")
    seen = b.services.reception.open_case(examiner, case.number)
    assert seen.status is CaseState.RECEIVED
    seen = b.services.approval.start_examination(examiner, seen.id, seen.row_version)
    b.services.approval.approve(examiner, seen.id, seen.row_version, "ZL 201710601862.3")
    hall.sync_all()
    back = a.services.reception.open_case(a.admin, case.number)
    assert back.status is CaseState.APPROVED
    assert [e.action for e in back.events] == ["receive", "examine", "approve"]
    counts = assert_converged(hall.central, *hall.engines())
    assert counts["cases"] == 1 and counts["case_decision"] == 1


def test_approve_and_reject_while_cut_off_end_in_one_visible_conflict(hall: Hall) -> None:
    a, b = hall.counter("W01"), hall.counter("W02")
    case = a.services.reception.receive(a.admin, form(a.services, 5))
    hall.sync_all()
    zhou = add_staff(a, "zhou", Role.ADMINISTRATIVE, "zhou2026ok")
    hall.sync_all()
    # Both cut off: each decides on its own copy.
    at_a = a.services.approval.start_examination(zhou, case.id, case.row_version)
    a.services.approval.approve(zhou, at_a.id, at_a.row_version, "注册号 2026001")
    zhou_b = b.services.staff.login("zhou", "zhou2026ok")
    at_b = b.services.approval.start_examination(zhou_b, case.id, case.row_version)
    b.services.approval.reject(zhou_b, at_b.id, at_b.row_version, ("商标图样不清晰",))
    a.sync()
    report = b.sync()
    assert report is not None and len(report.conflicts) == 1
    assert "status" in report.conflicts[0]
    hall.sync_all()
    # One truth: approved, at both counters; the rejection is parked with both versions.
    for counter in (a, b):
        view = counter.services.reception.open_case(counter.admin, case.number)
        assert view.status is CaseState.APPROVED
        assert "reject" not in [e.action for e in view.events]
    with hall.central.connect() as conn:
        conflicts = conn.execute(
            text("SELECT origin, command, server_rows FROM sync_conflict")
        ).all()
    assert len(conflicts) == 1 and conflicts[0].origin == "W02"
    statuses = [
        c["new"].get("status") for c in conflicts[0].command["changes"] if c["t"] == "cases"
    ]
    assert statuses == [CaseState.REJECTED.value]
    assert b.services.sync.status().parked == 1
    assert_converged(hall.central, *hall.engines())

    supervisor = add_staff(a, "zhao", Role.SUPERVISOR, "zhao2026ok")
    (parked,) = a.services.sync.conflicts(supervisor)
    a.services.sync.resolve(supervisor, parked.id, "apply")
    hall.sync_all()
    for counter in (a, b):
        view = counter.services.reception.open_case(counter.admin, case.number)
        assert view.status is CaseState.REJECTED
    assert a.services.sync.conflicts(supervisor) == []
    assert b.services.sync.status().parked == 0  # settled: no longer shown at W02
    assert_converged(hall.central, *hall.engines())


def test_edits_of_different_fields_merge_and_the_same_field_conflicts(hall: Hall) -> None:
    a, b = hall.counter("W01"), hall.counter("W02")
    a.services.reception.receive(a.admin, form(a.services, 1))
    hall.sync_all()
    # Offline: A takes a new phone number, B a new address for the same company.
    a.services.reception.receive(
        a.admin, form(a.services, 2, applicant=replace(ORG, phone="0518-86660000"))
    )
    b.services.reception.receive(
        b.admin, form(b.services, 3, applicant=replace(ORG, address="连云港市海州区新地址 9 号"))
    )
    hall.sync_all()
    with hall.central.connect() as conn:
        phone, address = conn.execute(text("SELECT phone, address FROM applicant")).one()
    assert (phone, address) == ("051886660000", "连云港市海州区新地址 9 号")
    assert_converged(hall.central, *hall.engines())
    # The same field, two different values: the second is parked, never silently lost.
    a.services.reception.receive(
        a.admin, form(a.services, 4, applicant=replace(ORG, phone="13912345678"))
    )
    b.services.reception.receive(
        b.admin, form(b.services, 4, applicant=replace(ORG, phone="13987654321"))
    )
    a.sync()
    report = b.sync()
    assert report is not None and len(report.conflicts) == 1 and "phone" in report.conflicts[0]
    hall.sync_all()
    assert_converged(hall.central, *hall.engines())


def test_a_foreign_permanent_resident_reaches_the_central(hall: Hall) -> None:
    """The longest ID type (27 characters) fits the central's column too."""
    from counter_app.identity.personal_ids import IdType
    from tests.cases.reception.support import PERSON
    from tests.identity.test_personal_ids import _with_check

    a, b = hall.counter("W01"), hall.counter("W02")
    foreigner = replace(
        PERSON,
        id_type=IdType.FOREIGN_PERMANENT_RESIDENCE.value,
        id_number=_with_check("93115619900101004"),
    )
    case = a.services.reception.receive(a.admin, form(a.services, 1, applicant=foreigner))
    report = a.sync()
    assert report is not None and report.conflicts == []
    hall.sync_all()
    assert b.services.reception.open_case(b.admin, case.number).number == case.number
    assert_converged(hall.central, *hall.engines())


def test_a_reinstalled_pc_keeping_its_code_goes_on_with_the_numbers(hall: Hall) -> None:
    a = hall.counter("W01")
    hall.counter("W02")
    first = a.services.reception.receive(a.admin, form(a.services, 1))
    a.sync()
    # W02's disk dies; a fresh PC takes the code W02 (and W01's numbers stay W01's).
    hall.counter("W05")
    fresh = hall.counters[-1]
    case = fresh.services.reception.receive(fresh.admin, form(fresh.services, 1))
    assert case.number.endswith("-W05-0001")
    fresh.sync()
    # Now a reinstalled W01: its numbers for the day continue after 0001.
    again = hall.counter("W01")
    second = again.services.reception.receive(again.admin, form(again.services, 2))
    assert first.number.endswith("-0001") and second.number.endswith("-W01-0002")
    hall.sync_all()
    assert_converged(hall.central, *hall.engines())
