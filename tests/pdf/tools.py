"""The poppler and zbar command-line tools the PDF tests check the output with."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = ("pdffonts", "pdftotext", "pdftoppm", "pdfinfo", "zbarimg")

requires_tools = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS),
    reason="needs poppler-utils and zbar-tools",
)


def _run(args: list[str], data: bytes | None = None) -> str:
    done = subprocess.run(args, input=data, capture_output=True, check=False)
    if done.returncode not in (0, 4):  # zbarimg exits 4 when it finds no symbol
        raise AssertionError(f"{args[0]} failed: {done.stderr.decode(errors='replace')}")
    return done.stdout.decode()


def _write(pdf: bytes, tmp: Path) -> Path:
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    return path


@dataclass(frozen=True)
class FontRow:
    name: str
    embedded: bool


def fonts(pdf: bytes, tmp: Path) -> list[FontRow]:
    """``pdffonts`` rows: font name and its emb column."""
    lines = _run(["pdffonts", str(_write(pdf, tmp))]).splitlines()[2:]
    rows = []
    for line in lines:
        cells = line.split()
        # columns from the right: object id, gen, uni, sub, emb
        rows.append(FontRow(cells[0], cells[-5] == "yes"))
    return rows


def text(pdf: bytes, tmp: Path) -> str:
    """Extracted text of every page (raw order)."""
    return _run(["pdftotext", "-enc", "UTF-8", str(_write(pdf, tmp)), "-"])


def squeezed(pdf: bytes, tmp: Path) -> str:
    """Extracted text without any whitespace, so wrapped values read as one string."""
    return re.sub(r"\s+", "", text(pdf, tmp))


def page_count(pdf: bytes, tmp: Path) -> int:
    info = _run(["pdfinfo", str(_write(pdf, tmp))])
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def page_size(pdf: bytes, tmp: Path) -> tuple[float, float]:
    info = _run(["pdfinfo", str(_write(pdf, tmp))])
    match = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert match
    return float(match.group(1)), float(match.group(2))


def barcodes(pdf: bytes, tmp: Path, page: int = 1) -> set[str]:
    """Symbols zbarimg finds on ``page`` rendered at 200 dpi: ``CODE-128:..``, ``QR-Code:..``."""
    path = _write(pdf, tmp)
    prefix = tmp / f"page{page}"
    pages = ["-f", str(page), "-l", str(page)]
    _run(["pdftoppm", "-r", "200", "-png", *pages, "-singlefile", str(path), str(prefix)])
    out = _run(["zbarimg", "-q", str(prefix.with_suffix(".png"))])
    return {line for line in out.splitlines() if line}


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def words(pdf: bytes, tmp: Path) -> tuple[list[Word], tuple[float, float]]:
    """Every word box (``pdftotext -bbox``) and the page size."""
    html = _run(["pdftotext", "-bbox", str(_write(pdf, tmp)), "-"])
    out: list[Word] = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for m in _WORD.finditer(page):
            x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
            out.append(Word(number, m.group(5), x0, y0, x1, y1))
    return out, page_size(pdf, tmp)


def overlapping(found: list[Word], tolerance: float = 0.5) -> list[tuple[Word, Word]]:
    """Pairs of word boxes on the same page that intersect by more than ``tolerance``."""
    pairs = []
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            if a.page != b.page:
                continue
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx > tolerance and dy > tolerance:
                pairs.append((a, b))
    return pairs
