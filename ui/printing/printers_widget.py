"""The printers of this PC: list, add, edit, test print with the status read back."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.printing.service import PrintService
from counter_app.printing.views import PrinterView, TestPrintResult
from ui.admin.common import AdminTableView, DialogOpener, RowsTableModel, exec_dialog, show_failure
from ui.printing.columns import PRINTER_COLUMNS, printer_colour
from ui.printing.printer_dialog import PrinterDialog
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button


class PrintersWidget(QWidget):
    sig_printers_changed = Signal()
    """Emitted after a printer was added or edited."""
    sig_test_printed = Signal(object)
    """Emitted with the TestPrintResult of a test print."""

    def __init__(
        self,
        service: PrintService,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._actor = service, actor
        self._runner: Runner = runner or SyncRunner()
        self.open_dialog: DialogOpener = exec_dialog
        self.banner = BannerLabel(self)
        self.title = QLabel(tr("本机打印机（{s}）", s=service.station), self)
        self.model: RowsTableModel[PrinterView] = RowsTableModel(PRINTER_COLUMNS, printer_colour)
        self.table = AdminTableView(self.model, self)
        self.add_button = shortcut_button(tr("新增打印机"), "Ctrl+N", self)
        self.edit_button = shortcut_button(tr("编辑"), "Ctrl+E", self)
        self.test_button = shortcut_button(tr("测试打印"), "Ctrl+T", self)
        self._layout()
        self.add_button.clicked.connect(self._on_add)
        self.edit_button.clicked.connect(self._on_edit)
        self.test_button.clicked.connect(self._on_test)
        self.table.sig_row_activated.connect(lambda _row: self._on_edit())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self._update_buttons()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        for button in (self.test_button, self.edit_button, self.add_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        self._runner.run(self._service.printers, self._on_loaded, self._on_failed)

    def _on_loaded(self, printers: list[PrinterView]) -> None:
        current = self.current_printer()
        self.model.set_rows(printers)
        self.table.resizeColumnsToContents()
        rows = [i for i, p in enumerate(printers) if current and p.id == current.id]
        self.table.select_source_row(rows[0] if rows else 0)
        self._update_buttons()

    def current_printer(self) -> PrinterView | None:
        row = self.table.current_row()
        return None if row is None else self.model.row_at(row)

    def _on_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        printer = self.current_printer()
        self.edit_button.setEnabled(printer is not None)
        self.test_button.setEnabled(printer is not None and printer.role == "receipt")

    def _on_add(self) -> None:
        self._open(None)

    def _on_edit(self) -> None:
        printer = self.current_printer()
        if printer is not None:
            self._open(printer)

    def _open(self, printer: PrinterView | None) -> None:
        self.banner.clear()
        dialog = PrinterDialog(self._service, self._actor, printer, self._runner, self)
        if self.open_dialog(dialog) and dialog.saved is not None:
            self.banner.show_info(tr("已保存打印机 {n}", n=dialog.saved.name))
            self.sig_printers_changed.emit()
            self.reload()

    def _on_test(self) -> None:
        printer = self.current_printer()
        if printer is None:
            return
        self.banner.show_info(tr("正在向 {n} 打印测试页……", n=printer.name))
        self.test_button.setEnabled(False)
        self._runner.run(
            lambda: self._service.print_test_page(printer.url, actor=self._actor),
            self._on_tested,
            self._on_failed,
        )

    def _on_tested(self, result: TestPrintResult) -> None:
        self._update_buttons()
        (self.banner.show_info if result.ok else self.banner.show_error)(result.message)
        self.sig_test_printed.emit(result)

    def _on_failed(self, exc: Exception) -> None:
        self._update_buttons()
        show_failure(exc, self.banner)
