"""Mail labels in TSPL (TSC, Xprinter, GPrinter label printers).

``PRINTER_FONT``: ``TEXT`` in ``TSS24.BF2`` (GB18030 text), native ``BARCODE``/``QRCODE``.
``BITMAP``: the whole label rendered here and sent as one ``BITMAP`` (1 = white in TSPL).
"""

from __future__ import annotations

from printers.barcodes import check_qr_payload
from printers.documents import MailLabel, checked
from printers.label.bitmap import render_mail_label_image
from printers.label.layout import (
    TSPL_FONT_DOTS,
    LabelMode,
    Placed,
    PlacedBarcode,
    PlacedQr,
    PlacedText,
    TextKind,
    place_label,
)
from printers.label.template import LabelTemplate


def _quote(text: str) -> str:
    """A TSPL string literal; ``"`` inside is written ``\\["]``."""
    return '"' + text.replace('"', '\\["]') + '"'


def _header(template: LabelTemplate) -> bytes:
    return (
        f"SIZE {template.width_mm:g} mm,{template.height_mm:g} mm\r\n"
        f"GAP {template.gap_mm:g} mm,0 mm\r\nDIRECTION 1,0\r\nREFERENCE 0,0\r\nCLS\r\n"
    ).encode("ascii")


def _text(item: PlacedText) -> str:
    scale = item.size // TSPL_FONT_DOTS
    commands = []
    for index, line in enumerate(item.lines):
        y = item.y + index * item.line_height
        for dx in (0, 1) if item.bold else (0,):  # bold: the line again one dot right
            commands.append(f'TEXT {item.x + dx},{y},"TSS24.BF2",0,{scale},{scale},{_quote(line)}')
    return "\r\n".join(commands)


def _command(item: Placed) -> str:
    if isinstance(item, PlacedText):
        return _text(item)
    if isinstance(item, PlacedBarcode):
        m = item.module
        return f'BARCODE {item.x},{item.y},"128",{item.bar_height},1,0,{m},{m},"{item.value}"'
    if isinstance(item, PlacedQr):
        check_qr_payload(item.payload)
        quiet = 4 * item.module
        return (
            f"QRCODE {item.x + quiet},{item.y + quiet},M,{item.module},A,0,{_quote(item.payload)}"
        )
    right, bottom = item.x + item.width, item.y + item.height
    if item.height <= item.thickness:
        return f"BAR {item.x},{item.y},{item.width},{item.height}"
    return f"BOX {item.x},{item.y},{right},{bottom},{item.thickness}"


def _font_body(label: MailLabel, template: LabelTemplate) -> bytes:
    placed = place_label(label, template, TextKind.FIXED24)
    body = "\r\n".join(_command(item) for item in placed) + "\r\n"
    return body.encode("gb18030")  # the label text was checked by `checked`


def _bitmap_body(label: MailLabel, template: LabelTemplate) -> bytes:
    image = render_mail_label_image(label, template)
    width_bytes = image.width // 8
    head = f"BITMAP 0,0,{width_bytes},{image.height},0,".encode("ascii")
    return head + image.tobytes() + b"\r\n"  # PIL "1": bit 1 = white, as TSPL wants


def render_mail_label_tspl(
    label: MailLabel, template: LabelTemplate, mode: LabelMode = LabelMode.BITMAP
) -> bytes:
    """TSPL for one mail label (``SIZE`` ... ``PRINT 1,1``)."""
    label = checked(label)
    if mode is LabelMode.BITMAP:
        body = _bitmap_body(label, template)
    else:
        body = _font_body(label, template)
    return _header(template) + body + b"PRINT 1,1\r\n"
