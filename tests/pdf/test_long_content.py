"""Long lists break across pages with every row, header and page numbers; long values wrap."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path

from printers import pdf
from printers.pdf.models import MaterialReceived, MissingMaterial
from printers.pdf.reconciliation import channel_totals
from printers.pdf.text import yuan
from tests.pdf import samples as s
from tests.pdf import tools

pytestmark = tools.requires_tools

LONG_NAME = "连云港某某新材料科技研究院有限责任公司（江苏自由贸易试验区连云港片区分公司）" * 2
LONG_BASIS = (
    "《中华人民共和国行政许可法》第三十二条；" * 8 + "https://lyg.example.gov.cn/" + "x" * 90
)


@cache
def long_mailing() -> bytes:
    return pdf.render_mailing_list(replace(s.MAILING, rows=s.mailing_rows(120)))


@cache
def long_reconciliation() -> bytes:
    return pdf.render_reconciliation_list(
        replace(s.RECONCILIATION, rows=s.reconciliation_rows(150))
    )


def _pages(data: bytes, tmp: Path) -> list[str]:
    return [p for p in tools.text(data, tmp).split("\f") if p.strip()]


def test_mailing_list_keeps_every_row_over_many_pages(tmp_path: Path) -> None:
    data = long_mailing()
    count = tools.page_count(data, tmp_path)
    assert count >= 5
    text = tools.squeezed(data, tmp_path)
    for i in range(1, 121):
        assert f"LYG-20261128-W03-{i:04d}" in text
        assert f"11876543{i:05d}" in text
    copies = sum(row.copies for row in s.mailing_rows(120))
    assert "120件" in text and f"共120件{copies}份" in text
    for number in range(1, count + 1):
        assert f"第{number}页/共{count}页" in text


def test_mailing_list_repeats_the_header_and_barcode_on_each_page(tmp_path: Path) -> None:
    data = long_mailing()
    pages = _pages(data, tmp_path)
    assert all("收件地址" in p and "运单号" in p for p in pages)
    last = tools.page_count(data, tmp_path)
    assert "CODE-128:YJ-20261209-W03-01" in tools.barcodes(data, tmp_path, page=last)


def test_reconciliation_totals_match_the_rows(tmp_path: Path) -> None:
    doc = replace(s.RECONCILIATION, rows=s.reconciliation_rows(150))
    data = long_reconciliation()
    assert tools.page_count(data, tmp_path) >= 5
    text = tools.squeezed(data, tmp_path)
    for row in doc.rows:
        assert row.receipt_number in text
    valid = [row for row in doc.rows if not row.voided]
    grand = sum((row.amount for row in valid), Decimal("0"))
    assert f"合计{len(valid)}{yuan(grand)}" in text
    for channel, (count, amount) in channel_totals(doc).items():
        assert f"{channel.value}{count}{yuan(amount)}" in text
    voided = len(doc.rows) - len(valid)
    assert f"作废{voided}—" in text


def test_acceptance_materials_overflow_keeps_both_copies_whole(tmp_path: Path) -> None:
    materials = tuple(
        MaterialReceived(f"补充证明材料第{i:02d}号", 1, "复印件", i) for i in range(1, 41)
    )
    doc = replace(s.ACCEPTANCE, materials=materials)
    data = pdf.render_acceptance_notice(doc)
    text = tools.squeezed(data, tmp_path)
    for i in range(1, 41):
        assert text.count(f"补充证明材料第{i:02d}号") == 2  # applicant copy and stub
    pages = _pages(data, tmp_path)
    stub_start = next(i for i, p in enumerate(pages) if "存根联" in p)
    assert stub_start >= 2  # the applicant copy took more than one page
    assert "申请人（签字）" in "".join(pages[:stub_start]).replace(" ", "")
    # every page says which copy it belongs to, continuation pages included
    assert all("申请人联" in p for p in pages[:stub_start])
    assert all("存根联" in p and "申请人联" not in p for p in pages[stub_start:])


def test_supplement_lists_every_missing_material(tmp_path: Path) -> None:
    missing = tuple(
        MissingMaterial(f"缺件材料{i:02d}", f"要求{i:02d}：原件1份并加盖公章" * 3)
        for i in range(1, 31)
    )
    data = pdf.render_supplement_notice(replace(s.SUPPLEMENT, missing=missing))
    text = tools.squeezed(data, tmp_path)
    assert "需补正的全部材料（共30项）" in text
    assert all(f"缺件材料{i:02d}" in text for i in range(1, 31))
    assert tools.page_count(data, tmp_path) >= 2


def test_long_values_wrap_inside_the_page(tmp_path: Path) -> None:
    applicant = replace(s.APPLICANT, name=LONG_NAME)
    doc = replace(s.REFUSAL, applicant=applicant, legal_basis=LONG_BASIS)
    data = pdf.render_refusal_notice(doc)
    words, (width, _) = tools.words(data, tmp_path)
    assert all(w.x1 <= width - 15 for w in words), "text reaches the page edge"
    assert not tools.overlapping(words)
    text = tools.squeezed(data, tmp_path)
    assert LONG_NAME in text
    # Bases are listed one a line, each once (the repeated article is printed once).
    for basis in dict.fromkeys(LONG_BASIS.split("；")):
        assert re.sub(r"\s+", "", basis) in text
