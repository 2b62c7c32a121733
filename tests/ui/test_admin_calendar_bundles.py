"""Holiday overrides make an unknown year usable; bundles are catalogue data the admin keeps."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from counter_app.container import Services
from counter_app.core.errors import UnknownCalendarYear
from counter_app.core.roles import Actor
from tests.ui.keyboard import type_text
from tests.ui.test_login_and_main import shown
from ui.admin.bundle_admin import BundleAdminWidget
from ui.admin.calendar_admin import CalendarAdminWidget
from ui.fonts import install_app_font
from ui.tasks import SyncRunner


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


def test_entering_2027_makes_deadlines_into_it_computable(
    qtbot, services: Services, admin: Actor
) -> None:
    with pytest.raises(UnknownCalendarYear):
        services.calendar.calendar().add_working_days(date(2026, 12, 20), 10)
    widget = CalendarAdminWidget(services.calendar, admin, SyncRunner())
    shown(qtbot, widget)
    widget.reload()
    for day, note in ((date(2027, 1, 1), "元旦"),):
        widget.day.setDate(QDate(day.year, day.month, day.day))
        type_text(qtbot, widget.note, note)
        qtbot.keyClick(widget.note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert widget.model.rowCount() == 1 and "已保存" in widget.banner.text()
    widget.year.setValue(2027)
    for day in (date(2027, 2, d) for d in (5, 6, 7, 8)):  # a year needs its Spring Festival
        services.calendar.set_override(admin, day, False, "春节")
    for day in (date(2027, 10, d) for d in (1, 2, 3)):  # and its National Day
        services.calendar.set_override(admin, day, False, "国庆节")
    widget.open_dialog = lambda _dialog: True  # the year's calendar, confirmed
    qtbot.keyClick(widget.year, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    calendar = services.calendar.calendar()
    assert not calendar.is_workday(date(2027, 1, 1))
    assert calendar.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 4)


def test_bundles_are_added_and_checked(qtbot, services: Services, admin: Actor) -> None:
    widget = BundleAdminWidget(services.bundles, admin, SyncRunner())
    shown(qtbot, widget)
    widget.reload()
    assert widget.model.rowCount() == 2  # the seeded ones
    type_text(qtbot, widget.name, "专利申请与优先审查一件事")
    qtbot.keyClicks(widget.numbers, "1")
    qtbot.keyClick(widget.numbers, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "至少包含两个" in widget.form.error_text("item_numbers")
    widget.numbers.setText("1、4")
    qtbot.keyClick(widget.numbers, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert widget.model.rowCount() == 3
    names = [b.name for b in services.bundles.bundles()]
    assert "专利申请与优先审查一件事" in names
    widget.numbers.setText("1,99")
    qtbot.keyClick(widget.numbers, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "99" in widget.form.error_text("item_numbers")


def test_models_pass_the_model_tester(qtmodeltester, services: Services, admin: Actor) -> None:
    widget = BundleAdminWidget(services.bundles, admin, SyncRunner())
    widget.reload()
    qtmodeltester.check(widget.model)
