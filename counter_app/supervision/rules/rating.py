"""Pure rules of one rating: its level, reasons and comment checked, the one-per-service keys,
and the words a third-party file may use."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Sequence

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.supervision.rules.evaluation import COMMENT_MAX, LEVEL_LABELS, REASONS, Level

# A ticket finished longer ago than this is no longer offered for rating at its window.
PENDING_SECONDS = 300
# Short comments offered as buttons on the rating screen (no keyboard at the window).
QUICK_PHRASES: tuple[str, ...] = (
    tr("办事快捷"),
    tr("讲解清楚"),
    tr("热情耐心"),
    tr("等候太久"),
    tr("材料要求不清楚"),
    tr("跑了不止一次"),
)
LEVEL_KEY_HINT = tr("请按 1 至 5 键评价")
ALREADY_RATED = tr("本次服务已评价，每次服务只能评价一次")


def ticket_key(ticket_id: uuid.UUID) -> str:
    """The service key of a ticket; the central checks it is exactly this."""
    return f"t:{ticket_id}"


def case_key(case_id: uuid.UUID) -> str:
    """Online, one per matter (一事一评)."""
    return f"c:{case_id}"


def self_key(case_id: uuid.UUID | None, new_id: uuid.UUID) -> str:
    """A self-evaluation: one per case when it names one, otherwise its own key."""
    return f"s:{case_id}" if case_id is not None else f"s:-{new_id}"


def import_key(batch: str, row: int) -> str:
    return f"x:{batch}:{row}"


def check_level(value: object) -> Level:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise CounterError(tr("请选择 1 至 5 的评价等级"), "level")
    return Level(value)


def check_reasons(values: Sequence[str]) -> list[str]:
    """Keys of REASONS, each once, in the order given."""
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        if value not in REASONS:
            raise CounterError(tr("没有“{r}”这个评价原因", r=str(value)[:20]), "reasons")
        if value not in out:
            out.append(value)
    return out


def clean_comment(text: str) -> str:
    """Control and format characters out (line breaks become spaces), trimmed, at most
    COMMENT_MAX characters."""
    kept = []
    for ch in text or "":
        if ch in "\r\n\t":
            kept.append(" ")
        elif unicodedata.category(ch)[0] != "C":
            kept.append(ch)
    cleaned = re.sub(r" {2,}", " ", "".join(kept)).strip()
    if len(cleaned) > COMMENT_MAX:
        raise CounterError(tr("意见不能超过 {n} 字", n=COMMENT_MAX), "comment")
    return cleaned


_LEVEL_WORDS = {label: level for level, label in LEVEL_LABELS.items()}
_REASON_WORDS = {label: key for key, label in REASONS.items()}
_REASON_SPLIT = re.compile(r"[、,，;；/\s]+")


def level_from_text(text: str) -> Level | None:
    """非常满意 ... 非常不满意, or 5 ... 1 (as typed in a survey's file); None otherwise."""
    value = text.strip()
    if value in _LEVEL_WORDS:
        return _LEVEL_WORDS[value]
    if value.endswith(".0"):  # Excel's number saved as text
        value = value[:-2]
    if value in ("1", "2", "3", "4", "5"):
        return Level(int(value))
    return None


def reasons_from_text(text: str) -> list[str] | None:
    """Reason words separated by 、 or commas; None when one is not a known reason."""
    out: list[str] = []
    for word in _REASON_SPLIT.split(text.strip()):
        if not word:
            continue
        key = _REASON_WORDS.get(word) or (word if word in REASONS else None)
        if key is None:
            return None
        if key not in out:
            out.append(key)
    return out


def reason_words(keys: Sequence[str]) -> str:
    return "、".join(REASONS.get(k, k) for k in keys)
