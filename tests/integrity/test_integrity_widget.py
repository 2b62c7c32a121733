"""主管 → 诚信档案 driven from the keyboard: add (errors at the field), open (audited), repair,
remove with a reason, import a file; rendered at 1366x768 with data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from counter_app.container import Services
from counter_app.core.roles import Actor
from db.models import AuditLog
from tests.integrity.support import OTHER_PERSON, record
from tests.integrity.test_import import ROWS, write_csv
from tests.ui.keyboard import type_text
from tests.ui.test_login_and_main import shown
from ui.fonts import install_app_font
from ui.supervisor.integrity import IntegrityWidget
from ui.tasks import SyncRunner


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


@pytest.fixture
def widget(qtbot, services: Services, supervisor: Actor) -> IntegrityWidget:
    w = shown(qtbot, IntegrityWidget(services, supervisor, SyncRunner()))
    w.reload()
    return w


def key(qtbot, keys: str) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    *mods, name = keys.split("+")
    modifiers = Qt.KeyboardModifier.NoModifier
    for mod in mods:
        modifiers |= {"Ctrl": Qt.KeyboardModifier.ControlModifier}[mod]
    qtbot.keyClick(widget, getattr(Qt.Key, f"Key_{name}"), modifiers)


def render(widget: QWidget, folder: Path, name: str) -> None:
    widget.resize(1366, 768)
    assert widget.grab().save(str(folder / f"{name}.png"))
    extra = os.environ.get("COUNTER_PNG_DIR")
    if extra:
        widget.grab().save(str(Path(extra) / f"{name}.png"))


def audited(services: Services, action: str) -> int:
    with services.db.read() as session:
        return len(list(session.scalars(select(AuditLog).where(AuditLog.action == action))))


def test_add_open_repair_remove_by_keyboard(
    qtbot, widget: IntegrityWidget, services: Services, tmp_path: Path
) -> None:
    key(qtbot, "Ctrl+N")
    form = widget.record
    assert QApplication.focusWidget() is form.kind
    form.kind.setCurrentIndex(form.kind.findData("applicant"))
    type_text(qtbot, form.name, "赵六")
    type_text(qtbot, form.code, OTHER_PERSON)
    type_text(qtbot, form.document, "连知〔2026〕8号")
    form.decided.setDate(QDate(2026, 11, 2))
    form.starts.setDate(QDate(2026, 11, 2))
    form.ends.setDate(QDate(2026, 11, 1))
    key(qtbot, "Ctrl+S")
    assert form.form.error_text("ends") == "结束日期不能早于开始日期"
    assert QApplication.focusWidget() is form.form.editor("ends")
    assert widget.model.rowCount() == 0
    form.open_ended.setChecked(True)
    key(qtbot, "Ctrl+S")
    assert form.form.error_text("ends") == ""
    assert widget.banner.text() == "已登记"
    assert widget.model.rowCount() == 1
    row = widget.model.row_at(0)
    assert row.in_force and row.code_masked != OTHER_PERSON and "*" in row.code_masked
    # open it again from the list: Enter on the row; the view is audited
    widget.new_record()
    widget.table.setFocus()
    widget.table.select_source_row(0)
    qtbot.keyClick(widget.table, Qt.Key.Key_Return)
    assert form.record_id == row.id and form.code.text() == OTHER_PERSON
    assert audited(services, "integrity.view") == 1
    # removal needs a reason, shown at its field
    key(qtbot, "Ctrl+D")
    assert "请填写删除理由" in form.form.error_text("reason")
    form.reason.setFocus()
    type_text(qtbot, form.reason, "已提交信用修复决定书")
    key(qtbot, "Ctrl+H")
    assert widget.model.rowCount() == 1 and not widget.model.row_at(0).in_force
    assert widget.model.row_at(0).repair_label == "已修复"
    form.reason.setFocus()
    type_text(qtbot, form.reason, "录入重复")
    key(qtbot, "Ctrl+D")
    assert widget.model.rowCount() == 0
    assert audited(services, "integrity.remove") == 1


def test_filter_search_import_and_render(
    qtbot, widget: IntegrityWidget, services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    services.integrity.add(supervisor, record(source_doc="国知发〔2026〕77号"))
    path = write_csv(tmp_path / "credit.csv", ROWS)
    widget.choose_file = lambda: str(path)  # type: ignore[method-assign]
    key(qtbot, "Ctrl+I")
    assert "新增 3 条" in widget.banner.text()
    assert "已删除不再导入 0 条" in widget.banner.text()
    assert widget.model.rowCount() == 4
    render(widget, tmp_path, "integrity_list")
    key(qtbot, "Ctrl+E")
    assert widget.in_force.isChecked()
    assert widget.model.rowCount() == 3  # 赵六's record has been repaired
    key(qtbot, "Ctrl+F")
    assert QApplication.focusWidget() is widget.search
    type_text(qtbot, widget.search, "代理")
    qtbot.keyClick(widget.search, Qt.Key.Key_Return)
    assert [r.subject_name for r in widget.model.rows()] == ["连云港某某专利代理事务所"]
    bad = [list(r) for r in ROWS]
    bad[0][3] = "迟到"
    path = write_csv(tmp_path / "bad.csv", bad)
    key(qtbot, "Ctrl+I")
    assert "第2行“失信类别”列" in widget.banner.text()
    render(widget, tmp_path, "integrity_import_failed")
