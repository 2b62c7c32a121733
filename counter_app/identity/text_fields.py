"""Names and free text: non-empty where required, bounded length, nothing unprintable.

Names are printed on notices and labels in an embedded Chinese font and on ESC/POS printers,
so emoji, control and private-use characters are refused with a message naming them. Rare
characters (生僻字, CJK extensions) are letters and stay allowed.
"""

from __future__ import annotations

import re
import unicodedata

from counter_app.core.normalize import (
    CheckResult,
    bad_char_message,
    drop_invisible,
    fail,
    first_bad,
    is_junk,
)

PERSON_NAME_MAX = 50
ORG_NAME_MAX = 100

# Variants of the middle dot in minority and foreign names (阿依古丽·买买提).
_MIDDLE_DOTS = str.maketrans(dict.fromkeys("•・‧∙⋅●", "·"))
_PERSON_PUNCTUATION = frozenset(" ·-'.")
_SPACE_NEXT_TO_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0003134f]")


def _fold(raw: str) -> str:
    """NFKC, invisible marks removed, runs of whitespace collapsed to one space."""
    text = drop_invisible(unicodedata.normalize("NFKC", raw))
    return " ".join(text.split())


def _too_long(value: str, label: str, max_len: int) -> CheckResult | None:
    if len(value) > max_len:
        return fail(value, f"{label}最多{max_len}个字（现在是{len(value)}个），请删减")
    return None


def _person_char_ok(ch: str) -> bool:
    return ch in _PERSON_PUNCTUATION or unicodedata.category(ch)[0] in "LM"


def validate_person_name(
    raw: str, *, label: str = "姓名", max_len: int = PERSON_NAME_MAX
) -> CheckResult:
    """Name of a natural person as on the ID document (Chinese or foreign)."""
    value = _fold(raw).translate(_MIDDLE_DOTS).replace(" · ", "·")
    value = _SPACE_NEXT_TO_CJK.sub("", value) if _CJK.search(value) else value
    if not value:
        return fail(value, f"请填写{label}")
    if any(ch.isdigit() for ch in value):
        return fail(value, f"{label}中不能有数字，请按证件上的写法填写")
    bad = first_bad(value, _person_char_ok)
    if bad is not None:
        return fail(value, bad_char_message(label, bad))
    return _too_long(value, label, max_len) or CheckResult(value=value)


def _org_char_ok(ch: str) -> bool:
    return not is_junk(ch) and unicodedata.category(ch) not in {"So", "Sk"}


def validate_org_name(
    raw: str, *, label: str = "单位名称", max_len: int = ORG_NAME_MAX
) -> CheckResult:
    """Full legal name of an organisation; Chinese names get full-width brackets （）."""
    value = _fold(raw)
    if _CJK.search(value):
        value = _SPACE_NEXT_TO_CJK.sub("", value).replace("(", "（").replace(")", "）")
    if not value:
        return fail(value, f"请填写{label}")
    bad = first_bad(value, _org_char_ok)
    if bad is not None:
        return fail(value, bad_char_message(label, bad))
    return _too_long(value, label, max_len) or CheckResult(value=value)


def validate_free_text(
    raw: str,
    *,
    max_len: int,
    label: str = "内容",
    required: bool = False,
    multiline: bool = True,
) -> CheckResult:
    """Remarks, reasons, addresses: trimmed, length-limited, no emoji or control characters.

    The text is not NFKC-folded: full-width Chinese punctuation stays as typed.
    """
    value = drop_invisible(raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not value:
        return fail(value, f"请填写{label}") if required else CheckResult(value=value)
    allowed_controls = "\n\t" if multiline else "\t"
    bad = first_bad(value, lambda ch: ch in allowed_controls or not is_junk(ch))
    if bad is not None:
        if bad == "\n":
            return fail(value, f"{label}只能写一行，请删除换行")
        return fail(value, bad_char_message(label, bad))
    return _too_long(value, label, max_len) or CheckResult(value=value)
