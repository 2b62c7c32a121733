"""The mail form starts from the applicant on record and the last address mailed to them;
a person (the contact), not the company, is the recipient (issue 16 point 11)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.cases.mail_defaults import (
    FROM_APPLICANT,
    FROM_LAST_MAIL,
    mail_defaults,
    split_address,
)
from counter_app.cases.rules.delivery import ContentLine, MailInput
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from tests.cases.reception.support import ORG
from tests.conftest import TODAY
from tests.ui.test_approval_panel import press
from tests.ui.test_delivery_panel import approved, select_ready
from tests.ui.test_login_and_main import shown
from tests.ui.test_reception_panel import focused
from ui.delivery.delivery_panel import DeliveryPanel
from ui.fonts import install_app_font
from ui.tasks import SyncRunner


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


@pytest.fixture
def officer(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "zhou", "周审批", frozenset({Role.ADMINISTRATIVE}), "zhou2026ok")
    return services.staff.login("zhou", "zhou2026ok")


@pytest.fixture
def panel(qtbot, services: Services, reception_user: Actor) -> DeliveryPanel:
    widget = shown(qtbot, DeliveryPanel(services, reception_user, SyncRunner(), lambda: TODAY))
    assert isinstance(widget, DeliveryPanel)
    widget.reload()
    return widget


@pytest.mark.parametrize(
    ("address", "parts"),
    [
        ("江苏省连云港市海州区朝阳东路 1 号", ("江苏省", "连云港市", "海州区", "朝阳东路 1 号")),
        ("北京市朝阳区建国路 8 号", ("北京市", "北京市", "朝阳区", "建国路 8 号")),
        ("连云港市海州区幸福路 9 号", ("", "连云港市", "海州区", "幸福路 9 号")),
        ("新疆维吾尔自治区乌鲁木齐市天山区", ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "")),
        ("某某大厦 12 楼", ("", "", "", "某某大厦 12 楼")),
    ],
)
def test_an_address_on_record_is_split_for_the_mail_form(
    address: str, parts: tuple[str, ...]
) -> None:
    assert split_address(address) == parts


def _mail(services: Services, user: Actor, case_id: str, row_version: int, **kw: str) -> None:
    values = {
        "recipient_name": "王经办",
        "mobile": "13900001111",
        "province": "江苏省",
        "city": "连云港市",
        "district": "连云区",
        "detail": "中山路 88 号 5 楼",
        "postal_code": "222042",
    } | kw
    contents = (ContentLine("办理结果", 1, True),)
    services.delivery.send_mail(user, case_id, row_version, MailInput(**values, contents=contents))


def test_an_organisations_first_mail_goes_to_its_contact(
    qtbot, services: Services, reception_user: Actor, officer: Actor, panel: DeliveryPanel
) -> None:
    case = approved(services, reception_user, officer)
    defaults = mail_defaults(services.db, case.number)
    assert defaults.source == FROM_APPLICANT
    assert defaults.recipient_name == ORG.contact_name != ORG.name  # a person, not the company
    assert defaults.mobile == ""  # the organisation's phone is a landline
    panel.reload()
    select_ready(qtbot, panel, case.number)
    press(qtbot, focused(), "Ctrl+M")
    form = panel.ready.mail_form
    values = [e.text() for e in form.address_edits()]
    assert values == ["李四", "", "江苏省", "连云港市", "海州区", "朝阳东路 1 号", "222000"]
    assert focused() is form.mobile  # the one field left to ask
    assert "申请人登记的资料" in panel.ready.banner.text()
    panel.resize(1366, 768)
    panel.grab().save("/tmp/mail_form_defaults.png")


def test_the_next_mail_uses_the_last_address_and_recipient(
    qtbot, services: Services, reception_user: Actor, officer: Actor, panel: DeliveryPanel
) -> None:
    first = approved(services, reception_user, officer)
    _mail(services, reception_user, first.id, first.row_version)
    second = approved(services, reception_user, officer, 11)
    defaults = mail_defaults(services.db, second.id)
    assert defaults.source == FROM_LAST_MAIL
    assert (defaults.recipient_name, defaults.mobile, defaults.district) == (
        "王经办",
        "13900001111",
        "连云区",
    )
    panel.reload()
    select_ready(qtbot, panel, second.number)
    press(qtbot, focused(), "Ctrl+M")
    form = panel.ready.mail_form
    assert form.detail.text() == "中山路 88 号 5 楼" and form.mobile.text() == "13900001111"
    assert focused() is form.contents  # everything filled: check the parcel's contents
    assert "上次的邮寄" in panel.ready.banner.text()


def test_a_company_name_mailed_to_before_gives_way_to_the_contact(
    services: Services, reception_user: Actor, officer: Actor, qapp: QApplication
) -> None:
    first = approved(services, reception_user, officer)
    _mail(services, reception_user, first.id, first.row_version, recipient_name=ORG.name)
    second = approved(services, reception_user, officer, 11)
    assert mail_defaults(services.db, second.id).recipient_name == ORG.contact_name
