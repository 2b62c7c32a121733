"""Two counters register the same new applicant while cut off, with different phones: the
applicant's key is the same (it comes from the ID number), the content is not. The second to
arrive is parked as a conflict, never dropped in silence nor written over the first."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import text

from tests.cases.reception.support import PERSON, form
from tests.sync.checker import assert_converged
from tests.sync.conftest import Hall


def same_new_applicant_at_two_counters(hall: Hall) -> None:
    """The scenario; also run against a mutant of the central (test_apply_mutations.py)."""
    a, b = hall.counter("W01"), hall.counter("W02")
    hall.sync_all()
    a.services.reception.receive(a.admin, form(a.services, 1, applicant=PERSON))
    other_phone = replace(PERSON, phone="13987654321")
    b.services.reception.receive(b.admin, form(b.services, 2, applicant=other_phone))
    report = a.sync()
    assert report is not None and not report.conflicts
    report = b.sync()
    assert report is not None and len(report.conflicts) == 1, report.conflicts
    assert "中心已有此记录，内容不同" in report.conflicts[0]
    hall.sync_all()
    with hall.central.connect() as conn:
        phones = conn.execute(text("SELECT phone FROM applicant")).scalars().all()
        conflicts = conn.execute(text("SELECT origin FROM sync_conflict")).scalars().all()
        cases = conn.execute(text("SELECT count(*) FROM cases")).scalar_one()
    assert phones == [PERSON.phone]  # the first arrival stands
    assert conflicts == ["W02"] and cases == 1  # B's reception waits for the supervisor
    assert b.services.sync.status().parked == 1
    assert_converged(hall.central, *hall.engines())


def test_the_same_new_applicant_at_two_counters_is_one_conflict(hall: Hall) -> None:
    same_new_applicant_at_two_counters(hall)
