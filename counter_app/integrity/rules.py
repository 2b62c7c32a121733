"""Integrity records as plain data (FACTS.md, Integrity file: CNIPA's 2022 credit rules)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from counter_app.core.errors import CounterError
from counter_app.i18n import tr


class Category(StrEnum):
    ABNORMAL_PATENT = "abnormal_patent"
    BAD_FAITH_TRADEMARK = "bad_faith_trademark"
    ILLEGAL_AGENCY = "illegal_agency"
    FALSE_MATERIALS = "false_materials"
    BROKEN_COMMITMENT = "broken_commitment"
    REFUSED_EXECUTION = "refused_execution"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: dict[Category, str] = {
    Category.ABNORMAL_PATENT: tr("非正常专利申请"),
    Category.BAD_FAITH_TRADEMARK: tr("恶意商标注册申请"),
    Category.ILLEGAL_AGENCY: tr("代理机构违法代理受处罚"),
    Category.FALSE_MATERIALS: tr("提供虚假材料或隐瞒事实"),
    Category.BROKEN_COMMITMENT: tr("违背信用承诺"),
    Category.REFUSED_EXECUTION: tr("拒不履行行政处罚或裁决"),
}


class SubjectKind(StrEnum):
    APPLICANT = "applicant"
    AGENCY = "agency"

    @property
    def label(self) -> str:
        return {"applicant": tr("申请人"), "agency": tr("代理机构")}[self.value]


class Repair(StrEnum):
    NONE = "none"
    APPLIED = "applied"
    REPAIRED = "repaired"

    @property
    def label(self) -> str:
        return {"none": tr("未修复"), "applied": tr("已申请修复"), "repaired": tr("已修复")}[
            self.value
        ]


def in_force(starts: date, ends: date | None, repair: str, today: date) -> bool:
    """A record restricts its subject from its start until its end, unless repaired."""
    if repair == Repair.REPAIRED.value:
        return False
    return starts <= today and (ends is None or today <= ends)


# Catalogue items held back while a record is in force for the applicant or the agency acting
# (FACTS.md, Integrity file: dishonest subjects are restricted in subsidies, fee reductions and
# priority examination; item 30's own text says so). 4 专利优先审查 is priority examination;
# 30 知识产权奖励资助 covers awards and subsidies. Fee reductions are not an item of their own:
# reception and payments record no reduction today (items 1, 5, 6, 15 only describe one in
# ``fee_reductions``), so none can be refused here; when a reduction is recorded, it belongs
# in this set's check too. Every other item goes on: the banner informs, the staff decide.
RESTRICTED_ITEMS: frozenset[int] = frozenset({4, 30})

OPEN_ENDED = tr("长期")


def period_end(ends: date | None) -> str:
    """``至 2027-05-31`` or ``长期`` for a record with no end."""
    return tr("至 {d}", d=ends.isoformat()) if ends is not None else OPEN_ENDED


def summary(category: str, source_doc: str, ends: date | None) -> str:
    """``非正常专利申请（国知发〔2026〕12号，至 2027-05-31）``: one record in a line."""
    label = Category(category).label if category in CATEGORY_VALUES else category
    return tr("{c}（{d}，{e}）", c=label, d=source_doc, e=period_end(ends))


CATEGORY_VALUES = frozenset(c.value for c in Category)


def _pick(value: str, options: dict[str, str], what: str, field: str) -> str:
    text = value.strip()
    for key, label in options.items():
        if text in (key, label):
            return key
    names = "、".join(options.values())
    raise CounterError(tr("{w}“{v}”不对，可选：{n}", w=what, v=text, n=names), field)


def parse_category(value: str) -> Category:
    """A category from its key or its Chinese label."""
    labels = {c.value: c.label for c in Category}
    return Category(_pick(value, labels, tr("失信类别"), "category"))


def parse_kind(value: str) -> SubjectKind:
    labels = {k.value: k.label for k in SubjectKind}
    return SubjectKind(_pick(value, labels, tr("主体类型"), "subject_kind"))


def parse_repair(value: str) -> Repair:
    """A repair status from its key or label; empty is 未修复."""
    if not value.strip():
        return Repair.NONE
    labels = {r.value: r.label for r in Repair}
    return Repair(_pick(value, labels, tr("修复状态"), "repair"))
