"""Code 128 and QR encoding shared by every output: ESC/POS native commands, TSPL, ZPL and
the raster images. One segmentation of a Code 128 value (code sets B and C) is used both for
the bytes sent to a printer and the bars drawn here, so a width check holds for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

import qrcode
from barcode.charsets import code128 as _charset
from PIL import Image

from printers.errors import PrinterContentError

START_B, START_C, SWITCH_B, SWITCH_C = 104, 105, 100, 99
QUIET_MODULES = 10
_DIGIT_RUN = re.compile(r"\d{4,}")
MAX_QR_BYTES = 600
_URL_SAFE = "".join(chr(code) for code in range(33, 127))
_BAR_PIXELS = str.maketrans({"1": "\x00", "0": "\xff"})


@dataclass(frozen=True)
class Segment:
    """A run of a Code 128 value in one code set: ``"B"`` (ASCII) or ``"C"`` (digit pairs)."""

    code_set: str
    text: str


def check_code128_value(value: str, field: str = "条码") -> None:
    """Raise ``PrinterContentError`` unless ``value`` is 1-80 printable ASCII characters."""
    if not value:
        raise PrinterContentError(f"{field}内容为空，无法打印条码")
    if len(value) > 80 or any(not " " <= ch <= "~" for ch in value):
        raise PrinterContentError(f"{field}「{value}」只能是 80 个以内的字母、数字和常用符号")


def code128_segments(value: str) -> list[Segment]:
    """Split ``value``: runs of 4+ digits (even part) in code set C, the rest in code set B."""
    check_code128_value(value)
    segments: list[Segment] = []
    position = 0
    for match in _DIGIT_RUN.finditer(value):
        start = match.start() + (len(match.group()) % 2)
        if start > position:
            segments.append(Segment("B", value[position:start]))
        segments.append(Segment("C", value[start : match.end()]))
        position = match.end()
    if position < len(value):
        segments.append(Segment("B", value[position:]))
    return segments


def code128_symbols(value: str) -> list[int]:
    """Symbol values: start, data (with set switches), checksum; the stop is implied."""
    symbols: list[int] = []
    for segment in code128_segments(value):
        if not symbols:
            symbols.append(START_B if segment.code_set == "B" else START_C)
        else:
            symbols.append(SWITCH_B if segment.code_set == "B" else SWITCH_C)
        if segment.code_set == "B":
            symbols.extend(ord(ch) - 32 for ch in segment.text)
        else:
            text = segment.text
            symbols.extend(int(text[i : i + 2]) for i in range(0, len(text), 2))
    checksum = (symbols[0] + sum(i * v for i, v in enumerate(symbols[1:], start=1))) % 103
    return [*symbols, checksum]


def code128_modules(value: str) -> str:
    """The bar pattern, ``"1"`` a dark module, without quiet zones."""
    codes: tuple[str, ...] = _charset.CODES
    stop: str = _charset.STOP
    # python-barcode keeps the final two-module termination bar out of its STOP pattern.
    return "".join(codes[s] for s in code128_symbols(value)) + stop + "11"


def code128_module_width(
    value: str, available_dots: int, min_module: int, max_module: int, field: str = "条码"
) -> int:
    """The widest module (dots) that fits ``value`` with quiet zones into ``available_dots``."""
    modules = len(code128_modules(value)) + 2 * QUIET_MODULES
    for width in range(max_module, min_module - 1, -1):
        if modules * width <= available_dots:
            return width
    raise PrinterContentError(
        f"{field}「{value}」太长，这种纸宽打印不下（需要 {modules * min_module} 点，"
        f"只有 {available_dots} 点），请缩短编号或换用更宽的纸"
    )


def draw_code128(value: str, module: int, height: int) -> Image.Image:
    """A 1-bit image of the bars (no quiet zone, no text), ``module`` dots per module."""
    pattern = code128_modules(value)
    row = Image.frombytes("L", (len(pattern), 1), pattern.translate(_BAR_PIXELS).encode("latin-1"))
    return row.resize((len(pattern) * module, height), Image.Resampling.NEAREST).convert("1")


def check_qr_payload(payload: str, field: str = "二维码") -> bytes:
    """The ASCII bytes put into the QR code, or ``PrinterContentError``.

    Scanners guess the encoding of non-ASCII bytes (zbar reads UTF-8 as Shift-JIS), so a URL
    with Chinese in it is percent-encoded (what a browser sends anyway) and other non-ASCII
    text is refused.
    """
    if "://" in payload and not payload.isascii():
        payload = quote(payload, safe=_URL_SAFE)
    if not payload or len(payload) > MAX_QR_BYTES or not payload.isascii():
        raise PrinterContentError(f"{field}内容为空、太长或不是网址，请检查设置中的二维码地址")
    if any(ch < " " or ch == "\x7f" for ch in payload):
        raise PrinterContentError(f"{field}内容含控制字符，请检查设置中的二维码地址")
    return payload.encode("ascii")


def _qr(payload: str) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(check_qr_payload(payload))
    return qr


def qr_modules(payload: str) -> int:
    """Modules per side of the QR code for ``payload`` (version only, no mask search)."""
    return 17 + 4 * int(_qr(payload).best_fit())


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR modules (True = dark) for ``payload``, error correction M, no border."""
    qr = _qr(payload)
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]


def draw_qr(payload: str, module: int) -> Image.Image:
    """A 1-bit image of the QR code with a 4-module quiet zone, ``module`` dots per module."""
    matrix = qr_matrix(payload)
    side = len(matrix) + 8
    pixels = bytearray(b"\xff" * side * side)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                pixels[(y + 4) * side + x + 4] = 0
    small = Image.frombytes("L", (side, side), bytes(pixels))
    return small.resize((side * module, side * module), Image.Resampling.NEAREST).convert("1")
