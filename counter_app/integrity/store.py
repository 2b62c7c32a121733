"""Rows of the integrity file: copying a checked form, finding the same record, locking one
for a change, and what the audit trail keeps of it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.identity.masking import mask_id
from counter_app.integrity.forms import IntegrityForm
from db.models.integrity import IntegrityRecord

ENTITY = "integrity_record"


def snapshot(row: IntegrityRecord) -> dict[str, Any]:
    """What the audit keeps of a record (the code masked: the trail is read by many)."""
    return {
        "subject_kind": row.subject_kind,
        "subject_name": row.subject_name,
        "subject_code": mask_id(row.subject_code),
        "category": row.category,
        "source_doc": row.source_doc,
        "authority": row.authority,
        "decision_date": row.decision_date,
        "starts": row.starts,
        "ends": row.ends,
        "repair": row.repair,
        "note": row.note,
    }


def apply_form(row: IntegrityRecord, form: IntegrityForm) -> None:
    """Copy a checked form onto a row."""
    assert form.decision_date is not None and form.starts is not None
    row.subject_kind, row.subject_name = form.subject_kind, form.subject_name
    row.subject_code, row.category = form.subject_code, form.category
    row.source_doc, row.authority = form.source_doc, form.authority
    row.decision_date, row.starts, row.ends = form.decision_date, form.starts, form.ends
    row.repair, row.note = form.repair, form.note


def find_same(session: Session, form: IntegrityForm) -> IntegrityRecord | None:
    """The record of the same subject, category and deciding document (removed ones too)."""
    return session.scalar(
        select(IntegrityRecord)
        .where(
            IntegrityRecord.subject_code == form.subject_code,
            IntegrityRecord.category == form.category,
            IntegrityRecord.source_doc == form.source_doc,
        )
        .order_by(IntegrityRecord.deleted)
        .limit(1)
    )


def locked(session: Session, record_id: str, row_version: int | None) -> IntegrityRecord:
    try:
        key = uuid.UUID(record_id)
    except ValueError:
        key = None
    row = session.get(IntegrityRecord, key, with_for_update=True) if key else None
    if row is None or row.deleted:
        raise CounterError(tr("找不到该诚信档案记录，可能已被删除"), "record")
    if row_version is not None and row.row_version != row_version:
        raise CounterError(tr("该记录刚被他人修改过，请刷新后再操作"), "record")
    return row
