"""Delivery rules with no I/O: mail addresses, the parcel checklist, who may collect."""

from __future__ import annotations

from dataclasses import dataclass, replace

from counter_app.cases.rules.reception import FormInvalid
from counter_app.core.errors import CounterError
from counter_app.core.normalize import compact
from counter_app.identity.identifiers import (
    IdType,
    validate_id_document,
    validate_mobile,
    validate_person_name,
    validate_postal_code,
    validate_tracking_number,
)

DISTRICT_ENDINGS = ("区", "县", "市", "旗")
# Hong Kong and Macau have no postal codes (FACTS.md).
NO_POSTCODE_PROVINCES = ("香港", "澳门")


@dataclass(frozen=True)
class ContentLine:
    name: str
    copies: int = 1
    packed: bool = False


@dataclass(frozen=True)
class MailInput:
    recipient_name: str
    mobile: str
    province: str
    city: str
    district: str
    detail: str
    postal_code: str
    contents: tuple[ContentLine, ...]
    tracking_number: str = ""


@dataclass(frozen=True)
class CollectorInput:
    name: str
    id_type: str
    id_number: str
    authorisation: str = ""  # 授权委托书: required when the collector is not on file


def _address_errors(m: MailInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not m.province.strip():
        errors["province"] = "请填写省（自治区、直辖市）"
    if not m.city.strip():
        errors["city"] = "请填写市"
    district = m.district.strip()
    if not district:
        errors["district"] = "请填写区（县），邮件须写到区县一级"
    elif not district.endswith(DISTRICT_ENDINGS):
        errors["district"] = "区县名称应以“区”“县”“市”或“旗”结尾，请核对"
    if len(m.detail.strip()) < 4:
        errors["detail"] = "请填写详细地址（街道、门牌号）"
    return errors


def check_mail(m: MailInput) -> MailInput:
    """Every field checked at once; the parcel must be complete before it is sealed."""
    errors = _address_errors(m)
    name = validate_person_name(m.recipient_name, label="收件人")
    if name.error and len(m.recipient_name.strip()) < 2:
        errors["recipient_name"] = name.error
    mobile = validate_mobile(m.mobile)
    if mobile.error:
        errors["mobile"] = mobile.error
    postal = m.postal_code.strip()
    if not postal and m.province.strip().startswith(NO_POSTCODE_PROVINCES):
        postal_value = ""
    else:
        checked = validate_postal_code(postal)
        postal_value = checked.value
        if checked.error:
            errors["postal_code"] = checked.error
    tracking = _tracking(m.tracking_number, errors)
    if not m.contents:
        errors["contents"] = "请列出邮件内装的材料（证书、决定书等）"
    elif not all(c.packed for c in m.contents):
        names = "、".join(c.name for c in m.contents if not c.packed)
        errors["contents"] = f"以下材料尚未核对装入：{names}。全部勾选后才能封装寄出"
    if errors:
        raise FormInvalid(errors)
    return replace(
        m,
        recipient_name=m.recipient_name.strip(),
        mobile=mobile.value,
        postal_code=postal_value,
        tracking_number=tracking,
        district=m.district.strip(),
        detail=m.detail.strip(),
    )


def _tracking(raw: str, errors: dict[str, str]) -> str:
    if not raw.strip():
        return ""
    checked = validate_tracking_number(raw)
    if checked.error:
        errors["tracking_number"] = checked.error
    return checked.value


def check_tracking(raw: str) -> str:
    checked = validate_tracking_number(raw)
    if checked.error:
        raise CounterError(checked.error, "tracking_number")
    return checked.value


def normalise_id(id_type: str, raw: str) -> str:
    try:
        result = validate_id_document(IdType(id_type), raw)
    except ValueError:
        return compact(raw).upper()
    return result.value if result.ok else compact(raw).upper()


def collector_may_collect(collector: CollectorInput, on_file: tuple[str, ...]) -> str:
    """ "applicant" or "agent" when ``collector`` may take the results; else a refusal.

    ``on_file`` holds the normalised ID numbers of the applicant and of the registered agent.
    """
    if not collector.name.strip():
        raise CounterError("请填写领取人姓名", "collector_name")
    number = normalise_id(collector.id_type, collector.id_number)
    if not number:
        raise CounterError("请核验并录入领取人证件号码", "collector_id_number")
    if number in on_file:
        return "applicant"
    if collector.authorisation.strip():
        return "agent"
    raise CounterError(
        "领取人证件与申请人（或登记的代理人）不符。代领须出示申请人的授权委托书并登记后方可领取",
        "collector_id_number",
    )
