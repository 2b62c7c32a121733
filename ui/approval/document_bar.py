"""A freshly rendered notice or label: 打印 (the OS printer) or 另存为 PDF.

Printing turns the PDF's pages into images (QtPdf when this Qt has it, else poppler's
pdftoppm) and paints them on a ``QPrinter`` whose page is the PDF's own size, so a
100 x 150 mm label prints as a label. Tests replace ``choose_path`` and ``print_pdf``.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QSizeF, Qt, Signal
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QWidget

from counter_app.domain.errors import CounterError
from counter_app.i18n import tr
from counter_app.services.documents import RenderedDocument
from ui.widgets import shortcut_button

logger = logging.getLogger(__name__)

PRINT_DPI = 300
PathChooser = Callable[[QWidget, str], str]
PdfPrinter = Callable[[QWidget, RenderedDocument], bool]


def ask_save_path(parent: QWidget, suggested: str) -> str:
    start = str(Path.home() / suggested)
    path, _filter = QFileDialog.getSaveFileName(
        parent, tr("另存为 PDF"), start, tr("PDF 文件 (*.pdf)")
    )
    return path


def save_pdf(document: RenderedDocument, path: str) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    try:
        target.write_bytes(document.pdf)
    except OSError as exc:
        raise CounterError(tr("无法保存到 {p}：{e}", p=target, e=exc.strerror or exc)) from exc
    return target


def pdf_pages(pdf: bytes, dpi: int = PRINT_DPI) -> list[QImage]:
    """Each page as an image, via poppler's pdftoppm."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise CounterError(tr("本机无法直接打印 PDF，请“另存为 PDF”后用阅读器打印"))
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        command = [tool, "-r", str(dpi), "-png", str(source), str(Path(tmp) / "page")]
        subprocess.run(command, check=True, capture_output=True, timeout=60)
        return [QImage(str(p)) for p in sorted(Path(tmp).glob("page*.png"))]


def _page_layout(image: QImage, dpi: int) -> QPageLayout:
    size_mm = QSizeF(image.width() * 25.4 / dpi, image.height() * 25.4 / dpi)
    page = QPageSize(size_mm, QPageSize.Unit.Millimeter)
    return QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))


def paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise CounterError(tr("打印机无法开始打印，请检查打印机状态"))
    try:
        for number, image in enumerate(pages):
            if number:
                printer.newPage()
            area = printer.pageLayout().paintRectPixels(printer.resolution())
            scaled = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.topLeft(), scaled), image)
    finally:
        painter.end()


def print_pdf(parent: QWidget, document: RenderedDocument) -> bool:
    """Ask for the printer, then print every page at the PDF's own page size."""
    pages = pdf_pages(document.pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(document.filename)
    if pages:
        printer.setPageLayout(_page_layout(pages[0], PRINT_DPI))
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("打印{t}", t=document.title))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    paint_pages(printer, pages)
    return True


class DocumentBar(QWidget):
    """The document of the moment with 打印 (Ctrl+P) and 另存为 PDF (Ctrl+Shift+S)."""

    sig_message = Signal(str, bool)
    """Emitted with a message for the banner and whether it is an error."""

    choose_path: PathChooser = staticmethod(ask_save_path)
    print_pdf: PdfPrinter = staticmethod(print_pdf)

    def __init__(self, scope: QWidget, parent: QWidget | None = None) -> None:
        """``scope``: the widget in which the two shortcuts work."""
        super().__init__(parent)
        self.document: RenderedDocument | None = None
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.print_button = shortcut_button(tr("打印"), "Ctrl+P", scope)
        self.save_button = shortcut_button(tr("另存为 PDF"), "Ctrl+Shift+S", scope)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.print_button)
        layout.addWidget(self.save_button)
        self.print_button.clicked.connect(self._on_print)
        self.save_button.clicked.connect(self._on_save)
        self.set_document(None)

    def set_document(self, document: RenderedDocument | None) -> None:
        self.document = document
        self.setVisible(document is not None)
        self.print_button.setEnabled(document is not None)
        self.save_button.setEnabled(document is not None)
        if document is not None:
            mark = tr("（补打）") if document.reprint else ""
            self.title.setText(tr("{t}{m}已生成：{n}", t=document.title, m=mark, n=document.number))

    def _on_print(self) -> None:
        if self.document is None:
            return
        try:
            done = self.print_pdf(self, self.document)
        except CounterError as exc:
            self.sig_message.emit(exc.message, True)
            return
        except Exception as exc:  # the printer stack: logged; the document can still be saved
            logger.exception("printing failed")
            self.sig_message.emit(tr("打印失败：{e}。可先另存为 PDF", e=exc), True)
            return
        if done:
            self.sig_message.emit(tr("已发送到打印机：{t}", t=self.document.title), False)

    def _on_save(self) -> None:
        if self.document is None:
            return
        path = self.choose_path(self, self.document.filename)
        if not path:
            return
        try:
            saved = save_pdf(self.document, path)
        except CounterError as exc:
            self.sig_message.emit(exc.message, True)
            return
        self.sig_message.emit(tr("已保存：{p}", p=saved), False)
