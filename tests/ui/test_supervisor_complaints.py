"""主管 → 投诉咨询 by keyboard alone: a phone complaint registered, assigned, investigated,
resolved, answered by SMS and archived; a missing channel shown at its field; the rendered
page at 1366x768 with data."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.supervision.complaints import ComplaintService
from counter_app.supervision.rules.complaints import Cause, Kind, State
from tests.supervision.complaint_support import letter_form, people, phone_form
from tests.ui.keyboard import type_text
from ui.fonts import install_app_font
from ui.supervisor.complaints import ComplaintsWidget

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


def _widget(qtbot: QtBot, services: Services, actor: Actor) -> ComplaintsWidget:
    widget = ComplaintsWidget(services, actor)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.reload()
    return widget


def _key(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = CTRL) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifier)


def _tab_to(qtbot: QtBot, target: QWidget, limit: int = 30) -> None:
    for _ in range(limit):
        if target.hasFocus():
            return
        _key(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    raise AssertionError(f"Tab never reached {target!r}")


def test_a_phone_complaint_registered_and_taken_to_archive_by_keyboard(
    qtbot: QtBot, services: Services, admin: Actor
) -> None:
    supervisor, _clerk = people(services, admin)
    w = _widget(qtbot, services, supervisor)
    w.table.setFocus()
    _key(qtbot, Qt.Key.Key_N)  # 登记
    form = w.entry_form
    assert w.side.currentWidget() is form
    _key(qtbot, Qt.Key.Key_S)  # no channel chosen
    assert form.fields.error_text("channel") == "请选择投诉渠道"
    _key(qtbot, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # 电话 (&3)
    qtbot.waitUntil(lambda: form.channels.checkedId() == 2)  # a mnemonic clicks animated
    _tab_to(qtbot, form.name)
    type_text(qtbot, form.name, "张伟")
    _tab_to(qtbot, form.phone)
    type_text(qtbot, form.phone, "13812345678")
    _tab_to(qtbot, form.about_window)
    type_text(qtbot, form.about_window, "3")
    _tab_to(qtbot, form.text)
    type_text(qtbot, form.text, "窗口工作人员态度生硬。")
    _key(qtbot, Qt.Key.Key_S)
    assert "已登记 TS-W03-20261127-001" in w.banner.text()
    assert w.side.currentIndex() == 0 and w.detail is not None
    assert w.detail.row.state is State.REGISTERED

    _key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)  # Enter: to the step form
    step = w.step_form
    assert step.handler.hasFocus()
    step.handler.setCurrentIndex(step.handler.findData("zhou"))
    _key(qtbot, Qt.Key.Key_Return)  # 完成此步: assign
    assert w.detail.row.state is State.ASSIGNED

    _key(qtbot, Qt.Key.Key_J)
    assert step.finding.hasFocus()
    type_text(qtbot, step.finding, "调阅录像，确有语气生硬。")
    _key(qtbot, Qt.Key.Key_Return)
    assert w.detail.row.state is State.INVESTIGATING

    _key(qtbot, Qt.Key.Key_J)
    type_text(qtbot, step.result, "已批评教育。")
    _tab_to(qtbot, step.cause)
    step.cause.setCurrentIndex(step.cause.findData(Cause.ATTITUDE.value))
    _tab_to(qtbot, step.upheld.buttons()[0])
    _key(qtbot, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)  # 属实
    qtbot.waitUntil(lambda: step.upheld_value() is True)
    _key(qtbot, Qt.Key.Key_Return)
    assert w.detail.row.state is State.RESOLVED, step.fields.error_text("upheld")

    _key(qtbot, Qt.Key.Key_J)
    assert step.method.hasFocus()
    step.method.setCurrentIndex(2)  # 短信
    _tab_to(qtbot, step.reply_text)
    type_text(qtbot, step.reply_text, "您反映的问题已核实整改，感谢监督。")
    _key(qtbot, Qt.Key.Key_Return)
    assert w.detail.row.state is State.REPLIED

    _key(qtbot, Qt.Key.Key_J)
    assert step.step_button.hasFocus()
    _key(qtbot, Qt.Key.Key_Return)
    assert w.detail.row.state is State.ARCHIVED
    assert [s.step for s in w.detail.steps] == [
        "register",
        "assign",
        "investigate",
        "resolve",
        "reply",
        "archive",
    ]
    assert not step.step_button.isEnabled()


def test_a_step_error_shows_at_its_field(qtbot: QtBot, services: Services, admin: Actor) -> None:
    supervisor, _clerk = people(services, admin)
    c = services.complaints
    v = c.register(supervisor, letter_form())
    v = c.assign(supervisor, v.id, "zhou", 1)
    c.investigate(supervisor, v.id, "查明", v.row_version)
    w = _widget(qtbot, services, supervisor)
    w.step_form.first_field().setFocus()
    _key(qtbot, Qt.Key.Key_Return)  # no result typed
    assert w.step_form.fields.error_text("result") == "请填写处理结果"


def test_the_register_rendered_at_1366x768(
    qtbot: QtBot, services: Services, admin: Actor, tmp_path: Path
) -> None:
    supervisor, clerk = people(services, admin)
    earlier = ComplaintService(services.db, services.hall, lambda: date(2026, 11, 10))
    earlier.register(clerk, phone_form(text="排队叫号太慢，等了一个多小时。"))
    c = services.complaints
    v = c.register(clerk, letter_form(about_item=18))
    v = c.assign(supervisor, v.id, "li", 1)
    c.register(clerk, phone_form(kind=Kind.CONSULTATION), answered_now="已告知材料清单")
    c.register(clerk, phone_form(kind=Kind.SUGGESTION, text="建议增加自助复印机。"))
    w = _widget(qtbot, services, supervisor)
    w.filter.setCurrentIndex(2)
    assert w.model.rowCount() == 4
    assert w.count.text() == "共 4 件，其中超期 1 件"
    red = [w.model.foreground(r) for r in w.model.rows()]
    assert sum(colour is not None for colour in red) == 1
    w.table.select_source_row([r.number for r in w.model.rows()].index(v.number))
    assert "第18项事项" in w.info.toPlainText() and "张*" in w.info.toPlainText()
    w.reveal_button.click()
    assert "张伟" in w.info.toPlainText()
    image = w.grab()
    assert (image.width(), image.height()) == (1366, 768)
    assert image.save(str(tmp_path / "complaints.png"))
    w.open_entry()
    assert w.grab().save(str(tmp_path / "complaint_entry.png"))


def test_the_written_reply_is_saved_from_the_step_form(
    qtbot: QtBot, services: Services, admin: Actor, tmp_path: Path
) -> None:
    supervisor, _clerk = people(services, admin)
    c = services.complaints
    v = c.register(supervisor, letter_form())
    v = c.assign(supervisor, v.id, "zhou", 1)
    v = c.investigate(supervisor, v.id, "查明", v.row_version)
    c.resolve(supervisor, v.id, "已整改", Cause.PROCESS, True, v.row_version)
    w = _widget(qtbot, services, supervisor)
    target = tmp_path / "答复函"
    w.choose_path = lambda _parent, suggested: str(target) if suggested.endswith(".pdf") else ""
    assert w.step_form.letter_button.isEnabled()
    assert w.step_form.method.currentText() == "书面"  # a letter is answered in writing
    w.step_form.first_field().setFocus()
    _key(qtbot, Qt.Key.Key_P)
    saved = tmp_path / "答复函.pdf"
    assert saved.is_file() and "书面答复已保存" in w.banner.text()
    text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, text=True).stdout
    assert v.number in text and "已整改" in text
