"""Reception rules with no I/O: the form's data, its checks, merged materials, case numbers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from counter_app.cases.rules.numbers import CASE_NUMBER as CASE_NUMBER
from counter_app.cases.rules.numbers import case_number as case_number
from counter_app.cases.rules.numbers import looks_like_case_number as looks_like_case_number
from counter_app.cases.rules.numbers import receipt_number as receipt_number
from counter_app.core.errors import CounterError
from counter_app.core.normalize import CheckResult
from counter_app.hall.rules.catalog import ItemView
from counter_app.identity.identifiers import (
    IdType,
    validate_credit_code,
    validate_free_text,
    validate_id_document,
    validate_mobile,
    validate_org_name,
    validate_person_name,
    validate_phone,
    validate_postal_code,
)

CREDIT_CODE = "credit_code"
PERSON, ORGANISATION = "person", "organisation"


class Outcome(StrEnum):
    ACCEPT = "accept"  # 受理 -> 受理通知书
    INCOMPLETE = "incomplete"  # 材料不全 -> 一次性告知书
    REFUSE = "refuse"  # 不予受理 -> 不予受理通知书


class FormInvalid(CounterError):
    """Several fields are wrong at once; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first_field, first = next(iter(errors.items()))
        super().__init__(first, first_field)
        self.errors = errors

    @property
    def summary(self) -> str:
        return "；".join(self.errors.values())


@dataclass(frozen=True)
class ApplicantInput:
    kind: str  # person | organisation
    name: str
    id_type: str  # an IdType value, or "credit_code" for an organisation
    id_number: str
    phone: str = ""
    address: str = ""
    postal_code: str = ""
    legal_representative: str = ""
    contact_name: str = ""


@dataclass(frozen=True)
class AgentInput:
    """Someone acting for the applicant (代理人/经办人), with the authorisation recorded."""

    name: str
    id_type: str
    id_number: str
    phone: str
    authorisation: str  # e.g. 授权委托书 number or description
    agency_name: str = ""  # the IP service agency (代理机构) the agent works for, if any
    agency_code: str = ""  # its unified social credit code (its integrity file is consulted)


@dataclass(frozen=True)
class MaterialLine:
    name: str
    requirement: str = ""
    original_required: bool = False
    copies_required: int = 1
    received: bool = False
    received_copies: int = 0
    received_original: bool = False
    extra: bool = False
    for_items: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReceptionInput:
    draft_key: str  # one per form: a second save of the same form returns the same case
    applicant: ApplicantInput
    item_ids: tuple[str, ...]
    materials: tuple[MaterialLine, ...]
    outcome: Outcome
    agent: AgentInput | None = None
    reasons: tuple[str, ...] = ()
    notes: str = ""
    ticket_id: str | None = None
    supplement_days: int = 15  # working days the applicant has to bring what is missing
    # 不予受理 because another body is competent (行政许可法 Art. 32(1)(2)): which one.
    competent_authority: str = ""


def _collect(errors: dict[str, str], key: str, result: CheckResult) -> str:
    if result.error:
        errors.setdefault(key, result.error)
    return result.value


def _check_id(kind: str, id_type: str, raw: str) -> CheckResult:
    if kind == ORGANISATION:
        return validate_credit_code(raw)
    try:
        return validate_id_document(IdType(id_type), raw)
    except ValueError:
        return CheckResult(raw, "请选择证件类型")


def check_applicant(data: ApplicantInput) -> ApplicantInput:
    """Every field checked; all problems raised together (FormInvalid) with field names."""
    errors: dict[str, str] = {}
    if data.kind not in (PERSON, ORGANISATION):
        errors["kind"] = "请选择申请人类型（自然人或单位）"
    name_check = validate_org_name if data.kind == ORGANISATION else validate_person_name
    name = _collect(errors, "name", name_check(data.name))
    id_number = _collect(errors, "id_number", _check_id(data.kind, data.id_type, data.id_number))
    phone = _collect(errors, "phone", _phone(data.kind, data.phone))
    postal = _collect(errors, "postal_code", _optional(validate_postal_code, data.postal_code))
    address = _collect(
        errors, "address", validate_free_text(data.address, max_len=200, label="地址")
    )
    legal = data.legal_representative.strip()
    if data.kind == ORGANISATION and not legal:
        errors.setdefault("legal_representative", "请填写法定代表人")
    if errors:
        raise FormInvalid(errors)
    id_type = CREDIT_CODE if data.kind == ORGANISATION else data.id_type
    return replace(
        data,
        name=name,
        id_type=id_type,
        id_number=id_number,
        phone=phone,
        postal_code=postal,
        address=address,
        legal_representative=legal,
        contact_name=data.contact_name.strip(),
    )


