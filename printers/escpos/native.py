"""Laid-out receipt items -> ESC/POS bytes using the printer's own Chinese font."""

from __future__ import annotations

from printers.barcodes import check_qr_payload, code128_module_width, code128_segments, qr_modules
from printers.errors import PrinterContentError
from printers.escpos import commands as cmd
from printers.escpos.layout import Barcode, Item, PrintLine, QrCode
from printers.escpos.profile import ReceiptProfile
from printers.text import encode_gb18030


def code128_escpos_data(value: str) -> bytes:
    """``GS k 73`` data: ``{B``/``{C`` selections, ``{`` doubled, code C as digit-pair bytes."""
    out = bytearray()
    for segment in code128_segments(value):
        if segment.code_set == "B":
            out += b"{B" + segment.text.replace("{", "{{").encode("ascii")
        else:
            text = segment.text
            out += b"{C" + bytes(int(text[i : i + 2]) for i in range(0, len(text), 2))
    return bytes(out)


def _barcode(item: Barcode, profile: ReceiptProfile) -> bytes:
    module = code128_module_width(
        item.value, profile.width_dots, profile.min_module, profile.max_module, "受理编号条码"
    )
    return cmd.align(cmd.Align.CENTER) + cmd.code128(
        code128_escpos_data(item.value), item.height_dots, module
    )


def qr_module_for(payload: str, profile: ReceiptProfile) -> int:
    """The QR module size (dots) that fits the paper, at most ``profile.qr_module``."""
    modules = qr_modules(payload) + 8
    for module in range(profile.qr_module, 0, -1):
        if modules * module <= profile.width_dots:
            return module
    raise PrinterContentError("二维码内容太长，这种纸宽打印不下，请缩短二维码地址")


def _qr(item: QrCode, profile: ReceiptProfile) -> bytes:
    module = qr_module_for(item.payload, profile)
    return cmd.align(cmd.Align.CENTER) + cmd.qr(check_qr_payload(item.payload), module)


class _TextState:
    """Emit align/bold/size commands only when they change."""

    def __init__(self) -> None:
        self.align, self.bold, self.scale = cmd.Align.LEFT, False, 1

    def line(self, item: PrintLine) -> bytes:
        out = b""
        if item.align != self.align:
            out += cmd.align(item.align)
        if item.bold != self.bold:
            out += cmd.bold(item.bold)
        if item.scale != self.scale:
            out += cmd.size(item.scale)
        self.align, self.bold, self.scale = item.align, item.bold, item.scale
        return out + encode_gb18030(item.text) + b"\n"

    def reset(self) -> bytes:
        return self.line(PrintLine("", 1, False, cmd.Align.LEFT))[:-1]


def render_native(items: list[Item], profile: ReceiptProfile) -> bytes:
    """ESC/POS bytes: init, ``FS &``, the items, feed, cut (and ``FS .`` where needed).

    ``FS &`` (select Chinese character mode) always goes out before the first text byte: a
    printer that boots in Chinese mode ignores it, and one left in a single-byte code page
    by another program would otherwise print the GB18030 bytes as pairs of Latin signs. The
    profile decides only the code page the printer is left in afterwards: one that boots in
    a single-byte code page (Epson-style) gets ``FS .`` at the end, so the next program finds
    it as it boots.
    """
    out = bytearray(cmd.INIT + cmd.CHINESE_ON)
    state = _TextState()
    for item in items:
        if isinstance(item, PrintLine):
            out += state.line(item)
        elif isinstance(item, Barcode):
            out += _barcode(item, profile)
            state.align = cmd.Align.CENTER
        elif isinstance(item, QrCode):
            out += _qr(item, profile)
            state.align = cmd.Align.CENTER
        else:
            out += cmd.feed(item.lines)
    out += state.reset() + finish(profile)
    if not profile.boots_in_chinese_mode:
        out += cmd.CHINESE_OFF  # back to its single-byte code page, as it boots
    return bytes(out)


def finish(profile: ReceiptProfile) -> bytes:
    """Feed past the tear bar, and cut where there is a cutter."""
    return cmd.feed(profile.feed_before_cut) + (cmd.PARTIAL_CUT if profile.cutter else b"")
