"""Credit code, patent and trademark numbers, phones, postal codes, tracking numbers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from counter_app.identity.checksums import (
    CREDIT_CODE_CHARSET,
    credit_code_check,
    org_code_check,
    patent_check,
    s10_check,
)
from counter_app.identity.identifiers import (
    validate_credit_code,
    validate_mobile,
    validate_patent_number,
    validate_phone,
    validate_postal_code,
    validate_tracking_number,
    validate_trademark_number,
)

TODAY = date(2026, 11, 28)


# --- unified social credit code -------------------------------------------------------------


def test_published_credit_code_is_valid_without_warnings() -> None:
    result = validate_credit_code("91110000600037341L")
    assert result.ok and result.warnings == ()


@pytest.mark.parametrize(
    "raw", ["91110000600037341l", "９１１１００００６０００３７３４１Ｌ", "9111 0000-6000 3734 1L"]
)
def test_credit_code_normalisation(raw: str) -> None:
    assert validate_credit_code(raw).value == "91110000600037341L"
    assert validate_credit_code(raw).ok


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("91110000600037341M", "校验位不对"),
        ("91110000600037341", "应为18位（现在是17位）"),
        ("9111000060003734IL", "不含字母I，第17位有误，可能是“1”"),
        ("91110000600037341O", "可能是“0”"),
        ("91110000600037341L🙂", "表情或特殊符号"),
    ],
)
def test_credit_code_errors(raw: str, fragment: str) -> None:
    result = validate_credit_code(raw)
    assert result.error is not None and fragment in result.error


def test_letters_in_first_two_positions_are_allowed() -> None:
    body = "Y1110000" + "60003734" + org_code_check("60003734")
    assert validate_credit_code(body + credit_code_check(body)).ok
    body = "AN110000" + "60003734" + org_code_check("60003734")
    assert validate_credit_code(body + credit_code_check(body)).ok


def test_bad_organisation_code_part_only_warns() -> None:
    body = "91110000600037342"  # org code check should be 1
    result = validate_credit_code(body + credit_code_check(body))
    assert result.ok
    assert any("组织机构代码" in w for w in result.warnings)


_credit_chars = st.sampled_from(CREDIT_CODE_CHARSET)


@given(
    body=st.lists(_credit_chars, min_size=17, max_size=17).map("".join),
    position=st.integers(min_value=0, max_value=17),
    replacement=_credit_chars,
)
def test_credit_code_single_change_is_detected(body: str, position: int, replacement: str) -> None:
    code = body + credit_code_check(body)
    assert validate_credit_code(code).ok
    assume(code[position] != replacement)
    changed = code[:position] + replacement + code[position + 1 :]
    assert not validate_credit_code(changed).ok


# --- patent application numbers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "kind"),
    [
        ("201710601862.3", "201710601862.3", "发明"),
        ("2017106018623", "201710601862.3", "发明"),
        ("CN201710601862.3", "201710601862.3", "发明"),
        ("ZL 2017 1 0601862.3", "201710601862.3", "发明"),
        ("zl201710601862.3", "201710601862.3", "发明"),
        ("２０１７１０６０１８６２．３", "201710601862.3", "发明"),
        ("201710601862。3", "201710601862.3", "发明"),
        ("95115608.X", "95115608.X", "发明"),
        ("95115608.x", "95115608.X", "发明"),
    ],
)
def test_patent_valid_examples(raw: str, value: str, kind: str) -> None:
    result = validate_patent_number(raw, today=TODAY)
    assert result.ok, result.error
    assert (result.value, result.kind) == (value, kind)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("202310123456.7", "校验位不对"),
        ("202310123456.6X", "12位数字加1位校验位"),
        ("20171060186.3", "12位数字加1位校验位"),
        ("95115608.1", "校验位不对"),
        ("202710601862.3", "年份2027"),
        ("199810601862.3", "年份1998"),
        ("204710601862.3", "年份2047"),
        ("201740601862.3", "专利类型位“4”"),
        ("201710601862.A", "应为数字或X"),
        ("20171060186A.3", "12位数字加1位校验位"),
        ("50115608.X", "年份“50”"),
    ],
)
def test_patent_invalid_examples(raw: str, fragment: str) -> None:
    result = validate_patent_number(raw, today=TODAY)
    assert result.error is not None and fragment in result.error, result.error


def test_2023_example_check_is_6() -> None:
    assert patent_check("202310123456") == "6"
    assert validate_patent_number("202310123456.6", today=TODAY).ok


@given(
    year=st.integers(min_value=2003, max_value=2026),
    kind=st.sampled_from("12389"),
    serial=st.integers(min_value=0, max_value=9_999_999),
    position=st.integers(min_value=0, max_value=12),
    replacement=st.sampled_from("0123456789"),
)
def test_patent_single_digit_change_is_detected(
    year: int, kind: str, serial: int, position: int, replacement: str
) -> None:
    digits = f"{year}{kind}{serial:07d}"
    number = digits + patent_check(digits)
    assert validate_patent_number(number, today=TODAY).ok
    assume(number[position] != replacement)
    changed = number[:position] + replacement + number[position + 1 :]
    assert not validate_patent_number(changed, today=TODAY).ok


# --- trademark, phone, postal code ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("第12345678号", "12345678"),
        ("１２３４５６７８", "12345678"),
        ("1", "1"),
        ("123456789", "123456789"),
        ("1234567890", None),
        ("12345A", None),
        ("第号", None),
    ],
)
def test_trademark_number(raw: str, expected: str | None) -> None:
    result = validate_trademark_number(raw)
    assert result.ok is (expected is not None)
    if expected is not None:
        assert result.value == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-138-1234-5678", "13812345678"),
        ("(+86)13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("12812345678", None),
        ("1381234567", None),
        ("138123456789", None),
        ("23812345678", None),
        ("1381234567😀", None),
    ],
)
def test_mobile(raw: str, expected: str | None) -> None:
    result = validate_mobile(raw)
    assert result.ok is (expected is not None), result.error
    if expected is not None:
        assert result.value == expected


def test_mobile_error_names_the_length() -> None:
    result = validate_mobile("1381234567")
    assert result.error is not None and "现在是10位" in result.error


@pytest.mark.parametrize(
    ("raw", "kind", "warns"),
    [
        ("13812345678", "mobile", False),
        ("0518-85123456", "landline", False),
        ("010 12345678", "landline", False),
        ("85123456", "landline", True),
    ],
)
def test_contact_phone(raw: str, kind: str, warns: bool) -> None:
    result = validate_phone(raw)
    assert result.ok and result.kind == kind
    assert bool(result.warnings) is warns


def test_contact_phone_rejects_nonsense() -> None:
    assert not validate_phone("12345").ok


@pytest.mark.parametrize(
    ("raw", "ok"),
    [
        ("222000", True),
        ("２２２ ０００", True),
        ("22200", False),
        ("2220001", False),
        ("22200A", False),
    ],
)
def test_postal_code(raw: str, ok: bool) -> None:
    assert validate_postal_code(raw).ok is ok


# --- mail tracking numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("RR123456785CN", "s10"),
        ("AA473124829GB", "s10"),
        ("ea 123 456 785 cn", "s10"),
        ("1234567890123", "ems_domestic"),
    ],
)
def test_tracking_valid(raw: str, kind: str) -> None:
    result = validate_tracking_number(raw)
    assert result.ok, result.error
    assert result.kind == kind


@pytest.mark.parametrize("raw", ["RR123456784CN", "AA473124828GB", "123456789012", "R1234567855CN"])
def test_tracking_invalid(raw: str) -> None:
    assert not validate_tracking_number(raw).ok


def test_s10_check_mapping_of_10_and_11() -> None:
    # remainder 1 -> 10 -> 0; remainder 0 -> 11 -> 5
    assert s10_check("02000000") == "0"  # S = 12
    assert s10_check("00000001") == "4"  # S = 7
    assert s10_check("00000000") == "5"


@given(
    serial=st.integers(min_value=0, max_value=99_999_999),
    wrong=st.sampled_from("0123456789"),
)
def test_s10_wrong_check_digit_is_detected(serial: int, wrong: str) -> None:
    digits = f"{serial:08d}"
    good = s10_check(digits)
    assert validate_tracking_number(f"EA{digits}{good}CN").ok
    assume(wrong != good)
    assert not validate_tracking_number(f"EA{digits}{wrong}CN").ok
