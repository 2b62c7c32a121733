"""管理 → 节假日: the notice pasted and confirmed on the year's calendar, a year marked complete
only after the same confirmation, all from the keyboard; the confirmation rendered at 1366x768."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.hall.rules.working_days import DayKind
from tests.hall.test_holiday_notice import NOTICE_2026, NOTICE_2027
from tests.ui.test_login_and_main import shown
from ui.admin.calendar.confirm_dialog import YearConfirmDialog
from ui.admin.calendar.year_grid import YearGridWidget
from ui.admin.calendar_admin import CalendarAdminWidget
from ui.fonts import install_app_font
from ui.tasks import SyncRunner

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


class Dialogs:
    """Stands in for exec_dialog: keeps each dialog, walks its calendar by keys, answers."""

    def __init__(self, qtbot, answer: bool) -> None:
        self.qtbot, self.answer = qtbot, answer
        self.seen: list[YearConfirmDialog] = []
        self.days: list[str] = []

    def __call__(self, dialog: QDialog) -> bool:
        assert isinstance(dialog, YearConfirmDialog)
        self.seen.append(dialog)
        dialog.resize(1366, 768)
        shown(self.qtbot, dialog)
        grid = dialog.grid
        assert grid.hasFocus()
        self.qtbot.keyClick(grid, Qt.Key.Key_PageDown)  # 1 Feb
        for _ in range(4):
            self.qtbot.keyClick(grid, Qt.Key.Key_Right)  # 5 Feb
        self.days.append(dialog.day.text())
        self.qtbot.keyClick(grid, Qt.Key.Key_Down)  # 12 Feb
        self.days.append(dialog.day.text())
        dialog.grab().save(str(Path("/tmp") / f"calendar_confirm_{len(self.seen)}.png"))
        self.qtbot.keyClick(grid, Qt.Key.Key_Return if self.answer else Qt.Key.Key_Escape)
        return dialog.result() == QDialog.DialogCode.Accepted


def _widget(qtbot, services: Services, admin: Actor, answer: bool) -> CalendarAdminWidget:
    widget = CalendarAdminWidget(services.calendar, admin, SyncRunner())
    widget.open_dialog = Dialogs(qtbot, answer)
    widget.resize(1366, 700)
    shown(qtbot, widget)
    widget.reload()
    return widget


def test_a_pasted_2027_notice_is_confirmed_on_the_calendar_and_saved(
    qtbot, services: Services, admin: Actor
) -> None:
    widget = _widget(qtbot, services, admin, answer=False)
    widget.notice.setPlainText(NOTICE_2027)
    qtbot.keyClick(widget.notice, Qt.Key.Key_I, CTRL)
    dialogs = widget.open_dialog
    assert isinstance(dialogs, Dialogs) and len(dialogs.seen) == 1
    assert dialogs.days[0] == "2027-02-05 星期五：放假（春节） · 本次保存"
    assert dialogs.days[1].startswith("2027-02-12 星期五：放假")
    assert "放假 29 天，调休上班 5 天" in dialogs.seen[0].summary.text()
    assert services.calendar.overrides() == [] and widget.model.rowCount() == 0  # cancelled
    dialogs.answer = True
    widget.activateWindow()  # back from the dialog
    qtbot.waitUntil(widget.isActiveWindow)
    qtbot.keyClick(widget.notice, Qt.Key.Key_I, CTRL)
    assert "已保存 2027 年的 34 天安排，2027 年已标记为完整录入" in widget.banner.text()
    assert widget.model.rowCount() == 34 and widget.notice.toPlainText() == ""
    assert services.calendar.calendar().add_working_days(date(2027, 2, 4), 1) == date(2027, 2, 15)


def test_the_2026_notice_agrees_and_a_changed_one_shows_its_difference(
    qtbot, services: Services, admin: Actor
) -> None:
    widget = _widget(qtbot, services, admin, answer=True)
    widget.notice.setPlainText(NOTICE_2026)
    qtbot.keyClick(widget.notice, Qt.Key.Key_I, CTRL)
    assert "一致，无需保存" in widget.banner.text()
    longer = NOTICE_2026.replace("至7日（周三）", "至8日（周四）").replace("共7天", "共8天")
    widget.notice.setPlainText(longer)
    qtbot.keyClick(widget.notice, Qt.Key.Key_I, CTRL)
    dialog = widget.open_dialog.seen[-1]  # type: ignore[attr-defined]
    assert "2026-10-08（四）：通知为放假，当前为上班" in dialog.notes.text()
    assert dialog.plan.kind(date(2026, 10, 8)) is DayKind.HOLIDAY
    assert [(o.day, o.is_workday) for o in services.calendar.overrides()] == [
        (date(2026, 10, 8), False)
    ]


def test_a_bad_notice_is_explained_beside_the_box(qtbot, services: Services, admin: Actor) -> None:
    widget = _widget(qtbot, services, admin, answer=True)
    widget.notice.setPlainText(NOTICE_2026.replace("共9天", "共8天"))
    qtbot.keyClick(widget.notice, Qt.Key.Key_I, CTRL)
    assert "共 8 天" in widget.notice_form.error_text("notice")
    assert widget.open_dialog.seen == []  # type: ignore[attr-defined]


def test_a_year_is_marked_complete_only_with_its_core_holidays_and_after_the_calendar(
    qtbot, services: Services, admin: Actor
) -> None:
    widget = _widget(qtbot, services, admin, answer=True)
    widget.year.setValue(2026)
    qtbot.keyClick(widget.year, Qt.Key.Key_E, CTRL)
    assert "节假日库已包含 2026 年" in widget.form.error_text("year")
    widget.year.setValue(2027)
    qtbot.keyClick(widget.year, Qt.Key.Key_E, CTRL)
    assert "春节" in widget.form.error_text("year") and "国庆节" in widget.form.error_text("year")
    for day in (5, 6, 7, 8):
        services.calendar.set_override(admin, date(2027, 2, day), False, "春节")
    for day in (1, 2, 3):
        services.calendar.set_override(admin, date(2027, 10, day), False, "国庆节")
    qtbot.keyClick(widget.year, Qt.Key.Key_E, CTRL)
    dialogs = widget.open_dialog
    assert isinstance(dialogs, Dialogs) and len(dialogs.seen) == 1
    assert dialogs.days[0] == "2027-02-05 星期五：放假（春节）"
    assert "已标记为完整录入" in widget.banner.text()
    assert services.calendar.complete_years() == [2027]


def test_the_confirmation_fits_1366x768(qtbot, services: Services, admin: Actor) -> None:
    plan = services.calendar.preview_notice(NOTICE_2027).plan
    dialog = YearConfirmDialog(plan, "确认导入 2027 年放假安排", "保存", ["保存 34 天安排。"])
    dialog.resize(1366, 768)
    shown(qtbot, dialog)
    dialog.grab().save("/tmp/calendar_confirm_2027.png")
    grid = dialog.grid
    assert isinstance(grid, YearGridWidget)
    assert grid.height() >= 8 * 3 * 18  # eight lines a month, three rows, >= 18 px a line
    inside = dialog.rect()
    for child in dialog.findChildren(QWidget):
        if child.isVisible() and isinstance(child, QLabel | YearGridWidget):
            top_left = child.mapTo(dialog, child.rect().topLeft())
            bottom_right = child.mapTo(dialog, child.rect().bottomRight())
            assert inside.contains(top_left) and inside.contains(bottom_right), child
    qtbot.keyClick(grid, Qt.Key.Key_End)
    assert dialog.day.text() == "2027-12-31 星期五：上班"
    qtbot.keyClick(grid, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_page_renders_at_1366x768(qtbot, services: Services, admin: Actor) -> None:
    services.calendar.import_notice(admin, NOTICE_2027)
    widget = CalendarAdminWidget(services.calendar, admin, SyncRunner())
    widget.resize(1366, 768)
    shown(qtbot, widget)
    widget.reload()
    widget.notice.setPlainText(NOTICE_2026)
    widget.grab().save("/tmp/calendar_admin.png")
    assert widget.model.rowCount() == 34
    assert widget.notice.height() > 200 and widget.table.height() > 200
