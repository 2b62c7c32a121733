"""A complaint that is really an IP dispute (catalogue items 18-20, or cause 纠纷) is received
as a case at reception: the form's prefill, then the link kept on both sides."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.i18n import tr
from counter_app.supervision import complaint_store as store
from counter_app.supervision.rules.complaints import DISPUTE_ITEMS, Cause, State
from db.models.supervision import Complaint

TO_CASE = tr("转为纠纷案件受理")


def _check(actor: Actor, row: Complaint) -> None:
    if not {Role.RECEPTION, Role.SUPERVISOR} & actor.roles:
        raise CounterError(tr("转为纠纷案件须由受理人员或主管办理"), "complaint")
    if row.about_item not in DISPUTE_ITEMS and row.cause != Cause.DISPUTE.value:
        raise CounterError(
            tr("此件不是知识产权纠纷（事项 18-20 或原因为纠纷），不能转为纠纷案件"), "complaint"
        )
    if row.state == State.ARCHIVED.value:
        raise CounterError(tr("该件已归档，不能再办理"), "step")


def prefill(session: Session, actor: Actor, row: Complaint) -> dict[str, Any]:
    _check(actor, row)
    audit.record(
        session,
        actor.username,
        "view_personal_data",
        "complaint",
        str(row.id),
        after={"number": row.number, "for": "reception"},
    )
    return {
        "complaint_id": str(row.id),
        "complaint_number": row.number,
        "applicant_name": row.name,
        "phone": row.phone,
        "address": row.address,
        "matter": row.text,
        "item_number": row.about_item if row.about_item in DISPUTE_ITEMS else None,
    }


def link(session: Session, actor: Actor, row: Complaint, case_id: str) -> None:
    _check(actor, row)
    case = store.case_by_id(session, case_id)
    if row.case_id is not None and row.case_id != case.id:
        raise CounterError(tr("此件已转为案件，不能再关联其他案件"), "case")
    before = {"case_id": str(row.case_id) if row.case_id else None}
    row.case_id = case.id
    row.row_version += 1
    text = tr("{t}，案件编号 {n}", t=TO_CASE, n=case.number)
    store.log_step(session, actor.username, row, "to_case", text, case=case.number)
    audit.record(
        session,
        actor.username,
        "complaint_to_case",
        "complaint",
        str(row.id),
        before=before,
        after={"case_id": str(case.id), "case_number": case.number},
    )
