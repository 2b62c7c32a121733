"""Masking of personal data on screens and printouts (R-DATA-3)."""

from __future__ import annotations

_MASK = "*"


def _keep_ends(value: str, head: int, tail: int) -> str:
    hidden = len(value) - head - tail
    return value[:head] + _MASK * hidden + value[len(value) - tail :]


def mask_id(value: str) -> str:
    """``320705199001011234`` -> ``3207**********1234``.

    12 characters or more keep 4 at each end; 6-11 keep 2 at each end; shorter ones are
    hidden entirely.
    """
    value = value.strip()
    if len(value) >= 12:
        return _keep_ends(value, 4, 4)
    if len(value) >= 6:
        return _keep_ends(value, 2, 2)
    return _MASK * len(value)


def mask_phone(value: str) -> str:
    """``13812345678`` -> ``138****5678``; other numbers keep 3 in front and 4 at the end."""
    value = value.strip()
    if len(value) >= 8:
        return _keep_ends(value, 3, 4)
    if len(value) >= 3:
        return _keep_ends(value, 0, 2)
    return _MASK * len(value)


def mask_name(value: str) -> str:
    """``张三`` -> ``张*``, ``欧阳娜娜`` -> ``欧**娜``: first and (from 3 characters) last kept."""
    value = value.strip()
    if len(value) <= 1:
        return value
    if len(value) == 2:
        return value[0] + _MASK
    return _keep_ends(value, 1, 1)
