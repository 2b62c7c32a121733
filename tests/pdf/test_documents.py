"""Every document: embedded fonts only, Chinese text extractable, barcodes decodable,
nothing outside the page or overlapping, the 补打 mark exactly when flagged."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.pdf import tools
from tests.pdf.cases import CASES, rendered

pytestmark = tools.requires_tools
NAMES = sorted(CASES)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("reprint", [False, True])
def test_every_font_is_embedded(name: str, reprint: bool, tmp_path: Path) -> None:
    fonts = tools.fonts(rendered(name, reprint), tmp_path)
    assert fonts, "no font at all"
    assert all(f.embedded for f in fonts), fonts
    assert all("WenQuanYi" in f.name for f in fonts), fonts


@pytest.mark.parametrize("name", NAMES)
def test_key_fields_come_out_as_chinese_text(name: str, tmp_path: Path) -> None:
    text = tools.squeezed(rendered(name), tmp_path)
    missing = [f for f in CASES[name].fields if re.sub(r"\s+", "", f) not in text]
    assert not missing


@pytest.mark.parametrize("name", NAMES)
def test_barcodes_decode(name: str, tmp_path: Path) -> None:
    assert tools.barcodes(rendered(name), tmp_path) == CASES[name].symbols


@pytest.mark.parametrize("name", NAMES)
def test_reprint_mark_only_when_flagged(name: str, tmp_path: Path) -> None:
    assert "补打" not in tools.text(rendered(name), tmp_path)
    flagged = tools.squeezed(rendered(name, reprint=True), tmp_path)
    assert "补打" in flagged
    assert "2026年11月29日10:12" in flagged


@pytest.mark.parametrize("name", NAMES)
def test_reprint_mark_is_on_every_page(name: str, tmp_path: Path) -> None:
    pages = tools.text(rendered(name, reprint=True), tmp_path).split("\f")
    pages = [p for p in pages if p.strip()]
    assert pages and all("补打" in p for p in pages)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("reprint", [False, True])
def test_text_stays_on_the_page_and_never_overlaps(
    name: str, reprint: bool, tmp_path: Path
) -> None:
    words, (width, height) = tools.words(rendered(name, reprint), tmp_path)
    outside = [w for w in words if w.x0 < 0 or w.y0 < 0 or w.x1 > width or w.y1 > height]
    assert not outside
    assert not tools.overlapping(words)


def test_acceptance_notice_is_two_copies(tmp_path: Path) -> None:
    pages = tools.text(rendered("acceptance"), tmp_path).split("\f")
    assert "申请人联" in pages[0] and "存根联" not in pages[0]
    assert "存根联" in pages[1]
    assert tools.barcodes(rendered("acceptance"), tmp_path, page=2) == CASES["acceptance"].symbols
