"""A complaint that is really an IP dispute becomes a case at reception in one step (issue 13
point 3): 主管 → 投诉咨询, Ctrl+G, the 受理 tab opens filled in, the case saved is linked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.container import Services
from counter_app.core.roles import Actor, Area, Role
from counter_app.supervision.rules.complaint_forms import ComplaintForm
from counter_app.supervision.rules.complaints import Channel
from tests.cases.reception.support import PERSON
from tests.ui.keyboard import type_text
from tests.ui.test_login_and_main import shown
from ui.fonts import install_app_font
from ui.reception.reception_panel import ReceptionPanel
from ui.supervisor.sections import LazySection
from ui.supervisor.supervisor_panel import SupervisorPanel
from ui.tasks import SyncRunner
from ui.workspace import Workspace


def test_a_dispute_complaint_is_received_as_a_case(
    qtbot, qapp: QApplication, services: Services, admin: Actor
) -> None:
    install_app_font(qapp)
    services.staff.add_user(admin, "zhao", "赵科长", frozenset({Role.SUPERVISOR}), "zhao2026ok")
    supervisor = services.staff.login("zhao", "zhao2026ok")
    complaint = services.complaints.register(
        supervisor,
        ComplaintForm(
            channel=Channel.PHONE,
            text="某公司在其商品上使用与我方专利相同的技术方案，请求处理",
            name=PERSON.name,
            phone=PERSON.phone,
            about_item=18,
        ),
    )
    workspace = shown(
        qtbot, Workspace(services, supervisor, services.hall.settings(), runner=SyncRunner())
    )
    panel = workspace.panels[Area.SUPERVISOR]
    assert isinstance(panel, SupervisorPanel)
    workspace.tabs.setCurrentWidget(panel)
    section = next(s for s in panel.lazy if s.section.widget == "ComplaintsWidget")
    panel.sections.setCurrentWidget(section)
    assert isinstance(section, LazySection)
    widget = section.ensure()
    widget.table.setFocus()  # type: ignore[attr-defined]
    assert widget.case_button.isEnabled()  # type: ignore[attr-defined]
    qtbot.keyClick(widget.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]

    reception = workspace.panels[Area.RECEPTION]
    assert isinstance(reception, ReceptionPanel)
    assert workspace.tabs.currentWidget() is reception
    applicant = reception.form.applicant
    assert applicant.name.text() == PERSON.name and applicant.phone.text() == PERSON.phone
    assert [i.number for i in reception.form.picker.chosen_items()] == [18]
    assert complaint.number in reception.banner.text()
    assert QApplication.focusWidget() is applicant.id_number.edit
    type_text(qtbot, applicant.id_number.edit, PERSON.id_number)
    applicant.address.set_text(PERSON.address)
    applicant.postal_code.set_text(PERSON.postal_code)
    reception.form.materials.set_lines(
        [
            line.__class__(**{**vars(line), "received": True})
            for line in reception.form.materials.lines()
        ]
    )
    reception.form.refresh()
    qtbot.keyClick(reception.form.notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    case = reception.result.case
    assert case is not None, reception.banner.text()
    detail = services.complaints.get(supervisor, complaint.id)
    assert detail.case_number == case.number
    assert "已关联投诉" in reception.banner.text()
    assert reception.from_complaint is None
