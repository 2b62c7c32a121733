"""What a supervisor types (or a file row holds) for one integrity record, and its checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from counter_app.core.errors import CounterError
from counter_app.core.normalize import CheckResult, check_compact, compact
from counter_app.i18n import tr
from counter_app.identity.identifiers import (
    detect_id_type,
    validate_credit_code,
    validate_free_text,
    validate_id_document,
    validate_resident_id,
)
from counter_app.integrity.rules import Category, Repair, SubjectKind

NAME_MAX, DOC_MAX, AUTHORITY_MAX, NOTE_MAX, CODE_MAX = 100, 120, 100, 500, 30


@dataclass(frozen=True)
class IntegrityForm:
    """One record as entered; dates are None when not given."""

    subject_kind: str
    subject_name: str
    subject_code: str
    category: str
    source_doc: str
    decision_date: date | None
    starts: date | None
    ends: date | None = None
    authority: str = ""
    note: str = ""
    repair: str = Repair.NONE.value


def check_code(raw: str, kind: str, today: date) -> CheckResult:
    """The subject's identifier normalised as reception stores it: an 18-character ID or credit
    code with its check character verified (a 15-digit old ID upgraded to 18); other ID
    documents (passports, travel permits) as typed, upper-case."""
    value = compact(raw)
    if kind == SubjectKind.AGENCY.value:
        return validate_credit_code(raw)
    if len(value) == 18:
        return _check_18(value, today)
    if len(value) == 15 and value.isdigit():
        return validate_resident_id(value, today=today)
    base = check_compact(raw, tr("证件号码"))
    if base.ok and len(base.value) > CODE_MAX:
        return CheckResult(base.value, tr("证件号码最多{n}位，请核对", n=CODE_MAX))
    return base


def _check_18(value: str, today: date) -> CheckResult:
    """An 18-character ID number or a credit code (an applicant may be either): the one whose
    check character holds; when neither does, the complaint of the one it looks like."""
    credit = validate_credit_code(value)
    if credit.ok:
        return credit
    id_like = value[:17].isdigit() and value[17] in "0123456789X"
    if not id_like:
        return credit
    return validate_id_document(detect_id_type(value), value, today=today)


def normalise_code(raw: str) -> str:
    """A code as looked up: folded like ``check_code`` does, the check character not judged."""
    value = compact(raw)
    if len(value) == 15 and value.isdigit():
        upgraded = validate_resident_id(value)
        if upgraded.ok:
            return upgraded.value
    return value


def _text(raw: str, label: str, max_len: int, field: str, required: bool = False) -> str:
    result = validate_free_text(
        raw, max_len=max_len, label=label, required=required, multiline=False
    )
    return result.unwrap(field)


def check_form(form: IntegrityForm, today: date) -> IntegrityForm:
    """Every field checked in form order (the first problem raised, naming its field); the
    values normalised: kind, category and repair as keys, the code as ``check_code`` gives it."""
    try:
        kind = SubjectKind(form.subject_kind)
    except ValueError:
        raise CounterError(tr("请选择主体类型（申请人或代理机构）"), "subject_kind") from None
    name = _text(form.subject_name, tr("名称"), NAME_MAX, "subject_name", required=True)
    code = check_code(form.subject_code, kind.value, today).unwrap("subject_code")
    try:
        category = Category(form.category)
    except ValueError:
        raise CounterError(tr("请选择失信类别"), "category") from None
    doc = _text(form.source_doc, tr("认定文书"), DOC_MAX, "source_doc", required=True)
    authority = _text(form.authority, tr("认定机关"), AUTHORITY_MAX, "authority")
    if form.decision_date is None:
        raise CounterError(tr("请填写认定日期"), "decision_date")
    if form.decision_date > today:
        raise CounterError(tr("认定日期不能晚于今天"), "decision_date")
    if form.starts is None:
        raise CounterError(tr("请填写开始日期"), "starts")
    if form.ends is not None and form.ends < form.starts:
        raise CounterError(tr("结束日期不能早于开始日期"), "ends")
    try:
        repair = Repair(form.repair)
    except ValueError:
        raise CounterError(tr("请选择修复状态"), "repair") from None
    note = validate_free_text(form.note, max_len=NOTE_MAX, label=tr("备注")).unwrap("note")
    return IntegrityForm(
        subject_kind=kind.value,
        subject_name=name,
        subject_code=code,
        category=category.value,
        source_doc=doc,
        decision_date=form.decision_date,
        starts=form.starts,
        ends=form.ends,
        authority=authority,
        note=note,
        repair=repair.value,
    )
