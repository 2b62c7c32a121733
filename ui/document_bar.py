"""The rendered document of the moment, with 打印 and 另存为 PDF buttons."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from counter_app.cases.documents import RenderedDocument
from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from ui import pdf_output
from ui.pdf_output import DocumentPrinter, PathChooser
from ui.widgets import shortcut_button

logger = logging.getLogger(__name__)


class DocumentBar(QWidget):
    """Print or save the current document; messages go to ``sig_message``.

    ``choose_path`` and ``print_document`` are replaceable (tests inject a path and a fake
    printer; the defaults show the file and print dialogs).
    """

    sig_message = Signal(str, bool)
    """Emitted with a message for the banner and whether it is an error."""

    choose_path: PathChooser = staticmethod(pdf_output.ask_save_path)
    print_document: DocumentPrinter = staticmethod(pdf_output.print_document)

    def __init__(
        self, scope: QWidget, parent: QWidget | None = None, hide_when_empty: bool = False
    ) -> None:
        """``scope``: the widget (page or dialog) in which Ctrl+P and Ctrl+Shift+S work;
        ``hide_when_empty``: the bar disappears while there is no document."""
        super().__init__(parent)
        self._hide_when_empty = hide_when_empty
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

    def set_document(self, document: RenderedDocument | None, problem: str = "") -> None:
        self.document = document
        if self._hide_when_empty:
            self.setVisible(document is not None or bool(problem))
        self.print_button.setEnabled(document is not None)
        self.save_button.setEnabled(document is not None)
        if document is None:
            self.title.setText(problem)
            self.title.setStyleSheet("color:#b00020;" if problem else "")
            return
        mark = tr("（补打）") if document.reprint else ""
        self.title.setStyleSheet("")
        self.title.setText(tr("{t}{m} 已生成：{n}", t=document.title, m=mark, n=document.number))

    def _on_print(self) -> None:
        if self.document is None:
            return
        try:
            done = self.print_document(self, self.document)
        except CounterError as exc:
            self.sig_message.emit(exc.message, True)
            return
        except Exception as exc:  # the printer stack: logged, the document can still be saved
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
            saved = pdf_output.save_pdf(self.document, path)
        except CounterError as exc:
            self.sig_message.emit(exc.message, True)
            return
        self.sig_message.emit(tr("已保存：{p}", p=saved), False)
