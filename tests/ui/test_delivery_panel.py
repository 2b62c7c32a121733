"""The delivery tab by keyboard and scanner: a demo case from reception through approval to the
mail with its label, another to pickup with the collector check; the mail list; supervisors."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.cases.rules.approval import Urgency
from counter_app.cases.rules.states import CaseState
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from tests.cases.reception.support import PERSON
from tests.conftest import TODAY
from tests.ui.keyboard import type_text
from tests.ui.test_approval_panel import (
    focused,
    pdf_text,
    press,
    receive,
    return_with_two_reasons_then_approve,
    with_reasons,
)
from tests.ui.test_login_and_main import shown
from ui.approval.approval_panel import ApprovalPanel
from ui.approval.urgency import URGENCY_TEXT
from ui.delivery.delivery_panel import DeliveryPanel
from ui.fonts import install_app_font
from ui.supervisor.supervisor_panel import SupervisorPanel
from ui.tasks import SyncRunner

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


@pytest.fixture
def panel(qtbot, services: Services, reception_user: Actor) -> DeliveryPanel:
    widget = shown(qtbot, DeliveryPanel(services, reception_user, SyncRunner(), lambda: TODAY))
    assert isinstance(widget, DeliveryPanel)
    widget.reload()
    return widget


def approved(services: Services, user: Actor, officer: Actor, number: int = 14, **kw):
    case = receive(services, user, number, **kw)
    case = services.approval.start_examination(officer, case.id, case.row_version)
    return services.approval.approve(officer, case.id, case.row_version, "备案号 2026-0042")


def select_ready(qtbot, panel: DeliveryPanel, number: str) -> None:
    press(qtbot, focused(), "Alt+1")
    rows = [r.number for r in panel.ready.model.rows()]
    panel.ready.table.select_source_row(rows.index(number))
    panel.ready.table.setFocus()


def type_into(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    type_text(qtbot, edit, text)


def fill_address(qtbot, form) -> None:
    for edit, text in (
        (form.mobile, "138 1234 567"),  # a digit short
        (form.province, "江苏省"),
        (form.city, "连云港市"),
        (form.detail, "朝阳东路 1 号 3 单元 201 室"),
    ):
        type_into(qtbot, edit, text)


def test_demo_case_from_reception_to_mail_with_label(
    qtbot,
    services: Services,
    admin: Actor,
    reception_user: Actor,
    officer: Actor,
    panel: DeliveryPanel,
    tmp_path: Path,
) -> None:
    with_reasons(services, admin, 4)
    case = receive(services, reception_user, 4, applicant=PERSON)
    approval = shown(qtbot, ApprovalPanel(services, officer, SyncRunner()))
    approval.reload()
    return_with_two_reasons_then_approve(qtbot, approval, case.number, tmp_path)

    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.reload()
    select_ready(qtbot, panel, case.number)
    press(qtbot, focused(), "Ctrl+M")
    form = panel.ready.mail_form
    assert panel.ready.stack.currentWidget() is form
    # Filled from the applicant on record (issue 16 point 11); the first empty field has the focus.
    assert form.recipient_name.text() == "王五" and form.mobile.text() == "13812345678"
    assert (form.province.text(), form.city.text(), form.district.text()) == (
        "江苏省",
        "连云港市",
        "连云区",
    )
    assert focused() is form.detail
    fill_address(qtbot, form)
    type_into(qtbot, form.district, "海州")  # not a district's name
    type_into(qtbot, form.tracking_number, "EA123456784CN")  # a wrong check digit
    assert "校验位" in form.error_text("tracking_number")
    assert form.ok_button.text() == "还有 1 项未核对装入"
    press(qtbot, focused(), "Ctrl+Enter")
    assert "区县名称" in form.error_text("district")  # every problem under its field
    assert "尚未核对装入" in form.error_text("contents")
    assert focused() is form.mobile  # the first wrong field in form order
    assert "11位" in form.error_text("mobile")
    type_into(qtbot, form.mobile, "138 1234 5678")
    assert case_status(services, reception_user, case.number) is CaseState.APPROVED
    type_text(qtbot, form.district, "海州区")
    form.contents.setFocus()
    qtbot.keyClick(form.contents, Qt.Key.Key_Space)  # ticked as packed
    type_into(qtbot, form.new_content, "缴费票据")
    press(qtbot, form.new_content, "Enter")  # adds a line, does not send
    assert [c.name for c in form.content_lines()][-1] == "缴费票据"
    form.contents.setCurrentRow(1)
    form.contents.setFocus()
    qtbot.keyClick(form.contents, Qt.Key.Key_Space)
    assert form.ok_button.text() == "封装寄出 (Enter)"
    type_into(qtbot, form.tracking_number, "EA123456785CN")
    press(qtbot, form.tracking_number, "Enter")  # a scan ends with Enter: checked, not sent
    assert focused() is form.ok_button
    press(qtbot, focused(), "Enter")

    assert case_status(services, reception_user, case.number) is CaseState.MAILED
    label = panel.ready.documents.document
    assert label is not None and label.kind == "mail_label"
    if shutil.which("pdftotext"):
        text = pdf_text(label.pdf, tmp_path, "label.pdf")
        assert "EA123456785CN" in text and case.number in text
        assert page_size_mm(label.pdf, tmp_path) == (100, 150)
    mail_list_actions(qtbot, panel, services, case.number, tmp_path)


def case_status(services: Services, actor: Actor, number: str) -> CaseState:
    return services.reception.open_case(actor, number).status


def page_size_mm(data: bytes, tmp_path: Path) -> tuple[int, int]:
    path = tmp_path / "size.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Page size"))
    width, height = (float(v) for v in line.split(":")[1].split("pts")[0].split(" x "))
    return round(width * 25.4 / 72), round(height * 25.4 / 72)


def mail_list_actions(qtbot, panel: DeliveryPanel, services, number: str, tmp_path) -> None:
    press(qtbot, focused(), "Alt+3")
    page = panel.mail_list
    assert page.posted_model.rowCount() == 1
    assert "寄出 1 件" in page.summary.text() and "在途 1" in page.summary.text()
    assert page.posted_model.index(0, 1).data() == "王*"  # masked in the list
    assert page.posted_model.index(0, 2).data() == "138****5678"
    press(qtbot, focused(), "Ctrl+Shift+L")
    listing = page.documents.document
    assert listing is not None and listing.pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        assert "EA123456785CN" in pdf_text(listing.pdf, tmp_path, "list.pdf")
    page.posted_table.setFocus()
    press(qtbot, focused(), "Ctrl+Shift+D")
    assert "已妥投 1" in page.summary.text()
    assert services.reception.open_case(panel.ready.actor, number).status is CaseState.DELIVERED


def test_pickup_with_the_collector_check(
    qtbot, services: Services, reception_user: Actor, officer: Actor, panel: DeliveryPanel
) -> None:
    case = approved(services, reception_user, officer, applicant=PERSON)
    panel.reload()
    select_ready(qtbot, panel, case.number)
    press(qtbot, focused(), "Ctrl+W")
    form = panel.ready.pickup_form
    assert form.isVisible() and focused() is form.contents
    assert form.contents.text() == "办理结果（证书或准予决定书）"
    press(qtbot, focused(), "Enter")
    assert case_status(services, reception_user, case.number) is CaseState.AWAITING_PICKUP
    notice = panel.ready.documents.document
    assert notice is not None and notice.kind == "pickup"
    assert case.number not in [r.number for r in panel.ready.model.rows()]

    press(qtbot, focused(), "Alt+2")
    collect = panel.collect
    assert focused() is collect.scan_box
    qtbot.keyClicks(collect.scan_box, case.number)  # the scanner types the notice's barcode
    qtbot.keyClick(collect.scan_box, Qt.Key.Key_Return)
    assert case.number in collect.summary.text() and "领取材料" in collect.summary.text()
    collector = collect.collector
    assert focused() is collector.name
    type_text(qtbot, collector.name, "赵六")
    collector.id_number.setFocus()
    qtbot.keyClicks(collector.id_number, "440524188001010015")  # a wrong check digit
    assert "校验" in collector.error_text("collector_id_number")
    collector.id_number.clear()
    qtbot.keyClicks(collector.id_number, "440524188001010014")
    assert collector.error_text("collector_id_number") == ""
    press(qtbot, focused(), "Enter")
    assert "不符" in collector.error_text("collector_id_number")  # not the applicant
    assert case_status(services, reception_user, case.number) is CaseState.AWAITING_PICKUP
    type_into(qtbot, collector.name, "王五")
    type_into(qtbot, collector.id_number, "11010519491231002x")
    press(qtbot, focused(), "Enter")
    assert case_status(services, reception_user, case.number) is CaseState.DELIVERED
    assert "本人" in collect.banner.text() and focused() is collect.scan_box


def test_an_agent_collects_with_authorisation_after_a_scan(
    qtbot, services: Services, reception_user: Actor, officer: Actor, panel: DeliveryPanel
) -> None:
    case = approved(services, reception_user, officer)
    services.delivery.prepare_pickup(reception_user, case.id, case.row_version, ("备案证明",))
    panel.open_case(case.number)  # what a scan anywhere in the tab does
    collector = panel.collect.collector
    assert collector.isEnabled() and focused() is collector.name
    type_text(qtbot, collector.name, "赵六")
    type_into(qtbot, collector.id_number, "440524188001010014")
    type_into(qtbot, collector.authorisation, "授权委托书 2026-11-27")
    press(qtbot, focused(), "Enter")
    assert "代领" in panel.collect.banner.text()


def test_a_case_not_awaiting_pickup_is_refused(
    qtbot, services: Services, reception_user: Actor, panel: DeliveryPanel
) -> None:
    case = receive(services, reception_user, 14)
    panel.open_case(case.number)
    assert "没有待领取的结果" in panel.collect.banner.text()
    assert not panel.collect.collector.isEnabled()


def test_mail_list_tracking_and_returned_mail(
    qtbot, services: Services, reception_user: Actor, officer: Actor, panel: DeliveryPanel
) -> None:
    from dataclasses import replace

    from tests.cases.approval.test_delivery import MAIL

    case = approved(services, reception_user, officer)
    services.delivery.send_mail(
        reception_user, case.id, case.row_version, replace(MAIL, tracking_number="")
    )
    press(qtbot, focused(), "Alt+3")
    page = panel.mail_list
    assert "缺运单号 1" in page.summary.text() and "1 件需要跟进" in page.summary.text()
    assert page.posted_model.index(0, 4).data(Qt.ItemDataRole.ForegroundRole) is not None
    page.posted_table.setFocus()
    press(qtbot, focused(), "Ctrl+Shift+Y")
    form = page.tracking_form
    assert focused() is form.number
    qtbot.keyClicks(form.number, "EA123456784CN")
    assert "校验位" in form.error_text("tracking_number")
    press(qtbot, focused(), "Enter")
    assert "校验位" in form.error_text("tracking_number")  # refused, still open
    form.number.clear()
    qtbot.keyClicks(form.number, "EA123456785CN")
    press(qtbot, focused(), "Enter")
    assert "全部有着落" in page.summary.text()
    press(qtbot, focused(), "Ctrl+Shift+R")
    type_text(qtbot, page.return_form.reason, "地址不详")
    press(qtbot, focused(), "Enter")
    assert "退回 1" in page.summary.text()
    assert case_status(services, reception_user, case.number) is CaseState.MAIL_RETURNED
    press(qtbot, focused(), "Alt+1")
    assert case.number in [r.number for r in panel.ready.model.rows()]


def test_delivery_table_models(
    qtmodeltester, services: Services, reception_user: Actor, officer: Actor, panel
) -> None:
    from tests.cases.approval.test_delivery import MAIL

    case = approved(services, reception_user, officer)
    services.delivery.send_mail(reception_user, case.id, case.row_version, MAIL)
    approved(services, reception_user, officer)
    panel.ready.reload()
    panel.mail_list.reload()
    for model in (panel.ready.model, panel.mail_list.posted_model, panel.mail_list.late_model):
        qtmodeltester.check(model)


def test_supervisor_panel_lists_and_extends(
    qtbot, services: Services, reception_user: Actor, supervisor: Actor, qtmodeltester
) -> None:
    late = receive(services, reception_user, 4, day=date(2026, 11, 2))
    soon = receive(services, reception_user, 4, day=date(2026, 11, 20))
    receive(services, reception_user, 14, day=date(2026, 11, 26))
    panel = shown(qtbot, SupervisorPanel(services, supervisor, SyncRunner()))
    panel.reload()
    assert [r.number for r in panel.overdue_model.rows()] == [late.number]
    assert [r.number for r in panel.soon_model.rows()] == [soon.number]
    fg = Qt.ItemDataRole.ForegroundRole
    assert panel.overdue_model.index(0, 0).data(fg) == URGENCY_TEXT[Urgency.OVERDUE]
    for model in (panel.overdue_model, panel.soon_model):
        qtmodeltester.check(model)
    panel.overdue_table.setFocus()
    press(qtbot, focused(), "Ctrl+D")
    form = panel.extend_form
    assert form.isVisible() and focused() is form.days
    form.days.setValue(20)
    type_into(qtbot, form.reason, "需专家论证")
    press(qtbot, focused(), "Enter")
    assert "已延期" in panel.banner.text()
    assert panel.overdue_model.rowCount() == 0  # no longer overdue
