"""Drafts of the decision forms (issue 16 point 15): a crash or a logout loses no typed
reasons or result; the next approval tab opens the case and the form filled again; saving
the decision discards the draft."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from tests.ui.keyboard import type_text
from tests.ui.test_approval_panel import (
    REASONS,
    current_case,
    focused,
    open_from_list,
    press,
    receive,
    with_reasons,
)
from tests.ui.test_login_and_main import shown
from ui.approval.approval_panel import ApprovalPanel
from ui.fonts import install_app_font
from ui.tasks import SyncRunner


@pytest.fixture
def officer(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "zhou", "周审批", frozenset({Role.ADMINISTRATIVE}), "zhou2026ok")
    return services.staff.login("zhou", "zhou2026ok")


def _panel(qtbot, services: Services, user: Actor) -> ApprovalPanel:
    widget = shown(qtbot, ApprovalPanel(services, user, SyncRunner()))
    assert isinstance(widget, ApprovalPanel)
    widget.reload()
    return widget


def test_typed_reasons_survive_a_crash_and_are_discarded_once_saved(
    qtbot, qapp, services: Services, admin: Actor, reception_user: Actor, officer: Actor
) -> None:
    install_app_font(qapp)
    with_reasons(services, admin, 14)
    case = receive(services, reception_user, 14)
    panel = _panel(qtbot, services, officer)
    open_from_list(qtbot, panel, case.number)
    press(qtbot, focused(), "Ctrl+Shift+E")
    press(qtbot, focused(), "Ctrl+I")
    form = panel.case_page.reasons_form
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # the first reason ticked
    form.free_text.setFocus()
    type_text(qtbot, form.free_text, "合同缺少附件二")
    panel.case_page.draft.flush()  # what the 1-second timer does while the form is open
    panel.deleteLater()  # a crash: nothing else is saved
    qtbot.wait(10)

    again = _panel(qtbot, services, officer)  # the next start, same member of staff
    page = again.case_page
    assert again.stack.currentWidget() is page and page.current_form() is page.reasons_form
    assert (
        page.reasons_form.checks[0].isChecked() and page.reasons_form.checks[0].text() == REASONS[0]
    )
    assert page.reasons_form.free_text.toPlainText() == "合同缺少附件二"
    assert "已恢复" in page.banner.text()
    again.resize(1366, 768)
    qtbot.wait(20)
    again.grab().save("/tmp/approval_draft_restored.png")
    press(qtbot, page.reasons_form.free_text, "Ctrl+Enter")
    assert current_case(again).status is CaseState.RETURNED_FOR_CORRECTION
    assert page.draft.load() is None  # saved: the draft is gone


def test_a_result_typed_before_logout_comes_back_when_the_form_is_reopened(
    qtbot, qapp, services: Services, reception_user: Actor, officer: Actor
) -> None:
    install_app_font(qapp)
    case = receive(services, reception_user, 11)
    panel = _panel(qtbot, services, officer)
    open_from_list(qtbot, panel, case.number)
    press(qtbot, focused(), "Ctrl+Shift+E")
    press(qtbot, focused(), "Ctrl+S")  # 准予
    type_text(qtbot, panel.case_page.approve_form.result, "质押登记号 2026001")
    press(qtbot, focused(), "Esc")  # cancelled by mistake
    panel.hide()  # logout hides the workspace: the draft is written
    assert panel.case_page.draft.load(case.id, "approve") is not None
    panel.show()
    panel.case_page.approve_button.click()  # 准予 (Ctrl+S) again
    assert panel.case_page.approve_form.result.text() == "质押登记号 2026001"
    press(qtbot, panel.case_page.approve_form.result, "Enter")
    assert current_case(panel).status is CaseState.APPROVED
    assert panel.case_page.draft.load() is None
