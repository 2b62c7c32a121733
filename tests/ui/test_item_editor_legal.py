"""The item editor's legal fields and 待核实 marks (issue 16): every field of every seeded item
round-trips through the form; the marks are edited from the keyboard and seen only by the
administrator (editor, catalogue admin list), never in the information window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.hall.rules.catalog import parse_item_content
from counter_app.hall.rules.legal import LegalKind
from tests.ui.keyboard import type_text
from ui.admin.catalog_admin import MARKS, CatalogAdminWidget
from ui.admin.item_editor import ItemEditorDialog
from ui.fonts import install_app_font
from ui.info.info_panel import InfoPanel


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def test_every_seeded_item_round_trips_through_the_form(
    qtbot, services: Services, admin: Actor
) -> None:
    for item in services.catalog.list_items():
        dialog = ItemEditorDialog(services.catalog, admin, item)
        qtbot.addWidget(dialog)
        assert parse_item_content(dialog.form_data()) == item.content, item.number
        dialog.close()


def test_legal_fields_and_marks_are_edited_by_keyboard_and_saved(
    qtbot, services: Services, admin: Actor, tmp_path: Path
) -> None:
    item = next(i for i in services.catalog.list_items() if i.number == 21)
    assert set(item.content.to_confirm) == {"time_limit_days", "handling_note"}
    dialog = shown(qtbot, ItemEditorDialog(services.catalog, admin, item))
    assert dialog.legal_kind.currentData() == LegalKind.MEDIATION.value
    assert dialog.marks.boxes["handling_note"].isChecked()
    assert not dialog.marks.boxes["process"].isChecked()

    qtbot.keyClick(dialog, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert dialog.pages.currentIndex() == 3
    assert QApplication.focusWidget() is dialog.legal_kind
    dialog.handling_note.setFocus()
    qtbot.keyClick(dialog.handling_note, Qt.Key.Key_H, _ctrl_shift())  # untick
    dialog.acceptance_basis.setFocus()
    dialog.acceptance_basis.selectAll()
    type_text(qtbot, dialog.acceptance_basis, "《中华人民共和国人民调解法》第十七条、第十八条")
    qtbot.keyClick(dialog, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    dialog.process.setFocus()
    qtbot.keyClick(dialog.process, Qt.Key.Key_H, _ctrl_shift())  # tick
    dialog.legal_kind.setFocus()
    qtbot.keyClick(dialog.legal_kind, Qt.Key.Key_Up)  # from 纠纷调解 to 投诉举报
    assert dialog.legal_kind.currentData() == LegalKind.COMPLAINT.value
    dialog.pages.setCurrentIndex(3)
    assert dialog.grab().save(str(tmp_path / "item_editor_legal.png"))
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    saved = services.catalog.get(item.id)
    assert saved.version == item.version + 1
    assert set(saved.content.to_confirm) == {"time_limit_days", "process"}
    assert saved.content.legal_kind == "complaint"
    assert saved.content.acceptance_basis == "《中华人民共和国人民调解法》第十七条、第十八条"
    assert saved.content.handling_note == item.content.handling_note


def test_a_blank_kind_says_the_default_of_the_number(
    qtbot, services: Services, admin: Actor, tmp_path: Path
) -> None:
    dialog = shown(qtbot, ItemEditorDialog(services.catalog, admin))
    assert dialog.legal_kind.currentText() == "按序号默认（行政许可）"
    assert dialog.form_data()["legal_kind"] == ""
    dialog.pages.setCurrentIndex(0)
    assert dialog.grab().save(str(tmp_path / "item_editor_basic.png"))


def test_marks_show_in_the_admin_list_and_never_in_the_information_window(
    qtbot, services: Services, admin: Actor, tmp_path: Path
) -> None:
    widget = shown(qtbot, CatalogAdminWidget(services.catalog, admin))
    widget.reload()
    model = widget.model
    row = next(r for r in range(model.rowCount()) if model.item(r).number == 27)
    assert model.data(model.index(row, MARKS)) == "待核实 6"
    tip = model.data(model.index(row, MARKS), Qt.ItemDataRole.ToolTipRole)
    assert "实施机关" in tip and "办理流程" in tip
    plain = next(r for r in range(model.rowCount()) if model.item(r).number == 14)
    assert model.data(model.index(plain, MARKS)) == ""
    widget.filter.setText("待核实")
    assert widget.table.visible_rows() == sum(
        1 for i in services.catalog.list_items() if i.content.to_confirm
    )
    widget.filter.clear()
    qtbot.waitUntil(lambda: widget.count_label.width() >= widget.count_label.sizeHint().width())
    assert widget.grab().save(str(tmp_path / "catalog_admin_marks.png"))

    panel = shown(qtbot, InfoPanel(services))
    panel.reload()
    for number in range(panel.catalog.model.rowCount()):
        panel.catalog.table.selectRow(number)
        text = panel.catalog.guide.toPlainText()
        assert "待核实" not in text and "本厅尚未公布" not in text, number
    type_text(qtbot, panel.catalog.search, "调解")
    text = panel.catalog.guide.toPlainText()
    assert "《中华人民共和国人民调解法》\n《中华人民共和国民法典》" in text, "one basis a line"
    assert "办理期限" in text and "45个工作日内未达成调解协议的，调解终止" in text
    assert panel.grab().save(str(tmp_path / "info_guide_mediation.png"))


def _ctrl_shift() -> Qt.KeyboardModifier:
    return Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
