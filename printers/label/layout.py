"""Placing a mail label's fields in dots: text wrapped and shrunk to fit its box, barcode
module widths chosen to fit. One placement feeds the bitmap, TSPL and ZPL writers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from printers.barcodes import code128_module_width, code128_modules, qr_modules
from printers.documents import FIELD_LABELS, MailLabel
from printers.errors import PrinterContentError
from printers.fonts import cjk_font
from printers.label.template import BarcodeField, BoxField, LabelTemplate, QrField, TextField
from printers.text import text_columns, wrap_text

MIN_MODULE, MAX_MODULE, MIN_QR_MODULE = 2, 4, 2
TSPL_FONT_DOTS = 24  # TSS24.BF2: 24 x 24 hanzi, 12 x 24 ASCII


class LabelMode(StrEnum):
    PRINTER_FONT = "font"  # text in the printer's own Chinese font
    BITMAP = "bitmap"  # the whole label as one 1-bit image


class TextKind(StrEnum):
    MEASURED = "measured"  # the shipped font, measured glyph by glyph (bitmap)
    GRID = "grid"  # a GB printer font: ASCII half a size wide, the rest a full size
    FIXED24 = "fixed24"  # TSPL TSS24.BF2, integer multiples of 24 dots


@dataclass(frozen=True)
class PlacedText:
    x: int
    y: int
    width: int
    height: int
    lines: tuple[str, ...]
    size: int
    line_height: int
    bold: bool


@dataclass(frozen=True)
class PlacedBarcode:
    x: int
    y: int
    width: int
    bar_height: int
    value: str
    module: int


@dataclass(frozen=True)
class PlacedQr:
    x: int
    y: int
    payload: str
    module: int


@dataclass(frozen=True)
class PlacedBox:
    x: int
    y: int
    width: int
    height: int
    thickness: int


Placed = PlacedText | PlacedBarcode | PlacedQr | PlacedBox
HRI_DOTS = 24


def _sizes(field: TextField, template: LabelTemplate, kind: TextKind) -> list[int]:
    top, bottom = template.dots(field.size_mm), template.dots(field.min_size_mm)
    if kind is TextKind.FIXED24:
        sizes = [TSPL_FONT_DOTS * m for m in range(top // TSPL_FONT_DOTS, 0, -1)]
        return sizes or [TSPL_FONT_DOTS]
    return list(range(top, bottom - 1, -2))


@lru_cache(maxsize=8192)
def _advance(ch: str, size: int) -> float:
    return cjk_font(size).getlength(ch)


def _measure(size: int, kind: TextKind) -> Callable[[str], float]:
    """Line width in dots. Measured text sums the cached glyph advances; kerning is ignored
    (in this font it narrows pairs such as "AV", so the sum errs on the safe side)."""
    if kind is TextKind.MEASURED:
        return lambda text: sum(_advance(ch, size) for ch in text)
    return lambda text: text_columns(text) * size / 2


def _place_text(
    field: TextField, text: str, template: LabelTemplate, kind: TextKind, name: str
) -> PlacedText:
    width, height = template.dots(field.w_mm), template.dots(field.h_mm)
    for size in _sizes(field, template, kind):
        line_height = size * 5 // 4
        lines = wrap_text(text, width, _measure(size, kind))
        if len(lines) * line_height <= height + size // 4:
            x, y = template.dots(field.x_mm), template.dots(field.y_mm)
            return PlacedText(x, y, width, height, tuple(lines), size, line_height, field.bold)
    raise PrinterContentError(f"{name}太长，标签上放不下，请精简后再打印（{text[:20]}…）")


def _field_name(text: str) -> str:
    for name, label in FIELD_LABELS.items():
        if "{" + name + "}" in text:
            return label
    return "标签文字"


def _place_barcode(field: BarcodeField, value: str, template: LabelTemplate) -> PlacedBarcode:
    width = template.dots(field.w_mm)
    name = FIELD_LABELS[field.source] + "条码"
    module = code128_module_width(value, width, MIN_MODULE, MAX_MODULE, name)
    bars = len(code128_modules(value)) * module
    x = template.dots(field.x_mm) + (width - bars) // 2
    bar_height = template.dots(field.h_mm) - HRI_DOTS - 4
    return PlacedBarcode(x, template.dots(field.y_mm), bars, bar_height, value, module)


def _place_qr(field: QrField, payload: str, template: LabelTemplate) -> PlacedQr:
    module = template.dots(field.size_mm) // (qr_modules(payload) + 8)
    if module < MIN_QR_MODULE:
        raise PrinterContentError("二维码内容太长，标签上放不下，请缩短二维码地址")
    return PlacedQr(template.dots(field.x_mm), template.dots(field.y_mm), payload, module)


def _place(
    field: object, label: MailLabel, template: LabelTemplate, kind: TextKind
) -> Placed | None:
    if isinstance(field, TextField):
        text = field.text.format(**vars(label))
        return _place_text(field, text, template, kind, _field_name(field.text))
    if isinstance(field, BarcodeField):
        value = getattr(label, field.source)
        return _place_barcode(field, value, template) if value else None
    if isinstance(field, QrField):
        payload = getattr(label, field.source)
        return _place_qr(field, payload, template) if payload else None
    assert isinstance(field, BoxField)
    x, y, w, h = (template.dots(v) for v in (field.x_mm, field.y_mm, field.w_mm, field.h_mm))
    return PlacedBox(x, y, w, max(1, h), max(1, template.dots(field.thickness_mm)))


def place_label(label: MailLabel, template: LabelTemplate, kind: TextKind) -> list[Placed]:
    """Every field of ``template`` placed for ``label`` (already ``checked``)."""
    placed = [_place(field, label, template, kind) for field in template.fields]
    return [p for p in placed if p is not None]
