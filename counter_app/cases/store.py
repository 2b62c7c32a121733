"""Shared pieces of case persistence: lookups, applicant upsert, history, pauses."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.cases.rules.reception import ApplicantInput
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.catalog import item_view
from counter_app.hall.rules.catalog import ItemView
from counter_app.i18n import tr
from db.ids import natural_uuid, utc_now
from db.models import Applicant, Case, CaseEvent, CasePause, CatalogItem, CatalogItemVersion


def get_case(session: Session, case_id: str, row_version: int | None = None) -> Case:
    """The case, locked for this transaction; refuses a stale form (someone else changed it)."""
    try:
        key = uuid.UUID(case_id)
    except ValueError:
        key = None
    case = session.get(Case, key, with_for_update=True) if key else None
    if case is None:
        raise CounterError(tr("找不到该案件"), "case")
    if row_version is not None and case.row_version != row_version:
        raise CounterError(tr("案件 {n} 刚被他人修改过，请重新打开后再操作", n=case.number), "case")
    return case


_BY_NUMBER = select(Case).where(Case.number == bindparam("number"))  # built once: a scan's path


def case_by_number(session: Session, number_or_id: str) -> Case:
    text = number_or_id.strip().upper()
    case = session.scalar(_BY_NUMBER, {"number": text})
    if case is None:
        try:
            case = session.get(Case, uuid.UUID(number_or_id.strip()))
        except ValueError:
            case = None
    if case is None:
        raise CounterError(tr("找不到案件 {n}，请核对编号", n=number_or_id.strip()), "case")
    return case


def items_for(session: Session, item_ids: tuple[str, ...]) -> list[ItemView]:
    """The current versions of the chosen items; retired or unknown ones are refused."""
    views = []
    for item_id in dict.fromkeys(item_ids):
        item = session.get(CatalogItem, uuid.UUID(item_id))
        if item is None:
            raise CounterError(tr("所选事项不存在，请重新选择"), "items")
        if item.retired:
            raise CounterError(tr("事项 {n} 已停用，不能受理", n=item.number), "items")
        row = session.scalar(
            select(CatalogItemVersion).where(
                CatalogItemVersion.item_id == item.id,
                CatalogItemVersion.version == item.current_version,
            )
        )
        assert row is not None
        views.append(item_view(item, row))
    return views


_APPLICANT_FIELDS = (
    "kind",
    "name",
    "phone",
    "address",
    "postal_code",
    "legal_representative",
    "contact_name",
)


def upsert_applicant(session: Session, actor: Actor, data: ApplicantInput) -> Applicant:
    """The returning applicant (by ID type and number) updated, or a new one."""
    row = session.scalar(
        select(Applicant).where(
            Applicant.id_type == data.id_type, Applicant.id_number == data.id_number
        )
    )
    if row is None:
        row = Applicant(
            id=natural_uuid("applicant", data.id_type, data.id_number),
            id_type=data.id_type,
            id_number=data.id_number,
            **{f: getattr(data, f) for f in _APPLICANT_FIELDS},
        )
        session.add(row)
        session.flush()
        audit.record(session, actor.username, "applicant_add", "applicant", str(row.id))
        return row
    changed = {
        f: getattr(data, f)
        for f in _APPLICANT_FIELDS
        if getattr(data, f) and getattr(data, f) != getattr(row, f)
    }
    if changed:
        before = {f: getattr(row, f) for f in changed}
        for key, value in changed.items():
            setattr(row, key, value)
        row.row_version += 1
        audit.record(
            session,
            actor.username,
            "applicant_update",
            "applicant",
            str(row.id),
            before=before,
            after=changed,
        )
    return row


def add_event(
    session: Session,
    case: Case,
    actor: Actor,
    action: str,
    from_status: str,
    to_status: str,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    session.add(
        CaseEvent(
            case_id=case.id,
            at=utc_now(),
            actor=actor.username,
            action=action,
            from_status=from_status,
            to_status=to_status,
            note=note,
            data=data,
        )
    )


def pauses_of(session: Session, case: Case) -> list[CasePause]:
    return list(
        session.scalars(
            select(CasePause).where(CasePause.case_id == case.id).order_by(CasePause.start_on)
        )
    )


def close_pauses(session: Session, case: Case, today: object) -> None:
    for pause in pauses_of(session, case):
        if pause.end_on is None:
            pause.end_on = today  # type: ignore[assignment]
