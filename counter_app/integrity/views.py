"""What the integrity service hands out: full views (audited), masked rows, records in force,
refusals at reception and the report of an import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from counter_app.i18n import tr
from counter_app.identity.masking import mask_id
from counter_app.integrity.rules import Category, Repair, SubjectKind, in_force, summary
from db.models.integrity import IntegrityRecord


def _category_label(value: str) -> str:
    try:
        return Category(value).label
    except ValueError:
        return value


@dataclass(frozen=True)
class IntegrityView:
    """One record in full (the code unmasked): for the form that edits it."""

    id: str
    row_version: int
    subject_kind: str
    subject_name: str
    subject_code: str
    category: str
    source_doc: str
    authority: str
    decision_date: date
    starts: date
    ends: date | None
    repair: str
    note: str
    entered_by: str
    source: str
    in_force: bool

    @property
    def category_label(self) -> str:
        return _category_label(self.category)


@dataclass(frozen=True)
class IntegrityRow:
    """A line of the supervisor's list: the code masked."""

    id: str
    row_version: int
    subject_kind: str
    subject_name: str
    code_masked: str
    category: str
    source_doc: str
    authority: str
    decision_date: date
    starts: date
    ends: date | None
    repair: str
    source: str
    in_force: bool

    @property
    def category_label(self) -> str:
        return _category_label(self.category)

    @property
    def kind_label(self) -> str:
        return SubjectKind(self.subject_kind).label

    @property
    def repair_label(self) -> str:
        return Repair(self.repair).label

    @property
    def period(self) -> str:
        end = self.ends.isoformat() if self.ends else tr("长期")
        return f"{self.starts.isoformat()}—{end}"


@dataclass(frozen=True)
class InForceRecord:
    """A record in force today, as reception shows it (the code masked)."""

    id: str
    subject_kind: str
    subject_name: str
    code_masked: str
    category: str
    source_doc: str
    ends: date | None

    @property
    def category_label(self) -> str:
        return _category_label(self.category)

    @property
    def summary(self) -> str:
        return summary(self.category, self.source_doc, self.ends)


@dataclass(frozen=True)
class Refusal:
    """An item reception may not take while ``record`` is in force for the subject."""

    item_number: int
    item_name: str
    record: InForceRecord


@dataclass(frozen=True)
class ImportProblem:
    row: int  # the file's row number (the header is row 1)
    column: str  # the column's Chinese header, "" for the whole row
    message: str

    def __str__(self) -> str:
        where = tr("第{r}行", r=self.row) + (tr("“{c}”列", c=self.column) if self.column else "")
        return tr("{w}：{m}", w=where, m=self.message)


@dataclass(frozen=True)
class ImportReport:
    """What an import did: rows added, updated, unchanged; or the problems, nothing saved."""

    rows: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_removed: int = 0
    problems: tuple[ImportProblem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def text(self) -> str:
        if self.problems:
            lines = [str(p) for p in self.problems]
            return tr("导入失败，未保存任何记录：\n{p}", p="\n".join(lines))
        return tr(
            "共 {r} 行：新增 {a} 条，更新 {u} 条，未变 {s} 条，已删除不再导入 {d} 条",
            r=self.rows,
            a=self.added,
            u=self.updated,
            s=self.unchanged,
            d=self.skipped_removed,
        )


def full_view(row: IntegrityRecord, today: date) -> IntegrityView:
    return IntegrityView(
        id=str(row.id),
        row_version=row.row_version,
        subject_kind=row.subject_kind,
        subject_name=row.subject_name,
        subject_code=row.subject_code,
        category=row.category,
        source_doc=row.source_doc,
        authority=row.authority,
        decision_date=row.decision_date,
        starts=row.starts,
        ends=row.ends,
        repair=row.repair,
        note=row.note,
        entered_by=row.entered_by,
        source=row.source,
        in_force=in_force(row.starts, row.ends, row.repair, today),
    )


def list_row(row: IntegrityRecord, today: date) -> IntegrityRow:
    return IntegrityRow(
        id=str(row.id),
        row_version=row.row_version,
        subject_kind=row.subject_kind,
        subject_name=row.subject_name,
        code_masked=mask_id(row.subject_code),
        category=row.category,
        source_doc=row.source_doc,
        authority=row.authority,
        decision_date=row.decision_date,
        starts=row.starts,
        ends=row.ends,
        repair=row.repair,
        source=row.source,
        in_force=in_force(row.starts, row.ends, row.repair, today),
    )


def in_force_record(row: IntegrityRecord) -> InForceRecord:
    return InForceRecord(
        id=str(row.id),
        subject_kind=row.subject_kind,
        subject_name=row.subject_name,
        code_masked=mask_id(row.subject_code),
        category=row.category,
        source_doc=row.source_doc,
        ends=row.ends,
    )
