"""Identity documents of natural persons: resident ID (GB 11643-1999) and its relatives.

The 18-character number shared by the resident ID card, the Hong Kong/Macau/Taiwan residence
permits (area 810000/820000/830000) and the 2023 foreign permanent-residence card (first
character 9) is checked in full; travel permits and passports only by format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counter_app.core.normalize import CheckResult, check_compact, fail
from counter_app.identity.checksums import resident_id_check


class IdType(StrEnum):
    """The ID document a natural person shows at the window."""

    RESIDENT_ID = "resident_id"
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"
    FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence"
    HK_MACAU_TRAVEL_PERMIT = "hk_macau_travel_permit"
    TAIWAN_TRAVEL_PERMIT = "taiwan_travel_permit"
    PASSPORT = "passport"

    @property
    def label(self) -> str:
        return ID_TYPE_LABELS[self]


ID_TYPE_LABELS: dict[IdType, str] = {
    IdType.RESIDENT_ID: "居民身份证",
    IdType.HMT_RESIDENCE_PERMIT: "港澳台居民居住证",
    IdType.FOREIGN_PERMANENT_RESIDENCE: "外国人永久居留身份证",
    IdType.HK_MACAU_TRAVEL_PERMIT: "港澳居民来往内地通行证",
    IdType.TAIWAN_TRAVEL_PERMIT: "台湾居民来往大陆通行证",
    IdType.PASSPORT: "护照",
}

# Province-level prefixes of GB/T 2260 (71 Taiwan; 81-83 belong to the residence permits).
_PROVINCES = frozenset(
    str(code)
    for code in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55))
).union(str(code) for code in (*range(61, 66), 71))
_HMT_AREAS = frozenset({"810000", "820000", "830000"})
_MAX_PLAUSIBLE_AGE = 120

_HK_MACAU_PERMIT = re.compile(r"[HM]\d{8}(\d{2})?")
_TAIWAN_PERMIT = re.compile(r"\d{8}")
_PASSPORT = re.compile(r"[A-Z0-9]{5,17}")


@dataclass(frozen=True, slots=True)
class IdNumberInfo:
    """What an 18-character ID number tells about its holder."""

    id_type: IdType
    birth_date: date
    male: bool


def detect_id_type(number18: str) -> IdType:
    """Which 18-character document a (normalised) number belongs to."""
    if number18.startswith("9"):
        return IdType.FOREIGN_PERMANENT_RESIDENCE
    if number18[:6] in _HMT_AREAS:
        return IdType.HMT_RESIDENCE_PERMIT
    return IdType.RESIDENT_ID


def id_number_info(number18: str) -> IdNumberInfo:
    """Birth date, sex and document type of a number that already passed validation."""
    birth = _parse_birth(number18[6:14])
    if len(number18) != 18 or birth is None:
        raise ValueError("not a validated 18-character ID number")
    return IdNumberInfo(detect_id_type(number18), birth, int(number18[16]) % 2 == 1)


def _parse_birth(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _birth_problems(number18: str, today: date, label: str) -> tuple[str | None, tuple[str, ...]]:
    """(error, warnings) about the birth date at positions 7-14."""
    text = number18[6:14]
    birth = _parse_birth(text)
    shown = f"{text[:4]}-{text[4:6]}-{text[6:8]}"
    if birth is None:
        return f"{label}中的出生日期{shown}不存在，请核对第7-14位", ()
    if birth > today:
        return f"{label}中的出生日期{shown}晚于今天，请核对第7-14位", ()
    if today.year - birth.year > _MAX_PLAUSIBLE_AGE:
        return None, (f"出生日期{shown}表示年龄超过{_MAX_PLAUSIBLE_AGE}岁，请核对第7-14位",)
    return None, ()


def _check_18(value: str, today: date, label: str) -> CheckResult:
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return fail(value, f"{label}前17位应为数字，最后一位为数字或X，请核对")
    error, warnings = _birth_problems(value, today, label)
    if error is not None:
        return fail(value, error)
    if resident_id_check(value[:17]) != value[17]:
        return fail(value, f"{label}校验位不对，请核对最后一位（也请核对其他各位是否抄错）")
    kind = detect_id_type(value)
    if kind is IdType.RESIDENT_ID and value[:2] not in _PROVINCES:
        warnings += (
            f"地区码{value[:6]}的前两位不是已知的省级代码，请核对前6位；如证件上就是这样，可以继续",
        )
    return CheckResult(value=value, warnings=warnings, kind=kind)


def _upgrade_15(value: str, today: date, label: str) -> CheckResult:
    if not value.isdigit():
        return fail(value, f"15位旧{label}应全部为数字，请核对")
    body = value[:6] + "19" + value[6:]
    upgraded = body + resident_id_check(body)
    result = _check_18(upgraded, today, label)
    if not result.ok:
        return result
    note = f"已将15位旧身份证号码升级为18位：{upgraded}，请与证件核对"
    return CheckResult(value=upgraded, warnings=(note, *result.warnings), kind=result.kind)


def _check_resident_like(id_type: IdType, raw: str, today: date) -> CheckResult:
    label = id_type.label + "号码"
    base = check_compact(raw, label)
    if not base.ok:
        return base
    value = base.value
    if len(value) == 15 and id_type is IdType.RESIDENT_ID:
        result = _upgrade_15(value, today, label)
    elif len(value) == 18:
        result = _check_18(value, today, label)
    else:
        return fail(value, f"{label}应为18位（现在是{len(value)}位），请核对")
    if result.ok and result.kind is not None and result.kind != id_type:
        actual = IdType(result.kind).label
        return fail(value, f"这是{actual}号码，请把证件类型改为“{actual}”")
    return result


def _check_format(id_type: IdType, raw: str, pattern: re.Pattern[str], hint: str) -> CheckResult:
    label = id_type.label + "号码"
    base = check_compact(raw, label)
    if not base.ok:
        return base
    if pattern.fullmatch(base.value) is None:
        return fail(base.value, f"{label}{hint}，请核对")
    return CheckResult(value=base.value, kind=id_type)


_FORMAT_RULES: dict[IdType, tuple[re.Pattern[str], str]] = {
    IdType.HK_MACAU_TRAVEL_PERMIT: (
        _HK_MACAU_PERMIT,
        "应为字母H或M加8位数字（部分证件为10位数字）",
    ),
    IdType.TAIWAN_TRAVEL_PERMIT: (_TAIWAN_PERMIT, "应为8位数字"),
    IdType.PASSPORT: (_PASSPORT, "应为5至17位字母或数字"),
}


def validate_id_document(id_type: IdType, raw: str, *, today: date | None = None) -> CheckResult:
    """Validate the number of an ID document of the given type.

    ``today`` (default: the system date) is the limit for birth dates.
    """
    if id_type in _FORMAT_RULES:
        pattern, hint = _FORMAT_RULES[id_type]
        return _check_format(id_type, raw, pattern, hint)
    return _check_resident_like(id_type, raw, today or date.today())


def validate_resident_id(raw: str, *, today: date | None = None) -> CheckResult:
    """Resident ID card number (18 characters; a legacy 15-digit number is upgraded)."""
    return validate_id_document(IdType.RESIDENT_ID, raw, today=today)
