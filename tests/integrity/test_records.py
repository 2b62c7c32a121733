"""Entering, changing, repairing and removing integrity records; the list and the audited view."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.integrity.rules import in_force
from counter_app.integrity.service import IntegrityService
from db.models import AuditLog
from db.models.integrity import IntegrityRecord
from tests.conftest import TODAY
from tests.integrity.support import AGENCY_CODE, ORG_CODE, OTHER_PERSON, PERSON_CODE, record


def audit_rows(services: Services, action: str) -> list[AuditLog]:
    with services.db.read() as session:
        return list(session.scalars(select(AuditLog).where(AuditLog.action == action)))


def stored(services: Services) -> list[IntegrityRecord]:
    with services.db.read() as session:
        return list(session.scalars(select(IntegrityRecord)))


def test_add_keeps_the_record_with_its_source_and_audits_it(
    services: Services, supervisor: Actor
) -> None:
    view = services.integrity.add(supervisor, record(subject_code=" 9111 0000 6000 3734 1l "))
    assert view.subject_code == ORG_CODE  # normalised as reception stores it
    assert view.in_force and view.entered_by == "zhao" and view.source == "manual"
    assert view.category_label == "非正常专利申请"
    (row,) = audit_rows(services, "integrity.add")
    assert row.actor == "zhao" and row.entity_id == view.id
    assert row.after is not None and row.after["subject_code"] == "9111**********341L"


def test_end_before_start_is_refused_at_the_end_field(
    services: Services, supervisor: Actor
) -> None:
    with pytest.raises(CounterError) as caught:
        services.integrity.add(supervisor, record(starts=date(2026, 10, 9), ends=date(2026, 10, 8)))
    assert caught.value.field == "ends"
    assert caught.value.message == "结束日期不能早于开始日期"
    assert stored(services) == []
    # a one-day period is fine
    services.integrity.add(supervisor, record(ends=date(2026, 10, 9)))


@pytest.mark.parametrize(
    ("kind", "code", "hint"),
    [
        ("applicant", "91110000600037341K", "统一社会信用代码校验位不对"),
        ("applicant", "110105194912310021", "校验位不对"),
        ("agency", AGENCY_CODE[:-1] + "7", "统一社会信用代码校验位不对"),
        ("agency", PERSON_CODE, "统一社会信用代码"),
    ],
)
def test_a_wrong_check_character_is_refused_at_the_code_field(
    services: Services, supervisor: Actor, kind: str, code: str, hint: str
) -> None:
    with pytest.raises(CounterError) as caught:
        services.integrity.add(supervisor, record(subject_kind=kind, subject_code=code))
    assert caught.value.field == "subject_code"
    assert hint in caught.value.message
    assert stored(services) == []


def test_other_documents_are_kept_as_typed_upper_case(
    services: Services, supervisor: Actor
) -> None:
    view = services.integrity.add(
        supervisor, record(subject_name="JOHN SMITH", subject_code="e1234 5678")
    )
    assert view.subject_code == "E12345678"


def test_a_decision_in_the_future_and_missing_fields_are_refused(
    services: Services, supervisor: Actor
) -> None:
    cases = [
        (record(decision_date=TODAY + timedelta(days=1)), "decision_date"),
        (record(source_doc="  "), "source_doc"),
        (record(subject_name=""), "subject_name"),
        (record(category="nonsense"), "category"),
        (record(starts=None), "starts"),
        (record(subject_kind="court"), "subject_kind"),
    ]
    for form, field in cases:
        with pytest.raises(CounterError) as caught:
            services.integrity.add(supervisor, form)
        assert caught.value.field == field, form
    assert stored(services) == []


def test_only_a_supervisor_changes_or_lists_the_file(
    services: Services, supervisor: Actor, reception_user: Actor
) -> None:
    with pytest.raises(CounterError, match="科长"):
        services.integrity.add(reception_user, record())
    with pytest.raises(CounterError, match="科长"):
        services.integrity.list(reception_user)


def test_the_same_record_twice_is_refused(services: Services, supervisor: Actor) -> None:
    services.integrity.add(supervisor, record())
    with pytest.raises(CounterError) as caught:
        services.integrity.add(supervisor, record(note="again"))
    assert caught.value.field == "source_doc"
    assert len(stored(services)) == 1


@pytest.mark.parametrize(
    ("starts", "ends", "repair", "expected"),
    [
        (date(2026, 10, 9), date(2027, 10, 8), "none", True),
        (date(2026, 10, 9), None, "applied", True),  # applying is not yet repaired
        (date(2026, 10, 9), TODAY, "none", True),  # the last day still counts
        (date(2025, 1, 1), TODAY - timedelta(days=1), "none", False),  # expired
        (date(2026, 10, 9), None, "repaired", False),
        (TODAY + timedelta(days=1), None, "none", False),  # not started
    ],
)
def test_in_force_expired_repaired(
    services: Services,
    supervisor: Actor,
    starts: date,
    ends: date | None,
    repair: str,
    expected: bool,
) -> None:
    assert in_force(starts, ends, repair, TODAY) is expected
    form = record(decision_date=min(starts, TODAY), starts=starts, ends=ends, repair=repair)
    view = services.integrity.add(supervisor, form)
    assert view.in_force is expected
    # the SQL filter of the list and the reception lookup agree with the rule
    listed = services.integrity.list(supervisor, in_force_only=True)
    assert [r.id for r in listed] == ([view.id] if expected else [])
    found = services.integrity.lookup(supervisor, [ORG_CODE])
    assert [r.id for r in found] == ([view.id] if expected else [])


def test_list_masks_codes_and_searches_names_and_codes(
    services: Services, supervisor: Actor
) -> None:
    services.integrity.add(supervisor, record())
    services.integrity.add(
        supervisor,
        record(
            subject_kind="agency",
            subject_name="连云港某某专利代理事务所",
            subject_code=AGENCY_CODE,
            category="illegal_agency",
            source_doc="苏知罚〔2026〕3号",
            decision_date=date(2026, 9, 1),
        ),
    )
    services.integrity.add(
        supervisor,
        record(
            subject_name="赵六",
            subject_code=OTHER_PERSON,
            source_doc="连知〔2025〕8号",
            decision_date=date(2025, 3, 1),
            starts=date(2025, 3, 1),
            ends=date(2025, 12, 31),
        ),
    )
    rows = services.integrity.list(supervisor)
    assert [r.subject_name for r in rows] == [
        "连云港某某科技有限公司",
        "连云港某某专利代理事务所",
        "赵六",
    ]
    assert [r.in_force for r in rows] == [True, True, False]
    assert all("*" in r.code_masked and r.code_masked != ORG_CODE for r in rows)
    assert [r.subject_name for r in services.integrity.list(supervisor, "代理")] == [
        "连云港某某专利代理事务所"
    ]
    assert [r.subject_name for r in services.integrity.list(supervisor, OTHER_PERSON)] == ["赵六"]
    assert len(services.integrity.list(supervisor, in_force_only=True)) == 2
    assert services.integrity.list(supervisor, "100%_") == []


def test_get_is_audited_with_who_looked_at_which_record(
    services: Services, supervisor: Actor
) -> None:
    view = services.integrity.add(supervisor, record())
    shown = services.integrity.get(supervisor, view.id)
    assert shown.subject_code == ORG_CODE
    (row,) = audit_rows(services, "integrity.view")
    assert (row.actor, row.entity, row.entity_id) == ("zhao", "integrity_record", view.id)


def test_update_repair_and_remove_with_versions_and_audit(
    services: Services, supervisor: Actor
) -> None:
    view = services.integrity.add(supervisor, record())
    changed = services.integrity.update(
        supervisor, view.id, view.row_version, record(authority="江苏省知识产权局")
    )
    assert changed.authority == "江苏省知识产权局" and changed.row_version == view.row_version + 1
    with pytest.raises(CounterError, match="刚被他人修改过"):
        services.integrity.update(supervisor, view.id, view.row_version, record())
    with pytest.raises(CounterError) as caught:
        services.integrity.update(
            supervisor, view.id, changed.row_version, record(ends=date(2026, 1, 1))
        )
    assert caught.value.field == "ends"
    repaired = services.integrity.set_repair(
        supervisor, view.id, changed.row_version, "repaired", "已完成信用修复，见修复决定书"
    )
    assert not repaired.in_force and "信用修复" in repaired.note
    assert services.integrity.lookup(supervisor, [ORG_CODE]) == []
    with pytest.raises(CounterError) as caught:
        services.integrity.remove(supervisor, view.id, repaired.row_version, " ")
    assert caught.value.field == "reason"
    services.integrity.remove(supervisor, view.id, repaired.row_version, "录入错误")
    assert services.integrity.list(supervisor) == []
    (removed,) = audit_rows(services, "integrity.remove")
    assert removed.after == {"deleted": True, "reason": "录入错误"}
    assert len(audit_rows(services, "integrity.update")) == 1
    assert len(audit_rows(services, "integrity.repair")) == 1
    assert stored(services)[0].deleted  # kept, soft-deleted
    # a removed record can be entered again
    services.integrity.add(supervisor, record())


def test_lookup_is_audited_only_when_it_finds_something(
    services: Services, supervisor: Actor, reception_user: Actor
) -> None:
    assert services.integrity.lookup(reception_user, [PERSON_CODE]) == []
    assert audit_rows(services, "integrity.lookup") == []
    view = services.integrity.add(supervisor, record())
    found = services.integrity.lookup(reception_user, ["91110000600037341l", ""])
    assert [r.id for r in found] == [view.id]
    assert found[0].summary == "非正常专利申请（国知发〔2026〕12号，至 2027-10-08）"
    (row,) = audit_rows(services, "integrity.lookup")
    assert (row.actor, row.entity_id) == ("li", view.id)


def test_a_day_later_the_record_has_expired(services: Services, supervisor: Actor) -> None:
    services.integrity.add(supervisor, record(ends=TODAY))
    tomorrow = IntegrityService(services.db, lambda: TODAY + timedelta(days=1))
    assert tomorrow.lookup(supervisor, [ORG_CODE]) == []
    assert services.integrity.lookup(supervisor, [ORG_CODE]) != []
