"""Importing a table of integrity records: every row checked first, the problems named by row
and column in Chinese; then all rows saved in one transaction, or none."""

from __future__ import annotations

import re
from datetime import date

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.integrity.forms import IntegrityForm, check_form
from counter_app.integrity.rules import parse_category, parse_kind, parse_repair
from counter_app.integrity.store import ENTITY, apply_form, find_same, snapshot
from counter_app.integrity.tables import (
    AUTHORITY,
    CATEGORY,
    CODE,
    DECIDED,
    DOC,
    ENDS,
    KIND,
    NAME,
    NOTE,
    REPAIR,
    STARTS,
    Cell,
    Table,
    read_table,
)
from counter_app.integrity.views import ImportProblem, ImportReport
from db.engine import Database
from db.models.integrity import IntegrityRecord

__all__ = ["import_rows", "read_table"]

MAX_PROBLEMS = 50
FIELD_COLUMNS = {
    "subject_kind": KIND,
    "subject_name": NAME,
    "subject_code": CODE,
    "category": CATEGORY,
    "source_doc": DOC,
    "authority": AUTHORITY,
    "decision_date": DECIDED,
    "starts": STARTS,
    "ends": ENDS,
    "repair": REPAIR,
    "note": NOTE,
}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


class _CellProblem(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _text(row: dict[str, Cell], column: str) -> str:
    value = row.get(column)
    if isinstance(value, date):
        return value.isoformat()
    return value or ""


def parse_date(value: Cell, column: str) -> date | None:
    """A date cell: an Excel date, 2026-11-27, 2026/11/27, 2026年11月27日 or 20261127."""
    if value is None or isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    match = _DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match is None:
        raise _CellProblem(column, tr("“{t}”不是日期，应为如 2026-11-27", t=text[:40]))
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise _CellProblem(column, tr("日期“{t}”不存在", t=text[:40])) from None


def _form(row: dict[str, Cell]) -> IntegrityForm:
    def pick(parse: object, column: str) -> str:
        try:
            return str(parse(_text(row, column)).value)  # type: ignore[operator]
        except CounterError as exc:
            raise _CellProblem(column, exc.message) from None

    return IntegrityForm(
        subject_kind=pick(parse_kind, KIND),
        subject_name=_text(row, NAME),
        subject_code=_text(row, CODE),
        category=pick(parse_category, CATEGORY),
        source_doc=_text(row, DOC),
        decision_date=parse_date(row.get(DECIDED), DECIDED),
        starts=parse_date(row.get(STARTS), STARTS),
        ends=parse_date(row.get(ENDS), ENDS),
        authority=_text(row, AUTHORITY),
        note=_text(row, NOTE),
        repair=pick(parse_repair, REPAIR),
    )


def check_rows(table: Table, today: date) -> tuple[list[IntegrityForm], list[ImportProblem]]:
    """Each row as a checked form, or the problems (one per row, at most ``MAX_PROBLEMS``)."""
    forms: list[IntegrityForm] = []
    problems: list[ImportProblem] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in table.rows:
        try:
            form = check_form(_form(row), today)
        except _CellProblem as exc:
            problems.append(ImportProblem(number, exc.column, exc.message))
        except CounterError as exc:
            problems.append(
                ImportProblem(number, FIELD_COLUMNS.get(exc.field or "", ""), exc.message)
            )
        else:
            key = (form.subject_code, form.category, form.source_doc)
            if key in seen:
                message = tr("与第{r}行是同一条记录（证件号码、类别、文书相同）", r=seen[key])
                problems.append(ImportProblem(number, "", message))
            seen.setdefault(key, number)
            forms.append(form)
        if len(problems) >= MAX_PROBLEMS:
            break
    return forms, problems


def _same_values(row: IntegrityRecord, form: IntegrityForm) -> bool:
    probe = IntegrityRecord()
    apply_form(probe, form)
    return snapshot(probe) == snapshot(row)


def import_rows(database: Database, actor: Actor, table: Table, today: date) -> ImportReport:
    forms, problems = check_rows(table, today)
    if problems:
        return ImportReport(rows=len(table.rows), problems=tuple(problems))
    added = updated = unchanged = removed = 0
    with database.write() as session:
        for form in forms:
            same = find_same(session, form)
            if same is not None and same.deleted:
                removed += 1
                continue
            if same is not None and _same_values(same, form):
                unchanged += 1
                continue
            if same is None:
                same = IntegrityRecord(entered_by=actor.username, source="import")
                session.add(same)
                apply_form(same, form)
                session.flush()
                before = None
                added += 1
            else:
                before = snapshot(same)
                apply_form(same, form)
                same.row_version += 1
                updated += 1
            audit.record(
                session,
                actor.username,
                "integrity.import",
                ENTITY,
                str(same.id),
                before,
                snapshot(same),
            )
    return ImportReport(
        rows=len(table.rows),
        added=added,
        updated=updated,
        unchanged=unchanged,
        skipped_removed=removed,
    )
