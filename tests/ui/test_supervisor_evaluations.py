"""主管 → 好差评: the period's evaluations and 差评整改, driven by the keyboard alone; the page
rendered at 1366x768 with data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.supervision.rules.evaluation import FollowupState, RectifyMode
from tests.supervision.test_followups import LI, ZHANG, add_evaluation
from tests.ui.keyboard import type_text
from ui.admin.common import RED
from ui.fonts import install_app_font
from ui.supervisor.evaluations import AMBER, EvaluationsWidget
from ui.tasks import SyncRunner


def press(qtbot, widget: QWidget, keys: str) -> None:
    *mods, name = keys.split("+")
    modifiers = Qt.KeyboardModifier.NoModifier
    for mod in mods:
        modifiers |= {
            "Ctrl": Qt.KeyboardModifier.ControlModifier,
            "Shift": Qt.KeyboardModifier.ShiftModifier,
        }[mod]
    named = {
        "Enter": Qt.Key.Key_Return,
        "Space": Qt.Key.Key_Space,
        "Tab": Qt.Key.Key_Tab if "Shift" not in mods else Qt.Key.Key_Backtab,
    }
    qtbot.keyClick(widget, named.get(name) or getattr(Qt.Key, f"Key_{name}"), modifiers)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


@pytest.fixture
def hall(services: Services, admin: Actor) -> Services:
    """A month of ratings at window 03 (周受理): mostly good, four bad at different steps."""
    services.staff.add_user(admin, "zhou", "周受理", frozenset({Role.RECEPTION}), "zhou2026ok")
    for day, level in ((2, 5), (3, 5), (9, 4), (12, 5), (16, 3), (18, 5), (24, 4), (26, 5)):
        add_evaluation(services.db, date(2026, 11, day), level, comment="")
    late = add_evaluation(services.db, date(2026, 11, 5), 1, comment="窗口人员长时间离岗")
    add_evaluation(services.db, date(2026, 11, 6), 2, name="欧阳娜娜", phone="13812345678")
    started = add_evaluation(services.db, date(2026, 11, 20), 2, comment="材料要求没有一次说清")
    appealed = add_evaluation(services.db, date(2026, 11, 23), 1, comment="态度差")
    followups = services.followups
    followups.advance(ZHANG, started, FollowupState.VERIFY, "属实：告知不全", None)
    followups.appeal(LI, appealed, "评价人未在本窗口办理业务，属误评")
    assert late
    return services


@pytest.fixture
def page(qtbot, qapp: QApplication, hall: Services) -> EvaluationsWidget:
    install_app_font(qapp)  # the app's font, as at the counter (not whatever ran before)
    widget = EvaluationsWidget(hall, ZHANG, SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.reload()
    return widget


def test_the_page_lists_the_period_and_the_bad_reviews(page: EvaluationsWidget) -> None:
    assert page.eval_model.rowCount() == 12
    assert "非常满意 5" in page.counts_label.text() and "非常不满意 2" in page.counts_label.text()
    rows = page.bad_model.rows()
    assert [r.business_date.day for r in rows] == [5, 6, 20, 23]  # oldest due first
    assert page.bad_model.foreground is not None
    assert page.bad_model.foreground(rows[0]) == RED  # overdue
    assert page.bad_model.foreground(rows[1]) == AMBER  # due today
    assert page.bad_model.foreground(rows[2]) is None
    assert "超期" in page.bad_model.data(page.bad_model.index(0, 5))
    assert rows[1].rater == "欧**娜 138****5678"
    assert "超期 1" in page.summary_label.text() and "待审申诉 1" in page.summary_label.text()


def test_the_next_step_by_keyboard_alone(qtbot, page: EvaluationsWidget, hall: Services) -> None:
    press(qtbot, page, "Ctrl+B")
    assert focused() is page.bad_table
    press(qtbot, page.bad_table, "Down")  # the second: due today, real name
    press(qtbot, page.bad_table, "Down")  # the third: verified, waiting for rectification
    row = page.selected()
    assert row is not None and row.state is FollowupState.RECTIFY
    assert page.history.item(0).text().endswith("核实：属实：告知不全")
    press(qtbot, page.bad_table, "Enter")
    assert focused() is page.form.text
    press(qtbot, page.form.text, "Ctrl+Enter")  # nothing chosen: told at the fields
    assert page.form.fields.error_text("rectify_mode") == "请选择整改方式"
    press(qtbot, focused(), "Space")  # the focus is on the first choice: 立行立改
    assert page.form.mode() is RectifyMode.AT_ONCE
    press(qtbot, focused(), "Shift+Tab")
    assert focused() is page.form.text
    type_text(qtbot, page.form.text, "制作一次性告知清单，当日起使用")
    press(qtbot, focused(), "Ctrl+Enter")
    after = hall.followups.row(ZHANG, row.evaluation_id)
    assert after.state is FollowupState.FEEDBACK and after.rectify_mode == "at_once"
    assert page.selected() == after and focused() is page.bad_table
    assert "已完成“整改”" in page.banner.text()
    assert [page.history.item(i).text().split("  ")[2][:2] for i in range(2)] == ["核实", "整改"]


def test_an_appeal_by_keyboard_and_its_decision_by_another(
    qtbot, page: EvaluationsWidget, hall: Services
) -> None:
    press(qtbot, page, "Ctrl+B")
    row = page.selected()
    assert row is not None and row.state is FollowupState.VERIFY
    press(qtbot, page.bad_table, "Enter")
    type_text(qtbot, page.form.text, "评价人当天未到窗口办事")
    press(qtbot, focused(), "Ctrl+E")
    assert hall.followups.row(ZHANG, row.evaluation_id).appeal_by == "zhang"
    press(qtbot, page.bad_table, "Enter")
    type_text(qtbot, page.form.text, "同意")
    press(qtbot, focused(), "Tab")  # past the hidden rows to 申诉成立
    press(qtbot, focused(), "Space")
    press(qtbot, focused(), "Ctrl+D")
    assert page.form.fields.error_text("appeal") == "申诉须由另一位科长审核"
    assert hall.followups.row(ZHANG, row.evaluation_id).state is FollowupState.VERIFY


def test_the_page_renders_at_1366x768(page: EvaluationsWidget, tmp_path: Path) -> None:
    page.bad_table.select_source_row(2)
    image = page.grab()
    path = tmp_path / "supervisor_evaluations.png"
    assert image.save(str(path))
    assert image.width() == 1366 and image.height() == 768
    assert page.eval_table.horizontalScrollBar().maximum() == 0  # no sideways scrolling
    assert page.bad_table.horizontalScrollBar().maximum() == 0
    page.bad_table.select_source_row(3)  # the appeal waiting for a second supervisor
    assert page.form.decision_box.isVisibleTo(page) and not page.form.mode_box.isVisibleTo(page)
    assert page.grab().save(str(tmp_path / "supervisor_evaluations_appeal.png"))
