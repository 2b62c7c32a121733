"""What mutation testing (docs/decisions/0012-mutation-testing.md) found unpinned in the
identity checks: the value handed back with an error, the wording of the messages the staff
read, boundaries of masking and of plausible ages, the letters of an organisation code and the
check characters 10 and 11, and warnings that must not appear on a clean number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from counter_app.core.normalize import CheckResult
from counter_app.identity.checksums import (
    credit_code_check,
    org_code_check,
    patent_check,
    resident_id_check,
    s10_check,
)
from counter_app.identity.identifiers import (
    IdType,
    id_number_info,
    validate_credit_code,
    validate_id_document,
    validate_mobile,
    validate_patent_number,
    validate_phone,
    validate_postal_code,
    validate_resident_id,
    validate_tracking_number,
    validate_trademark_number,
)
from counter_app.identity.masking import mask_id, mask_phone
from counter_app.identity.text_fields import (
    validate_free_text,
    validate_org_name,
    validate_person_name,
)

TODAY = date(2026, 11, 27)


# -- GB 11714 organisation code, written again from the standard -------------------------


def _org_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10  # A = 10 ... Z = 35


def _org_check_independent(first8: str) -> str:
    total = sum(_org_value(c) * w for c, w in zip(first8, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    c9 = 11 - total % 11
    return {10: "X", 11: "0"}.get(c9, str(c9))


def test_organisation_code_with_letters_and_every_check_character() -> None:
    # A real code: 91350100M000100Y43 carries the organisation code M000100Y-4.
    assert org_code_check("M000100Y") == "4"
    assert org_code_check("m000100y") == "4"  # read in capitals
    seen: dict[str, str] = {}
    for n in range(3000):
        payload = f"MA{n:05d}Y"[:8] if n % 2 else f"{n:06d}AZ"
        expected = _org_check_independent(payload.upper())
        assert org_code_check(payload) == expected, payload
        seen.setdefault(expected, payload)
    assert set(seen) == set("0123456789X")  # 10 -> X and 11 -> 0 both met


def test_a_credit_code_whose_organisation_code_has_letters_is_clean() -> None:
    result = validate_credit_code("91350100M000100Y43")
    assert result.ok and result.value == "91350100M000100Y43" and result.warnings == ()


@pytest.mark.parametrize(
    ("check", "bad", "message"),
    [
        (resident_id_check, ["1234", "1101051949123100X", "11010519491231002X"], "需要17位数字"),
        (
            credit_code_check,
            ["9111000060003734", "91110000600037I4L", "91110000600037341L"],
            "需要17位统一社会信用代码字符",
        ),
        (org_code_check, ["6000373", "600037-4", "60003734A", "6000373中"], "需要8位数字或字母"),
        (patent_check, ["20171060186", "2017106018X3", "9511560"], "需要12位或8位数字"),
        (s10_check, ["1234567", "1234567A", "123456789"], "需要8位数字"),
    ],
)
def test_the_check_functions_refuse_what_they_cannot_weigh(
    check: Callable[[str], str], bad: list[str], message: str
) -> None:
    for payload in bad:
        with pytest.raises(ValueError, match=f"^{message}$"):
            check(payload)


def test_a_credit_code_whose_organisation_code_does_not_check_is_a_warning() -> None:
    body = "9132070012345678"
    wrong = next(d for d in "0123456789" if d != org_code_check(body[8:16]))
    code = body + wrong + credit_code_check(body + wrong)
    result = validate_credit_code(code)
    assert result.ok and result.value == code
    assert result.warnings == ("第9-17位（组织机构代码）校验不符，请与营业执照或登记证书核对",)


# -- the value and the message given back -----------------------------------------------

_UPGRADED_BAD_BIRTH = "11010519491232002" + resident_id_check("11010519491232002")

CASES: list[tuple[Callable[[str], CheckResult], str, str, str]] = [
    # (validator, typed, value handed back, message)
    (
        validate_credit_code,
        "9111 0000 6000",
        "911100006000",
        "统一社会信用代码应为18位（现在是12位），请核对",
    ),
    (
        validate_credit_code,
        "91110000600037341Z",
        "91110000600037341Z",
        "统一社会信用代码不含字母Z，第18位有误，可能是“2”，请核对",
    ),
    (
        validate_credit_code,
        "91110000600037341L",
        "91110000600037341L",
        "",
    ),
    (
        validate_credit_code,
        "91110000600037341M",
        "91110000600037341M",
        "统一社会信用代码校验位不对，请核对最后一位（也请核对其他各位是否抄错）",
    ),
    (
        validate_patent_number,
        "2017106018",
        "2017106018",
        "专利申请号应为12位数字加1位校验位（如201710601862.3），2003年10月以前为8位加校验位",
    ),
    (
        validate_patent_number,
        "201710601862.A",
        "201710601862A",
        "专利申请号的校验位（点后一位）应为数字或X，请核对",
    ),
    (
        validate_patent_number,
        "201750601862.3",
        "201750601862.3",
        "专利类型位“5”不对（应为1、2、3、8或9），请核对",
    ),
    (
        validate_patent_number,
        "201710601862.4",
        "201710601862.4",
        "专利申请号校验位不对，请核对点后一位（也请核对其他各位是否抄错）",
    ),
    (validate_trademark_number, "第1234567890号", "1234567890", "商标注册号应为1至9位数字，请核对"),
    (
        validate_mobile,
        "138 1234 567",
        "1381234567",
        "手机号应为1开头的11位数字（现在是10位），请核对",
    ),
    (
        validate_phone,
        "12345",
        "12345",
        "联系电话应为11位手机号，或区号加固定电话号码（如0518-85123456），请核对",
    ),
    (validate_postal_code, "22200", "22200", "邮政编码应为6位数字，请核对"),
    (
        validate_tracking_number,
        "EA123456784CN",
        "EA123456784CN",
        "邮件号校验位（第11位）不对，请核对",
    ),
    (
        validate_tracking_number,
        "EA12345678CN",
        "EA12345678CN",
        "邮件号应为13位数字（国内EMS），或2个字母加9位数字加2个字母（如EA123456785CN），请核对",
    ),
    (
        validate_resident_id,
        "1101051949123100",
        "1101051949123100",
        "居民身份证号码应为18位（现在是16位），请核对",
    ),
    (
        validate_resident_id,
        "11010519491231002Y",
        "11010519491231002Y",
        "居民身份证号码前17位应为数字，最后一位为数字或X，请核对",
    ),
    (
        validate_resident_id,
        "110105194912320020",
        "110105194912320020",
        "居民身份证号码中的出生日期1949-12-32不存在，请核对第7-14位",
    ),
    (
        validate_resident_id,
        "110105194912310021",
        "110105194912310021",
        "居民身份证号码校验位不对，请核对最后一位（也请核对其他各位是否抄错）",
    ),
    (
        validate_resident_id,
        "110105491232002",
        _UPGRADED_BAD_BIRTH,
        "居民身份证号码中的出生日期1949-12-32不存在，请核对第7-14位",
    ),
    (
        validate_resident_id,
        "11010549123100A",
        "11010549123100A",
        "15位旧居民身份证号码应全部为数字，请核对",
    ),
    (
        validate_resident_id,
        "810000199408230021",
        "810000199408230021",
        "这是港澳台居民居住证号码，请把证件类型改为“港澳台居民居住证”",
    ),
]


@pytest.mark.parametrize(("validator", "typed", "value", "message"), CASES)
def test_value_and_message(
    validator: Callable[..., CheckResult], typed: str, value: str, message: str
) -> None:
    kwargs = {"today": TODAY} if validator in (validate_resident_id, validate_patent_number) else {}
    result = validator(typed, **kwargs)
    assert result.value == value
    assert (result.error or "") == message


@pytest.mark.parametrize(
    ("validator", "label"),
    [
        (validate_credit_code, "统一社会信用代码"),
        (validate_patent_number, "专利申请号"),
        (validate_trademark_number, "商标注册号"),
        (validate_mobile, "手机号"),
        (validate_phone, "联系电话"),
        (validate_postal_code, "邮政编码"),
        (validate_tracking_number, "邮件号"),
        (validate_resident_id, "居民身份证号码"),
    ],
)
def test_blank_and_bad_characters_name_the_field(
    validator: Callable[[str], CheckResult], label: str
) -> None:
    blank = validator("  ")
    assert blank.value == "" and blank.error == f"请填写{label}"
    bad = validator("12#45")
    assert bad.value is not None and bad.error is not None
    assert bad.error.startswith(label) and "#" in bad.error


@pytest.mark.parametrize(
    ("id_type", "typed", "message"),
    [
        (IdType.PASSPORT, "E1", "护照号码应为5至17位字母或数字，请核对"),
        (IdType.TAIWAN_TRAVEL_PERMIT, "1234567", "台湾居民来往大陆通行证号码应为8位数字，请核对"),
        (
            IdType.HK_MACAU_TRAVEL_PERMIT,
            "C12345678",
            "港澳居民来往内地通行证号码应为字母H或M加8位数字（部分证件为10位数字），请核对",
        ),
    ],
)
def test_documents_checked_by_format_say_the_format(
    id_type: IdType, typed: str, message: str
) -> None:
    result = validate_id_document(id_type, typed)
    assert (result.value, result.error) == (typed, message)


def test_documents_checked_by_format_name_a_bad_character() -> None:
    result = validate_id_document(IdType.PASSPORT, "E12#45678")
    assert result.value == "E12#45678"
    assert result.error is not None and result.error.startswith("护照号码") and "#" in result.error


def test_documents_checked_by_format_hand_back_value_and_kind() -> None:
    result = validate_id_document(IdType.PASSPORT, "e 1234 5678")
    assert (result.value, result.error, result.kind) == ("E12345678", None, IdType.PASSPORT)


# -- values and kinds of valid numbers --------------------------------------------------


def test_valid_numbers_come_back_normalised_with_their_kind() -> None:
    assert validate_tracking_number("ea 123 456 785 cn").value == "EA123456785CN"
    assert validate_tracking_number("ea123456785cn").kind == "s10"
    ems = validate_tracking_number("1234 5678 90123")
    assert (ems.value, ems.kind) == ("1234567890123", "ems_domestic")
    assert (validate_mobile("+86 138-1234-5678").value, validate_mobile("13812345678").kind) == (
        "13812345678",
        "mobile",
    )
    mobile = validate_phone("138 1234 5678")
    assert (mobile.value, mobile.kind, mobile.warnings) == ("13812345678", "mobile", ())
    landline = validate_phone("0518-85123456")
    assert (landline.value, landline.kind) == ("051885123456", "landline")
    local = validate_phone("85123456")
    assert (local.value, local.kind, local.warnings) == (
        "85123456",
        "landline",
        ("固定电话没有区号，请补上区号",),
    )
    assert validate_trademark_number("注册号12345").value == "12345"
    assert validate_trademark_number("第12345号").value == "12345"


def test_old_patent_numbers_read_the_type_from_the_third_digit() -> None:
    # 8-digit numbers (before 2003): YY T NNNNN; the type digit is the third.
    payload = "98201234"
    number = f"{payload}.{patent_check(payload)}"
    result = validate_patent_number(number, today=TODAY)
    assert result.ok and result.kind == "实用新型"


def test_the_patent_year_is_checked_against_the_given_day() -> None:
    payload = "202310123456"
    number = f"{payload}.{patent_check(payload)}"
    assert validate_patent_number(number, today=date(2026, 1, 1)).ok
    assert validate_patent_number(number, today=date(2023, 1, 1)).ok  # this year's own
    early = validate_patent_number(number, today=date(2022, 6, 1))
    assert early.value == number
    assert early.error == "专利申请号的年份2023不对（应在2003年至今年之间），请核对前4位"


# -- resident ID: warnings only when there is something to say ---------------------------


def _with_check(first17: str) -> str:
    return first17 + resident_id_check(first17)


def test_a_clean_resident_id_carries_no_warning() -> None:
    for number in ("11010519491231002X", _with_check("32070519900101123")):
        result = validate_resident_id(number, today=TODAY)
        assert result.ok and result.warnings == () and result.kind == IdType.RESIDENT_ID, number


def test_a_residence_permit_is_not_warned_about_its_area_code() -> None:
    number = _with_check("81000019940823002")
    result = validate_id_document(IdType.HMT_RESIDENCE_PERMIT, number, today=TODAY)
    assert result.ok and result.warnings == () and result.kind == IdType.HMT_RESIDENCE_PERMIT


def test_plausible_age_limit_is_120_years() -> None:
    at_limit = validate_resident_id(_with_check("11010519060101002"), today=TODAY)
    assert at_limit.ok and at_limit.warnings == ()
    older = validate_resident_id(_with_check("11010519050101002"), today=TODAY)
    assert older.ok
    assert older.warnings == ("出生日期1905-01-01表示年龄超过120岁，请核对第7-14位",)


def test_every_warning_is_kept() -> None:
    # An unknown province and an implausible age: both are said.
    result = validate_resident_id(_with_check("01010518800101002"), today=TODAY)
    assert result.ok
    assert result.warnings == (
        "出生日期1880-01-01表示年龄超过120岁，请核对第7-14位",
        "地区码010105的前两位不是已知的省级代码，请核对前6位；如证件上就是这样，可以继续",
    )


def test_a_legacy_number_is_upgraded_with_its_kind() -> None:
    result = validate_resident_id("110105491231002", today=TODAY)
    assert result.ok and result.value == "11010519491231002X"
    assert result.kind == IdType.RESIDENT_ID
    assert result.warnings == ("已将15位旧身份证号码升级为18位：11010519491231002X，请与证件核对",)


def test_id_number_info() -> None:
    info = id_number_info("11010519491231002X")
    assert info == type(info)(IdType.RESIDENT_ID, date(1949, 12, 31), False)
    male = id_number_info(_with_check("11010519491231003"))  # sequence ends in 3: odd
    assert male.male
    assert id_number_info(_with_check("81000019940823002")).id_type == IdType.HMT_RESIDENCE_PERMIT
    with pytest.raises(ValueError, match=r"^not a validated 18-character ID number$"):
        id_number_info("11010519491231002")
    with pytest.raises(ValueError, match="not a validated"):
        id_number_info("1101051949123X002X")


# -- masking boundaries --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("123456789012", "1234****9012"),
        ("12345678901", "12*******01"),
        ("123456", "12**56"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_mask_id_boundaries(value: str, masked: str) -> None:
    assert mask_id(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("12345678", "123*5678"),
        ("1234567", "*****67"),
        ("12345", "***45"),
        ("123", "*23"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_mask_phone_boundaries(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


# -- free text and names -----------------------------------------------------------------


def test_text_field_limits_and_labels() -> None:
    assert validate_free_text("x" * 10, max_len=10).ok
    too_long = validate_free_text("x" * 11, max_len=10)
    assert too_long.value == "x" * 11
    assert too_long.error == "内容最多10个字（现在是11个），请删减"
    required = validate_free_text("  ", max_len=10, required=True)
    assert (required.value, required.error) == ("", "请填写内容")
    optional = validate_free_text("  ", max_len=10)
    assert optional.ok and optional.value == ""
    assert validate_free_text("第一行\r第二行", max_len=50).value == "第一行\n第二行"
    one_line = validate_free_text("第一行\n第二行", max_len=50, multiline=False)
    assert one_line.value == "第一行\n第二行" and one_line.error == "内容只能写一行，请删除换行"
    bell = validate_free_text("响\x07铃", max_len=50)
    assert bell.value == "响\x07铃" and bell.error is not None and bell.error.startswith("内容")
    assert validate_org_name("某" * 5, max_len=4).error == "单位名称最多4个字（现在是5个），请删减"


def test_names_report_with_their_value() -> None:
    blank = validate_person_name("  ")
    assert (blank.value, blank.error) == ("", "请填写姓名")
    digits = validate_person_name("王5")
    assert digits.value == "王5" and digits.error == "姓名中不能有数字，请按证件上的写法填写"
    bad = validate_person_name("王@")
    assert bad.value == "王@" and bad.error is not None and bad.error.startswith("姓名")
    assert validate_person_name("JOHN · SMITH").value == "JOHN·SMITH"
    org_blank = validate_org_name(" ")
    assert (org_blank.value, org_blank.error) == ("", "请填写单位名称")


@pytest.mark.parametrize("symbol", ["®", "©", "^", "`"])  # Unicode So and Sk
def test_symbols_are_refused_in_organisation_names(symbol: str) -> None:
    result = validate_org_name(f"连云港某某{symbol}科技有限公司")
    assert result.value == f"连云港某某{symbol}科技有限公司"
    assert result.error is not None and result.error.startswith("单位名称")
