"""Drafts of the mail form (issue 16 point 15): what was typed for a parcel survives a crash
and is restored on the next start; sending the parcel discards it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from tests.conftest import TODAY
from tests.ui.test_approval_panel import focused, press
from tests.ui.test_delivery_panel import approved, select_ready, type_into
from tests.ui.test_login_and_main import shown
from ui.delivery.delivery_panel import DeliveryPanel
from ui.fonts import install_app_font
from ui.tasks import SyncRunner


@pytest.fixture
def officer(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "zhou", "周审批", frozenset({Role.ADMINISTRATIVE}), "zhou2026ok")
    return services.staff.login("zhou", "zhou2026ok")


def _panel(qtbot, services: Services, user: Actor) -> DeliveryPanel:
    widget = shown(qtbot, DeliveryPanel(services, user, SyncRunner(), lambda: TODAY))
    assert isinstance(widget, DeliveryPanel)
    widget.reload()
    return widget


def test_a_mail_form_survives_a_crash_and_is_discarded_when_sent(
    qtbot, qapp, services: Services, reception_user: Actor, officer: Actor
) -> None:
    install_app_font(qapp)
    case = approved(services, reception_user, officer)
    panel = _panel(qtbot, services, reception_user)
    select_ready(qtbot, panel, case.number)
    press(qtbot, focused(), "Ctrl+M")
    form = panel.ready.mail_form
    type_into(qtbot, form.mobile, "13900001111")
    type_into(qtbot, form.recipient_name, "王经办")
    form.contents.setFocus()
    qtbot.keyClick(form.contents, Qt.Key.Key_Space)  # packed
    panel.ready.mail_draft.flush()
    panel.deleteLater()  # a crash
    qtbot.wait(10)

    again = _panel(qtbot, services, reception_user)
    form = again.ready.mail_form
    assert again.ready.stack.currentWidget() is form
    assert form.recipient_name.text() == "王经办" and form.mobile.text() == "13900001111"
    assert form.unpacked() == [] and form.district.text() == "海州区"
    assert "已恢复" in again.ready.banner.text()
    press(qtbot, form.mobile, "Ctrl+Enter")
    with services.db.read():
        status = services.reception.open_case(reception_user, case.number).status
    assert status is CaseState.MAILED
    assert again.ready.mail_draft.load() is None
