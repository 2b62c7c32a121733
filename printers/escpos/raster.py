"""Laid-out receipt items -> a 1-bit image (for printers without a Chinese font).

Text is drawn on the printer's column grid (12 x 24 dots per column at scale 1), one glyph per
cell; a Latin glyph wider than its cell is squeezed, as a printer font would be.
"""

from __future__ import annotations

import math
from functools import lru_cache

from PIL import Image, ImageDraw

from printers.barcodes import code128_module_width, draw_code128, draw_qr
from printers.escpos import commands as cmd
from printers.escpos.layout import Barcode, Item, PrintLine, QrCode
from printers.escpos.native import finish, qr_module_for
from printers.escpos.profile import ReceiptProfile
from printers.fonts import cjk_font
from printers.text import char_columns, check_printable

CELL_W, CELL_H, BASELINE, LINE_GAP = 12, 28, 22, 4
HRI_SIZE = 20


@lru_cache(maxsize=4096)
def _glyph(ch: str, scale: int, bold: bool) -> Image.Image:
    """One character in its cell, "L" mode, 255 = ink."""
    width, height = CELL_W * scale * char_columns(ch), CELL_H * scale
    font = cjk_font(24 * scale)
    stroke = scale if bold else 0
    advance = math.ceil(font.getlength(ch)) + 2 * stroke
    canvas = Image.new("L", (max(width, advance), height), 0)
    x = max(0, (width - advance) // 2) + stroke
    ImageDraw.Draw(canvas).text(
        (x, BASELINE * scale), ch, font=font, fill=255, anchor="ls", stroke_width=stroke,
        stroke_fill=255,
    )  # fmt: skip
    return canvas.resize((width, height)) if canvas.width > width else canvas


def _text_strip(item: PrintLine, width: int) -> Image.Image:
    check_printable(item.text)
    strip = Image.new("L", (width, (CELL_H + LINE_GAP) * item.scale), 0)
    glyphs = [_glyph(ch, item.scale, item.bold) for ch in item.text if char_columns(ch)]
    used = sum(g.width for g in glyphs)
    x = {cmd.Align.LEFT: 0, cmd.Align.CENTER: (width - used) // 2, cmd.Align.RIGHT: width - used}
    left = max(0, x[item.align])
    for glyph in glyphs:
        strip.paste(glyph, (left, 0))
        left += glyph.width
    return strip.point(lambda v: 0 if v >= 128 else 255, mode="1")


def _centered(picture: Image.Image, width: int, height: int, top: int = 0) -> Image.Image:
    strip = Image.new("1", (width, height), 1)
    strip.paste(picture, ((width - picture.width) // 2, top))
    return strip


def _barcode_strip(item: Barcode, profile: ReceiptProfile) -> Image.Image:
    module = code128_module_width(
        item.value, profile.width_dots, profile.min_module, profile.max_module, "受理编号条码"
    )
    bars = draw_code128(item.value, module, item.height_dots)
    strip = _centered(bars, profile.width_dots, item.height_dots + HRI_SIZE + 2 * LINE_GAP)
    ImageDraw.Draw(strip).text(
        (profile.width_dots // 2, item.height_dots + LINE_GAP), item.value,
        font=cjk_font(HRI_SIZE), fill=0, anchor="mt",
    )  # fmt: skip
    return strip


def _item_strip(item: Item, profile: ReceiptProfile) -> Image.Image:
    if isinstance(item, PrintLine):
        return _text_strip(item, profile.width_dots)
    if isinstance(item, Barcode):
        return _barcode_strip(item, profile)
    if isinstance(item, QrCode):
        qr = draw_qr(item.payload, qr_module_for(item.payload, profile))
        return _centered(qr, profile.width_dots, qr.height)
    return Image.new("1", (profile.width_dots, item.lines * (CELL_H + LINE_GAP)), 1)


def render_image(items: list[Item], profile: ReceiptProfile) -> Image.Image:
    """The whole receipt as one 1-bit image, ``profile.width_dots`` wide."""
    strips = [_item_strip(item, profile) for item in items]
    image = Image.new("1", (profile.width_dots, sum(s.height for s in strips)), 1)
    top = 0
    for strip in strips:
        image.paste(strip, (0, top))
        top += strip.height
    return image


def render_raster(items: list[Item], profile: ReceiptProfile) -> bytes:
    """ESC/POS bytes: init, the image as ``GS v 0`` bands, feed, cut (no Chinese mode)."""
    return cmd.INIT + cmd.raster(render_image(items, profile)) + finish(profile)
