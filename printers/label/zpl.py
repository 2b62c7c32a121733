"""Mail labels in ZPL (Zebra and compatibles), UTF-8 (``^CI28``).

``PRINTER_FONT``: text in a CJK font stored on the printer (``template.zpl_font``, via
``^A@``), native ``^BC`` and ``^BQ``. ``BITMAP``: the whole label as one ``^GFA`` field, with
ZPL's ASCII run-length compression (``compress=False`` for plain hex).
"""

from __future__ import annotations

import re

from printers.barcodes import check_qr_payload
from printers.documents import MailLabel, checked
from printers.label.bitmap import render_mail_label_image
from printers.label.layout import (
    LabelMode,
    Placed,
    PlacedBarcode,
    PlacedQr,
    PlacedText,
    TextKind,
    place_label,
)
from printers.label.template import LabelTemplate

_INVERT = bytes(b ^ 0xFF for b in range(256))
_COUNTS_LOW = "GHIJKLMNOPQRSTUVWXY"  # 1..19
_COUNTS_HIGH = "ghijklmnopqrstuvwxyz"  # 20, 40, ... 400
_RUNS = re.compile(r"([0-9A-F])\1+")


def _field_data(text: str) -> str:
    """``^FH\\`` field data: ``\\``, ``^`` and ``~`` as hex escapes."""
    return text.replace("\\", "\\5C").replace("^", "\\5E").replace("~", "\\7E")


def _run(char: str, count: int) -> str:
    out = ""
    while count > 0:
        chunk = min(count, 419)
        high, low = divmod(chunk, 20)
        out += (_COUNTS_HIGH[high - 1] if high else "") + (_COUNTS_LOW[low - 1] if low else "")
        out += char
        count -= chunk
    return out


def _compress_row(hex_row: str) -> str:
    """One row: runs as count letters, trailing zeros as ``,``."""
    stripped = hex_row.rstrip("0")
    packed = _RUNS.sub(lambda m: _run(m.group(1), len(m.group(0))), stripped)
    return packed + "," if len(stripped) < len(hex_row) else packed


def graphic_field(bits: bytes, width_bytes: int, compress: bool) -> str:
    """``^GFA`` for 1 = black row-major bits."""
    rows = [bits[i : i + width_bytes].hex().upper() for i in range(0, len(bits), width_bytes)]
    if compress:
        encoded = [
            ":" if i and row == rows[i - 1] else _compress_row(row) for i, row in enumerate(rows)
        ]
    else:
        encoded = rows
    return f"^GFA,{len(bits)},{len(bits)},{width_bytes},{''.join(encoded)}"


def _command(item: Placed, font: str) -> str:
    if isinstance(item, PlacedText):
        bold = (0, 1) if item.bold else (0,)
        return "".join(
            f"^FO{item.x + dx},{item.y + i * item.line_height}^A@N,{item.size},{item.size},{font}"
            f"^FH\\^FD{_field_data(line)}^FS"
            for i, line in enumerate(item.lines)
            for dx in bold
        )
    if isinstance(item, PlacedBarcode):
        return (
            f"^FO{item.x},{item.y}^BY{item.module}^BCN,{item.bar_height},Y,N,N,A^FD{item.value}^FS"
        )
    if isinstance(item, PlacedQr):
        check_qr_payload(item.payload)
        quiet = 4 * item.module
        return (
            f"^FO{item.x + quiet},{item.y + quiet}^BQN,2,{item.module}"
            f"^FH\\^FDMA,{_field_data(item.payload)}^FS"
        )
    return f"^FO{item.x},{item.y}^GB{item.width},{item.height},{item.thickness}^FS"


def render_mail_label_zpl(
    label: MailLabel,
    template: LabelTemplate,
    mode: LabelMode = LabelMode.BITMAP,
    compress: bool = True,
) -> bytes:
    """ZPL for one mail label (``^XA`` ... ``^XZ``), UTF-8 encoded."""
    label = checked(label)
    width, height = template.size_dots
    head = f"^XA^CI28^PW{width}^LL{height}^LH0,0"
    if mode is LabelMode.BITMAP:
        image = render_mail_label_image(label, template)
        bits = image.tobytes().translate(_INVERT)  # ZPL: 1 = black
        body = "^FO0,0" + graphic_field(bits, width // 8, compress) + "^FS"
    else:
        placed = place_label(label, template, TextKind.GRID)
        body = "".join(_command(item, template.zpl_font) for item in placed)
    return (head + body + "^PQ1^XZ\r\n").encode("utf-8")
