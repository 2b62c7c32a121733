"""Check characters of the identifiers the window handles (see shared/domain/FACTS.md).

Each function takes the payload (without the check character) and returns the check
character. Callers validate the character set and length first.
"""

from __future__ import annotations

_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECKS = "10X98765432"

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_PATENT_WEIGHTS_12 = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_PATENT_WEIGHTS_8 = (2, 3, 4, 5, 6, 7, 8, 9)

_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def resident_id_check(first17: str) -> str:
    """GB 11643-1999 check character of the first 17 digits of an 18-character ID."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("需要17位数字")
    total = sum(int(ch) * w for ch, w in zip(first17, _RIC_WEIGHTS, strict=True))
    return _RIC_CHECKS[total % 11]


def credit_code_check(first17: str) -> str:
    """GB 32100-2015 check character of the first 17 characters of a credit code."""
    if len(first17) != 17 or any(ch not in CREDIT_CODE_CHARSET for ch in first17):
        raise ValueError("需要17位统一社会信用代码字符")
    values = (CREDIT_CODE_CHARSET.index(ch) for ch in first17)
    total = sum(v * w for v, w in zip(values, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def org_code_check(first8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    if len(first8) != 8 or not first8.isalnum() or not first8.isascii():
        raise ValueError("需要8位数字或字母")
    values = (int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10 for ch in first8.upper())
    total = sum(v * w for v, w in zip(values, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def patent_check(digits: str) -> str:
    """ZC 0006-2003 check character of a 12-digit (or pre-2003 8-digit) application number."""
    weights = {12: _PATENT_WEIGHTS_12, 8: _PATENT_WEIGHTS_8}.get(len(digits))
    if weights is None or not digits.isdigit():
        raise ValueError("需要12位或8位数字")
    total = sum(int(ch) * w for ch, w in zip(digits, weights, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def s10_check(serial8: str) -> str:
    """UPU S10 check digit of the 8-digit serial of an international mail item number."""
    if len(serial8) != 8 or not serial8.isdigit():
        raise ValueError("需要8位数字")
    total = sum(int(ch) * w for ch, w in zip(serial8, _S10_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "0", 11: "5"}.get(check, str(check))
