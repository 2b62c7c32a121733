"""The 打印机 sub-tab by keyboard: add a printer, test print, the job list, retry and reprint;
the status-bar label."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.printing.service import PrintService
from counter_app.printing.views import JobState
from tests.printers.fakes import READY, FakeSerialPrinter
from tests.printers.samples import TICKET
from tests.printing.support import PAPER_OUT, Finished
from tests.ui.keyboard import type_text
from ui.admin.admin_panel import AdminPanel
from ui.admin.common import RED
from ui.fonts import install_app_font
from ui.printing.columns import GREEN
from ui.printing.printer_dialog import PrinterDialog
from ui.printing.printing_admin import PrintingAdminWidget
from ui.printing.status_label import PrinterStatusLabel


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


@pytest.fixture
def tab(qtbot, printing: PrintService, admin: Actor) -> PrintingAdminWidget:
    widget = PrintingAdminWidget(printing, admin)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    widget.reload()
    return widget


def press(qtbot, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def filling(qtbot, fill: Callable[[PrinterDialog], None]) -> Callable[[QDialog], bool]:
    def open_dialog(dialog: QDialog) -> bool:
        assert isinstance(dialog, PrinterDialog)
        qtbot.addWidget(dialog)
        dialog.show()
        fill(dialog)
        dialog.hide()
        return dialog.result() == QDialog.DialogCode.Accepted

    return open_dialog


def add_by_keyboard(qtbot, tab: PrintingAdminWidget, name: str, url: str) -> PrinterDialog:
    seen: list[PrinterDialog] = []

    def fill(dialog: PrinterDialog) -> None:
        seen.append(dialog)
        type_text(qtbot, dialog.name_edit, name)
        type_text(qtbot, dialog.url_edit, url)
        press(qtbot, dialog.url_edit, Qt.Key.Key_Return)

    tab.printers.open_dialog = filling(qtbot, fill)
    press(qtbot, tab.printers.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    return seen[0]


def test_add_a_printer_and_test_print_by_keyboard(
    qtbot, tab: PrintingAdminWidget, printing: PrintService, qtmodeltester
) -> None:
    printer = FakeSerialPrinter()
    try:
        dialog = add_by_keyboard(qtbot, tab, "一号窗口小票机", f"serial://{printer.path}")
        assert dialog.saved is not None and dialog.saved.name == "一号窗口小票机"
        assert tab.printers.model.rowCount() == 1
        assert tab.printers.test_button.text() == "测试打印 (Ctrl+T)"
        press(qtbot, tab.printers.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
        assert "打印机报告：打印机正常" in tab.printers.banner.text()
        qtbot.waitUntil(lambda: tab.jobs.model.rowCount() == 1)
        job = tab.jobs.model.row_at(0)
        assert job.description == "测试页" and job.state == JobState.DONE
        index = tab.jobs.model.index(0, 1)
        assert tab.jobs.model.data(index) == "已完成"
        assert tab.jobs.model.data(index, Qt.ItemDataRole.ForegroundRole) == GREEN
        qtmodeltester.check(tab.printers.model)
        qtmodeltester.check(tab.jobs.model)
    finally:
        printing.stop()
        printer.close()


def test_a_bad_url_is_shown_under_its_field(qtbot, tab: PrintingAdminWidget) -> None:
    dialog = add_by_keyboard(qtbot, tab, "小票机", "lpt://1")
    assert dialog.saved is None
    assert "不认识的打印机地址" in dialog.form.error_text("url")
    assert tab.printers.model.rowCount() == 0


def test_failed_jobs_are_red_and_can_be_retried_and_reprinted(
    qtbot, tab: PrintingAdminWidget, printing: PrintService, add_printer, tmp_path: Path
) -> None:
    folder = tmp_path / "later"
    add_printer(f"file://{folder}/out.bin")
    finished = Finished(printing)
    job = printing.print_ticket(TICKET, uuid.uuid4())
    finished.wait({job.id: JobState.FAILED.value})
    qtbot.waitUntil(lambda: tab.jobs.model.rowCount() == 1 and tab.jobs.current_job() is not None)
    assert tab.jobs.current_job().state == JobState.FAILED
    assert tab.jobs.model.data(tab.jobs.model.index(0, 1), Qt.ItemDataRole.ForegroundRole) == RED
    assert "无法写入文件" in tab.jobs.model.data(tab.jobs.model.index(0, 5))
    assert "失败 1 个" in tab.jobs.count_label.text()
    assert tab.jobs.retry_button.isEnabled() and tab.jobs.retry_button.text() == "重试 (Ctrl+R)"
    printing.stop()  # no automatic retry: this test retries by hand
    folder.mkdir()
    press(qtbot, tab.jobs.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    finished.wait({job.id: JobState.DONE.value})
    qtbot.waitUntil(lambda: tab.jobs.current_job().state == JobState.DONE)
    press(qtbot, tab.jobs.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert "已加入补打" in tab.jobs.banner.text()
    qtbot.waitUntil(lambda: tab.jobs.model.rowCount() == 2)
    reprint = tab.jobs.model.row_at(0)
    assert reprint.reprint_of == job.id and reprint.description.startswith("补打：")
    finished.wait({reprint.id: JobState.DONE.value})
    printing.stop()


def test_the_status_label_follows_the_printer(qtbot, printing: PrintService, add_printer) -> None:
    label = PrinterStatusLabel(printing)
    qtbot.addWidget(label)
    assert label.text() == "打印机：未配置"
    printer = FakeSerialPrinter(status=PAPER_OUT)
    try:
        add_printer(f"serial://{printer.path}?baud=115200")
        finished = Finished(printing)
        job = printing.print_ticket(TICKET, uuid.uuid4())
        finished.wait({job.id: JobState.FAILED.value})
        label.refresh()
        assert label.text() == "票据打印机：缺纸（1 个失败）"
        assert "b00020" in label.styleSheet() and "装入新纸卷" in label.toolTip()
        printer.status = READY
        finished.wait({job.id: JobState.DONE.value})
        qtbot.waitUntil(lambda: (label.refresh(), label.text())[1] == "票据打印机：正常")
        assert label.styleSheet() == ""
    finally:
        printing.stop()
        printer.close()


def test_the_admin_panel_has_the_printer_tab(qtbot, services: Services, admin: Actor) -> None:
    panel = AdminPanel(services, admin)
    qtbot.addWidget(panel)
    titles = [panel.tabText(i) for i in range(panel.count())]
    assert "打印机" in titles and isinstance(panel.printing, PrintingAdminWidget)
