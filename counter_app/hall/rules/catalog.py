"""Service catalogue content: categories, items, and the checks an item must pass."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from counter_app.core.errors import CounterError
from counter_app.hall.rules.legal import LegalKind
from counter_app.i18n import tr


class Category(StrEnum):
    CREATION = "creation"
    UTILIZATION = "utilization"
    PROTECTION = "protection"
    SERVICE = "service"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: dict[Category, str] = {
    Category.CREATION: tr("知识产权创造"),
    Category.UTILIZATION: tr("知识产权运用"),
    Category.PROTECTION: tr("知识产权保护"),
    Category.SERVICE: tr("知识产权服务"),
    Category.OTHER: tr("其它"),
}

APPLICANT_TYPES = {"person": tr("自然人"), "organisation": tr("法人或其他组织")}
NAME_MAX = 80


@dataclass(frozen=True)
class Material:
    name: str
    requirement: str = ""
    original: bool = False
    copies: int = 1


@dataclass(frozen=True)
class Fee:
    name: str
    amount: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class ItemContent:
    """Everything that makes up one version of a catalogue item."""

    name: str
    category: Category
    authority: str = ""
    applicant_types: tuple[str, ...] = ()
    materials: tuple[Material, ...] = ()
    time_limit_days: int | None = None
    time_limit_note: str = ""
    fees: tuple[Fee, ...] = ()
    fee_reductions: str = ""
    legal_basis: str = ""
    process: str = ""
    guide: str = ""
    rejection_reasons: tuple[str, ...] = ()
    four_eyes: bool = False
    # The notices' law (rules/legal.py): the kind of act (blank: the default by number), the
    # article the acceptance cites, the article a refusal decision cites, and for an item
    # that is not a licence its period to decide on acceptance or to handle the matter.
    legal_kind: str = ""
    acceptance_basis: str = ""
    decision_basis: str = ""
    handling_note: str = ""
    # Fields whose content is local practice still to be confirmed (待核实): names of fields
    # of this class; shown to administrators only.
    to_confirm: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["category"] = self.category.value
        data["applicant_types"] = list(self.applicant_types)
        data["materials"] = [asdict(m) for m in self.materials]
        data["fees"] = [_fee_json(f) for f in self.fees]
        data["rejection_reasons"] = list(self.rejection_reasons)
        data["to_confirm"] = list(self.to_confirm)
        return data


@dataclass(frozen=True)
class ItemView:
    """A catalogue item as the screens see it: identity, version and content."""

    id: str
    number: int
    version: int
    retired: bool
    content: ItemContent
    changed_by: str = ""
    changed_at: str = ""
    change_note: str = ""
    search_keys: tuple[str, ...] = field(default=(), compare=False)

    @property
    def code(self) -> str:
        return f"{self.number:02d}"

    @property
    def name(self) -> str:
        return self.content.name


def _fee_json(fee: Fee) -> dict[str, Any]:
    amount = None if fee.amount is None else str(fee.amount)
    return {"name": fee.name, "amount": amount, "note": fee.note}


TEXT_MAX = 4000
LINE_MAX = 500  # a material's or fee's name, a requirement, a note, a rejection reason
LIST_MAX = 200  # materials, fees, reasons of one item
AMOUNT_MAX = Decimal("1000000")  # yuan; no fee of a hall comes near it
_DIGITS = re.compile(r"[0-9]{1,4}", re.ASCII)
# Control characters have no place in catalogue text (a NUL even breaks PostgreSQL's text);
# line breaks and tabs of the longer texts are kept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _shown(value: Any) -> str:
    """A value for a message, short even when the file held something huge."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:40] + "…"


def _checked_text(value: Any, what: str, field: str, limit: int) -> str:
    if not isinstance(value, str):
        raise CounterError(tr("{w}应为文字，收到 {v}", w=what, v=_shown(value)), field)
    if len(value) > limit:
        raise CounterError(tr("{w}过长（最多 {n} 字）", w=what, n=limit), field)
    if _CONTROL.search(value):
        raise CounterError(tr("{w}含有控制字符，请删去", w=what), field)
    return value.strip()


def _text(data: Mapping[str, Any], key: str, limit: int = TEXT_MAX) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    return _checked_text(value, tr("“{key}”", key=key), key, limit)


def _flag(value: Any, what: str, field: str) -> bool:
    """A yes/no: a JSON boolean only ("no" is a non-empty string, which bool() calls true)."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise CounterError(tr("{w}应为 true 或 false，收到 {v}", w=what, v=_shown(value)), field)
    return value


def _whole(value: Any, what: str, field: str, low: int, high: int) -> int:
    """An integer from a JSON number or, as forms send it, a string of digits; in range."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    if number is None or not low <= number <= high:
        raise CounterError(
            tr("{w}应为 {a} 到 {b} 之间的整数，收到 {v}", w=what, a=low, b=high, v=_shown(value)),
            field,
        )
    return number


def _entries(raw: Any, what: str, field: str) -> list[Any]:
    if not isinstance(raw, list):
        raise CounterError(tr("{w}应为列表", w=what), field)
    if len(raw) > LIST_MAX:
        raise CounterError(tr("{w}过长（最多 {n} 项）", w=what, n=LIST_MAX), field)
    return raw


