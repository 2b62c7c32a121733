"""Human case numbers: ``<hall>-<YYYYMMDD>-<counter>-<NNNN>``, e.g. ``LYG-20261128-W03-0001``.

Kept apart from the reception rules so the scanner (loaded at start-up) needs nothing else.
"""

from __future__ import annotations

import re
from datetime import date

CASE_NUMBER = re.compile(
    r"^(?P<hall>[A-Z][A-Z0-9]{1,7})-(?P<day>\d{8})-(?P<counter>[A-Z0-9]{1,6})"
    r"-(?P<seq>\d{4,6})$"
)


def case_number(hall_code: str, day: date, counter_code: str, seq: int) -> str:
    return f"{hall_code}-{day:%Y%m%d}-{counter_code}-{seq:04d}"


def receipt_number(hall_code: str, day: date, counter_code: str, seq: int) -> str:
    return f"{hall_code}-{day:%Y%m%d}-{counter_code}-R{seq:04d}"


def looks_like_case_number(text: str) -> bool:
    return CASE_NUMBER.match(text.strip().upper()) is not None
