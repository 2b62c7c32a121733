"""The page frame shared by the A4 documents: barcode top right, 补打 mark top left, QR and
page numbers at the bottom. ``build_pdf`` turns a story into PDF bytes."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
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


class _FramedCanvas(Canvas):  # type: ignore[misc]
    """Defers pages so the frame of each (barcode, QR, 第 n 页 / 共 N 页, the copy's label)
    is drawn once the total is known; with ``copies`` every laid-out page is written once per
    copy: the story is laid out and drawn once, not once per copy."""

    def __init__(self, *args: Any, decor: PageDecor, copies: Sequence[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self._decor = decor
        self._copies = tuple(copies)
        self.copy_label = ""
        self.copy_spot: tuple[float, float, float] | None = None

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()
        self.copy_spot = None  # the mark belongs to the page it was drawn on

    def save(self) -> None:
        labels = self._copies or (None,)
        total = len(self._pages) * len(labels)
        number = 0
        for label in labels:
            for state in self._pages:
                number += 1
                self.__dict__.update(state)
                # the page's accumulators are shared with its stored state: copy them so the
                # frame of one copy does not end up in the next copy's page
                self._code = list(state["_code"])
                self._formsinuse = list(state["_formsinuse"])
                if label is not None:
                    self.copy_label = label
                decorate(self, self._decor)
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


def _form(canvas: Canvas, name: str, draw: Callable[[Canvas], object]) -> None:
    """Draw ``draw``'s graphics at the origin, as a form defined once per document: every
    page refers to the same vector QR or barcode instead of carrying its own copy."""
    if not canvas.hasForm(name):
        canvas.beginForm(name)
        draw(canvas)
        canvas.endForm()
    canvas.doForm(name)


def _draw_footer(canvas: Canvas, decor: PageDecor) -> None:
    bottom = 8 * mm
    _form(canvas, "footer_qr", lambda c: draw_qr(c, decor.qr_payload, MARGIN_X, bottom, QR_SIZE))
    canvas.setFont(ensure_font(), 8.5)
    y = bottom + QR_SIZE - 8
    for line in decor.qr_lines:
        canvas.drawString(MARGIN_X + QR_SIZE + 3 * mm, y, line)
        y -= 12


class CopyMark(Flowable):  # type: ignore[misc]
    """Invisible marker placed after a one-line paragraph of ``font_size`` and ``leading``:
    the frame writes the copy's label (build_pdf's ``copies``) right-aligned on its line."""

    def __init__(self, font_size: float, leading: float) -> None:
        super().__init__()
        self.font_size, self.leading = font_size, leading
        self.avail_width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.avail_width = avail_width
        return 0, 0

    def draw(self) -> None:
        # the line above ends here; its baseline is a leading up, less the font's body
        right, bottom = self.canv.absolutePosition(self.avail_width, 0)
        baseline = bottom + self.leading - self.font_size
        self.canv.copy_spot = (right, baseline, self.font_size)


def decorate(canvas: _FramedCanvas, decor: PageDecor) -> None:
    """Draw the frame of one page (at save, when the page's copy and number are known)."""
    width, height = canvas._pagesize
    top = height - 8 * mm
    right = width - MARGIN_X + 3 * mm
    _form(canvas, "head_barcode", lambda c: draw_code128(c, decor.barcode, right, top))
    if decor.reprinted_at is not None:
        _draw_reprint(canvas, decor.reprinted_at, top, decor.issued_on)
    canvas.setStrokeColor(colors.grey)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_X, MARGIN_BOTTOM - 2 * mm, width - MARGIN_X, MARGIN_BOTTOM - 2 * mm)
    _draw_footer(canvas, decor)
    copy_label = canvas.copy_label
    if copy_label:
        canvas.setFont(ensure_font(), 9)
        canvas.drawRightString(width - MARGIN_X, 15 * mm, copy_label)
        spot = canvas.copy_spot
        if spot is not None:
            canvas.setFont(ensure_font(), spot[2])
            canvas.drawRightString(spot[0], spot[1], copy_label)


def build_pdf(
    story: Sequence[Flowable],
    decor: PageDecor,
    pagesize: tuple[float, float] = A4,
    copies: Sequence[str] = (),
) -> bytes:
    """Lay out ``story`` on framed pages of ``pagesize`` and return the PDF bytes; with
    ``copies`` (e.g. 申请人联, 存根联) its pages are written once per copy, each labelled."""
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
    doc.addPageTemplates([PageTemplate(id="framed", frames=[frame])])

    def canvas(*args: Any, **kwargs: Any) -> _FramedCanvas:
        return _FramedCanvas(*args, decor=decor, copies=copies, **kwargs)

    doc.build(list(story), canvasmaker=canvas)
    return out.getvalue()


def progress_lines(phone: str, portal: str) -> tuple[str, ...]:
    """The usual caption beside the QR of a notice."""
    return ("扫描二维码查询办理进度", f"查询电话：{phone}", f"网上查询：{portal}")
