"""Every decision a counter records reaches the central as it is: a return for correction
('returned_for_correction', 23 characters) was refused by PostgreSQL's VARCHAR(16) and parked
as a conflict until migration 0013."""

from __future__ import annotations

from sqlalchemy import text

from counter_app.cases.rules.states import CaseState
from counter_app.core.roles import Role
from tests.cases.reception.support import form
from tests.sync.conftest import Hall, add_staff


def test_a_return_for_correction_reaches_the_central(hall: Hall) -> None:
    a = hall.counter("W01")
    officer = add_staff(a, "dk_officer", Role.ADMINISTRATIVE, "officer2026")
    case = a.services.reception.receive(a.admin, form(a.services, 1))
    approval = a.services.approval
    case = approval.start_examination(officer, case.id, case.row_version)
    case = approval.return_for_correction(officer, case.id, case.row_version, ("附图不清晰",))
    assert case.status is CaseState.RETURNED_FOR_CORRECTION
    a.sync()
    with hall.central.connect() as conn:
        kinds = conn.execute(text("SELECT kind FROM case_decision")).scalars().all()
        parked = conn.execute(text("SELECT count(*) FROM sync_conflict")).scalar_one()
    assert kinds == ["returned_for_correction"]
    assert parked == 0
