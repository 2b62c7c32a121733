"""Integrity records as plain data (FACTS.md, Integrity file: CNIPA's 2022 credit rules)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

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
