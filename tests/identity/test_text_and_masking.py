"""Person and organisation names, free text, masking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.identity.identifiers import (
    mask_id,
    mask_name,
    mask_phone,
    validate_free_text,
    validate_org_name,
    validate_person_name,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("张三", "张三"),
        ("  张 三 ", "张三"),
        ("阿依古丽 • 买买提", "阿依古丽·买买提"),
        ("阿依古丽・买买提", "阿依古丽·买买提"),
        ("John  Smith", "John Smith"),
        ("Ｊｏｈｎ Ｓｍｉｔｈ", "John Smith"),
        ("O'Neil-Brown J.", "O'Neil-Brown J."),
        ("𠮷野", "𠮷野"),
    ],
)
def test_person_name_is_normalised(raw: str, expected: str) -> None:
    result = validate_person_name(raw)
    assert result.ok, result.error
    assert result.value == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "请填写姓名"),
        ("   ", "请填写姓名"),
        ("张三😀", "表情或特殊符号“😀”"),
        ("张\x00三", "不可见字符"),
        ("张三3", "不能有数字"),
        ("张三★", "特殊符号“★”"),
        ("张" * 51, "最多50个字（现在是51个）"),
    ],
)
def test_person_name_errors(raw: str, fragment: str) -> None:
    result = validate_person_name(raw)
    assert result.error is not None and fragment in result.error, result.error


def test_person_name_label_and_limit_are_configurable() -> None:
    result = validate_person_name("张三丰", label="代理人姓名", max_len=2)
    assert result.error == "代理人姓名最多2个字（现在是3个），请删减"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("华为技术(深圳)有限公司", "华为技术（深圳）有限公司"),
        ("连云港 市 知识产权局", "连云港市知识产权局"),
        ("ABC (China) Co., Ltd.", "ABC (China) Co., Ltd."),
        ("Ａ＆Ｂ有限公司", "A&B有限公司"),
    ],
)
def test_org_name_is_normalised(raw: str, expected: str) -> None:
    result = validate_org_name(raw)
    assert result.ok, result.error
    assert result.value == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "请填写单位名称"),
        ("某某公司🏢", "表情或特殊符号"),
        ("某某公司\x1b", "不可见字符"),
        ("某" * 101, "最多100个字"),
    ],
)
def test_org_name_errors(raw: str, fragment: str) -> None:
    result = validate_org_name(raw)
    assert result.error is not None and fragment in result.error


def test_free_text_keeps_chinese_punctuation_and_lines() -> None:
    result = validate_free_text(" 第一行，内容。\r\n第二行！ ", max_len=20)
    assert result.ok
    assert result.value == "第一行，内容。\n第二行！"


@pytest.mark.parametrize(
    ("raw", "kwargs", "fragment"),
    [
        ("", {"required": True, "label": "不予受理理由"}, "请填写不予受理理由"),
        ("好😀", {}, "表情或特殊符号"),
        ("a\nb", {"multiline": False, "label": "地址"}, "地址只能写一行"),
        ("一二三四五六", {"label": "备注"}, "备注最多5个字（现在是6个）"),
    ],
)
def test_free_text_errors(raw: str, kwargs: dict[str, object], fragment: str) -> None:
    result = validate_free_text(raw, max_len=5, **kwargs)  # type: ignore[arg-type]
    assert result.error is not None and fragment in result.error


def test_optional_free_text_may_be_empty() -> None:
    assert validate_free_text("  ", max_len=5).ok


def test_masking_examples() -> None:
    assert mask_id("320705199001011234") == "3207**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id("H12345678") == "H1*****78"
    assert mask_id("1234") == "****"
    assert mask_phone("051885123456") == "051*****3456"
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧**娜"
    assert mask_name("李") == "李"


@given(st.text(alphabet="0123456789X", min_size=6, max_size=20))
def test_mask_id_keeps_length_and_hides_the_middle(value: str) -> None:
    masked = mask_id(value)
    assert len(masked) == len(value)
    keep = 4 if len(value) >= 12 else 2
    assert masked[keep:-keep] == "*" * (len(value) - 2 * keep)
