"""Input clean-up shared by the validators, and the result object they return.

Staff paste numbers from e-mails, scans and web pages: full-width digits, spaces, dashes and
invisible characters come along. Identifiers are folded with NFKC, stripped of separators and
upper-cased before any rule runs; anything left that is not a plain letter or digit is named
in the message so the staff member can find and delete it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.core.errors import ValidationError

# Separators that people paste into numbers (after NFKC full-width forms are already ASCII).
_SEPARATORS = frozenset("-_‐‑‒–—―−﹣~〜/\\")

# Code point ranges of emoji and pictographs (incl. flags, keycaps, tags, variation selector).
_EMOJI_RANGES = (
    (0x1F000, 0x1FAFF),
    (0x2600, 0x27BF),
    (0x2B00, 0x2BFF),
    (0x2300, 0x23FF),
    (0xFE00, 0xFE0F),
    (0xE0000, 0xE007F),
)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Outcome of one validator.

    ``value`` is the normalised input (also when it is invalid, so it can be shown back);
    ``error`` is None when valid, else a Chinese message saying what to do; ``warnings`` do
    not block saving but should be shown; ``kind`` names the detected sub-type (ID kind,
    patent type, mail kind) when the validator knows one.
    """

    value: str
    error: str | None = None
    warnings: tuple[str, ...] = ()
    kind: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def unwrap(self, field: str | None = None) -> str:
        """The normalised value, or raise ValidationError naming ``field``."""
        if self.error is not None:
            raise ValidationError(self.error, field)
        return self.value


def fail(value: str, message: str) -> CheckResult:
    return CheckResult(value=value, error=message)


def is_emoji(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _EMOJI_RANGES)


def is_junk(ch: str) -> bool:
    """Emoji, control, private-use, surrogate and unassigned characters."""
    return is_emoji(ch) or unicodedata.category(ch) in {"Cc", "Co", "Cs", "Cn"}


def describe_char(ch: str) -> str:
    """How to name a bad character in a message (invisible ones by code point)."""
    if is_emoji(ch):
        return f"表情或特殊符号“{ch}”"
    category = unicodedata.category(ch)
    if category.startswith("C") or category.startswith("Z"):
        return f"不可见字符（U+{ord(ch):04X}）"
    return f"字符“{ch}”"


def bad_char_message(label: str, ch: str) -> str:
    return f"{label}中有不能使用的{describe_char(ch)}，请删除后重新输入"


def first_bad(text: str, allowed: Callable[[str], bool]) -> str | None:
    return next((ch for ch in text if not allowed(ch)), None)


def is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def drop_invisible(text: str) -> str:
    """Remove format characters (zero-width spaces, BOM, direction marks) silently."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def compact(raw: str, *, keep: str = "") -> str:
    """NFKC, drop whitespace, separators and invisible marks, upper-case.

    ``keep`` lists separator characters that are meaningful for the caller (e.g. ".").
    """
    text = drop_invisible(unicodedata.normalize("NFKC", raw))
    kept = (ch for ch in text if not ch.isspace() and (ch in keep or ch not in _SEPARATORS))
    return "".join(kept).upper()


def check_compact(raw: str, label: str, *, extra: str = "") -> CheckResult:
    """Compact ``raw``; fail if empty or if anything but ASCII letters, digits, ``extra``."""
    value = compact(raw, keep=extra)
    if not value:
        return fail(value, f"请填写{label}")
    bad = first_bad(value, lambda ch: is_ascii_alnum(ch) or ch in extra)
    if bad is not None:
        return fail(value, bad_char_message(label, bad))
    return CheckResult(value=value)
