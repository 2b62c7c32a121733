"""The approval tab driven by keyboard: work list colours, a return with two reasons, the
resubmission and approval, the repeated-reason confirmation, forwarding, extensions."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.cases.reception import ReceptionService
from counter_app.cases.rules.approval import Urgency
from counter_app.cases.rules.states import CaseState
from counter_app.cases.views import CaseView
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.hall.rules.catalog import parse_item_content
from tests.cases.reception.support import PERSON, form
from tests.ui.keyboard import type_text
from tests.ui.test_login_and_main import shown
from ui.approval.approval_panel import ApprovalPanel
from ui.approval.urgency import URGENCY_BACKGROUND, URGENCY_TEXT
from ui.approval.worklist_model import APPLICANT_COLUMN, URGENCY_COLUMN
from ui.fonts import install_app_font
from ui.tasks import SyncRunner

REASONS = ("许可合同未经双方签章", "缺少专利权人身份证明", "合同期限超过专利有效期")
requires_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler")


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


@pytest.fixture
def officer(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "zhou", "周审批", frozenset({Role.ADMINISTRATIVE}), "zhou2026ok")
    return services.staff.login("zhou", "zhou2026ok")


@pytest.fixture
def supervisor(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "zhao", "赵科长", frozenset({Role.SUPERVISOR}), "zhao2026ok")
    return services.staff.login("zhao", "zhao2026ok")


def with_reasons(services: Services, admin: Actor, number: int, reasons=REASONS) -> None:
    """Give catalogue item ``number`` a reason list (the seeded catalogue has none)."""
    item = next(i for i in services.catalog.list_items() if i.number == number)
    data = item.content.to_json() | {"rejection_reasons": list(reasons)}
    services.catalog.save(admin, item.id, parse_item_content(data))


def receive(services: Services, user: Actor, number: int, day: date | None = None, **kw):
    reception = (
        ReceptionService(services.db, services.hall, today=lambda: day)
        if day
        else services.reception
    )
    return reception.receive(user, form(services, number, **kw))


def press(qtbot, widget: QWidget, keys: str) -> None:
    """A key or shortcut such as "Ctrl+E" pressed while ``widget`` has the focus."""
    *mods, name = keys.split("+")
    modifiers = Qt.KeyboardModifier.NoModifier
    for mod in mods:
        modifiers |= {
            "Ctrl": Qt.KeyboardModifier.ControlModifier,
            "Shift": Qt.KeyboardModifier.ShiftModifier,
            "Alt": Qt.KeyboardModifier.AltModifier,
        }[mod]
    named = {"Esc": Qt.Key.Key_Escape, "Space": Qt.Key.Key_Space, "Enter": Qt.Key.Key_Return}
    key = named.get(name) or getattr(Qt.Key, f"Key_{name}")
    qtbot.keyClick(widget, key, modifiers)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def pdf_text(data: bytes, tmp_path: Path, name: str = "doc.pdf") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    run = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return run.stdout.decode()


def open_from_list(qtbot, panel: ApprovalPanel, number: str) -> None:
    """Select the row of case ``number`` in the work list and press Enter."""
    panel.show_worklist()
    rows = [r.number for r in panel.worklist.model.rows()]
    panel.worklist.table.select_source_row(rows.index(number))
    press(qtbot, panel.worklist.table, "Enter")
    assert panel.stack.currentWidget() is panel.case_page
    assert panel.case_page.loaded is not None
    assert panel.case_page.loaded.case.number == number


def current_case(panel: ApprovalPanel) -> CaseView:
    loaded = panel.case_page.loaded
    assert loaded is not None
    return loaded.case


@pytest.fixture
def panel(qtbot, services: Services, officer: Actor) -> ApprovalPanel:
    widget = shown(qtbot, ApprovalPanel(services, officer, SyncRunner()))
    assert isinstance(widget, ApprovalPanel)
    widget.reload()
    return widget


def return_with_two_reasons_then_approve(
    qtbot, panel: ApprovalPanel, number: str, tmp_path: Path
) -> CaseView:
    """The demo path: 开始审查, 退回补正 with two reasons (notice saved), resubmitted, 准予."""
    open_from_list(qtbot, panel, number)
    page = panel.case_page
    press(qtbot, focused(), "Ctrl+Shift+E")
    assert current_case(panel).status is CaseState.UNDER_EXAMINATION
    press(qtbot, focused(), "Ctrl+I")
    reasons = page.reasons_form
    assert page.current_form() is reasons and focused() is reasons.checks[0]
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # the first reason of the item's list
    reasons.free_text.setFocus()
    type_text(qtbot, reasons.free_text, "附图不清晰，请提交清晰附图")
    press(qtbot, focused(), "Ctrl+Enter")
    case = current_case(panel)
    assert case.status is CaseState.RETURNED_FOR_CORRECTION and case.paused_since
    notice = page.documents.document
    assert notice is not None and notice.kind == "correction"
    if shutil.which("pdftotext"):
        text = "".join(pdf_text(notice.pdf, tmp_path).split())
        assert "退回补正通知书" in text and REASONS[0] in text and "附图不清晰" in text
    saved = tmp_path / "correction.pdf"
    page.documents.choose_path = lambda _parent, _name: str(saved)
    press(qtbot, focused(), "Ctrl+Shift+S")
    assert saved.read_bytes() == notice.pdf
    press(qtbot, focused(), "Ctrl+Shift+I")  # the corrected materials came back
    assert current_case(panel).status is CaseState.UNDER_EXAMINATION
    press(qtbot, focused(), "Ctrl+S")
    result = page.approve_form.result
    assert focused() is result
    qtbot.keyClicks(result, "202310123456.7")  # a wrong check digit: told while typing
    assert "校验" in page.approve_form.fields.error_text("result")
    result.clear()
    qtbot.keyClicks(result, "ZL 201710601862.3")
    assert page.approve_form.fields.error_text("result") == ""
    press(qtbot, result, "Enter")
    case = current_case(panel)
    assert case.status is CaseState.APPROVED
    assert [e.action for e in case.events][-3:] == [
        "returned_for_correction",
        "resubmitted",
        "approve",
    ]
    return case


def test_return_with_two_reasons_resubmit_and_approve(
    qtbot, panel: ApprovalPanel, services: Services, admin: Actor, reception_user: Actor, tmp_path
) -> None:
    with_reasons(services, admin, 4)
    case = receive(services, reception_user, 4)
    panel.worklist.reload()
    approved = return_with_two_reasons_then_approve(qtbot, panel, case.number, tmp_path)
    decisions = services.approval.decisions(approved.id)
    assert decisions[0].reasons == (REASONS[0], "附图不清晰，请提交清晰附图")
    assert decisions[-1].result_number == "201710601862.3"
    history = panel.case_page.details.events_model
    assert history.rowCount() == len(approved.events) == 5
    assert history.index(4, 1).data() == "zhou"  # who
    press(qtbot, focused(), "Esc")  # back to the list: the case has left it
    assert panel.stack.currentWidget() is panel.worklist
    assert case.number not in [r.number for r in panel.worklist.model.rows()]


def test_a_repeated_reason_is_confirmed_and_recorded(
    qtbot, panel: ApprovalPanel, services: Services, admin: Actor, reception_user: Actor
) -> None:
    with_reasons(services, admin, 14)
    case = receive(services, reception_user, 14)
    case = services.approval.start_examination(panel.case_page.actor, case.id, case.row_version)
    officer = panel.case_page.actor
    case = services.approval.return_for_correction(officer, case.id, case.row_version, REASONS[:1])
    case = services.approval.resubmitted(officer, case.id, case.row_version)
    open_from_list(qtbot, panel, case.number)
    page = panel.case_page
    press(qtbot, focused(), "Ctrl+J")
    form = page.reasons_form
    assert not form.resubmit_days.isVisible()  # no resubmission after a rejection
    qtbot.keyClick(form.checks[0], Qt.Key.Key_Space)  # the same reason as the first time
    qtbot.keyClick(form.checks[0], Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # and a new one
    press(qtbot, focused(), "Enter")
    assert current_case(panel).status is CaseState.UNDER_EXAMINATION  # nothing saved yet
    assert form.message.isVisible() and "已经提出过" in form.message.text()
    assert "记录在案" in form.ok_button.text() and focused() is form.ok_button
    press(qtbot, focused(), "Enter")  # confirmed
    assert current_case(panel).status is CaseState.REJECTED
    decision = services.approval.decisions(case.id)[-1]
    assert decision.reasons == REASONS[:2] and decision.repeated_reasons == REASONS[:1]
    notice = page.documents.document
    assert notice is not None and notice.kind == "rejection"
    printed = []
    page.documents.print_document = lambda _parent, doc: printed.append(doc) or True
    press(qtbot, focused(), "Ctrl+P")
    assert printed == [notice]


def test_reasons_are_required_and_a_change_resets_the_confirmation(
    qtbot, panel: ApprovalPanel, services: Services, reception_user: Actor
) -> None:
    case = receive(services, reception_user, 14)
    open_from_list(qtbot, panel, case.number)
    press(qtbot, focused(), "Ctrl+Shift+E")
    press(qtbot, focused(), "Ctrl+I")
    form = panel.case_page.reasons_form
    # The item's typical reasons from the catalogue, none ticked, no text: nothing to send.
    assert form.checks and not any(c.isChecked() for c in form.checks)
    assert focused() in (*form.checks, form.free_text)
    press(qtbot, focused(), "Ctrl+Enter")
    assert "请写明理由" in form.fields.error_text("reasons")
    press(qtbot, focused(), "Esc")  # the form closes, the case stays open
    assert panel.case_page.current_form() is None
    assert panel.stack.currentWidget() is panel.case_page
    press(qtbot, focused(), "Esc")
    assert panel.stack.currentWidget() is panel.worklist


def test_forward_then_record_the_answer(
    qtbot, panel: ApprovalPanel, services: Services, reception_user: Actor
) -> None:
    case = receive(services, reception_user, 17, day=date(2026, 10, 9))
    open_from_list(qtbot, panel, case.number)
    press(qtbot, focused(), "Ctrl+Shift+F")
    page = panel.case_page
    assert focused() in (page.forward_form.authority, page.forward_form.authority.lineEdit())
    type_text(qtbot, page.forward_form.authority.lineEdit(), "海关总署")
    page.forward_form.note.setFocus()
    type_text(qtbot, page.forward_form.note, "材料已寄出")
    press(qtbot, focused(), "Enter")
    assert current_case(panel).status is CaseState.FORWARDED
    assert not page.forward_button.isEnabled() and page.approve_button.isEnabled()
    press(qtbot, focused(), "Ctrl+S")
    assert "外部机关答复" in page.approve_form.title.text()
    type_text(qtbot, page.approve_form.result, "海关备案号 T2026-0001")
    press(qtbot, page.approve_form.result, "Enter")
    assert current_case(panel).status is CaseState.APPROVED
    assert page.details.decisions_model.rowCount() == 2


def test_four_eyes_message_is_shown(
    qtbot, services: Services, admin: Actor, supervisor: Actor
) -> None:
    item = services.catalog.list_items()[10]  # 11 专利权质押登记
    services.catalog.save(admin, item.id, replace(item.content, four_eyes=True))
    case = receive(services, supervisor, 11)
    panel = shown(qtbot, ApprovalPanel(services, supervisor, SyncRunner()))
    panel.reload()
    open_from_list(qtbot, panel, case.number)
    press(qtbot, focused(), "Ctrl+Shift+E")
    press(qtbot, focused(), "Ctrl+S")
    type_text(qtbot, panel.case_page.approve_form.result, "质押登记号 2026001")
    press(qtbot, panel.case_page.approve_form.result, "Enter")
    form = panel.case_page.approve_form
    assert form.message.isVisible() and "受审分离" in form.message.text()
    assert current_case(panel).status is CaseState.UNDER_EXAMINATION


def test_supervisor_extends_from_the_case(
    qtbot, services: Services, reception_user: Actor, supervisor: Actor
) -> None:
    case = receive(services, reception_user, 14, day=date(2026, 11, 24))
    panel = shown(qtbot, ApprovalPanel(services, supervisor, SyncRunner()))
    panel.reload()
    open_from_list(qtbot, panel, case.number)
    page = panel.case_page
    assert page.extend_button.isVisible() and page.extend_button.isEnabled()
    press(qtbot, focused(), "Ctrl+D")
    assert focused() is page.extend_form.days
    page.extend_form.reason.setFocus()
    press(qtbot, focused(), "Enter")
    assert "理由" in page.extend_form.fields.error_text("reason")
    type_text(qtbot, page.extend_form.reason, "需专家论证")
    press(qtbot, focused(), "Enter")
    assert current_case(panel).promised_on == date(2026, 12, 10)
    assert "延期" in page.details.events_model.index(1, 2).data()


def test_worklist_colours_counts_filters_and_masking(
    qtbot, panel: ApprovalPanel, services: Services, reception_user: Actor, qtmodeltester
) -> None:
    overdue = receive(services, reception_user, 4, day=date(2026, 11, 2), applicant=PERSON)
    soon = receive(services, reception_user, 4, day=date(2026, 11, 20))
    fresh = receive(services, reception_user, 14, day=date(2026, 11, 26))
    panel.worklist.reload()
    model = panel.worklist.model
    qtmodeltester.check(model)
    assert [r.number for r in model.rows()] == [overdue.number, soon.number, fresh.number]
    assert [r.urgency for r in model.rows()] == [Urgency.OVERDUE, Urgency.SOON, Urgency.OK]
    fg, bg = Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole
    assert model.index(0, 0).data(fg) == QColor("#b00020") == URGENCY_TEXT[Urgency.OVERDUE]
    assert model.index(0, URGENCY_COLUMN).data(bg) == URGENCY_BACKGROUND[Urgency.OVERDUE]
    assert model.index(1, 0).data(fg) == URGENCY_TEXT[Urgency.SOON]
    assert model.index(1, 3).data(bg) == URGENCY_BACKGROUND[Urgency.SOON]
    assert model.index(2, 0).data(fg) is None and model.index(2, 0).data(bg) is None
    assert model.index(0, APPLICANT_COLUMN).data() == "王*"  # a person's name is masked
    assert model.index(1, APPLICANT_COLUMN).data() == "连云港某某科技有限公司"
    assert "共 3 件" in panel.worklist.counts.text() and "已受理 3" in panel.worklist.counts.text()
    item_box = panel.worklist.item_box
    item_box.setCurrentIndex(item_box.findData(14))
    item_box.activated.emit(item_box.currentIndex())
    assert [r.number for r in model.rows()] == [fresh.number]
    item_box.setCurrentIndex(0)
    panel.worklist.due_check.setChecked(True)
    panel.worklist.due_date.setDate(date(2026, 11, 27))
    assert [r.number for r in model.rows()] == [overdue.number, soon.number]
    status_box = panel.worklist.status_box
    status_box.setCurrentIndex(status_box.findData(CaseState.UNDER_EXAMINATION.value))
    status_box.activated.emit(status_box.currentIndex())
    assert model.rowCount() == 0 and "共 0 件" in panel.worklist.counts.text()
