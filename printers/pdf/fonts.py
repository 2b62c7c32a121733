"""The one embedded font every PDF uses (WenQuanYi Micro Hei: CJK, Latin, digits, ￥)."""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from printers.resources import cjk_font_path

FONT = "WQYMicroHei"

_lock = threading.Lock()
_registered = False


def ensure_font() -> str:
    """Register the shipped font once (also as its own bold/italic) and return its name.

    The family mapping keeps ``<b>`` in Paragraph markup on the embedded font instead of
    falling back to a standard (never embedded) Helvetica.
    """
    global _registered
    with _lock:
        if not _registered:
            pdfmetrics.registerFont(TTFont(FONT, str(cjk_font_path()), subfontIndex=0))
            for bold, italic in ((1, 1), (1, 0), (0, 1), (0, 0)):  # plain last: it wins
                addMapping(FONT, bold, italic, FONT)
            _registered = True
    return FONT
