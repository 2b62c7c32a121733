"""Fees after accepting, the receipt, and the document on a printer."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.cases.documents import RenderedDocument
from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.hall.rules.catalog import Fee
from tests.cases.reception.support import ORG
from tests.ui.test_login_and_main import shown
from tests.ui.test_reception_panel import (
    _no_print_dialog,  # noqa: F401
    focused,
    pdf_text,
    press,
    scan,
)
from ui.document_bar import DocumentBar
from ui.fonts import install_app_font
from ui.pdf_output import paint_pages, pdf_pages
from ui.reception.payment_dialog import PaymentDialog
from ui.reception.reception_panel import ReceptionPanel
from ui.tasks import SyncRunner

REFERENCE = "4200001234202611270012345678"


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


def accepted_trademark_case(qtbot, services: Services, actor: Actor) -> ReceptionPanel:
    panel = shown(qtbot, ReceptionPanel(services, actor, SyncRunner()))
    a = panel.form.applicant
    for field, value in (
        (a.id_number, ORG.id_number),
        (a.name, ORG.name),
        (a.phone, ORG.phone),
        (a.legal_representative, ORG.legal_representative),
    ):
        field.set_text(value)
    panel.form.picker.add_numbers([5, 6])
    for row in range(panel.form.materials.rowCount()):
        panel.form.materials.toggle(row)
    press(qtbot, a.name.edit, "Ctrl+S")
    return panel


def test_fees_after_accepting_give_a_receipt(
    qtbot, services: Services, reception_user: Actor, tmp_path: Path
) -> None:
    panel = accepted_trademark_case(qtbot, services, reception_user)
    case = panel.result.case
    assert case is not None
    # the seeded items 5 and 6 have no time limit: the notice says so instead of a date
    assert case.promised_on is None
    assert panel.result.documents.document is not None
    assert panel.result.payment_button.isEnabled()
    press(qtbot, focused(), "Ctrl+G")
    dialog = panel.case_dialog.payment_dialog  # type: ignore[union-attr]
    assert isinstance(dialog, PaymentDialog)
    shown(qtbot, dialog)
    assert dialog.total_label.text() == "合计：800.00 元"
    dialog.channel.setCurrentIndex(dialog.channel.findData("wechat"))
    assert not dialog.pay_button.isEnabled()
    assert "交易流水号" in dialog.reference_error.text()
    dialog.reference.setFocus()
    scan(qtbot, dialog.reference, REFERENCE)  # the scanner types the reference, Enter pays
    assert dialog.paid is not None and dialog.paid.transaction_ref == REFERENCE
    receipt = dialog.documents.document
    assert receipt is not None and receipt.kind == "receipt"
    if shutil.which("pdftotext"):
        assert "800.00" in pdf_text(receipt.pdf, tmp_path)
    press(qtbot, dialog.table, "Ctrl+S")  # a second 收费 does nothing
    assert len(services.reception.open_case(reception_user, case.number).payments) == 1


def test_an_unknown_amount_must_be_typed(
    qtbot, services: Services, reception_user: Actor, admin: Actor
) -> None:
    panel = accepted_trademark_case(qtbot, services, reception_user)
    case = panel.result.case
    assert case is not None
    item = services.catalog.get(case.items[0].item_id)
    unknown = replace(item, content=replace(item.content, fees=(Fee("代办费", None),)))
    dialog = PaymentDialog(services, reception_user, SyncRunner(), case, [unknown])
    shown(qtbot, dialog)
    dialog.fees.toggle(0)
    assert dialog.pay_button.text() == "请填写金额：代办费"
    table = dialog.table
    table.setCurrentIndex(dialog.fees.index(0, 0))
    qtbot.keyClicks(table, "1")  # a digit on the line starts editing its amount
    qtbot.keyClicks(focused(), "20")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.pay_button.isEnabled)  # the editor commits after its Enter
    assert dialog.total_label.text() == "合计：120.00 元"
    assert dialog.paid is None  # that Enter only confirmed the amount


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_a_document_goes_to_the_printer_page_by_page(tmp_path: Path) -> None:
    from printers import pdf
    from tests.pdf.samples import ACCEPTANCE

    data = pdf.render_acceptance_notice(ACCEPTANCE)
    pages = pdf_pages(data, dpi=100)
    assert pages and not pages[0].isNull()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    paint_pages(printer, pages)
    assert out.read_bytes().startswith(b"%PDF")


def test_a_failing_printer_is_said_not_raised(qtbot, tmp_path: Path) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    actions = DocumentBar(host, host)
    messages: list[tuple[str, bool]] = []
    actions.sig_message.connect(lambda m, e: messages.append((m, e)))
    document = RenderedDocument("acceptance", "受理通知书", "LYG-1", b"%PDF-1.4", False)
    actions.set_document(document)

    def broken(_parent, _doc):
        raise OSError("spooler down")

    actions.print_document = broken
    actions.print_button.click()
    assert messages and messages[0][1] and "打印失败" in messages[0][0]
    actions.choose_path = lambda _p, _n: str(tmp_path / "out")
    actions.save_button.click()
    assert (tmp_path / "out.pdf").read_bytes() == b"%PDF-1.4"