def _materials(raw: Any) -> tuple[Material, ...]:
    result: list[Material] = []
    for entry in _entries(raw, tr("材料清单"), "materials"):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict):
            raise CounterError(tr("材料清单中有一项格式不对：{v}", v=_shown(entry)), "materials")
        name = _checked_text(entry.get("name", ""), tr("材料名称"), "materials", LINE_MAX)
        if not name:
            raise CounterError(tr("材料清单中有一项缺少名称"), "materials")
        what = tr("材料“{n}”", n=name)
        copies = _whole(entry.get("copies", 1), what + tr("的份数"), "materials", 1, 99)
        requirement = entry.get("requirement", "") or ""
        result.append(
            Material(
                name=name,
                requirement=_checked_text(requirement, what + tr("的要求"), "materials", LINE_MAX),
                original=_flag(entry.get("original", False), what + tr("是否原件"), "materials"),
                copies=copies,
            )
        )
    names = [m.name for m in result]
    if len(set(names)) != len(names):
        raise CounterError(tr("材料清单中有重复的材料名称"), "materials")
    return tuple(result)


def _fees(raw: Any) -> tuple[Fee, ...]:
    fees: list[Fee] = []
    for entry in _entries(raw, tr("收费项目"), "fees"):
        if not isinstance(entry, dict):
            raise CounterError(tr("收费项目中有一项格式不对：{v}", v=_shown(entry)), "fees")
        name = _checked_text(entry.get("name", ""), tr("收费项目名称"), "fees", LINE_MAX)
        if not name:
            raise CounterError(tr("收费项目中有一项缺少名称"), "fees")
        note = _checked_text(entry.get("note", "") or "", tr("收费说明"), "fees", LINE_MAX)
        fees.append(Fee(name, _amount(entry.get("amount")), note))
    return tuple(fees)


def _amount(raw: Any) -> Decimal | None:
    """A fee in yuan: a number or a string of one, finite, 0 to ``AMOUNT_MAX``, at most two
    decimals ("NaN", "Infinity", "1e30" and true are refused, not stored)."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str | Decimal):
        raise CounterError(tr("金额应为数字，收到 {v}", v=_shown(raw)), "fees")
    text = str(raw).strip()
    try:
        amount = Decimal(text) if len(text) <= 40 else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite():
        raise CounterError(tr("金额“{v}”不是数字", v=_shown(raw)), "fees")
    if not 0 <= amount <= AMOUNT_MAX or amount != amount.quantize(Decimal("0.01")):
        raise CounterError(
            tr("金额“{v}”应为 0 到 {m} 元之间、最多两位小数的数", v=_shown(raw), m=AMOUNT_MAX),
            "fees",
        )
    return amount


def _time_limit(raw: Any) -> int | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, int | str) or isinstance(raw, bool):
        raise CounterError(tr("承诺时限应为工作日天数（整数）"), "time_limit_days")
    if isinstance(raw, str) and not _DIGITS.fullmatch(raw.strip()):
        raise CounterError(tr("承诺时限应为工作日天数（整数）"), "time_limit_days")
    days = int(raw)
    if not 0 < days <= 365:
        raise CounterError(tr("承诺时限应在 1 到 365 个工作日之间"), "time_limit_days")
    return days


def _category(raw: Any) -> Category:
    if isinstance(raw, str):
        for category in Category:
            if raw in (category.value, category.label):
                return category
    raise CounterError(tr("事项类型“{v}”不在五类之中", v=_shown(raw)), "category")


def _string_list(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    raw = data.get(key) or []
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise CounterError(tr("“{key}”应为文字列表", key=key), key)
    _entries(raw, tr("“{key}”", key=key), key)
    return tuple(
        x.strip()
        for x in (_checked_text(x, tr("“{key}”", key=key), key, LINE_MAX) for x in raw)
        if x.strip()
    )


def parse_item_content(data: Mapping[str, Any]) -> ItemContent:
    """Check and normalise item content from a form or an import file."""
    name = _text(data, "name", NAME_MAX)
    if not name:
        raise CounterError(tr("请填写事项名称"), "name")
    if "category" not in data:
        raise CounterError(tr("请选择事项类型"), "category")
    applicant_types = _string_list(data, "applicant_types")
    unknown = [t for t in applicant_types if t not in APPLICANT_TYPES]
    if unknown:
        raise CounterError(tr("未知申请人类型：{v}", v="、".join(unknown)), "applicant_types")
    return ItemContent(
        name=name,
        category=_category(data["category"]),
        authority=_text(data, "authority"),
        applicant_types=applicant_types,
        materials=_materials(data.get("materials") or []),
        time_limit_days=_time_limit(data.get("time_limit_days")),
        time_limit_note=_text(data, "time_limit_note"),
        fees=_fees(data.get("fees") or []),
        fee_reductions=_text(data, "fee_reductions"),
        legal_basis=_text(data, "legal_basis"),
        process=_text(data, "process"),
        guide=_text(data, "guide", 20000),
        rejection_reasons=_string_list(data, "rejection_reasons"),
        four_eyes=_flag(data.get("four_eyes", False), tr("“four_eyes”（双人审核）"), "four_eyes"),
        legal_kind=_legal_kind(data),
        acceptance_basis=_text(data, "acceptance_basis"),
        decision_basis=_text(data, "decision_basis"),
        handling_note=_text(data, "handling_note"),
        to_confirm=_to_confirm(data),
    )


def _legal_kind(data: Mapping[str, Any]) -> str:
    value = _text(data, "legal_kind")
    if value and value not in {k.value for k in LegalKind}:
        raise CounterError(tr("未知事项性质：{v}", v=value), "legal_kind")
    return value


def _to_confirm(data: Mapping[str, Any]) -> tuple[str, ...]:
    names = _string_list(data, "to_confirm")
    known = {f for f in ItemContent.__dataclass_fields__}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise CounterError(tr("“待核实”中有未知字段：{v}", v="、".join(unknown)), "to_confirm")
    return names
