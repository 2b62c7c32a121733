"""Independent decoders of printer byte streams, to check the renderers from the outside."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from PIL import Image

_FIXED = {  # command prefix -> total length
    b"\x1b@": 2, b"\x1ba": 3, b"\x1bE": 3, b"\x1d!": 3, b"\x1bd": 3, b"\x1c&": 2,
    b"\x1c.": 2, b"\x1dV": 3, b"\x1dh": 3, b"\x1dw": 3, b"\x1dH": 3, b"\x1df": 3,
}  # fmt: skip


@dataclass
class EscPosDoc:
    lines: list[tuple[str, int]] = field(default_factory=list)  # (text, scale)
    commands: list[bytes] = field(default_factory=list)
    barcodes: list[bytes] = field(default_factory=list)
    qr_data: list[bytes] = field(default_factory=list)
    raster_bands: list[tuple[int, int, bytes]] = field(default_factory=list)


def _variable(data: bytes, i: int, doc: EscPosDoc) -> int:
    if data.startswith(b"\x1dk", i):
        length = data[i + 3]
        doc.barcodes.append(data[i + 4 : i + 4 + length])
        return 4 + length
    if data.startswith(b"\x1d(k", i):
        size = data[i + 3] + 256 * data[i + 4]
        if data[i + 6] == 80:  # store QR data
            doc.qr_data.append(data[i + 8 : i + 5 + size])
        return 5 + size
    if data.startswith(b"\x1dv0", i):
        width_bytes = data[i + 4] + 256 * data[i + 5]
        rows = data[i + 6] + 256 * data[i + 7]
        doc.raster_bands.append((width_bytes, rows, data[i + 8 : i + 8 + width_bytes * rows]))
        return 8 + width_bytes * rows
    raise AssertionError(f"unknown command at {i}: {data[i : i + 4].hex()}")


def parse_escpos(data: bytes) -> EscPosDoc:
    """Text lines (GB18030) with their ``GS !`` scale, barcodes, QR data, raster bands."""
    doc, i, scale, text = EscPosDoc(), 0, 1, bytearray()
    while i < len(data):
        if data[i] in (0x1B, 0x1C, 0x1D):
            prefix = data[i : i + 2]
            length = _FIXED.get(prefix) or _variable(data, i, doc)
            command = data[i : i + length]
            doc.commands.append(command)
            if prefix == b"\x1d!":
                scale = (command[2] & 0x07) + 1
                assert command[2] >> 4 == command[2] & 0x07, "width and height scale differ"
            i += length
        elif data[i] == 0x0A:
            doc.lines.append((text.decode("gb18030"), scale))
            text.clear()
            i += 1
        else:
            text.append(data[i])
            i += 1
    assert not text, f"text without a line feed: {bytes(text)!r}"
    return doc


def raster_image(doc: EscPosDoc) -> Image.Image:
    """The ``GS v 0`` bands stacked into one image (ESC/POS: 1 = black)."""
    width = doc.raster_bands[0][0]
    assert all(b[0] == width for b in doc.raster_bands)
    bits = b"".join(b[2] for b in doc.raster_bands)
    rows = sum(b[1] for b in doc.raster_bands)
    inverted = bytes(b ^ 0xFF for b in bits)
    return Image.frombytes("1", (width * 8, rows), inverted)


def tspl_bitmap(data: bytes) -> Image.Image:
    """The image of the single TSPL ``BITMAP`` command (TSPL: 1 = white)."""
    match = re.search(rb"BITMAP 0,0,(\d+),(\d+),0,", data)
    assert match, "no BITMAP command"
    width, height = int(match.group(1)), int(match.group(2))
    start = match.end()
    bits = data[start : start + width * height]
    assert data[start + width * height : start + width * height + 2] == b"\r\n"
    return Image.frombytes("1", (width * 8, height), bits)


_LOW = {c: i + 1 for i, c in enumerate("GHIJKLMNOPQRSTUVWXY")}
_HIGH = {c: (i + 1) * 20 for i, c in enumerate("ghijklmnopqrstuvwxyz")}


def _zpl_rows(data: str, row_hex: int) -> list[str]:
    rows: list[str] = []
    row, count = "", 0
    for ch in data:
        if ch in _LOW or ch in _HIGH:
            count += _LOW.get(ch, 0) + _HIGH.get(ch, 0)
            continue
        if ch == ",":
            row = row.ljust(row_hex, "0")
        elif ch == "!":
            row = row.ljust(row_hex, "F")
        elif ch == ":":
            row = rows[-1]
        else:
            row += ch * (count or 1)
        count = 0
        if len(row) >= row_hex:
            assert len(row) == row_hex, "row overflow"
            rows.append(row)
            row = ""
    assert not row
    return rows


def zpl_graphic(data: bytes) -> Image.Image:
    """The image of the single ``^GFA`` field (plain or ASCII-compressed hex, 1 = black)."""
    text = data.decode("utf-8")
    match = re.search(r"\^GFA,(\d+),(\d+),(\d+),([^\^]*)\^FS", text)
    assert match, "no ^GFA field"
    total, width = int(match.group(1)), int(match.group(3))
    rows = _zpl_rows(match.group(4), width * 2)
    bits = bytes.fromhex("".join(rows))
    assert len(bits) == total
    inverted = bytes(b ^ 0xFF for b in bits)
    return Image.frombytes("1", (width * 8, total // width), inverted)
