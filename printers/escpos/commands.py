"""A small ESC/POS command builder (bytes only, no I/O)."""

from __future__ import annotations

from enum import IntEnum

from PIL import Image

ESC, GS, FS, DLE = b"\x1b", b"\x1d", b"\x1c", b"\x10"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
PARTIAL_CUT = GS + b"V\x01"
RASTER_BAND_ROWS = 96
_INVERT = bytes(b ^ 0xFF for b in range(256))


class Align(IntEnum):
    LEFT = 0
    CENTER = 1
    RIGHT = 2


def align(value: Align) -> bytes:
    return ESC + b"a" + bytes([value])


def bold(on: bool) -> bytes:
    return ESC + b"E" + bytes([1 if on else 0])


def size(scale: int) -> bytes:
    """``GS !``: width and height both ``scale`` times (1-8)."""
    if not 1 <= scale <= 8:
        raise ValueError(f"scale {scale} out of 1..8")
    return GS + b"!" + bytes([(scale - 1) << 4 | (scale - 1)])


def feed(lines: int) -> bytes:
    return ESC + b"d" + bytes([max(0, min(lines, 255))])


def code128(data: bytes, height: int, module: int) -> bytes:
    """``GS k 73``; ``data`` already holds the ``{B``/``{C`` set selections."""
    if len(data) > 255:
        raise ValueError("CODE128 data longer than 255 bytes")
    return (
        GS + b"h" + bytes([height]) + GS + b"w" + bytes([module])
        + GS + b"H\x02" + GS + b"f\x00"
        + GS + b"k" + bytes([73, len(data)]) + data
    )  # fmt: skip


def _qr_function(fn: int, payload: bytes) -> bytes:
    size_ = len(payload) + 2
    return GS + b"(k" + bytes([size_ & 0xFF, size_ >> 8, 49, fn]) + payload


def qr(data: bytes, module: int) -> bytes:
    """``GS ( k``: model 2, ``module`` dots per module, error correction M, store, print."""
    return (
        _qr_function(65, b"\x32\x00")
        + _qr_function(67, bytes([module]))
        + _qr_function(69, b"\x31")
        + _qr_function(80, b"\x30" + data)
        + _qr_function(81, b"\x30")
    )


def raster(image: Image.Image) -> bytes:
    """``GS v 0`` bands of a 1-bit image (black = printed); width padded to 8 dots."""
    mono = image.convert("1")
    width_bytes = (mono.width + 7) // 8
    if mono.width % 8:
        padded = Image.new("1", (width_bytes * 8, mono.height), 1)
        padded.paste(mono, (0, 0))
        mono = padded
    out = bytearray()
    for top in range(0, mono.height, RASTER_BAND_ROWS):
        band = mono.crop((0, top, width_bytes * 8, min(top + RASTER_BAND_ROWS, mono.height)))
        bits = band.tobytes().translate(_INVERT)  # PIL: 1 = white; ESC/POS: 1 = black
        out += GS + b"v0\x00" + width_bytes.to_bytes(2, "little")
        out += band.height.to_bytes(2, "little") + bits
    return bytes(out)
