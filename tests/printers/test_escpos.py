"""ESC/POS receipts: golden bytes, parsed from the outside; the raster fallback scanned back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from printers.errors import PrinterContentError
from printers.escpos import (
    PAPER_58,
    PAPER_80,
    ReceiptProfile,
    render_acceptance_escpos,
    render_acceptance_image,
    render_payment_escpos,
    render_test_page_escpos,
    render_ticket_escpos,
    render_ticket_image,
)
from printers.text import text_columns
from tests.printers.decode import parse_escpos, raster_image
from tests.printers.samples import (
    ACCEPTANCE,
    PAGE,
    PAYMENT,
    TICKET,
    assert_golden,
    assert_golden_png,
    zbar,
)

RASTER_58 = dataclasses.replace(PAPER_58, chinese_font=False)
EPSON_80 = dataclasses.replace(PAPER_80, boots_in_chinese_mode=False)
RENDERERS = {
    "ticket": lambda p: render_ticket_escpos(TICKET, p),
    "acceptance": lambda p: render_acceptance_escpos(ACCEPTANCE, p),
    "payment": lambda p: render_payment_escpos(PAYMENT, p),
    "testpage": lambda p: render_test_page_escpos(PAGE, p),
}
PROFILES = {"58": PAPER_58, "80": PAPER_80}


@pytest.mark.parametrize("paper", PROFILES)
@pytest.mark.parametrize("document", RENDERERS)
def test_native_receipts_match_golden_files(document: str, paper: str) -> None:
    assert_golden(f"{document}_{paper}mm.escpos", RENDERERS[document](PROFILES[paper]))


@pytest.mark.parametrize("paper", PROFILES)
@pytest.mark.parametrize("document", RENDERERS)
def test_every_printed_line_fits_the_paper(document: str, paper: str) -> None:
    profile = PROFILES[paper]
    doc = parse_escpos(RENDERERS[document](profile))
    assert doc.lines
    for text, scale in doc.lines:
        assert text_columns(text) * scale <= profile.columns, text


def test_ticket_text_in_chinese_mode() -> None:
    data = render_ticket_escpos(TICKET, PAPER_58)
    assert data.startswith(b"\x1b@\x1c&")  # FS & even on a printer that boots in Chinese mode
    assert b"\x1c." not in data  # Xprinter-style: left in Chinese mode, as it boots
    doc = parse_escpos(data)
    texts = [text.strip() for text, _ in doc.lines]
    assert ("A001", 4) in [(t.strip(), s) for t, s in doc.lines]
    assert "请留意叫号" in texts and "专利业务" in texts
    assert doc.qr_data == [b"https://ip.lyg.gov.cn/q?t=A001"]
    assert "前面等候                   12 人" in texts


def test_epson_style_printer_gets_fs_ampersand_and_leaves_chinese_mode() -> None:
    data = render_payment_escpos(PAYMENT, EPSON_80)
    assert data.startswith(b"\x1b@\x1c&")
    assert data.endswith(b"\x1dV\x01\x1c.")
    assert "￥1,234.50".encode("gb18030") in data
    assert b"\xa3\xa41,234.50" in data  # full-width yen A3A4, never "?"


def test_acceptance_receipt_barcode_is_native_code128() -> None:
    doc = parse_escpos(render_acceptance_escpos(ACCEPTANCE, PAPER_80))
    assert doc.barcodes == [b"{BLYG-{C\x14\x1a\x0b\x1c{B-W03-{C\x00\x01"]
    assert b"\x1dw\x02" in doc.commands  # 2-dot modules fit 80 mm
    doc58 = parse_escpos(render_acceptance_escpos(ACCEPTANCE, PAPER_58))
    assert b"\x1dw\x01" in doc58.commands


def test_raster_fallback_golden_and_scannable(tmp_path: Path) -> None:
    data = render_acceptance_escpos(ACCEPTANCE, RASTER_58)
    assert_golden("acceptance_58mm_raster.escpos", data)
    doc = parse_escpos(data)
    assert doc.lines == [] and b"\x1c&" not in data
    image = raster_image(doc)
    assert image.width == 384
    assert_golden_png("acceptance_58mm_raster.png", image)
    assert image.tobytes() == render_acceptance_image(ACCEPTANCE, PAPER_58).tobytes()
    assert zbar(image, tmp_path) == {
        "CODE-128:LYG-20261128-W03-0001",
        "QR-Code:https://ip.lyg.gov.cn/c/LYG-20261128-W03-0001",
    }


def test_ticket_image_golden_and_qr(tmp_path: Path) -> None:
    image = render_ticket_image(TICKET, PAPER_80)
    assert_golden_png("ticket_80mm.png", image)
    assert zbar(image, tmp_path) == {"QR-Code:https://ip.lyg.gov.cn/q?t=A001"}


def test_long_ticket_number_shrinks_instead_of_wrapping() -> None:
    ticket = dataclasses.replace(TICKET, number="VIP12345")
    doc = parse_escpos(render_ticket_escpos(ticket, PAPER_58))
    assert ("VIP12345", 4) in [(t, s) for t, s in doc.lines]  # 8 x 4 = 32 columns
    ticket = dataclasses.replace(TICKET, number="VIP123456")
    doc = parse_escpos(render_ticket_escpos(ticket, PAPER_58))
    assert ("VIP123456", 3) in [(t, s) for t, s in doc.lines]


def test_unencodable_text_is_refused_before_any_byte() -> None:
    ticket = dataclasses.replace(TICKET, category="专利\ud800业务")
    with pytest.raises(PrinterContentError, match="业务类别中第 3 个字"):
        render_ticket_escpos(ticket, PAPER_58)


def test_emoji_is_refused_in_the_raster_path_too() -> None:
    ticket = dataclasses.replace(TICKET, wait_text="很快😀")
    with pytest.raises(PrinterContentError, match="预计等候时间"):
        render_ticket_escpos(ticket, RASTER_58)


def test_control_characters_cannot_inject_commands() -> None:
    ticket = dataclasses.replace(TICKET, hall_name="大厅\x1dV\x01")
    with pytest.raises(PrinterContentError, match="大厅名称"):
        render_ticket_escpos(ticket, PAPER_58)


def test_case_number_too_long_for_58mm_is_refused() -> None:
    receipt = dataclasses.replace(ACCEPTANCE, case_number="LYG-ABCDEFGHIJKLMNOPQRSTUVWXYZ-W03")
    with pytest.raises(PrinterContentError, match=r"受理编号条码.*太长"):
        render_acceptance_escpos(receipt, PAPER_58)
    narrow_modules = ReceiptProfile("58mm", 384, 32, min_module=2)
    with pytest.raises(PrinterContentError, match="太长"):
        render_acceptance_escpos(ACCEPTANCE, narrow_modules)


def test_negative_amount_is_refused() -> None:
    from decimal import Decimal

    with pytest.raises(PrinterContentError, match="金额"):
        render_payment_escpos(dataclasses.replace(PAYMENT, amount=Decimal("-1")), PAPER_58)


def test_rendering_is_pure_and_repeatable() -> None:
    assert render_ticket_escpos(TICKET, PAPER_58) == render_ticket_escpos(TICKET, PAPER_58)
