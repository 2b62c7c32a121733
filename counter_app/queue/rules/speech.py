"""What the hall hears: the announcement sentence and its pinyin for espeak-ng
(``-v cmn-latn-pinyin`` reads tone-numbered pinyin; fed hanzi, ``-v cmn`` reads them badly).

How numbers are read:
- a ticket number (digits after a letter, ``A001``) digit by digit: "A 零零一" — how it is
  printed and shown, so the applicant matches what they hear to the slip in their hand, and
  "A 一百零一" could not be told from "A101" anyway. 1 is "yi1", not the "yao1" of phone
  numbers: halls say "一".
- a window number as a cardinal: "3 号窗口" -> "san1 hao4", "12" -> "shi2 er4".
- a letter is passed through as the capital; espeak-ng says its Mandarin letter name (A "ei").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime

from counter_app.i18n import tr
from counter_app.queue.rules.tickets import CallView

DIGITS = ("ling2", "yi1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3")
_TEN, _HUNDRED = "shi2", "bai3"

# Enough to read the announcement template without any library; anything else goes to
# the ``reader`` given by the caller (pypinyin in services/voice.py).
HANZI = {
    "请": "qing3",
    "号": "hao4",
    "到": "dao4",
    "窗": "chuang1",
    "口": "kou3",
    "办": "ban4",
    "理": "li3",
    "零": "ling2",
    "一": "yi1",
    "二": "er4",
    "三": "san1",
    "四": "si4",
    "五": "wu3",
    "六": "liu4",
    "七": "qi1",
    "八": "ba1",
    "九": "jiu3",
    "十": "shi2",
}

HanziReader = Callable[[str], list[str]]
_TOKEN = re.compile(r"[A-Za-z]+[0-9]+|[0-9]+|[A-Za-z]+|[\u3400-\u9fff]+|\S")


def announcement_text(number: str, window: str) -> str:
    """The sentence shown and spoken: 请A001号到3号窗口办理."""
    return tr("请{n}号到{w}号窗口办理", n=number, w=window)


def digit_by_digit(digits: str) -> list[str]:
    return [DIGITS[int(d)] for d in digits]


def cardinal(digits: str) -> list[str]:
    """0..999 read as a number (十二 shi2 er4, 一百零五 yi1 bai3 ling2 wu3); longer: digits."""
    value = int(digits)
    if value >= 1000:
        return digit_by_digit(digits)
    if value < 10:
        return [DIGITS[value]]
    hundreds, rest = divmod(value, 100)
    tens, ones = divmod(rest, 10)
    out: list[str] = []
    if hundreds:
        out += [DIGITS[hundreds], _HUNDRED]
        if rest and tens == 0:
            out.append(DIGITS[0])
    if tens:
        if tens > 1 or hundreds:
            out.append(DIGITS[tens])
        out.append(_TEN)
    if ones:
        out.append(DIGITS[ones])
    return out


def _builtin_reader(text: str) -> list[str]:
    missing = [ch for ch in text if ch not in HANZI]
    if missing:
        raise KeyError("".join(missing))
    return [HANZI[ch] for ch in text]


def to_pinyin(text: str, reader: HanziReader | None = None) -> str:
    """Tone-numbered pinyin for espeak-ng, numbers read as described in the module notes."""
    read = reader or _builtin_reader
    words: list[str] = []
    for token in _TOKEN.findall(text):
        if token[0].isascii() and token[0].isalpha():
            letters = token.rstrip("0123456789")
            words += list(letters.upper())
            words += digit_by_digit(token[len(letters) :])
        elif token.isdigit():
            words += cardinal(token)
        elif "\u3400" <= token[0] <= "\u9fff":
            known = all(ch in HANZI for ch in token)
            words += _builtin_reader(token) if known else read(token)
    return " ".join(words)


class CallTracker:
    """Which board calls were already announced: each call or recall once, none twice.

    Log lines are recognised by their ``seq`` (not by "seq greater than the last one": on
    PostgreSQL a smaller seq can commit later). Calls present when the board starts are not
    announced; after an outage only calls younger than ``catch_up_seconds`` are.
    """

    def __init__(self, catch_up_seconds: float = 60.0) -> None:
        self._seen: set[int] = set()
        self._primed = False
        self.catch_up_seconds = catch_up_seconds

    def new_calls(self, calls: Sequence[CallView], now: datetime) -> list[CallView]:
        """Calls of ``calls`` (newest first) to announce now, oldest first."""
        fresh = [c for c in calls if c.seq not in self._seen]
        self._seen.update(c.seq for c in fresh)
        if not self._primed:
            self._primed = True
            return []
        recent = [c for c in fresh if (now - c.at).total_seconds() <= self.catch_up_seconds]
        return sorted(recent, key=lambda c: (c.at, c.seq))
