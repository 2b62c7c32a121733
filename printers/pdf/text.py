"""Paragraph styles, escaping and the Chinese formats of dates and money."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import textsplit as _textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as _paragraph

from printers.pdf.fonts import ensure_font

# ReportLab's CJK wrap keeps Japanese closing punctuation off the start of a line but not the
# Chinese full-width ones: without these a line of a notice could begin with "，".
_CHINESE_CLOSING = "，：；！？”’）》〉】"
_textsplit.ALL_CANNOT_START += _CHINESE_CLOSING  # one run of text (wordSplit)
_paragraph.ALL_CANNOT_START += _CHINESE_CLOSING  # mixed runs (cjkFragSplit)
CANNOT_START = _paragraph.ALL_CANNOT_START
_REWRAPS = 12  # a paragraph is wrapped again at most this often


def _first_char(line: Any) -> str:
    """The first character of a wrapped line, of either kind ReportLab makes."""
    if isinstance(line, tuple):  # one run of text: (extra space, [text])
        return str(line[1][0])[:1] if line[1] else ""
    return "".join(str(getattr(w, "text", "")) for w in getattr(line, "words", ()))[:1]


def _opens_badly(line: Any) -> bool:
    first = _first_char(line)
    return bool(first) and first in CANNOT_START


class CJKParagraph(Paragraph):  # type: ignore[misc]
    """ReportLab hangs ONE closing mark at the end of a line; after "）" the next one ("，")
    still opened the next line. Here such a line is wrapped again with the line above made
    one character narrower, so the last character moves down with its punctuation."""

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        widths = list(maxWidths) if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        # A table wraps each cell to measure its row and again to draw it, at the same width:
        # the lines of the last width are kept (the text and style of a paragraph never change).
        key = tuple(widths)
        last = getattr(self, "_broken", None)
        if last is not None and last[0] == key:
            return last[1]
        para = self._break_cjk(widths)
        self._broken = (key, para)
        return para

    def _break_cjk(self, widths: list[float]) -> Any:
        para = super().breakLinesCJK(list(widths))
        for _ in range(_REWRAPS):
            lines = getattr(para, "lines", [])
            bad = next(
                (k for k in range(1, len(lines)) if _opens_badly(lines[k])),
                None,
            )
            if bad is None:
                break
            widths += [widths[-1]] * (bad + 1 - len(widths))
            widths[bad - 1] -= self.style.fontSize
            para = super().breakLinesCJK(list(widths))
        return para


_SIZES: dict[str, tuple[float, float, int]] = {
    # name: (font size, leading, alignment)
    "heading": (15, 20, TA_CENTER),
    "title": (20, 26, TA_CENTER),
    "number": (10.5, 15, TA_CENTER),
    "body": (10.5, 16, TA_LEFT),
    "indent": (10.5, 16, TA_LEFT),  # body text, first line indented two characters
    "cell": (9.5, 13, TA_LEFT),
    "cell_center": (9.5, 13, TA_CENTER),
    "cell_right": (9.5, 13, TA_RIGHT),
    "label": (10, 14, TA_CENTER),
    "section": (11.5, 17, TA_LEFT),
    "small": (8.5, 11, TA_LEFT),
    "right": (10.5, 16, TA_RIGHT),
}


@cache
def style(name: str) -> ParagraphStyle:
    """A named style on the embedded font; CJK wrapping breaks anywhere, even in long tokens."""
    size, leading, alignment = _SIZES[name]
    return ParagraphStyle(
        name,
        fontName=ensure_font(),
        fontSize=size,
        leading=leading,
        alignment=alignment,
        wordWrap="CJK",
        spaceAfter=2 if name == "section" else 0,
        spaceBefore=6 if name == "section" else 0,
        firstLineIndent=2 * size if name == "indent" else 0,
    )


# Paragraph collapses every whitespace run, U+3000 included; no-break spaces survive.
_IDEOGRAPHIC_SPACE = "\u00a0" * 3


def para(text: str, style_name: str = "body") -> Paragraph:
    """A paragraph of plain (escaped) text; newlines become line breaks, U+3000 is kept."""
    xml = escape(text).replace("\n", "<br/>").replace("\u3000", _IDEOGRAPHIC_SPACE)
    return CJKParagraph(xml, style(style_name))


def markup(xml: str, style_name: str = "body") -> Paragraph:
    """A paragraph of trusted markup built by this package (values escaped by the caller)."""
    return CJKParagraph(xml.replace("\u3000", _IDEOGRAPHIC_SPACE), style(style_name))


def cn_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def cn_datetime(value: datetime) -> str:
    return f"{cn_date(value)} {value:%H:%M}"


def yuan(amount: Decimal) -> str:
    return f"￥{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def _four_digits(number: int) -> str:
    out, zero = "", False
    for power in range(3, -1, -1):
        digit = number // 10**power % 10
        if digit == 0:
            zero = bool(out)
            continue
        out += ("零" if zero else "") + _DIGITS[digit] + _UNITS[power]
        zero = False
    return out


def rmb_upper(amount: Decimal) -> str:
    """Amount in capital numerals as on a receipt, e.g. 壹佰伍拾元整, 叁拾元零伍分."""
    fen = int(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
    if fen < 0:
        return "负" + rmb_upper(Decimal(-fen) / 100)
    yuan_part, jiao, cents = fen // 100, fen // 10 % 10, fen % 10
    words, group, need_zero = "", 0, False
    while yuan_part:
        chunk = yuan_part % 10000
        if chunk:
            text = _four_digits(chunk) + _GROUPS[group]
            words = text + ("零" if need_zero else "") + words
            need_zero = chunk < 1000
        else:
            need_zero = bool(words)
        yuan_part //= 10000
        group += 1
    head = words + "元" if words else ""
    if not jiao and not cents:
        return (head or "零元") + "整"
    tail = (_DIGITS[jiao] + "角" if jiao else ("零" if head else "")) + (
        _DIGITS[cents] + "分" if cents else ""
    )
    return head + tail
