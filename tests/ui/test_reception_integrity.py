"""Reception and the integrity file: the amber banner for a found applicant or an acting
agency (it informs, it does not block), and the save of priority examination refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from db.models import AuditLog
from tests.cases.reception.support import ORG
from tests.integrity.support import AGENCY_CODE, record
from tests.ui.keyboard import type_text
from tests.ui.test_login_and_main import shown
from tests.ui.test_reception_panel import press, tick_all_but_last, type_organisation
from ui.fonts import install_app_font
from ui.reception.reception_panel import ReceptionPanel
from ui.tasks import SyncRunner, ThreadRunner


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


@pytest.fixture
def supervisor(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "zhao", "赵科长", frozenset({Role.SUPERVISOR}), "zhao2026ok")
    return services.staff.login("zhao", "zhao2026ok")


@pytest.fixture
def panel(qtbot, services: Services, reception_user: Actor) -> ReceptionPanel:
    return shown(qtbot, ReceptionPanel(services, reception_user, SyncRunner()))


def render(widget: QWidget, folder: Path, name: str) -> Path:
    """The screen at 1366x768 as a PNG (also into $COUNTER_PNG_DIR when set, to look at)."""
    widget.resize(1366, 768)
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path))
    extra = os.environ.get("COUNTER_PNG_DIR")
    if extra:
        widget.grab().save(str(Path(extra) / path.name))
    return path


def lookups(services: Services) -> list[AuditLog]:
    with services.db.read() as session:
        query = select(AuditLog).where(AuditLog.action == "integrity.lookup")
        return list(session.scalars(query))


def test_banner_for_a_found_applicant_then_priority_examination_refused(
    qtbot, panel: ReceptionPanel, services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    services.integrity.add(supervisor, record())
    banner = panel.form.integrity
    a = panel.form.applicant
    a.id_number.edit.setFocus()
    type_text(qtbot, a.id_number.edit, ORG.id_number[:-1])
    assert not banner.isVisible()  # not complete yet: no lookup
    assert lookups(services) == []
    panel.form.applicant.id_number.edit.clear()
    type_organisation(qtbot, panel)
    assert banner.isVisible()
    assert banner.text().startswith(
        "诚信档案：该申请人有 1 条有效失信记录："
        "非正常专利申请（国知发〔2026〕12号，至 2027-10-08）。"
    )
    assert [row.actor for row in lookups(services)] == ["li"]
    # the staff go on: priority examination chosen, the banner names what it holds back
    press(qtbot, QApplication.focusWidget(), "Ctrl+F")
    type_text(qtbot, panel.form.picker.search, "专利优先审查")
    qtbot.keyClick(panel.form.picker.search, Qt.Key.Key_Return)
    assert [i.number for i in panel.form.picker.chosen_items()] == [4]
    assert "所选“专利优先审查”在记录有效期间不能受理" in banner.text()
    tick_all_but_last(qtbot, panel)
    qtbot.keyClick(panel.form.materials_view, Qt.Key.Key_Space)  # the last one too
    assert panel.form.accept_button.isEnabled()  # a banner, not a block
    render(panel, tmp_path, "reception_integrity")
    press(qtbot, QApplication.focusWidget(), "Ctrl+S")
    assert panel.stack.currentWidget() is panel.form  # refused by the service
    assert "不得办理专利优先审查" in panel.banner.text()
    render(panel, tmp_path, "reception_integrity_refused")
    assert panel.form.picker.isAncestorOf(QApplication.focusWidget())
    # a new form: the banner goes with the applicant
    panel.new_form()
    assert not banner.isVisible()


def test_the_agencys_record_shows_when_its_agent_acts(
    qtbot, panel: ReceptionPanel, services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    services.integrity.add(
        supervisor,
        record(
            subject_kind="agency",
            subject_name="连云港某某专利代理事务所",
            subject_code=AGENCY_CODE,
            category="illegal_agency",
            source_doc="苏知罚〔2026〕3号",
            ends=None,
        ),
    )
    banner = panel.form.integrity
    type_organisation(qtbot, panel)
    assert not banner.isVisible()  # the applicant itself has no record
    press(qtbot, QApplication.focusWidget(), "Alt+D")
    agent = panel.form.applicant.agent
    agent.agency_code.edit.setFocus()
    type_text(qtbot, agent.agency_code.edit, AGENCY_CODE)
    assert banner.isVisible()
    assert "代理机构“连云港某某专利代理事务所”有 1 条有效失信记录" in banner.text()
    assert "（苏知罚〔2026〕3号，长期）" in banner.text()
    render(panel, tmp_path, "reception_integrity_agency")
    press(qtbot, agent.agency_code.edit, "Alt+D")  # no agent after all
    assert not banner.isVisible()


def test_the_lookup_runs_off_the_gui_thread(
    qtbot, services: Services, reception_user: Actor, supervisor: Actor
) -> None:
    services.integrity.add(supervisor, record())
    runner = ThreadRunner()
    panel = shown(qtbot, ReceptionPanel(services, reception_user, runner))
    qtbot.waitUntil(lambda: panel.form.picker.hits is not None)
    a = panel.form.applicant
    a.id_number.edit.setFocus()
    type_text(qtbot, a.id_number.edit, ORG.id_number)
    qtbot.waitUntil(panel.form.integrity.isVisible, timeout=10_000)
    assert "非正常专利申请" in panel.form.integrity.text()
    runner.wait()
