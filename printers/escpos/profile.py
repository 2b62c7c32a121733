"""Receipt printer profiles: paper width, Chinese font, cutter."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReceiptProfile:
    """What a receipt printer can do.

    ``chinese_font``: the printer has a GB18030 font; if not, everything is sent as a raster
    image (``GS v 0``). ``FS &`` (Chinese mode) is sent before the text whatever the
    profile; ``boots_in_chinese_mode`` decides only the code page the printer is left in:
    Chinese printers (Xprinter, GPrinter) start in Chinese mode and stay in it, Epson-style
    ones start in a single-byte code page and get ``FS .`` back to it at the end of each job.
    Barcode modules are in dots.
    """

    name: str
    width_dots: int
    columns: int
    chinese_font: bool = True
    boots_in_chinese_mode: bool = True
    cutter: bool = False
    min_module: int = 1
    max_module: int = 3
    qr_module: int = 5
    feed_before_cut: int = 4

    def __post_init__(self) -> None:
        if self.width_dots % 8 or self.columns * 12 > self.width_dots:
            raise ValueError(f"inconsistent receipt profile {self}")


PAPER_58 = ReceiptProfile("58mm", width_dots=384, columns=32, qr_module=4)
PAPER_80 = ReceiptProfile("80mm", width_dots=576, columns=48, cutter=True, max_module=3)
