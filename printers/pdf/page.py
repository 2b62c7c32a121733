"""The page frame shared by the A4 documents: barcode top right, 补打 mark top left, QR and
page numbers at the bottom. ``build_pdf`` turns a story into PDF bytes."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from printers.pdf.barcodes import draw_code128, draw_qr
from printers.pdf.fonts import ensure_font
from printers.pdf.text import cn_date, cn_datetime

MARGIN_X = 18 * mm
MARGIN_TOP = 26 * mm  # room for the barcode and the reprint mark above the story
MARGIN_BOTTOM = 32 * mm  # room for the QR and the page number below it
QR_SIZE = 21 * mm
REPRINT_RED = colors.Color(0.8, 0.05, 0.05)
FRAME_PADDING = 6


def body_width(pagesize: tuple[float, float] = A4) -> float:
    """Usable width of the story on a page of ``pagesize``."""
    return float(pagesize[0] - 2 * MARGIN_X - 2 * FRAME_PADDING)


@dataclass(frozen=True)
class PageDecor:
    """What the frame prints on every page around the story."""

    barcode: str
    qr_payload: str
    qr_lines: tuple[str, ...]  # caption beside the QR
    reprinted_at: datetime | None
    title: str  # PDF metadata title
    issued_on: date | None = None  # the original date, shown beside the reprint time


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Defers pages so each can print 第 n 页 / 共 N 页 once the total is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(ensure_font(), 9)
            width = self._pagesize[0]
            self.drawRightString(width - MARGIN_X, 10 * mm, f"第 {number} 页 / 共 {total} 页")
            super().showPage()
        super().save()


def _draw_reprint(canvas: Canvas, when: datetime, top: float, issued_on: date | None) -> None:
    """A red boxed 补打 at the top left, the reprint time and the original date beside it."""
    canvas.saveState()
    canvas.setStrokeColor(REPRINT_RED)
    canvas.setFillColor(REPRINT_RED)
    canvas.setLineWidth(1.6)
    canvas.rect(MARGIN_X, top - 13 * mm, 24 * mm, 12 * mm, stroke=1, fill=0)
    canvas.setFont(ensure_font(), 22)
    canvas.drawCentredString(MARGIN_X + 12 * mm, top - 10 * mm, "补打")
    canvas.setFont(ensure_font(), 9)
    canvas.drawString(MARGIN_X + 27 * mm, top - 5 * mm, f"补打时间：{cn_datetime(when)}")
    if issued_on is not None:
        canvas.drawString(MARGIN_X + 27 * mm, top - 10 * mm, f"原件日期：{cn_date(issued_on)}")
    canvas.restoreState()


def _draw_footer(canvas: Canvas, decor: PageDecor) -> None:
    bottom = 8 * mm
    draw_qr(canvas, decor.qr_payload, MARGIN_X, bottom, QR_SIZE)
    canvas.setFont(ensure_font(), 8.5)
    y = bottom + QR_SIZE - 8
    for line in decor.qr_lines:
        canvas.drawString(MARGIN_X + QR_SIZE + 3 * mm, y, line)
        y -= 12


class CopyLabel(Flowable):  # type: ignore[misc]
    """Invisible marker: pages from here on belong to copy ``label`` (e.g. 存根联); the
    frame prints it beside the page number so a loose continuation page is identifiable."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.copy_label = self.label


def decorate(canvas: Canvas, decor: PageDecor) -> None:
    """Draw the frame of one page (called at the end of each page)."""
    width, height = canvas._pagesize
    top = height - 8 * mm
    draw_code128(canvas, decor.barcode, width - MARGIN_X + 3 * mm, top)
    if decor.reprinted_at is not None:
        _draw_reprint(canvas, decor.reprinted_at, top, decor.issued_on)
    canvas.setStrokeColor(colors.grey)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, MARGIN_BOTTOM - 2 * mm, width - MARGIN_X, MARGIN_BOTTOM - 2 * mm)
    _draw_footer(canvas, decor)
    copy_label = getattr(canvas, "copy_label", "")
    if copy_label:
        canvas.setFont(ensure_font(), 9)
        canvas.drawRightString(width - MARGIN_X, 15 * mm, copy_label)


def build_pdf(
    story: Sequence[Flowable], decor: PageDecor, pagesize: tuple[float, float] = A4
) -> bytes:
    """Lay out ``story`` on framed pages of ``pagesize`` and return the PDF bytes."""
    font = ensure_font()
    out = io.BytesIO()
    doc = BaseDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        initialFontName=font,
        title=decor.title,
        author="",
        creator="ip-counter",
        invariant=False,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    template = PageTemplate(
        id="framed", frames=[frame], onPageEnd=lambda canv, _doc: decorate(canv, decor)
    )
    doc.addPageTemplates([template])
    doc.build(list(story), canvasmaker=_NumberedCanvas)
    return out.getvalue()


def progress_lines(phone: str, portal: str) -> tuple[str, ...]:
    """The usual caption beside the QR of a notice."""
    return ("扫描二维码查询办理进度", f"查询电话：{phone}", f"网上查询：{portal}")
