"""A rendered document on paper (the OS printer, via QtPrintSupport) or saved as a PDF file.

Printing turns the PDF's pages into images (QtPdf when this Qt has it, else poppler's
pdftoppm) and paints them on a ``QPrinter`` whose page is the PDF's own size, so a 100 x 150 mm
label prints as a label and an A4 notice as A4. Shared by every screen that prints a document.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QWidget

from counter_app.cases.documents import RenderedDocument
from counter_app.core.errors import CounterError
from counter_app.i18n import tr

logger = logging.getLogger(__name__)

PRINT_DPI = 300

PathChooser = Callable[[QWidget, str], str]
"""Asks where to save (parent, suggested file name) -> path, "" when cancelled."""
DocumentPrinter = Callable[[QWidget, RenderedDocument], bool]
"""Prints a document (asking which printer); False when the staff cancelled."""


def ask_save_path(parent: QWidget, suggested: str) -> str:
    start = str(Path.home() / suggested)
    path, _filter = QFileDialog.getSaveFileName(
        parent, tr("另存为 PDF"), start, tr("PDF 文件 (*.pdf)")
    )
    return path


def save_pdf(document: RenderedDocument, path: str) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_suffix(target.suffix + ".pdf")
    try:
        target.write_bytes(document.pdf)
    except OSError as exc:
        raise CounterError(tr("无法保存到 {p}：{e}", p=target, e=exc.strerror or exc)) from exc
    return target


def _pages_qtpdf(pdf: bytes, dpi: int) -> list[QImage] | None:
    try:
        from PySide6.QtCore import QBuffer, QByteArray, QSize
        from PySide6.QtPdf import QPdfDocument
    except ImportError:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    images = []
    for page in range(document.pageCount()):
        points = document.pagePointSize(page)
        size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
        images.append(document.render(page, size))
    return images


def _pages_poppler(pdf: bytes, dpi: int) -> list[QImage] | None:
    tool = shutil.which("pdftoppm")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [tool, "-r", str(dpi), "-png", str(source), str(Path(tmp) / "page")],
            check=True,
            capture_output=True,
            timeout=60,
        )
        return [QImage(str(p)) for p in sorted(Path(tmp).glob("page*.png"))]


def pdf_pages(pdf: bytes, dpi: int = PRINT_DPI) -> list[QImage]:
    """Each page as an image: QtPdf when this Qt has it, else poppler's pdftoppm."""
    pages = _pages_qtpdf(pdf, dpi)
    if pages is None:
        pages = _pages_poppler(pdf, dpi)
    if not pages:
        raise CounterError(tr("本机无法直接打印 PDF，请“另存为 PDF”后用阅读器打印"))
    return pages


def paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise CounterError(tr("打印机无法开始打印，请检查打印机状态"))
    try:
        for number, image in enumerate(pages):
            if number:
                printer.newPage()
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            target = QRect(0, 0, area.width(), area.height())
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), scaled), image)
    finally:
        painter.end()


def _page_layout(image: QImage, dpi: int) -> QPageLayout:
    size_mm = QSizeF(image.width() * 25.4 / dpi, image.height() * 25.4 / dpi)
    page = QPageSize(size_mm, QPageSize.Unit.Millimeter)
    return QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))


def print_document(parent: QWidget, document: RenderedDocument) -> bool:
    """Ask for the printer (the OS spooler's list), then print every page of the PDF at the
    PDF's own page size."""
    pages = pdf_pages(document.pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document.filename)
    printer.setPageLayout(_page_layout(pages[0], PRINT_DPI))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("打印{t}", t=document.title))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    paint_pages(printer, pages)
    return True
