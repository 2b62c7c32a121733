"""The reception tab driven like a new member of staff: keyboard and scanner only."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from counter_app.cases.documents import RenderedDocument
from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.hall.bundles import BundleView
from db.models import Case
from tests.cases.reception.support import ORG, form
from tests.ui.keyboard import type_text
from tests.ui.test_login_and_main import shown
from ui.document_bar import DocumentBar
from ui.fonts import install_app_font
from ui.reception.case_dialog import CaseDialog
from ui.reception.drafts import DraftStore
from ui.reception.reception_panel import ReceptionPanel
from ui.scan import ScanFilter
from ui.tasks import SyncRunner

requires_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="needs poppler-utils"
)
BUNDLE = "专利权质押与实施许可一件事"


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


@pytest.fixture(autouse=True)
def _no_print_dialog(monkeypatch: pytest.MonkeyPatch) -> list[RenderedDocument]:
    """No test may open the system's print dialog: printing is recorded instead."""
    printed: list[RenderedDocument] = []

    def record(_parent: QWidget, document: RenderedDocument) -> bool:
        printed.append(document)
        return True

    monkeypatch.setattr(DocumentBar, "print_document", staticmethod(record))
    return printed


@pytest.fixture
def bundle(services: Services, admin: Actor) -> BundleView:
    """A two-item 一件事 bundle whose items both have a time limit (11 and 14)."""
    return services.bundles.save(admin, None, BUNDLE, "质押登记与许可备案一并办理", (11, 14))


@pytest.fixture
def panel(qtbot, services: Services, reception_user: Actor, bundle: BundleView) -> ReceptionPanel:
    return shown(qtbot, ReceptionPanel(services, reception_user, SyncRunner()))


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return "".join(done.stdout.decode().split())


