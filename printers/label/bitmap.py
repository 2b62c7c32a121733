"""A mail label as one 1-bit image (shipped CJK font, Code 128, QR), for TSPL ``BITMAP`` and
ZPL ``^GFA``, and for previews."""

from __future__ import annotations

from PIL import Image, ImageDraw

from printers.barcodes import draw_code128, draw_qr
from printers.documents import MailLabel, checked
from printers.fonts import cjk_font
from printers.label.layout import (
    HRI_DOTS,
    Placed,
    PlacedBarcode,
    PlacedBox,
    PlacedQr,
    PlacedText,
    TextKind,
    place_label,
)
from printers.label.template import LabelTemplate


def _draw_text(image: Image.Image, item: PlacedText) -> None:
    draw = ImageDraw.Draw(image)
    font = cjk_font(item.size)
    stroke = max(1, item.size // 24) if item.bold else 0
    for index, line in enumerate(item.lines):
        y = item.y + index * item.line_height
        draw.text((item.x, y), line, font=font, fill=0, stroke_width=stroke, stroke_fill=0)


def _draw_barcode(image: Image.Image, item: PlacedBarcode) -> None:
    image.paste(draw_code128(item.value, item.module, item.bar_height), (item.x, item.y))
    ImageDraw.Draw(image).text(
        (item.x + item.width // 2, item.y + item.bar_height + 2), item.value,
        font=cjk_font(HRI_DOTS - 2), fill=0, anchor="ma",
    )  # fmt: skip


def _draw_box(image: Image.Image, item: PlacedBox) -> None:
    draw = ImageDraw.Draw(image)
    right, bottom = item.x + item.width - 1, item.y + item.height - 1
    if item.height <= item.thickness:
        draw.rectangle((item.x, item.y, right, bottom), fill=0)
    else:
        draw.rectangle((item.x, item.y, right, bottom), outline=0, width=item.thickness)


def draw_placed(image: Image.Image, placed: list[Placed]) -> None:
    for item in placed:
        if isinstance(item, PlacedText):
            _draw_text(image, item)
        elif isinstance(item, PlacedBarcode):
            _draw_barcode(image, item)
        elif isinstance(item, PlacedQr):
            image.paste(draw_qr(item.payload, item.module), (item.x, item.y))
        else:
            _draw_box(image, item)


def render_mail_label_image(label: MailLabel, template: LabelTemplate) -> Image.Image:
    """The whole label, 1-bit, ``template.size_dots`` (white background, black print)."""
    image = Image.new("1", template.size_dots, 1)
    draw_placed(image, place_label(checked(label), template, TextKind.MEASURED))
    return image
