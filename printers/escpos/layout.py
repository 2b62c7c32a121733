"""Receipt content as blocks, laid out into printer lines on a column grid.

The same layout feeds the native renderer (printer font) and the raster fallback (the same
grid drawn with the shipped font), so a receipt looks alike on both kinds of printers.
"""

from __future__ import annotations

from dataclasses import dataclass

from printers.escpos.commands import Align
from printers.text import text_columns, wrap_text


@dataclass(frozen=True)
class Line:
    """A paragraph, wrapped to the paper; ``fit`` shrinks the scale to keep it on one line."""

    text: str
    scale: int = 1
    bold: bool = False
    align: Align = Align.LEFT
    fit: bool = False


@dataclass(frozen=True)
class Pair:
    """``label`` left and ``value`` right on one line, or the value under the label."""

    label: str
    value: str
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class Barcode:
    value: str
    height_dots: int = 64


@dataclass(frozen=True)
class QrCode:
    payload: str


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class PrintLine:
    """One printed line, already wrapped: ``text_columns(text) * scale <= columns``."""

    text: str
    scale: int = 1
    bold: bool = False
    align: Align = Align.LEFT


Block = Line | Pair | Rule | Barcode | QrCode | Feed
Item = PrintLine | Barcode | QrCode | Feed


def _line_items(line: Line, columns: int) -> list[Item]:
    scale = line.scale
    if line.fit:
        while scale > 1 and text_columns(line.text) * scale > columns:
            scale -= 1
    return [
        PrintLine(text, scale, line.bold, line.align)
        for text in wrap_text(line.text, columns // scale)
    ]


def _pair_items(pair: Pair, columns: int) -> list[Item]:
    gap = columns - text_columns(pair.label) - text_columns(pair.value)
    if gap >= 1 and "\n" not in pair.value:
        return [PrintLine(pair.label + " " * gap + pair.value, bold=pair.bold)]
    items: list[Item] = [PrintLine(text, bold=pair.bold) for text in wrap_text(pair.label, columns)]
    items += [
        PrintLine(text, bold=pair.bold, align=Align.RIGHT)
        for text in wrap_text(pair.value, columns)
    ]
    return items


def layout(blocks: list[Block], columns: int) -> list[Item]:
    """Wrap text blocks into ``PrintLine`` items for a paper of ``columns`` columns."""
    items: list[Item] = []
    for block in blocks:
        if isinstance(block, Line):
            items += _line_items(block, columns)
        elif isinstance(block, Pair):
            items += _pair_items(block, columns)
        elif isinstance(block, Rule):
            items.append(PrintLine(block.char * (columns // text_columns(block.char))))
        else:
            items.append(block)
    return items
