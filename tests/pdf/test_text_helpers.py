"""Money and date formats printed on the documents."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from printers.pdf.text import cn_date, cn_datetime, rmb_upper, yuan


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        ("0", "零元整"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
        ("10", "壹拾元整"),
        ("30.05", "叁拾元零伍分"),
        ("105", "壹佰零伍元整"),
        ("150", "壹佰伍拾元整"),
        ("152.50", "壹佰伍拾贰元伍角"),
        ("1000.01", "壹仟元零壹分"),
        ("10005", "壹万零伍元整"),
        ("100000", "壹拾万元整"),
        ("1000500", "壹佰万零伍佰元整"),
        ("12345678.9", "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角"),
        ("100000000", "壹亿元整"),
    ],
)
def test_rmb_upper(amount: str, words: str) -> None:
    assert rmb_upper(Decimal(amount)) == words


def test_yuan_and_dates() -> None:
    assert yuan(Decimal("1234.5")) == "￥1,234.50"
    assert cn_date(date(2026, 1, 5)) == "2026年1月5日"
    assert cn_datetime(datetime(2026, 1, 5, 9, 3)) == "2026年1月5日 09:03"