def _phone(kind: str, raw: str) -> CheckResult:
    if not raw.strip():
        return CheckResult("", "请填写联系电话（手机号）")
    return validate_mobile(raw) if kind == PERSON else validate_phone(raw)


def _optional(check: object, raw: str) -> CheckResult:
    if not raw.strip():
        return CheckResult("")
    return check(raw)  # type: ignore[operator, no-any-return]


def check_agent(agent: AgentInput) -> AgentInput:
    errors: dict[str, str] = {}
    name = _collect(errors, "agent_name", validate_person_name(agent.name))
    number = _collect(errors, "agent_id_number", _check_id(PERSON, agent.id_type, agent.id_number))
    phone = _collect(errors, "agent_phone", validate_mobile(agent.phone))
    if not agent.authorisation.strip():
        errors["agent_authorisation"] = "代办须登记授权委托书（编号或说明）"
    agency_code = _collect(
        errors, "agency_code", _optional(validate_credit_code, agent.agency_code)
    )
    agency_name = agent.agency_name.strip()
    if agency_code and not agency_name:
        errors.setdefault("agency_name", "请填写代理机构名称")
    if errors:
        raise FormInvalid(errors)
    return replace(
        agent,
        name=name,
        id_number=number,
        phone=phone,
        authorisation=agent.authorisation.strip(),
        agency_name=agency_name,
        agency_code=agency_code,
    )


def _material_key(name: str) -> str:
    return "".join(name.split())


def merge_materials(items: list[ItemView]) -> tuple[MaterialLine, ...]:
    """One checklist for a bundle: each material once, the strictest need, for which items."""
    merged: dict[str, MaterialLine] = {}
    for item in items:
        for m in item.content.materials:
            key = _material_key(m.name)
            old = merged.get(key)
            if old is None:
                merged[key] = MaterialLine(
                    m.name, m.requirement, m.original, m.copies, for_items=(item.number,)
                )
                continue
            requirement = old.requirement or m.requirement
            merged[key] = replace(
                old,
                requirement=requirement,
                original_required=old.original_required or m.original,
                copies_required=max(old.copies_required, m.copies),
                for_items=(*old.for_items, item.number),
            )
    return tuple(merged.values())


def missing(materials: tuple[MaterialLine, ...]) -> tuple[MaterialLine, ...]:
    """Materials not received, or received short of copies or without a required original."""
    return tuple(m for m in materials if not satisfied(m))


def satisfied(m: MaterialLine) -> bool:
    if not m.received:
        return False
    if m.received_copies and m.received_copies < m.copies_required:
        return False
    return not (m.original_required and not m.received_original)


def what_is_missing(m: MaterialLine) -> str:
    """The requirement line of the one-time notice for material ``m``."""
    parts = []
    if not m.received:
        parts.append(f"须提交{'原件' if m.original_required else '复印件'}{m.copies_required}份")
    else:
        if m.received_copies and m.received_copies < m.copies_required:
            parts.append(f"须{m.copies_required}份，已收{m.received_copies}份")
        if m.original_required and not m.received_original:
            parts.append("须提交原件")
    if m.requirement:
        parts.append(m.requirement)
    return "；".join(parts)


def check_outcome(data: ReceptionInput) -> None:
    """The outcome must fit the materials: accept only when complete, reasons to refuse."""
    lacking = missing(data.materials)
    if not data.item_ids:
        raise CounterError("请至少选择一个办理事项", "items")
    if data.outcome is Outcome.ACCEPT and lacking:
        names = "、".join(m.name for m in lacking)
        raise CounterError(f"材料不全，不能受理：{names}。请出具一次性告知书", "materials")
    if data.outcome is Outcome.INCOMPLETE and not lacking:
        raise CounterError("材料已齐全，请直接受理", "materials")
    if data.outcome is Outcome.REFUSE and not [r for r in data.reasons if r.strip()]:
        raise CounterError("不予受理须写明理由", "reasons")
    if data.outcome is Outcome.REFUSE:
        check_competent_authority(data.reasons, data.competent_authority)
    for m in data.materials:
        if m.extra and not m.name.strip():
            raise CounterError("补充的材料须填写名称", "materials")


COMPETENCE_MARKS = ("职权范围", "不属于本机关")
AUTHORITY_MAX = 80


def check_competent_authority(reasons: tuple[str, ...], authority: str) -> str:
    """The body to apply to, required when a reason says the matter is outside this office's
    powers (行政许可法 Art. 32(1)(2): say so and name the competent body)."""
    value = authority.strip()
    if len(value) > AUTHORITY_MAX:
        raise CounterError(f"有权受理机关最多 {AUTHORITY_MAX} 字", "competent_authority")
    outside = any(mark in r for r in reasons for mark in COMPETENCE_MARKS)
    if outside and not value:
        raise CounterError(
            "不属于本机关职权范围的，须写明应向哪个机关申请（有权受理机关）", "competent_authority"
        )
    return value
