"""Adding or editing a printer: name, role, URL and options; a test print before saving.

Where Windows printers are installed (pywin32), a combo box lists them and fills in the
``winspool://`` URL; elsewhere that row stays hidden.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QLabel, QVBoxLayout, QWidget

from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.printing.service import PrintService
from counter_app.printing.views import (
    ROLE_LABELS,
    PrinterInput,
    PrinterView,
    TestPrintResult,
)
from printers.errors import PrinterConfigError
from printers.transports import list_windows_printers, parse_printer_url, winspool_url
from ui.admin.common import chain_tab_order, dialog_buttons, show_failure
from ui.form import FieldForm
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

URL_HINT = tr(
    "串口 serial:///dev/ttyS0?baud=9600 或 serial://COM3?baud=9600；USB usb://0x0416:0x5011 或 "
    "usbfile:///dev/usb/lp0；网络 tcp://192.168.1.50:9100；系统打印机 spool://名称；"
    "Windows 打印机 winspool://名称（空格可写作 %20）；文件 file:///路径"
)

URL_EXAMPLE = "serial:///dev/ttyS0?baud=9600"


def _combo(items: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    for text, value in items:
        combo.addItem(text, value)
    return combo


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def _windows_name(url: str) -> str | None:
    """The Windows printer name of a ``winspool://`` URL, else None."""
    try:
        config = parse_printer_url(url)
    except PrinterConfigError:
        return None
    return config.queue if config.scheme == "winspool" else None


