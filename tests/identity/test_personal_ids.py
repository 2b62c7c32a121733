"""Resident ID and related ID documents."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from counter_app.core.errors import ValidationError
from counter_app.identity.checksums import resident_id_check
from counter_app.identity.identifiers import (
    IdType,
    id_number_info,
    validate_id_document,
    validate_resident_id,
)

TODAY = date(2026, 11, 28)


def _with_check(first17: str) -> str:
    return first17 + resident_id_check(first17)


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014"])
def test_published_examples_are_valid(number: str) -> None:
    result = validate_resident_id(number, today=TODAY)
    assert result.ok, result.error
    assert result.value == number
    assert result.kind == IdType.RESIDENT_ID


def test_standard_example_from_1880_only_warns_about_age() -> None:
    result = validate_resident_id("440524188001010014", today=TODAY)
    assert result.ok
    assert any("120岁" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("110105194912310021", "校验位不对，请核对最后一位"),
        ("440524188001010015", "校验位不对"),
        ("11010519491231002", "应为18位（现在是17位）"),
        ("1101051949123100211", "应为18位（现在是19位）"),
        ("11010519490231002X", "出生日期1949-02-31不存在"),
        ("A1010519491231002X", "前17位应为数字"),
    ],
)
def test_invalid_numbers_say_what_is_wrong(number: str, fragment: str) -> None:
    result = validate_resident_id(number, today=TODAY)
    assert not result.ok
    assert result.error is not None and fragment in result.error


def test_future_birth_date_is_an_error() -> None:
    number = _with_check("11010520261129001")
    result = validate_resident_id(number, today=TODAY)
    assert result.error is not None and "晚于今天" in result.error
    assert validate_resident_id(number, today=date(2026, 11, 29)).ok


@pytest.mark.parametrize(
    "raw",
    [
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        " 110105 19491231 002x ",
        "110105-1949-1231-002X",
        "110105\u200b19491231002X",
        "110105\u300019491231002X",
    ],
)
def test_pasted_and_full_width_input_is_normalised(raw: str) -> None:
    result = validate_resident_id(raw, today=TODAY)
    assert result.ok, result.error
    assert result.value == "11010519491231002X"


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("11010519491231002X😀", "表情或特殊符号“😀”"),
        ("110105194912310\x0702X", "不可见字符（U+0007）"),
        ("11010519491231002号", "字符“号”"),
        ("", "请填写"),
    ],
)
def test_junk_is_rejected_with_a_message(raw: str, fragment: str) -> None:
    result = validate_resident_id(raw, today=TODAY)
    assert result.error is not None and fragment in result.error


def test_unknown_province_is_a_warning_not_an_error() -> None:
    number = _with_check("09010519900101001")
    result = validate_resident_id(number, today=TODAY)
    assert result.ok, result.error
    assert any("地区码" in w for w in result.warnings)


def test_legacy_15_digit_number_is_upgraded() -> None:
    result = validate_resident_id("110105491231002", today=TODAY)
    assert result.ok
    assert result.value == "11010519491231002X"
    assert any("升级为18位" in w for w in result.warnings)


def test_legacy_15_digit_with_impossible_date_is_rejected() -> None:
    result = validate_resident_id("110105490231002", today=TODAY)
    assert result.error is not None and "不存在" in result.error


@pytest.mark.parametrize(
    ("first17", "id_type"),
    [
        ("81000019900101001", IdType.HMT_RESIDENCE_PERMIT),
        ("82000019900101002", IdType.HMT_RESIDENCE_PERMIT),
        ("83000019900101003", IdType.HMT_RESIDENCE_PERMIT),
        ("93115619900101004", IdType.FOREIGN_PERMANENT_RESIDENCE),
    ],
)
def test_permits_share_the_check_and_need_the_right_type(first17: str, id_type: IdType) -> None:
    number = _with_check(first17)
    assert validate_id_document(id_type, number, today=TODAY).kind == id_type
    wrong = validate_resident_id(number, today=TODAY)
    assert wrong.error is not None and f"请把证件类型改为“{id_type.label}”" in wrong.error
    bad_check = number[:17] + ("0" if number[17] != "0" else "1")
    assert not validate_id_document(id_type, bad_check, today=TODAY).ok


def test_resident_number_under_permit_type_is_refused() -> None:
    result = validate_id_document(IdType.HMT_RESIDENCE_PERMIT, "11010519491231002X", today=TODAY)
    assert result.error is not None and "居民身份证" in result.error


@pytest.mark.parametrize(
    ("id_type", "raw", "ok"),
    [
        (IdType.HK_MACAU_TRAVEL_PERMIT, "H12345678", True),
        (IdType.HK_MACAU_TRAVEL_PERMIT, "m1234567801", True),
        (IdType.HK_MACAU_TRAVEL_PERMIT, "H123456789", False),
        (IdType.HK_MACAU_TRAVEL_PERMIT, "C12345678", False),
        (IdType.TAIWAN_TRAVEL_PERMIT, "12345678", True),
        (IdType.TAIWAN_TRAVEL_PERMIT, "１２３４５６７８", True),
        (IdType.TAIWAN_TRAVEL_PERMIT, "1234567", False),
        (IdType.PASSPORT, "E12345678", True),
        (IdType.PASSPORT, "E1", False),
    ],
)
def test_format_only_documents(id_type: IdType, raw: str, ok: bool) -> None:
    assert validate_id_document(id_type, raw, today=TODAY).ok is ok


def test_id_number_info() -> None:
    info = id_number_info("11010519491231002X")
    assert info.birth_date == date(1949, 12, 31)
    assert info.male is False
    assert id_number_info(_with_check("11010519900101001")).male is True


def test_unwrap_raises_validation_error_with_field() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_resident_id("110105194912310021", today=TODAY).unwrap("id_number")
    assert caught.value.field == "id_number"
    assert "校验位" in caught.value.message
    assert validate_resident_id("11010519491231002X", today=TODAY).unwrap() == "11010519491231002X"


_areas = st.sampled_from(["110105", "320705", "440524", "650102", "540102"])
_births = st.dates(min_value=date(1910, 1, 1), max_value=TODAY)
_sequences = st.integers(min_value=0, max_value=999)


@given(area=_areas, birth=_births, seq=_sequences)
def test_generated_numbers_are_valid(area: str, birth: date, seq: int) -> None:
    number = _with_check(f"{area}{birth:%Y%m%d}{seq:03d}")
    result = validate_resident_id(number, today=TODAY)
    assert result.ok, result.error
    assert id_number_info(number).birth_date == birth


@given(
    area=_areas,
    birth=_births,
    seq=_sequences,
    position=st.integers(min_value=0, max_value=17),
    replacement=st.sampled_from("0123456789X"),
)
def test_changing_any_character_makes_it_invalid(
    area: str, birth: date, seq: int, position: int, replacement: str
) -> None:
    number = _with_check(f"{area}{birth:%Y%m%d}{seq:03d}")
    assume(number[position] != replacement)
    changed = number[:position] + replacement + number[position + 1 :]
    assert not validate_resident_id(changed, today=TODAY).ok


# GB 11643-1999 / ISO 7064 MOD 11-2 written the other way round from the code's table: the
# check value is (12 - S mod 11) mod 11, and 10 is written X.
def _iso_7064_check(first17: str) -> str:
    weights = [pow(2, 17 - i, 11) for i in range(17)]  # 7 9 10 5 8 4 2 1 6 3 ...
    total = sum(int(ch) * w for ch, w in zip(first17, weights, strict=True))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def _payload_with_remainder(remainder: int) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    for seq in range(1000):
        payload = f"11010519900101{seq:03d}"
        if sum(int(c) * w for c, w in zip(payload, weights, strict=True)) % 11 == remainder:
            return payload
    raise AssertionError(remainder)


@pytest.mark.parametrize(
    ("remainder", "check"),
    [(0, "1"), (1, "0"), (2, "X"), (3, "9"), (4, "8"), (5, "7"), (6, "6"), (7, "5"),
     (8, "4"), (9, "3"), (10, "2")],
)  # fmt: skip
def test_every_one_of_the_eleven_check_characters(remainder: int, check: str) -> None:
    payload = _payload_with_remainder(remainder)
    assert resident_id_check(payload) == check == _iso_7064_check(payload)
    assert validate_resident_id(payload + check, today=TODAY).ok
    wrong = "1" if check != "1" else "2"
    assert not validate_resident_id(payload + wrong, today=TODAY).ok