def case_count(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def press(qtbot, widget: QWidget, keys: str) -> None:
    """A shortcut such as "Ctrl+S" pressed while ``widget`` has the focus."""
    *mods, name = keys.split("+")
    modifiers = Qt.KeyboardModifier.NoModifier
    for mod in mods:
        modifiers |= {
            "Ctrl": Qt.KeyboardModifier.ControlModifier,
            "Shift": Qt.KeyboardModifier.ShiftModifier,
            "Alt": Qt.KeyboardModifier.AltModifier,
        }[mod]
    key = {"Esc": Qt.Key.Key_Escape, "Space": Qt.Key.Key_Space}.get(name)
    qtbot.keyClick(widget, key or getattr(Qt.Key, f"Key_{name}"), modifiers)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_organisation(qtbot, panel: ReceptionPanel) -> None:
    """The organisation's fields in form order, Enter after each (Enter moves on)."""
    a = panel.form.applicant
    a.id_number.edit.setFocus()
    values = [
        (a.id_number, ORG.id_number),
        (a.name, ORG.name),
        (a.phone, ORG.phone),
        (a.legal_representative, ORG.legal_representative),
        (a.contact_name, ORG.contact_name),
        (a.address, ORG.address),
        (a.postal_code, ORG.postal_code),
    ]
    for field, text in values:
        assert focused() is field.edit, field.label  # Tab/Enter order follows the form
        type_text(qtbot, field.edit, text)
        qtbot.keyClick(field.edit, Qt.Key.Key_Return)


def tick_all_but_last(qtbot, panel: ReceptionPanel) -> None:
    press(qtbot, focused(), "Ctrl+T")
    view = panel.form.materials_view
    assert focused() is view
    for _row in range(panel.form.materials.rowCount() - 1):
        qtbot.keyClick(view, Qt.Key.Key_Space)
        qtbot.keyClick(view, Qt.Key.Key_Down)


def scan(qtbot, widget: QWidget, text: str) -> None:
    """A barcode scanner: a fast burst of characters, then Enter."""
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_new_user_flow_by_keyboard_and_scanner(
    qtbot, panel: ReceptionPanel, services: Services, tmp_path: Path
) -> None:
    scans = ScanFilter(parent=panel).install()
    scans.sig_scanned.connect(panel.open_case)
    type_organisation(qtbot, panel)
    assert "还需填写：办理事项" in panel.form.accept_button.text()
    press(qtbot, focused(), "Ctrl+F")
    type_text(qtbot, panel.form.picker.search, "专利权质押与")
    qtbot.keyClick(panel.form.picker.search, Qt.Key.Key_Return)
    assert [i.number for i in panel.form.picker.chosen_items()] == [11, 14]
    tick_all_but_last(qtbot, panel)
    lacking = panel.form.missing_materials()
    assert [m.name for m in lacking] == ["许可人和被许可人身份证明"]
    assert not panel.form.accept_button.isEnabled()
    assert "还缺材料：许可人和被许可人身份证明" in panel.form.accept_button.text()
    press(qtbot, focused(), "Ctrl+I")  # 一次性告知

    case = panel.result.case
    assert case is not None and case.status is CaseState.AWAITING_SUPPLEMENT
    notice = panel.result.documents.document
    assert notice is not None and notice.kind == "supplement" and notice.pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        assert "许可人和被许可人身份证明" in pdf_text(notice.pdf, tmp_path)
    saved = tmp_path / "notice.pdf"
    panel.result.documents.choose_path = lambda _parent, _name: str(saved)
    press(qtbot, focused(), "Ctrl+Shift+S")
    assert saved.read_bytes() == notice.pdf

    press(qtbot, focused(), "Esc")  # the next applicant: a fresh form
    assert panel.stack.currentWidget() is panel.form and panel.form.is_empty()
    name = panel.form.applicant.name.edit
    name.setFocus()
    type_text(qtbot, name, "王")
    scan(qtbot, name, case.number)  # the applicant is back, the notice's barcode scanned
    assert name.text() == "王"  # the burst was taken out of the field again

    dialog = panel.case_dialog
    assert isinstance(dialog, CaseDialog) and dialog.isVisible()
    assert dialog.case is not None and dialog.case.number == case.number
    supplement_by_keyboard(qtbot, dialog, tmp_path)
    assert case_count(services) == 1


def supplement_by_keyboard(qtbot, dialog: CaseDialog, tmp_path: Path) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    view = dialog.materials_view
    assert focused() is view
    last = dialog.materials.rowCount() - 1
    view.setCurrentIndex(dialog.materials.index(last, 0))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    press(qtbot, view, "Ctrl+S")  # 补正
    assert dialog.case is not None and dialog.case.status is CaseState.RECEIVED
    acceptance = dialog.documents.document
    assert acceptance is not None and acceptance.kind == "acceptance" and not acceptance.reprint
    printed: list[RenderedDocument] = []
    dialog.documents.print_document = lambda _parent, doc: printed.append(doc) or True
    press(qtbot, focused(), "Ctrl+P")
    assert printed == [acceptance]
    press(qtbot, focused(), "Ctrl+Shift+P")  # 补打
    reprint = dialog.documents.document
    assert reprint is not None and reprint.kind == "acceptance" and reprint.reprint
    assert "补打受理通知书" in dialog.reprint_button.text()
    assert [row[2] for row in _rows(dialog.issued)] == ["首次", "首次", "补打"]
    if shutil.which("pdftotext"):
        assert "补打" in pdf_text(reprint.pdf, tmp_path)


def _rows(model) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_validation_messages_appear_under_the_fields_as_typed(qtbot, panel: ReceptionPanel) -> None:
    a = panel.form.applicant
    press(qtbot, a.id_number.edit, "Alt+1")  # a natural person
    assert a.kind == "person" and a.id_number.label == "证件号码"
    qtbot.keyClicks(a.id_number.edit, "110105194912310021")
    assert "校验位不对，请核对最后一位" in a.id_number.error_text()
    a.id_number.edit.clear()
    qtbot.keyClicks(a.id_number.edit, "110105209912310021")
    assert "出生日期2099-12-31晚于今天" in a.id_number.error_text()
    a.id_number.edit.clear()
    qtbot.keyClicks(a.id_number.edit, "11010519491231002x")
    assert a.id_number.error_text() == ""
    type_text(qtbot, a.phone.edit, "１３８ １２３４ ５６７８")  # full-width, pasted spaces
    assert a.phone.error_text() == ""
    qtbot.keyClick(a.phone.edit, Qt.Key.Key_Return)
    assert a.phone.text() == "13812345678"
    type_text(qtbot, a.name.edit, "王五😀")
    assert "表情" in a.name.error_text()
    assert "还需填写：姓名" in panel.form.accept_button.text()
    assert not panel.form.accept_button.isEnabled()
    a.name.edit.clear()
    assert a.name.error_text() == ""  # nothing typed yet: no red before the field is left


def fill_complete(panel: ReceptionPanel, bundle: BundleView) -> None:
    a = panel.form.applicant
    for field, value in (
        (a.id_number, ORG.id_number),
        (a.name, ORG.name),
        (a.phone, ORG.phone),
        (a.legal_representative, ORG.legal_representative),
    ):
        field.set_text(value)
    panel.form.picker.add_bundle(bundle)
    for row in range(panel.form.materials.rowCount()):
        panel.form.materials.toggle(row)


def test_double_enter_on_the_save_button_makes_one_case(
    qtbot, panel: ReceptionPanel, services: Services, bundle: BundleView
) -> None:
    fill_complete(panel, bundle)
    button = panel.form.accept_button
    assert button.isEnabled() and button.text() == "受理 (Ctrl+S)"
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    button.click()  # even a click that gets through uses the same draft key
    assert case_count(services) == 1
    assert panel.result.case is not None and panel.result.case.status is CaseState.RECEIVED


def test_a_repeated_save_of_the_same_form_returns_the_same_case(
    panel: ReceptionPanel, services: Services, bundle: BundleView
) -> None:
    fill_complete(panel, bundle)
    key = panel.draft_key
    panel.form.accept_button.click()
    first = panel.result.case
    panel.stack.setCurrentWidget(panel.form)  # as if the result never arrived
    panel.draft_key = key
    panel.form.accept_button.click()
    assert case_count(services) == 1
    assert panel.result.case is not None and first is not None
    assert panel.result.case.number == first.number


def test_draft_restored_after_the_panel_is_destroyed(
    qtbot, services: Services, reception_user: Actor, bundle: BundleView
) -> None:
    panel = shown(qtbot, ReceptionPanel(services, reception_user, SyncRunner()))
    store = DraftStore(reception_user.username)
    a = panel.form.applicant
    type_text(qtbot, a.id_number.edit, ORG.id_number)
    type_text(qtbot, a.name.edit, ORG.name)
    panel.form.picker.add_bundle(bundle)
    panel.form.materials.toggle(0)
    qtbot.waitUntil(lambda: store.path.exists() and ORG.name in store.path.read_text("utf-8"))
    key = panel.draft_key
    panel.close()
    panel.deleteLater()
    qtbot.wait(10)

    again = shown(qtbot, ReceptionPanel(services, reception_user, SyncRunner()))
    assert again.banner.text() == "已恢复上次未完成的受理"
    assert again.form.applicant.name.text() == ORG.name
    assert [i.number for i in again.form.picker.chosen_items()] == [11, 14]
    assert again.form.materials.lines()[0].received
    assert not again.form.materials.lines()[1].received
    assert again.draft_key == key  # a save after a crash cannot make a second case
    fill_complete(again, bundle)
    again.form.materials.toggle(0)  # fill_complete toggled the restored tick off again
    again.form.accept_button.click()
    assert again.result.case is not None
    assert not store.path.exists()


def test_a_returning_applicant_is_filled_from_the_last_visit(
    qtbot, panel: ReceptionPanel, services: Services, reception_user: Actor
) -> None:
    services.reception.receive(reception_user, form(services, 11))
    a = panel.form.applicant
    type_text(qtbot, a.id_number.edit, ORG.id_number.lower())
    assert a.name.text() == ORG.name
    assert a.phone.text() == "051885551234"
    assert a.legal_representative.text() == ORG.legal_representative
    assert "老申请人" in panel.banner.text()


def test_refusal_needs_reasons_then_prints_the_refusal_notice(
    qtbot, panel: ReceptionPanel, bundle: BundleView
) -> None:
    fill_complete(panel, bundle)
    press(qtbot, panel.form.applicant.name.edit, "Ctrl+J")
    assert panel.form.reasons.isVisible() and focused() is panel.form.reasons
    assert panel.result.case is None
    type_text(qtbot, panel.form.reasons, "申请事项不属于本机关职权范围")
    press(qtbot, panel.form.reasons, "Ctrl+J")
    # Outside this office's powers: the body to apply to must be named (Art. 32(1)(2)).
    assert panel.result.case is None and "有权受理机关" in panel.banner.text()
    assert focused() is panel.form.authority
    type_text(qtbot, panel.form.authority, "国家知识产权局")
    press(qtbot, panel.form.authority, "Ctrl+J")
    case = panel.result.case
    assert case is not None and case.status is CaseState.REFUSED
    document = panel.result.documents.document
    assert document is not None and document.kind == "refusal"


def test_new_form_needs_a_second_ctrl_n_when_something_was_typed(
    qtbot, panel: ReceptionPanel
) -> None:
    a = panel.form.applicant
    type_text(qtbot, a.name.edit, "连云港")
    key = panel.draft_key
    press(qtbot, a.name.edit, "Ctrl+N")
    assert a.name.text() == "连云港" and "再按一次" in panel.banner.text()
    press(qtbot, a.name.edit, "Ctrl+N")
    assert a.name.text() == "" and panel.draft_key != key
