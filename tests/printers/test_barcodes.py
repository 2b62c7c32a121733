"""Code 128 segmentation and widths, QR payload checks."""

from __future__ import annotations

from pathlib import Path

import barcode
import pytest

from printers.barcodes import (
    Segment,
    code128_module_width,
    code128_modules,
    code128_segments,
    code128_symbols,
    draw_code128,
    draw_qr,
    qr_matrix,
)
from printers.errors import PrinterContentError
from printers.escpos.native import code128_escpos_data
from tests.printers.samples import zbar

CASE = "LYG-20261128-W03-0001"


def test_digit_runs_go_to_code_set_c() -> None:
    assert code128_segments(CASE) == [
        Segment("B", "LYG-"),
        Segment("C", "20261128"),
        Segment("B", "-W03-"),
        Segment("C", "0001"),
    ]
    assert code128_segments("12345") == [Segment("B", "1"), Segment("C", "2345")]


def test_symbols_and_checksum() -> None:
    symbols = code128_symbols(CASE)
    assert symbols[0] == 104 and symbols[5] == 99 and symbols[6:10] == [20, 26, 11, 28]
    weighted = symbols[0] + sum(i * v for i, v in enumerate(symbols[1:-1], start=1))
    assert symbols[-1] == weighted % 103


def test_bars_match_python_barcode() -> None:
    assert code128_modules(CASE) == barcode.Code128(CASE).build()[0]


@pytest.mark.parametrize("value", [CASE, "1151234567890", "A{B}", "TEST-0123456789", "12"])
def test_drawn_bars_scan_back(value: str, tmp_path: Path) -> None:
    assert zbar(draw_code128(value, 2, 60), tmp_path) == {f"CODE-128:{value}"}


def test_drawn_qr_scans_back(tmp_path: Path) -> None:
    payload = "https://ip.lyg.gov.cn/q?t=A001&h=连云港"
    expected = "https://ip.lyg.gov.cn/q?t=A001&h=%E8%BF%9E%E4%BA%91%E6%B8%AF"
    assert zbar(draw_qr(payload, 3), tmp_path) == {f"QR-Code:{expected}"}


def test_qr_text_that_is_not_a_url_must_be_ascii() -> None:
    with pytest.raises(PrinterContentError, match="不是网址"):
        qr_matrix("连云港")


def test_escpos_data_selects_sets_and_doubles_braces() -> None:
    assert code128_escpos_data(CASE) == b"{BLYG-{C\x14\x1a\x0b\x1c{B-W03-{C\x00\x01"
    assert code128_escpos_data("A{B") == b"{BA{{B"


def test_module_width_is_the_widest_that_fits() -> None:
    assert code128_module_width(CASE, 576, 1, 3) == 2  # 253 modules with quiet zones
    assert code128_module_width(CASE, 384, 1, 3) == 1


def test_a_barcode_too_long_for_the_paper_is_refused() -> None:
    with pytest.raises(PrinterContentError, match="太长，这种纸宽打印不下"):
        code128_module_width("X" * 40, 384, 1, 3, "受理编号条码")


@pytest.mark.parametrize("value", ["", "中文编号", "A\x1bB", "9" * 81])
def test_barcode_values_must_be_printable_ascii(value: str) -> None:
    with pytest.raises(PrinterContentError):
        code128_segments(value)


def test_qr_payload_limits() -> None:
    assert len(qr_matrix("https://ip.lyg.gov.cn/q?t=A001")) == 29  # version 3
    with pytest.raises(PrinterContentError):
        qr_matrix("x" * 700)
    with pytest.raises(PrinterContentError):
        qr_matrix("")
