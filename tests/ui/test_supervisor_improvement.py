"""改进报告 and 满意度调查 screens, by keyboard, rendered at 1366x768."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counter_app.container import Services
from counter_app.core.roles import Actor
from tests.conftest import TODAY
from tests.supervision.test_improvement import BOSS
from tests.supervision.test_improvement import data as data  # the fixture
from tests.ui.keyboard import type_text
from ui.fonts import install_app_font
from ui.supervisor.improvement import ImprovementWidget
from ui.supervisor.surveys import SurveysWidget
from ui.tasks import SyncRunner

SHOTS = Path("/tmp")


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


def _shot(widget: object, name: str) -> None:
    widget.resize(1366, 768)  # type: ignore[attr-defined]
    widget.grab().save(str(SHOTS / name))  # type: ignore[attr-defined]


@pytest.fixture
def improvement(qtbot: QtBot, data: Services) -> ImprovementWidget:
    widget = ImprovementWidget(data, BOSS, SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.activateWindow()
    widget.period.setText("2026-11")
    widget.reload()
    return widget


def test_improvement_by_keyboard(
    qtbot: QtBot,
    improvement: ImprovementWidget,
    data: Services,
    tmp_path: Path,
) -> None:
    w = improvement
    html = w.view.toPlainText()
    assert "55.6%" in html and "专利申请" in html and "申诉成立撤销 1 条" in html
    assert w.model.rowCount() == 2  # October's two actions
    # A bad period: the message at the period field.
    w.period.setText("2026-13")
    qtbot.keyClick(w.period, Qt.Key.Key_Return)
    assert "2026-Q4" in w.period_error.text()
    w.period.setText("2026-11")
    qtbot.keyClick(w, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert w.period_error.text() == "" and w.figures is not None
    # The analysis, saved by Ctrl+S.
    w.analysis.setFocus()
    type_text(qtbot, w.analysis, "午间等候偏长")
    qtbot.keyClick(w, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert data.improvement.figures(BOSS, "2026-11").analysis == "午间等候偏长"
    # 新增措施: an empty owner is shown at its field; then saved with Enter.
    qtbot.keyClick(w, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert w.add_form.isVisible() and w.action_text.hasFocus()
    type_text(qtbot, w.action_text, "午间错峰轮岗")
    qtbot.keyClick(w.action_text, Qt.Key.Key_Return)
    assert "责任人" in w.add_form.form.error_text("owner")
    type_text(qtbot, w.owner, "王主任")
    qtbot.keyClick(w.owner, Qt.Key.Key_Return)
    assert not w.add_form.isVisible() and w.model.rowCount() == 3
    # 标记完成 on the overdue October action.
    row = next(i for i, a in enumerate(w.model.rows()) if a.text == "增设引导员")
    assert w.model.row_at(row).overdue
    w.table.select_source_row(row)
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert w.done_form.isVisible()
    type_text(qtbot, w.result, "已安排引导员两名")
    qtbot.keyClick(w.result, Qt.Key.Key_Return)
    done = [a for a in data.improvement.actions(BOSS) if a.text == "增设引导员"]
    assert done[0].state == "done" and done[0].result == "已安排引导员两名"
    w.open_only.setChecked(True)
    assert {a.state for a in w.model.rows()} == {"open"}
    _shot(w, "improvement.png")
    # The PDF, saved where the supervisor says.
    target = tmp_path / "report"
    w.choose_path = lambda _parent, _name: str(target)
    qtbot.keyClick(w, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert "已保存" in w.banner.text()


def test_surveys_by_keyboard(qtbot: QtBot, services: Services, admin: Actor) -> None:
    widget = SurveysWidget(services, BOSS, SyncRunner())
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.reload()
    widget.table.setFocus()
    assert widget.model.rowCount() == 0
    qtbot.keyClick(widget, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert widget.form_box.isVisible() and widget.title.hasFocus()
    type_text(qtbot, widget.title, "第四季度满意度调查")
    widget.questions.setFocus()
    type_text(qtbot, widget.questions, "整体是否满意？|满意|一般")
    widget.ends.setDate(TODAY - timedelta(days=1))
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "结束日期" in widget.form.error_text("ends")
    widget.ends.setDate(TODAY + timedelta(days=20))
    widget.questions.clear()
    type_text(qtbot, widget.questions, "整体是否满意？|满意")
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "2 到 6" in widget.form.error_text("questions")
    widget.questions.setPlainText(
        "整体是否满意？|满意|一般|不满意\n跑了几次？|一次|两次|三次及以上"
    )
    qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not widget.form_box.isVisible() and widget.model.rowCount() == 1
    survey = services.surveys.active()
    assert survey is not None and len(survey.questions) == 2
    for answers in ([0, 0], [0, 1], [2, 0]):
        services.surveys.answer(survey.id, answers, "kiosk")
    widget.reload()
    widget.table.select_source_row(0)
    assert "一次" in widget.results.toPlainText() and "66.7%" in widget.results.toPlainText()
    _shot(widget, "surveys.png")
    qtbot.keyClick(widget, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert services.surveys.active() is None
