"""Printed text: columns, wrapping of mixed Chinese/Latin text, what a printer can print."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from printers.errors import PrinterContentError
from printers.text import (
    check_printable,
    encode_gb18030,
    normalize_print_text,
    text_columns,
    wrap_text,
)


def test_columns_count_hanzi_and_full_width_as_two() -> None:
    assert text_columns("A001") == 4
    assert text_columns("专利") == 4
    assert text_columns("￥12.00") == 7
    assert text_columns("№1") == 3  # ambiguous width, double-byte in GB18030
    assert text_columns("（）") == 4


def test_wrap_mixed_text_on_58mm() -> None:
    text = "知识产权保护中心欢迎您，请留意叫号。Please wait for your number, thank you!"
    assert wrap_text(text, 16) == [
        "知识产权保护中心",
        "欢迎您，请留意叫",
        "号。Please wait",
        "for your number,",
        "thank you!",
    ]


def test_wrap_keeps_latin_words_and_numbers_whole() -> None:
    lines = wrap_text("地址：江苏省连云港市海州区朝阳东路66号知识产权大厦3楼301室", 32)
    assert lines == ["地址：江苏省连云港市海州区朝阳东", "路66号知识产权大厦3楼301室"]


def test_closing_punctuation_never_starts_a_line() -> None:
    assert wrap_text("一二三四五六七八九十一二三四五六，七", 32) == [
        "一二三四五六七八九十一二三四五",
        "六，七",
    ]
    assert wrap_text("abc def ghi jkl mno pqr stu vwxy，中文", 32) == [
        "abc def ghi jkl mno pqr stu",
        "vwxy，中文",
    ]


def test_a_closing_mark_after_a_bracket_takes_the_bracketed_text_down() -> None:
    text = "中文测试：知识产权保护中心 ￥12.50 № 0001「龘」，。Latin abc 123"
    assert wrap_text(text, 48) == [
        "中文测试：知识产权保护中心 ￥12.50 № 0001",
        "「龘」，。Latin abc 123",
    ]


def test_opening_bracket_never_ends_a_line() -> None:
    assert wrap_text("一二三四五六七八九十一二三四五（六七）", 32)[1] == "（六七）"


def test_a_latin_word_longer_than_the_line_is_cut() -> None:
    assert wrap_text("A" * 40, 32) == ["A" * 32, "A" * 8]


def test_explicit_newlines_start_new_lines() -> None:
    assert wrap_text("第一行\n第二行", 32) == ["第一行", "第二行"]


_chars = st.sampled_from(list("专利商标版权，。（）、ABCxyz0123 -￥№"))


@given(st.text(_chars, max_size=120), st.integers(min_value=4, max_value=48))
def test_wrapped_lines_fit_and_keep_every_character(text: str, width: int) -> None:
    lines = wrap_text(text, width)
    assert all(text_columns(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(line == line.rstrip() for line in lines)


def test_gb18030_encoding_of_special_characters() -> None:
    assert encode_gb18030("￥") == b"\xa3\xa4"
    assert encode_gb18030("№") == b"\xa1\xed"
    assert encode_gb18030("龘") == b"\xfd\x93"
    assert encode_gb18030("𠀀") == b"\x95\x32\x82\x36"  # rare hanzi (Ext. B): 4 bytes


def test_yen_sign_is_folded_to_the_full_width_one() -> None:
    assert normalize_print_text("¥12\u200b.00\t元") == "￥12.00 元"


@pytest.mark.parametrize(
    ("text", "position"),
    [("张\ud800三", 2), ("李四😀", 3), ("王\x1b@五", 2), ("赵\x07六", 2)],
)
def test_unprintable_characters_are_refused_with_their_position(text: str, position: int) -> None:
    with pytest.raises(PrinterContentError) as error:
        check_printable(text, "收件人姓名")
    assert error.value.message.startswith(f"收件人姓名中第 {position} 个字")
    assert "请删去或改用常用汉字" in error.value.message
