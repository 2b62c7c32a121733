"""The integrity file: records entered or imported, looked up at reception, every view and
change audited."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.normalize import compact
from counter_app.core.roles import Actor, Role, require
from counter_app.i18n import tr
from counter_app.identity.masking import mask_id
from counter_app.identity.text_fields import validate_free_text
from counter_app.integrity.checks import in_force_clause, records_in_force
from counter_app.integrity.forms import NOTE_MAX, IntegrityForm, check_form
from counter_app.integrity.importer import import_rows, read_table
from counter_app.integrity.rules import Repair
from counter_app.integrity.store import ENTITY, apply_form, find_same, locked, snapshot
from counter_app.integrity.views import (
    ImportReport,
    InForceRecord,
    IntegrityRow,
    IntegrityView,
    full_view,
    in_force_record,
    list_row,
)
from db.engine import Database
from db.models.integrity import IntegrityRecord

LOOKUP_ROLES = frozenset({Role.RECEPTION, Role.SUPERVISOR})
LIST_LIMIT = 2000


class IntegrityService:
    def __init__(self, database: Database, today: Callable[[], date]) -> None:
        self._db, self._today = database, today

    # --- changes (supervisor) -------------------------------------------------------------

    def add(self, actor: Actor, form: IntegrityForm, source: str = "manual") -> IntegrityView:
        require(actor, Role.SUPERVISOR)
        today = self._today()
        clean = check_form(form, today)
        with self._db.write() as session:
            same = find_same(session, clean)
            if same is not None and not same.deleted:
                raise CounterError(
                    tr("该主体此类别、此文书的记录已在诚信档案中，请修改原记录"), "source_doc"
                )
            row = IntegrityRecord(entered_by=actor.username, source=source)
            apply_form(row, clean)
            session.add(row)
            session.flush()
            audit.record(
                session, actor.username, "integrity.add", ENTITY, str(row.id), None, snapshot(row)
            )
            return full_view(row, today)

    def update(
        self, actor: Actor, record_id: str, row_version: int, form: IntegrityForm
    ) -> IntegrityView:
        require(actor, Role.SUPERVISOR)
        today = self._today()
        clean = check_form(form, today)
        with self._db.write() as session:
            row = locked(session, record_id, row_version)
            same = find_same(session, clean)
            if same is not None and same.id != row.id and not same.deleted:
                raise CounterError(
                    tr("该主体此类别、此文书的记录已在诚信档案中，请修改原记录"), "source_doc"
                )
            before = snapshot(row)
            apply_form(row, clean)
            row.row_version += 1
            audit.record(
                session,
                actor.username,
                "integrity.update",
                ENTITY,
                record_id,
                before,
                snapshot(row),
            )
            return full_view(row, today)

    def set_repair(
        self, actor: Actor, record_id: str, row_version: int, repair: str, note: str = ""
    ) -> IntegrityView:
        """信用修复: applied for, or done (a repaired record no longer restricts)."""
        require(actor, Role.SUPERVISOR)
        try:
            status = Repair(repair)
        except ValueError:
            raise CounterError(tr("请选择修复状态"), "repair") from None
        text = validate_free_text(note, max_len=NOTE_MAX, label=tr("说明")).unwrap("note")
        with self._db.write() as session:
            row = locked(session, record_id, row_version)
            before = {"repair": row.repair, "note": row.note}
            row.repair = status.value
            if text:
                row.note = (row.note + "\n" if row.note else "") + text
            row.row_version += 1
            after = {"repair": row.repair, "note": text}
            audit.record(
                session, actor.username, "integrity.repair", ENTITY, record_id, before, after
            )
            return full_view(row, self._today())

    def remove(self, actor: Actor, record_id: str, row_version: int, reason: str) -> None:
        """Soft delete (an entry made by mistake); the reason goes to the audit trail."""
        require(actor, Role.SUPERVISOR)
        text = validate_free_text(
            reason, max_len=NOTE_MAX, label=tr("删除理由"), required=True
        ).unwrap("reason")
        with self._db.write() as session:
            row = locked(session, record_id, row_version)
            row.deleted = True
            row.row_version += 1
            audit.record(
                session,
                actor.username,
                "integrity.remove",
                ENTITY,
                record_id,
                snapshot(row),
                {"deleted": True, "reason": text},
            )

    # --- views ----------------------------------------------------------------------------

    def list(
        self, actor: Actor, query: str = "", in_force_only: bool = False
    ) -> list[IntegrityRow]:
        """The file, latest decision first; codes masked. ``query``: part of a name or code."""
        require(actor, Role.SUPERVISOR)
        today = self._today()
        statement = select(IntegrityRecord).where(IntegrityRecord.deleted.is_(False))
        text = query.strip()
        if text:
            code = compact(text)
            statement = statement.where(
                or_(
                    IntegrityRecord.subject_name.contains(text, autoescape=True),
                    IntegrityRecord.subject_code.contains(code or text, autoescape=True),
                )
            )
        if in_force_only:
            statement = statement.where(in_force_clause(today))
        statement = statement.order_by(
            IntegrityRecord.decision_date.desc(), IntegrityRecord.created_at.desc()
        ).limit(LIST_LIMIT)
        with self._db.read() as session:
            return [list_row(row, today) for row in session.scalars(statement)]

    def get(self, actor: Actor, record_id: str) -> IntegrityView:
        """One record in full; who looked at which record is audited."""
        require(actor, Role.SUPERVISOR)
        with self._db.write() as session:
            row = locked(session, record_id, None)
            audit.record(
                session,
                actor.username,
                "integrity.view",
                ENTITY,
                record_id,
                after={"subject_code": mask_id(row.subject_code)},
            )
            return full_view(row, self._today())

    def lookup(self, actor: Actor, codes: Sequence[str]) -> builtins.list[InForceRecord]:
        """The records in force today for these subjects (the applicant's ID or credit code,
        the acting agency's credit code): reception's banner. Each record shown is audited."""
        if not LOOKUP_ROLES & actor.roles:
            raise CounterError(tr("您的角色不能查看诚信档案"), "integrity")
        today = self._today()
        with self._db.read() as session:
            if not records_in_force(session, codes, today):
                return []
        with self._db.write() as session:
            rows = records_in_force(session, codes, today)
            for row in rows:
                audit.record(
                    session,
                    actor.username,
                    "integrity.lookup",
                    ENTITY,
                    str(row.id),
                    after={
                        "subject_kind": row.subject_kind,
                        "subject_code": mask_id(row.subject_code),
                    },
                )
            return [in_force_record(row) for row in rows]

    # --- import ---------------------------------------------------------------------------

    def import_file(self, actor: Actor, path: str | Path) -> ImportReport:
        """CSV (UTF-8 with or without BOM, GBK) or XLSX: all rows or none; the same row
        imported again (same code, category and document) is not doubled."""
        require(actor, Role.SUPERVISOR)
        table = read_table(Path(path))
        return import_rows(self._db, actor, table, self._today())