class PrinterDialog(QDialog):
    """``saved`` holds the PrinterView after a successful save."""

    def __init__(
        self,
        service: PrintService,
        actor: Actor,
        printer: PrinterView | None = None,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service, self._actor, self._printer = service, actor, printer
        self._runner: Runner = runner or SyncRunner()
        self.saved: PrinterView | None = None
        self.setWindowTitle(tr("编辑打印机") if printer else tr("新增打印机"))
        self.setMinimumWidth(720)
        self.banner = BannerLabel(self)
        self.form = FieldForm()
        self._build_fields()
        self.test_button = shortcut_button(tr("测试打印"), "Ctrl+T", self)
        self.test_button.clicked.connect(self._on_test)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.form)
        layout.addWidget(self.test_button)
        layout.addStretch(1)
        layout.addWidget(dialog_buttons(self, tr("保存"), self._on_save))
        self._chain_tab_order()
        self._fill(printer.as_input() if printer else PrinterInput("", "receipt", ""))
        self._on_role_changed()

    def _build_fields(self) -> None:
        form = self.form
        self.name_edit = form.line("name", tr("名称"), tr("如：票据打印机"), max_length=40)
        self.role_combo = _combo([(text, role) for role, text in ROLE_LABELS.items()])
        form.add("role", tr("用途"), self.role_combo)
        self._build_windows_choice()
        self.url_edit = form.line("url", tr("地址"), URL_EXAMPLE, max_length=400)
        self.url_edit.textChanged.connect(self._show_windows_choice)
        hint = QLabel(URL_HINT)
        hint.setWordWrap(True)
        form.addRow("", hint)
        self.paper_combo = _combo([("58 mm", 58), ("80 mm", 80)])
        form.add("paper_mm", tr("纸宽"), self.paper_combo)
        self.font_check = QCheckBox(tr("打印机有中文字库（否则按图片打印）"))
        form.add("chinese_font", tr("中文"), self.font_check)
        self.mode_check = QCheckBox(
            tr("开机即为中文模式（佳博、芯烨等国产机；不勾选则每次打印后切回西文代码页）")
        )
        form.add("boots_in_chinese_mode", "", self.mode_check)
        self.language_combo = _combo([("TSPL", "tspl"), ("ZPL", "zpl")])
        form.add("label_language", tr("面单指令"), self.language_combo)
        self.template_combo = _combo([("100×150 mm", "100x150"), ("76×130 mm", "76x130")])
        form.add("label_template", tr("面单尺寸"), self.template_combo)
        self.label_mode_combo = _combo([(tr("整张位图"), "bitmap"), (tr("打印机字体"), "font")])
        form.add("label_mode", tr("面单方式"), self.label_mode_combo)
        self.enabled_check = QCheckBox(tr("启用"))
        form.add("enabled", "", self.enabled_check)
        self.role_combo.currentIndexChanged.connect(self._on_role_changed)

    def _build_windows_choice(self) -> None:
        """The installed Windows printers; the row is hidden where there are none and this is
        not Windows, and says so on a Windows PC without printers."""
        names = list_windows_printers()
        self.windows_combo = QComboBox()
        self.windows_combo.setAccessibleName(tr("Windows 打印机"))
        if names:
            self.windows_combo.addItem(tr("（选择一台，自动填写地址）"), None)
            for name in names:
                self.windows_combo.addItem(name, name)
        else:
            self.windows_combo.addItem(tr("未找到已安装的 Windows 打印机"), None)
            self.windows_combo.setEnabled(False)
        self.form.add("windows_printer", tr("Windows 打印机"), self.windows_combo)
        box = self.windows_combo.parentWidget()
        if box is not None:
            self.form.setRowVisible(box, bool(names) or sys.platform == "win32")
        self.windows_combo.currentIndexChanged.connect(self._on_windows_printer)

    def _on_windows_printer(self, index: int) -> None:
        name = self.windows_combo.itemData(index)
        if name:
            self.url_edit.setText(winspool_url(str(name)))

    def _show_windows_choice(self, url: str) -> None:
        """Keep the combo box on the printer the URL names (or on its first line)."""
        name = _windows_name(url)
        index = self.windows_combo.findData(name) if name else 0
        self.windows_combo.blockSignals(True)
        self.windows_combo.setCurrentIndex(max(index, 0))
        self.windows_combo.blockSignals(False)

    def _chain_tab_order(self) -> None:
        chain_tab_order(
            [self.name_edit, self.role_combo, self.windows_combo, self.url_edit,
             self.paper_combo, self.font_check, self.mode_check, self.language_combo,
             self.template_combo, self.label_mode_combo, self.enabled_check, self.test_button]
        )  # fmt: skip

    def _fill(self, data: PrinterInput) -> None:
        self.name_edit.setText(data.name)
        _select(self.role_combo, data.role)
        self.url_edit.setText(data.url)
        _select(self.paper_combo, data.paper_mm)
        self.font_check.setChecked(data.chinese_font)
        self.mode_check.setChecked(data.boots_in_chinese_mode)
        _select(self.language_combo, data.label_language)
        _select(self.template_combo, data.label_template)
        _select(self.label_mode_combo, data.label_mode)
        self.enabled_check.setChecked(data.enabled)

    def value(self) -> PrinterInput:
        return PrinterInput(
            name=self.name_edit.text(),
            role=str(self.role_combo.currentData()),
            url=self.url_edit.text(),
            paper_mm=int(self.paper_combo.currentData()),
            chinese_font=self.font_check.isChecked(),
            boots_in_chinese_mode=self.mode_check.isChecked(),
            label_language=str(self.language_combo.currentData()),
            label_template=str(self.template_combo.currentData()),
            label_mode=str(self.label_mode_combo.currentData()),
            enabled=self.enabled_check.isChecked(),
        )

    def _on_role_changed(self) -> None:
        role = self.role_combo.currentData()
        for widget in (self.paper_combo, self.font_check, self.mode_check, self.test_button):
            widget.setEnabled(role == "receipt")
        for widget in (self.language_combo, self.template_combo, self.label_mode_combo):
            widget.setEnabled(role == "label")

    def _on_test(self) -> None:
        self.banner.show_info(tr("正在打印测试页……"))
        self.form.clear_errors()
        data = self.value()
        self.test_button.setEnabled(False)
        self._runner.run(
            lambda: self._service.print_test_page(data.url, actor=self._actor, settings=data),
            self._on_tested,
            self._on_failed,
        )

    def _on_tested(self, result: TestPrintResult) -> None:
        self.test_button.setEnabled(True)
        show = self.banner.show_info if result.ok else self.banner.show_error
        show(result.message)

    def _on_save(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        data, printer = self.value(), self._printer
        self.setEnabled(False)
        if printer is None:
            work = lambda: self._service.add_printer(self._actor, data)  # noqa: E731
        else:
            work = lambda: self._service.update_printer(self._actor, printer.id, data)  # noqa: E731
        self._runner.run(work, self._on_saved, self._on_failed)

    def _on_saved(self, view: PrinterView) -> None:
        self.setEnabled(True)
        self.saved = view
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.setEnabled(True)
        self.test_button.setEnabled(self.role_combo.currentData() == "receipt")
        self.banner.clear()
        show_failure(exc, self.banner, [self.form])
