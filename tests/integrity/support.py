"""Integrity-file test data: valid identifiers made with the real check characters, and a
form with sensible defaults."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from counter_app.identity.checksums import credit_code_check, resident_id_check
from counter_app.integrity.forms import IntegrityForm
from tests.cases.reception.support import ORG, PERSON


def resident_id(body17: str) -> str:
    return body17 + resident_id_check(body17)


def credit_code(body17: str) -> str:
    return body17 + credit_code_check(body17)


ORG_CODE = ORG.id_number  # 连云港某某科技有限公司, the reception tests' organisation
PERSON_CODE = PERSON.id_number  # 王五
AGENCY_CODE = credit_code("91320700MA1NPQ0R8")  # 连云港某某专利代理事务所
OTHER_PERSON = resident_id("32070519900101123")

BASE = IntegrityForm(
    subject_kind="applicant",
    subject_name="连云港某某科技有限公司",
    subject_code=ORG_CODE,
    category="abnormal_patent",
    source_doc="国知发〔2026〕12号",
    decision_date=date(2026, 10, 9),
    starts=date(2026, 10, 9),
    ends=date(2027, 10, 8),
    authority="国家知识产权局",
)


def record(**changes: object) -> IntegrityForm:
    return replace(BASE, **changes)  # type: ignore[arg-type]
