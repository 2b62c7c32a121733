"""Service catalogue content: categories, items, and the checks an item must pass."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from counter_app.core.errors import CounterError
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

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["category"] = self.category.value
        data["applicant_types"] = list(self.applicant_types)
        data["materials"] = [asdict(m) for m in self.materials]
        data["fees"] = [_fee_json(f) for f in self.fees]
        data["rejection_reasons"] = list(self.rejection_reasons)
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


def _text(data: Mapping[str, Any], key: str, limit: int = 4000) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise CounterError(tr("“{key}”应为文字", key=key), key)
    if len(value) > limit:
        raise CounterError(tr("“{key}”过长（最多 {n} 字）", key=key, n=limit), key)
    return value.strip()


def _materials(raw: Any) -> tuple[Material, ...]:
    if not isinstance(raw, list):
        raise CounterError(tr("材料清单应为列表"), "materials")
    result: list[Material] = []
    for entry in raw:
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not str(entry.get("name", "")).strip():
            raise CounterError(tr("材料清单中有一项缺少名称"), "materials")
        raw_copies = entry.get("copies", 1)
        copies = (
            raw_copies if isinstance(raw_copies, int) and not isinstance(raw_copies, bool) else -1
        )
        if isinstance(raw_copies, str) and raw_copies.strip().isdigit():
            copies = int(raw_copies)
        if copies < 1 or copies > 99:
            raise CounterError(tr("材料“{n}”的份数应在 1 到 99 之间", n=entry["name"]), "materials")
        result.append(
            Material(
                name=str(entry["name"]).strip(),
                requirement=str(entry.get("requirement", "") or "").strip(),
                original=bool(entry.get("original", False)),
                copies=copies,
            )
        )
    names = [m.name for m in result]
    if len(set(names)) != len(names):
        raise CounterError(tr("材料清单中有重复的材料名称"), "materials")
    return tuple(result)


def _fees(raw: Any) -> tuple[Fee, ...]:
    if not isinstance(raw, list):
        raise CounterError(tr("收费项目应为列表"), "fees")
    fees: list[Fee] = []
    for entry in raw:
        if not isinstance(entry, dict) or not str(entry.get("name", "")).strip():
            raise CounterError(tr("收费项目中有一项缺少名称"), "fees")
        fees.append(Fee(str(entry["name"]).strip(), _amount(entry.get("amount")), _note(entry)))
    return tuple(fees)


def _note(entry: Mapping[str, Any]) -> str:
    return str(entry.get("note", "") or "").strip()


def _amount(raw: Any) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        raise CounterError(tr("金额“{v}”不是数字", v=raw), "fees") from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise CounterError(tr("金额“{v}”应为不小于 0、最多两位小数的数", v=raw), "fees")
    return amount


def _time_limit(raw: Any) -> int | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).isdigit():
        raise CounterError(tr("承诺时限应为工作日天数（整数）"), "time_limit_days")
    days = int(raw)
    if not 0 < days <= 365:
        raise CounterError(tr("承诺时限应在 1 到 365 个工作日之间"), "time_limit_days")
    return days


def _category(raw: Any) -> Category:
    for category in Category:
        if raw in (category.value, category.label):
            return category
    raise CounterError(tr("事项类型“{v}”不在五类之中", v=raw), "category")


def _string_list(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    raw = data.get(key) or []
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise CounterError(tr("“{key}”应为文字列表", key=key), key)
    return tuple(x.strip() for x in raw if x.strip())


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
        four_eyes=bool(data.get("four_eyes", False)),
    )
