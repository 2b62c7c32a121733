"""Scanner bursts: recognised anywhere, taken out of fields not meant for them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from counter_app.container import Services
from counter_app.core.roles import Actor, Area
from tests.cases.reception.support import form
from tests.ui.test_login_and_main import shown
from tests.ui.test_reception_panel import _no_print_dialog, scan  # noqa: F401
from ui.main_window import CounterMainWindow
from ui.reception.reception_panel import ReceptionPanel
from ui.scan import SCAN_TARGET, ScanFilter
from ui.tasks import SyncRunner

NUMBER = "LYG-20261127-W03-0001"


class Clock:
    """Time that moves only when told: a person typing slowly."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture
def window(qtbot) -> tuple[QWidget, QLineEdit, QPlainTextEdit, QLineEdit]:
    host = QWidget()
    ordinary, notes, target = QLineEdit(host), QPlainTextEdit(host), QLineEdit(host)
    target.setProperty(SCAN_TARGET, True)
    layout = QVBoxLayout(host)
    for widget in (ordinary, notes, target):
        layout.addWidget(widget)
    shown(qtbot, host)
    return host, ordinary, notes, target


def _filter(host: QWidget, **kwargs) -> tuple[ScanFilter, list[str]]:
    scans: list[str] = []
    scan_filter = ScanFilter(parent=host, **kwargs).install()
    scan_filter.sig_scanned.connect(scans.append)
    return scan_filter, scans


def test_a_burst_in_an_ordinary_field_opens_the_case_and_leaves_the_field_alone(
    qtbot, window
) -> None:
    host, ordinary, notes, _target = window
    _, scans = _filter(host)
    ordinary.setText("abc")
    ordinary.setFocus()
    entered: list[str] = []
    ordinary.returnPressed.connect(lambda: entered.append(ordinary.text()))
    scan(qtbot, ordinary, NUMBER.lower())
    assert scans == [NUMBER]
    assert ordinary.text() == "abc" and entered == []  # Enter swallowed, text put back
    notes.setPlainText("第一行")
    notes.setFocus()
    scan(qtbot, notes, NUMBER)
    assert scans == [NUMBER, NUMBER] and notes.toPlainText() == "第一行"


def test_a_notice_qr_opens_its_case_too(qtbot, window) -> None:
    """The notice's QR holds the number and the kiosk's key (``number#key``) or the portal's
    URL: the counter's scanner opens the case by the number in it."""
    host, ordinary, _notes, _target = window
    _, scans = _filter(host)
    ordinary.setFocus()
    scan(qtbot, ordinary, f"{NUMBER}#0123456789ab")
    scan(qtbot, ordinary, f"https://ipc.example.cn/p?case={NUMBER}&k=0123456789ab")
    assert scans == [NUMBER, NUMBER]


def test_a_scan_field_keeps_its_input(qtbot, window) -> None:
    host, _ordinary, _notes, target = window
    _, scans = _filter(host)
    target.setFocus()
    scan(qtbot, target, NUMBER)
    assert scans == [] and target.text() == NUMBER


def test_slow_typing_is_not_a_scan(qtbot, window) -> None:
    host, ordinary, _notes, _target = window
    _, scans = _filter(host, clock=Clock(0.2))
    ordinary.setFocus()
    scan(qtbot, ordinary, NUMBER)
    assert scans == [] and ordinary.text() == NUMBER


def test_a_fast_burst_that_is_no_case_number_passes(qtbot, window) -> None:
    host, ordinary, _notes, _target = window
    _, scans = _filter(host)
    ordinary.setFocus()
    scan(qtbot, ordinary, "6901234567892")  # a product barcode
    assert scans == [] and ordinary.text() == "6901234567892"


def test_no_workspace_no_scan(qtbot, window) -> None:
    host, ordinary, _notes, _target = window
    _, scans = _filter(host, accepting=lambda: False)
    ordinary.setFocus()
    scan(qtbot, ordinary, NUMBER)
    assert scans == [] and ordinary.text() == NUMBER


def test_a_scan_on_another_tab_opens_the_case_in_the_counter_window(
    qtbot, services: Services, reception_user: Actor
) -> None:
    case = services.reception.receive(reception_user, form(services, 11, lacking=1))
    window = CounterMainWindow(SyncRunner())
    window.attach_services(services)
    window.login_page.username.setText("li")
    window.login_page.password.setText("recept2026")
    window.login_page.login_button.click()
    shown(qtbot, window)
    workspace = window.workspace
    assert workspace is not None
    info = workspace.panels[Area.INFO]
    workspace.tabs.setCurrentWidget(info)
    search = info.catalog.search  # type: ignore[attr-defined]
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    scan(qtbot, search, case.number)
    assert search.text() == ""
    reception = workspace.panels[Area.RECEPTION]
    assert isinstance(reception, ReceptionPanel)
    dialog = reception.case_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.case is not None and dialog.case.number == case.number
    assert dialog.supplement_button.isVisible()  # waiting for the supplement
    dialog.close()
    assert window.services is not None
    QApplication.processEvents()


def test_the_case_number_box_opens_a_typed_number(
    qtbot, services: Services, reception_user: Actor
) -> None:
    case = services.reception.receive(reception_user, form(services, 11))
    panel = shown(qtbot, ReceptionPanel(services, reception_user, SyncRunner()))
    qtbot.keyClick(panel, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert panel.case_box.hasFocus()
    qtbot.keyClicks(panel.case_box, case.number.lower())
    qtbot.keyClick(panel.case_box, Qt.Key.Key_Return)
    dialog = panel.case_dialog
    assert dialog is not None and dialog.case is not None and dialog.case.number == case.number
    assert panel.case_box.text() == ""
    assert "*" in dialog.applicant_label.text()  # masked by default
    assert "91110000600037341L" in dialog.applicant_label.text()  # credit codes are public
    dialog.reveal_button.click()
    assert dialog.case.applicant.revealed
    assert "051885551234" in dialog.applicant_label.text()


def test_an_unknown_number_is_said_in_the_banner(
    qtbot, services: Services, reception_user: Actor
) -> None:
    panel = shown(qtbot, ReceptionPanel(services, reception_user, SyncRunner()))
    panel.case_box.setText(NUMBER)
    panel.open_button.click()
    dialog = panel.case_dialog
    assert dialog is not None and not dialog.isVisible()
    assert panel.banner.isVisible() and panel.banner.text()
