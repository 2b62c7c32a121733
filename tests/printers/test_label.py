"""Mail labels: TSPL and ZPL golden bytes; the bitmaps decoded back out of the printer
commands and scanned with zbarimg."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from printers.errors import PrinterContentError
from printers.fonts import cjk_font
from printers.label import (
    TEMPLATE_76X130,
    TEMPLATE_100X150,
    LabelMode,
    LabelTemplate,
    TextField,
    render_mail_label_image,
    render_mail_label_tspl,
    render_mail_label_zpl,
)
from printers.label.layout import PlacedText, TextKind, place_label
from printers.text import text_columns
from tests.printers.decode import tspl_bitmap, zpl_graphic
from tests.printers.samples import MAIL, assert_golden, assert_golden_png, zbar

TEMPLATES = {"100x150": TEMPLATE_100X150, "76x130": TEMPLATE_76X130}
EXPECTED_CODES = {
    "CODE-128:LYG-20261128-W03-0001",
    "CODE-128:1151234567890",
    "QR-Code:https://ip.lyg.gov.cn/c/LYG-20261128-W03-0001",
}


@pytest.mark.parametrize("name", TEMPLATES)
def test_printer_font_tspl_matches_golden(name: str) -> None:
    data = render_mail_label_tspl(MAIL, TEMPLATES[name], LabelMode.PRINTER_FONT)
    assert_golden(f"mail_{name}_font.tspl", data)
    text = data.decode("gb18030")
    assert '"TSS24.BF2",0,2,2,"收件人：李明"' in text
    assert "BARCODE" in text and '"LYG-20261128-W03-0001"' in text
    assert text.endswith("PRINT 1,1\r\n")


@pytest.mark.parametrize("name", TEMPLATES)
def test_printer_font_zpl_matches_golden(name: str) -> None:
    data = render_mail_label_zpl(MAIL, TEMPLATES[name], LabelMode.PRINTER_FONT)
    assert_golden(f"mail_{name}_font.zpl", data)
    text = data.decode("utf-8")
    assert text.startswith("^XA^CI28") and text.endswith("^XZ\r\n")
    assert "^A@N," in text and "E:SIMSUN.TTF" in text
    assert "^FDLYG-20261128-W03-0001^FS" in text


@pytest.mark.parametrize("name", TEMPLATES)
def test_bitmap_label_golden_and_scannable(name: str, tmp_path: Path) -> None:
    image = render_mail_label_image(MAIL, TEMPLATES[name])
    assert image.size == TEMPLATES[name].size_dots
    assert_golden_png(f"mail_{name}.png", image)
    assert zbar(image, tmp_path) == EXPECTED_CODES


@pytest.mark.parametrize("kind", list(TextKind))
@pytest.mark.parametrize("name", TEMPLATES)
def test_no_text_line_runs_out_of_its_box(name: str, kind: TextKind) -> None:
    long_address = dataclasses.replace(MAIL, recipient_address=MAIL.recipient_address * 2)
    for label in (MAIL, long_address):
        texts = [p for p in place_label(label, TEMPLATES[name], kind) if isinstance(p, PlacedText)]
        assert len(texts) == 9
        for placed in texts:
            font = cjk_font(placed.size)
            for line in placed.lines:
                drawn = font.getlength(line) if kind is TextKind.MEASURED else None
                cells = text_columns(line) * placed.size / 2
                assert (drawn if drawn is not None else cells) <= placed.width, line
            assert len(placed.lines) * placed.line_height <= placed.height + placed.size // 4


@pytest.mark.parametrize("name", TEMPLATES)
def test_tspl_bitmap_carries_the_label_image(name: str, tmp_path: Path) -> None:
    data = render_mail_label_tspl(MAIL, TEMPLATES[name], LabelMode.BITMAP)
    assert data.startswith(f"SIZE {TEMPLATES[name].width_mm} mm,".encode())
    decoded = tspl_bitmap(data)
    assert decoded.tobytes() == render_mail_label_image(MAIL, TEMPLATES[name]).tobytes()
    assert zbar(decoded, tmp_path) == EXPECTED_CODES


@pytest.mark.parametrize("compress", [True, False])
@pytest.mark.parametrize("name", TEMPLATES)
def test_zpl_graphic_field_carries_the_label_image(name: str, compress: bool) -> None:
    data = render_mail_label_zpl(MAIL, TEMPLATES[name], LabelMode.BITMAP, compress=compress)
    decoded = zpl_graphic(data)
    assert decoded.tobytes() == render_mail_label_image(MAIL, TEMPLATES[name]).tobytes()


def test_zpl_compression_is_much_smaller() -> None:
    packed = render_mail_label_zpl(MAIL, TEMPLATE_100X150, LabelMode.BITMAP)
    plain = render_mail_label_zpl(MAIL, TEMPLATE_100X150, LabelMode.BITMAP, compress=False)
    assert len(packed) * 3 < len(plain)


def test_bitmap_zpl_scans(tmp_path: Path) -> None:
    decoded = zpl_graphic(render_mail_label_zpl(MAIL, TEMPLATE_76X130, LabelMode.BITMAP))
    assert zbar(decoded, tmp_path) == EXPECTED_CODES


def test_empty_tracking_number_leaves_its_barcode_out(tmp_path: Path) -> None:
    label = dataclasses.replace(MAIL, tracking_number="", qr_payload="")
    image = render_mail_label_image(label, TEMPLATE_100X150)
    assert zbar(image, tmp_path) == {"CODE-128:LYG-20261128-W03-0001"}


def test_long_address_shrinks_then_fails_clearly() -> None:
    longer = dataclasses.replace(MAIL, recipient_address=MAIL.recipient_address * 2)
    render_mail_label_image(longer, TEMPLATE_100X150)  # fits at a smaller size
    far_too_long = dataclasses.replace(MAIL, recipient_address=MAIL.recipient_address * 8)
    with pytest.raises(PrinterContentError, match="收件地址太长，标签上放不下"):
        render_mail_label_image(far_too_long, TEMPLATE_100X150)


def test_quotes_in_tspl_text_are_escaped() -> None:
    label = dataclasses.replace(MAIL, contents='证书"正本"')
    text = render_mail_label_tspl(label, TEMPLATE_100X150, LabelMode.PRINTER_FONT).decode("gb18030")
    assert '"内件：证书\\["]正本\\["]"' in text


def test_zpl_control_characters_in_text_are_hex_escaped() -> None:
    label = dataclasses.replace(MAIL, contents="A^B~C")
    text = render_mail_label_zpl(label, TEMPLATE_100X150, LabelMode.PRINTER_FONT).decode()
    assert "^FH\\^FD内件：A\\5EB\\7EC^FS" in text


def test_unprintable_recipient_name_is_refused() -> None:
    label = dataclasses.replace(MAIL, recipient_name="李\udc80明")
    for render in (render_mail_label_tspl, render_mail_label_zpl):
        with pytest.raises(PrinterContentError, match="收件人姓名中第 2 个字"):
            render(label, TEMPLATE_100X150, LabelMode.BITMAP)


def test_case_number_barcode_too_wide_for_the_label() -> None:
    label = dataclasses.replace(MAIL, case_number="LYG-ABCDEFGHIJKLMNOPQRSTUVWXYZ-W03-0001")
    with pytest.raises(PrinterContentError, match=r"受理编号条码.*太长"):
        render_mail_label_tspl(label, TEMPLATE_76X130, LabelMode.PRINTER_FONT)


def test_template_with_unknown_field_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown fields"):
        LabelTemplate("bad", 100, 150, (TextField(0, 0, 10, 10, "{recipient_nmae}"),))
