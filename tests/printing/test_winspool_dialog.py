"""The printer dialog offers the installed Windows printers (a stand-in win32print): chosen by
keyboard, the winspool:// URL is filled in and saved; without Windows printers the row is
hidden, or on Windows says that none were found."""

from __future__ import annotations

import os
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.core.roles import Actor
from counter_app.printing.service import PrintService
from tests.printers.fake_win32print import FakeSpooler, install
from tests.ui.keyboard import type_text
from ui.fonts import install_app_font
from ui.printing.printer_dialog import PrinterDialog

NAMES = ("XP-58 (副本 1)", "面单打印机 TSC TE244", "\\\\前台服务器\\票据 80")
PNG = os.environ.get("WINSPOOL_DIALOG_PNG", "/tmp/winspool_dialog.png")


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


@pytest.fixture
def spooler(monkeypatch: pytest.MonkeyPatch) -> FakeSpooler:
    return install(monkeypatch, *NAMES)


def shown(qtbot, dialog: PrinterDialog) -> PrinterDialog:
    qtbot.addWidget(dialog)
    dialog.resize(760, dialog.sizeHint().height())
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_choose_a_windows_printer_by_keyboard_and_save(
    qtbot, printing: PrintService, admin: Actor, spooler: FakeSpooler
) -> None:
    dialog = shown(qtbot, PrinterDialog(printing, admin))
    combo = dialog.windows_combo
    assert combo.isVisible() and combo.isEnabled()
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "（选择一台，自动填写地址）",
        *NAMES,
    ]
    assert ("EnumPrinters", 6, None, 4) in spooler.calls
    type_text(qtbot, dialog.name_edit, "前台票据")
    dialog.role_combo.setFocus()
    qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is combo  # Tab: role, then the Windows printers
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert dialog.url_edit.text() == "winspool://XP-58%20(副本%201)"
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert dialog.url_edit.text() == "winspool://\\\\前台服务器\\票据%2080"
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert dialog.url_edit.text() == "winspool://面单打印机%20TSC%20TE244"
    dialog.grab().save(PNG)
    dialog.url_edit.setFocus()
    qtbot.keyClick(dialog.url_edit, Qt.Key.Key_Return)
    assert dialog.saved is not None and dialog.saved.url == "winspool://面单打印机%20TSC%20TE244"
    (saved,) = printing.printers()
    assert saved.name == "前台票据" and saved.url == dialog.saved.url


def test_the_combo_follows_the_url(
    qtbot, printing: PrintService, admin: Actor, spooler: FakeSpooler
) -> None:
    dialog = shown(qtbot, PrinterDialog(printing, admin))
    combo = dialog.windows_combo
    dialog.url_edit.setText("winspool://XP-58 (副本 1)")  # typed with a plain space
    assert combo.currentText() == NAMES[0]
    dialog.url_edit.setText("tcp://10.0.0.5:9100")
    assert combo.currentIndex() == 0 and dialog.url_edit.text() == "tcp://10.0.0.5:9100"


def test_editing_a_winspool_printer_shows_its_name(
    qtbot, printing: PrintService, admin: Actor, add_printer, spooler: FakeSpooler
) -> None:
    view = add_printer("winspool://面单打印机%20TSC%20TE244", role="label")
    dialog = shown(qtbot, PrinterDialog(printing, admin, view))
    assert dialog.windows_combo.currentText() == NAMES[1]
    assert dialog.url_edit.text() == view.url


def test_no_windows_printers_on_linux_the_row_is_hidden(
    qtbot, printing: PrintService, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "win32print", None)
    dialog = shown(qtbot, PrinterDialog(printing, admin))
    assert not dialog.windows_combo.isVisible()
    dialog.role_combo.setFocus()
    qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.url_edit


def test_a_windows_pc_without_printers_says_so(
    qtbot, printing: PrintService, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(monkeypatch)  # no printers installed
    monkeypatch.setattr(sys, "platform", "win32")
    dialog = shown(qtbot, PrinterDialog(printing, admin))
    combo = dialog.windows_combo
    assert combo.isVisible() and not combo.isEnabled()
    assert combo.currentText() == "未找到已安装的 Windows 打印机"
