"""Printed text: normalising, checking against what a printer font can show, column widths
and line wrapping of mixed Chinese/Latin text.

Chinese printer fonts are GB18030 fonts: ASCII takes one column (12 dots at the normal size),
every other character is a double-byte glyph two columns wide (24 dots).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from printers.errors import PrinterContentError

# Characters that must not begin a line (Chinese line-breaking rules, simplified).
NO_LINE_START = frozenset("，。、；：？！）》」』】〕’”…%,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔‘“")
_ASCII_VISIBLE = "".join(chr(code) for code in range(33, 127))
_CLOSING = "".join(NO_LINE_START)
_OPENING = "".join(NO_LINE_END)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_REPLACE = str.maketrans({"\u00a5": "\uffe5", "\t": " ", "\r": None})


def normalize_print_text(text: str) -> str:
    """Fold what copy-paste brings in: ``¥`` -> ``￥``, tabs -> spaces, zero-width removed."""
    return text.translate(_REPLACE).translate(_ZERO_WIDTH)


def _is_cjk_ideograph(ch: str) -> bool:
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def _printable(ch: str) -> bool:
    if ch == "\n":
        return True
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
        return False
    try:
        encoded = ch.encode("gb18030")
    except UnicodeEncodeError:
        return False
    # Four-byte GB18030 codes are only in printer fonts for CJK ideographs (rare hanzi).
    return len(encoded) <= 2 or _is_cjk_ideograph(ch)


def check_printable(text: str, field: str = "文字") -> None:
    """Raise ``PrinterContentError`` naming the first character no printer font can show."""
    for index, ch in enumerate(text, start=1):
        if not _printable(ch):
            shown = "" if unicodedata.category(ch) in ("Cc", "Cf", "Cs") else f"「{ch}」"
            raise PrinterContentError(
                f"{field}中第 {index} 个字{shown}（U+{ord(ch):04X}）打印机无法打印，"
                "请删去或改用常用汉字后再打印"
            )


def encode_gb18030(text: str, field: str = "文字") -> bytes:
    """Check and encode ``text`` (already normalised) for a printer in Chinese mode."""
    check_printable(text, field)
    return text.encode("gb18030")


def char_columns(ch: str) -> int:
    """Columns a character takes on a Chinese printer: ASCII 1, wide/full-width 2.

    ``unicodedata.east_asian_width`` W and F are 2; so are ambiguous (A) characters such as
    ``№`` ``·`` ``—``: they are double-byte in GB18030 and a GB font draws them full width.
    Only half-width forms (H) take one column.
    """
    if ch < "\x80":
        return 1 if ch >= " " else 0
    if unicodedata.combining(ch):
        return 0
    return 1 if unicodedata.east_asian_width(ch) == "H" else 2


def text_columns(text: str) -> int:
    """Columns ``text`` takes on a Chinese printer."""
    return sum(char_columns(ch) for ch in text)


def _tokens(paragraph: str) -> list[str]:
    """Break points: each non-ASCII char alone, ASCII words together, each space alone."""
    tokens: list[str] = []
    word = ""
    for ch in paragraph:
        if ch < "\x80" and ch != " ":
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(ch)
    if word:
        tokens.append(word)
    return tokens


def _keep_on_line(line: str) -> str:
    """What stays on a full line when the next token is a closing mark (or the line ends
    with an opening one): the last character or Latin word goes down with its closing marks,
    and no opening bracket is left at the end. The whole line if nothing can move."""
    core = line.rstrip(_CLOSING)
    keep = core[:-1] if core and core[-1] >= "\x80" else core.rstrip(_ASCII_VISIBLE)
    keep = keep.rstrip(_OPENING)
    return keep if keep.strip() else line


def _split_long(token: str, width: float, measure: Callable[[str], float]) -> list[str]:
    pieces: list[str] = []
    current = ""
    for ch in token:
        if current and measure(current + ch) > width:
            pieces.append(current)
            current = ""
        current += ch
    return [*pieces, current] if current else pieces


def _wrap_paragraph(paragraph: str, width: float, measure: Callable[[str], float]) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in _tokens(paragraph):
        if measure(line + token) <= width:
            line += token
            continue
        if token == " ":
            lines.append(line)
            line = ""
            continue
        if len(line) > 1 and (line[-1] in NO_LINE_END or token[0] in NO_LINE_START):
            keep = _keep_on_line(line)
            lines.append(keep)
            line = line[len(keep) :]
        elif line:
            lines.append(line)
            line = ""
        pieces = _split_long(line + token, width, measure)
        lines.extend(pieces[:-1])
        line = pieces[-1] if pieces else ""
    lines.append(line)
    return [ln.rstrip() for ln in lines]


def wrap_text(text: str, width: float, measure: Callable[[str], float] = text_columns) -> list[str]:
    """Wrap ``text`` so that ``measure(line) <= width`` for every line.

    Chinese text breaks between any two characters, Latin words break at spaces (a word longer
    than a line is cut), closing punctuation never starts a line and an opening bracket never
    ends one, ``\\n`` starts a new line.
    """
    if width <= 0:
        raise ValueError("width must be positive")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width, measure))
    return lines
