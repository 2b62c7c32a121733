"""Validators for every identifier the window types in; one import point for services and UI.

Every validator takes the raw text as typed or pasted and returns a ``CheckResult`` with the
normalised value, an error message (Simplified Chinese, saying what to do) or None, and
warnings that do not block saving. ``result.unwrap(field)`` raises ``ValidationError``.
"""

from __future__ import annotations

import re
from datetime import date

from counter_app.core.normalize import CheckResult, check_compact, compact, fail
from counter_app.identity.checksums import (
    CREDIT_CODE_CHARSET,
    credit_code_check,
    org_code_check,
    patent_check,
    s10_check,
)
from counter_app.identity.masking import mask_id, mask_name, mask_phone
from counter_app.identity.personal_ids import (
    ID_TYPE_LABELS,
    IdNumberInfo,
    IdType,
    detect_id_type,
    id_number_info,
    validate_id_document,
    validate_resident_id,
)
from counter_app.identity.text_fields import (
    validate_free_text,
    validate_org_name,
    validate_person_name,
)

__all__ = [
    "ID_TYPE_LABELS",
    "PATENT_TYPE_LABELS",
    "CheckResult",
    "IdNumberInfo",
    "IdType",
    "detect_id_type",
    "id_number_info",
    "mask_id",
    "mask_name",
    "mask_phone",
    "validate_credit_code",
    "validate_free_text",
    "validate_id_document",
    "validate_mobile",
    "validate_org_name",
    "validate_patent_number",
    "validate_person_name",
    "validate_phone",
    "validate_postal_code",
    "validate_resident_id",
    "validate_tracking_number",
    "validate_trademark_number",
]

# Letters a credit code never contains, and what the writer probably meant.
_CREDIT_LOOKALIKES = {"I": "1", "O": "0", "S": "5", "Z": "2", "V": "U"}

PATENT_TYPE_LABELS: dict[str, str] = {
    "1": "发明",
    "2": "实用新型",
    "3": "外观设计",
    "8": "PCT发明（进入中国国家阶段）",
    "9": "PCT实用新型（进入中国国家阶段）",
}
_PATENT_FORMAT_HINT = (
    "专利申请号应为12位数字加1位校验位（如201710601862.3），2003年10月以前为8位加校验位"
)
_FIRST_12_DIGIT_YEAR = 2003
_OLD_PATENT_YEARS = frozenset(range(85, 100)) | frozenset(range(0, 4))

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}")
_LOCAL_NUMBER = re.compile(r"[2-9]\d{6,7}")
_S10 = re.compile(r"[A-Z]{2}(\d{8})(\d)[A-Z]{2}")
_EMS_DOMESTIC = re.compile(r"\d{13}")


def validate_credit_code(raw: str) -> CheckResult:
    """Unified social credit code (GB 32100-2015), with a GB 11714 warning on positions 9-17."""
    base = check_compact(raw, "统一社会信用代码")
    value = base.value
    if not base.ok:
        return base
    if len(value) != 18:
        return fail(value, f"统一社会信用代码应为18位（现在是{len(value)}位），请核对")
    for pos, ch in enumerate(value, start=1):
        if ch not in CREDIT_CODE_CHARSET:
            hint = f"，可能是“{_CREDIT_LOOKALIKES[ch]}”" if ch in _CREDIT_LOOKALIKES else ""
            return fail(value, f"统一社会信用代码不含字母{ch}，第{pos}位有误{hint}，请核对")
    if credit_code_check(value[:17]) != value[17]:
        return fail(value, "统一社会信用代码校验位不对，请核对最后一位（也请核对其他各位是否抄错）")
    warnings: tuple[str, ...] = ()
    if org_code_check(value[8:16]) != value[16]:
        warnings = ("第9-17位（组织机构代码）校验不符，请与营业执照或登记证书核对",)
    return CheckResult(value=value, warnings=warnings)


def _strip_patent_prefix(value: str) -> str:
    for prefix in ("ZL", "CN"):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def _patent_year_error(value: str, today: date) -> str | None:
    if len(value) == 13:
        year = int(value[:4])
        if year < _FIRST_12_DIGIT_YEAR or year > today.year:
            return f"专利申请号的年份{year}不对（应在2003年至今年之间），请核对前4位"
        return None
    if int(value[:2]) not in _OLD_PATENT_YEARS:
        return f"8位专利申请号的年份“{value[:2]}”不对（应为85至03），请核对前2位"
    return None


