"""The 100 x 150 mm mail label."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from printers import pdf
from tests.pdf import samples as s
from tests.pdf import tools

pytestmark = tools.requires_tools
MM = 72 / 25.4


def test_page_is_100_by_150_mm(tmp_path: Path) -> None:
    width, height = tools.page_size(pdf.render_mail_label(s.LABEL), tmp_path)
    assert abs(width - 100 * MM) < 0.5 and abs(height - 150 * MM) < 0.5


def test_without_tracking_number_an_empty_box_and_one_barcode(tmp_path: Path) -> None:
    data = pdf.render_mail_label(replace(s.LABEL, tracking_number=None))
    assert tools.barcodes(data, tmp_path) == {f"CODE-128:{s.CASE}"}
    assert "粘贴运单号或手写" in tools.squeezed(data, tmp_path)


def test_mobile_is_printed_whole(tmp_path: Path) -> None:
    assert s.RECIPIENT.mobile in tools.squeezed(pdf.render_mail_label(s.LABEL), tmp_path)


def test_very_long_address_shrinks_and_stays_in_its_box(tmp_path: Path) -> None:
    detail = "花果山大道1号连云港某某科技有限公司研发中心综合楼东侧附楼" * 4
    recipient = replace(s.RECIPIENT, detail=detail)
    data = pdf.render_mail_label(replace(s.LABEL, recipient=recipient))
    words, (width, height) = tools.words(data, tmp_path)
    assert all(w.x0 >= 0 and w.x1 <= width and w.y0 >= 0 and w.y1 <= height for w in words)
    assert not tools.overlapping(words)
    text = tools.squeezed(data, tmp_path)
    assert "江苏省连云港市海州区花果山大道1号" in text
    assert "寄" in text and s.HALL.phone in text
    assert tools.barcodes(data, tmp_path) == {f"CODE-128:{s.CASE}", "CODE-128:1187654321098"}


def test_company_as_recipient_name_does_not_run_into_the_mobile(tmp_path: Path) -> None:
    recipient = replace(s.RECIPIENT, name="连云港某某新材料科技研究院有限责任公司知识产权部")
    data = pdf.render_mail_label(replace(s.LABEL, recipient=recipient))
    words, _ = tools.words(data, tmp_path)
    assert not tools.overlapping(words)
    text = tools.squeezed(data, tmp_path)
    assert "连云港某某新材料" in text and s.RECIPIENT.mobile in text
