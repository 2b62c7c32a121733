"""Code128 and QR as vector graphics (crisp at any print or render resolution)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from printers.pdf.fonts import ensure_font

# 0.3 mm modules are about 2.4 px at 200 dpi: zbar decodes them reliably.
BAR_WIDTH = 0.3 * mm


def code128(value: str, bar_height: float, bar_width: float = BAR_WIDTH) -> Code128:
    """A Code128 symbol with quiet zones and without reportlab's Helvetica caption."""
    return Code128(
        value,
        barWidth=bar_width,
        barHeight=bar_height,
        humanReadable=False,
        quiet=True,
        lquiet=10 * bar_width,
        rquiet=10 * bar_width,
    )


def draw_code128(
    canvas: Canvas,
    value: str,
    right: float,
    top: float,
    bar_height: float = 11 * mm,
    caption_size: float = 9,
) -> float:
    """Draw the symbol with its text below, right-aligned at ``right``; return its width."""
    symbol = code128(value, bar_height)
    width = float(symbol.width)
    symbol.drawOn(canvas, right - width, top - bar_height)
    canvas.setFont(ensure_font(), caption_size)
    canvas.drawCentredString(right - width / 2, top - bar_height - caption_size - 1, value)
    return width


# One mask for every symbol: choosing the "best" of the eight (qrcode encodes the data eight
# times and scores each) took ~6 ms of a ~30 ms notice; any mask is a valid symbol and the
# notices' codes decode with this one (tests/pdf: zbarimg on the rendered pages).
QR_MASK = 0


@lru_cache(maxsize=128)
def qr_matrix(value: str) -> tuple[tuple[bool, ...], ...]:
    """The QR modules (error level M, no border); cached: a document repeats it per page."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, mask_pattern=QR_MASK)
    code.add_data(value)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def _dark_runs(row: Sequence[bool]) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    start = None
    for column, dark in enumerate((*row, False)):
        if dark and start is None:
            start = column
        elif not dark and start is not None:
            yield start, column - start
            start = None


def draw_qr(canvas: Canvas, value: str, x: float, y: float, size: float, border: int = 2) -> None:
    """Draw a QR with a ``border``-module quiet zone filling a ``size`` square at (x, y)."""
    matrix = qr_matrix(value)
    module = size / (len(matrix) + 2 * border)
    top = y + size - border * module
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        for start, length in _dark_runs(row):
            left = x + (border + start) * module
            path.rect(left, top - (r + 1) * module, length * module, module)
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class Code128Flowable(Flowable):  # type: ignore[misc]
    """A Code128 with its caption, for a story (centred in the frame)."""

    def __init__(self, value: str, bar_height: float = 12 * mm) -> None:
        super().__init__()
        self.value = value
        self.bar_height = bar_height
        self.symbol_width = float(code128(value, bar_height).width)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail_width = avail_width
        return avail_width, self.bar_height + 13

    def draw(self) -> None:
        right = (self.avail_width + self.symbol_width) / 2
        draw_code128(self.canv, self.value, right, self.bar_height + 13, self.bar_height)