def validate_patent_number(raw: str, *, today: date | None = None) -> CheckResult:
    """CNIPA patent application number (ZC 0006-2003); CN/ZL prefix and the dot are optional.

    The normalised value has the dot and no prefix, e.g. ``201710601862.3``; ``kind`` is the
    patent type label.
    """
    base = check_compact(raw.replace("。", "."), "专利申请号", extra=".")
    if not base.ok:
        return base
    value = _strip_patent_prefix(base.value).replace(".", "")
    if len(value) not in (9, 13) or not value[:-1].isdigit():
        return fail(value, _PATENT_FORMAT_HINT)
    if not (value[-1].isdigit() or value[-1] == "X"):
        return fail(value, "专利申请号的校验位（点后一位）应为数字或X，请核对")
    shown = f"{value[:-1]}.{value[-1]}"
    type_digit = value[4] if len(value) == 13 else value[2]
    year_error = _patent_year_error(value, today or date.today())
    if year_error is not None:
        return fail(shown, year_error)
    if type_digit not in PATENT_TYPE_LABELS:
        return fail(shown, f"专利类型位“{type_digit}”不对（应为1、2、3、8或9），请核对")
    if patent_check(value[:-1]) != value[-1]:
        return fail(shown, "专利申请号校验位不对，请核对点后一位（也请核对其他各位是否抄错）")
    return CheckResult(value=shown, kind=PATENT_TYPE_LABELS[type_digit])


def validate_trademark_number(raw: str) -> CheckResult:
    """Trademark registration (or application) number: 1-9 digits, 第/号 stripped."""
    text = compact(raw).removeprefix("注册号").removeprefix("第").removesuffix("号")
    base = check_compact(text, "商标注册号")
    if not base.ok:
        return base
    if not base.value.isdigit() or len(base.value) > 9:
        return fail(base.value, "商标注册号应为1至9位数字，请核对")
    return base


def _strip_country_code(value: str) -> str:
    for prefix in ("+86", "0086"):
        if value.startswith(prefix):
            return value[len(prefix) :]
    return value


def _phone_digits(raw: str, label: str) -> CheckResult:
    text = compact(raw).replace("(", "").replace(")", "")
    text = _strip_country_code(text)
    return check_compact(text, label)


def validate_mobile(raw: str) -> CheckResult:
    """Mainland mobile number; +86/0086, spaces and dashes are removed."""
    base = _phone_digits(raw, "手机号")
    if not base.ok:
        return base
    if _MOBILE.fullmatch(base.value) is None:
        digits = len(base.value)
        return fail(base.value, f"手机号应为1开头的11位数字（现在是{digits}位），请核对")
    return CheckResult(value=base.value, kind="mobile")


def validate_phone(raw: str) -> CheckResult:
    """A contact phone: a mobile, or a landline with area code (a local number only warns)."""
    base = _phone_digits(raw, "联系电话")
    if not base.ok:
        return base
    value = base.value
    if _MOBILE.fullmatch(value) or _LANDLINE.fullmatch(value):
        return CheckResult(value=value, kind="mobile" if value.startswith("1") else "landline")
    if _LOCAL_NUMBER.fullmatch(value):
        return CheckResult(value=value, warnings=("固定电话没有区号，请补上区号",), kind="landline")
    return fail(value, "联系电话应为11位手机号，或区号加固定电话号码（如0518-85123456），请核对")


def validate_postal_code(raw: str) -> CheckResult:
    """Mainland postal code: 6 digits (Hong Kong and Macau have none)."""
    base = check_compact(raw, "邮政编码")
    if not base.ok:
        return base
    if not base.value.isdigit() or len(base.value) != 6:
        return fail(base.value, "邮政编码应为6位数字，请核对")
    return base


def validate_tracking_number(raw: str) -> CheckResult:
    """Mail tracking number: UPU S10 (check digit verified) or a 13-digit domestic EMS number."""
    base = check_compact(raw, "邮件号")
    if not base.ok:
        return base
    value = base.value
    s10 = _S10.fullmatch(value)
    if s10 is not None:
        if s10_check(s10.group(1)) != s10.group(2):
            return fail(value, "邮件号校验位（第11位）不对，请核对")
        return CheckResult(value=value, kind="s10")
    if _EMS_DOMESTIC.fullmatch(value):
        return CheckResult(value=value, kind="ems_domestic")
    return fail(
        value,
        "邮件号应为13位数字（国内EMS），或2个字母加9位数字加2个字母（如EA123456785CN），请核对",
    )
