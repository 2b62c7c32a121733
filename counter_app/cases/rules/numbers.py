"""Human case numbers: ``<hall>-<YYYYMMDD>-<counter>-<NNNN>``, e.g. ``LYG-20261128-W03-0001``.

Kept apart from the reception rules so the scanner (loaded at start-up) needs nothing else.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from urllib.parse import parse_qs, urlsplit

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


def case_key(case_id: uuid.UUID | str) -> str:
    """The secret a notice's QR carries beside the number: the random tail (12 hex digits) of
    the case's id. A case number is easy to guess; the kiosk's 查询 answers a QR without asking
    the phone's last four only when the key matches (counter_app/kiosk/progress.py)."""
    return uuid.UUID(str(case_id)).hex[-12:]


def notice_qr(number: str, case_id: uuid.UUID | str, portal: str = "") -> str:
    """What a notice's QR encodes: ``<portal>?case=<number>&k=<key>`` when the hall has a
    progress portal (http/https), else ``<number>#<key>``."""
    key = case_key(case_id)
    portal = portal.strip()
    if portal.startswith(("http://", "https://")):
        joiner = "&" if "?" in portal else "?"
        return f"{portal}{joiner}case={number}&k={key}"
    return f"{number}#{key}"


def code_parts(text: str) -> tuple[str, str]:
    """(number, key) of a scanned code: the bare number (the barcode), a notice's QR
    (``number#key`` or the portal's URL with ``case=`` and ``k=``); a URL without ``case=``
    gives ("", "")."""
    raw = text.strip()
    if "://" in raw:
        query = parse_qs(urlsplit(raw).query)
        return (query.get("case") or [""])[0].strip(), (query.get("k") or [""])[0].strip()
    number, _sep, key = raw.partition("#")
    return number.strip(), key.strip()


def number_in_code(text: str) -> str:
    """The case number a scanned code carries (``code_parts``); anything else as it was."""
    return code_parts(text)[0] or text.strip()
