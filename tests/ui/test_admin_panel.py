"""The administration tab driven by keyboard: catalogue, accounts, information, hall and audit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy import text

from counter_app.audit import trail as audit
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from tests.ui.keyboard import type_text
from ui.admin.admin_panel import AdminPanel
from ui.admin.common import GREY, RED, Column, RowsTableModel
from ui.admin.hall_admin import HallAdminWidget
from ui.admin.info_admin import InfoEntryDialog
from ui.admin.item_editor import ItemEditorDialog
from ui.admin.item_history import ItemHistoryDialog
from ui.admin.staff_dialogs import AddUserDialog, EditUserDialog, PasswordDialog
from ui.fonts import install_app_font


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


@pytest.fixture
def panel(qtbot, services: Services, admin: Actor) -> AdminPanel:
    widget = AdminPanel(services, admin)
    shown(qtbot, widget)
    widget.reload()
    return widget


def filling(qtbot, fill: Callable[[QDialog], None], seen: list[QDialog]) -> Callable[..., bool]:
    """An ``open_dialog`` that shows the dialog, lets ``fill`` type into it, returns accepted."""

    def open_dialog(dialog: QDialog) -> bool:
        seen.append(dialog)
        shown(qtbot, dialog)
        fill(dialog)
        dialog.hide()
        owner = dialog.parentWidget()
        if owner is not None:  # as after exec(): the panel's window is active again
            owner.window().activateWindow()
            qtbot.waitUntil(owner.window().isActiveWindow)
        return dialog.result() == QDialog.DialogCode.Accepted

    return open_dialog


def press(qtbot, widget: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed while ``widget`` has the focus (shortcuts look at the focus widget)."""
    widget.setFocus()
    qtbot.keyClick(widget, key, modifier)


def row_of_number(panel: AdminPanel, number: int) -> int:
    model = panel.catalog.model
    return next(r for r in range(model.rowCount()) if model.item(r).number == number)


# --- 事项管理 -----------------------------------------------------------------------


def test_catalog_lists_all_33_seeded_items(panel: AdminPanel, qtmodeltester) -> None:
    assert panel.tabText(0) == "事项管理"
    assert panel.catalog.model.rowCount() == 33
    assert "共 33 项" in panel.catalog.count_label.text()
    assert panel.catalog.add_button.text() == "新增 (Ctrl+N)"
    qtmodeltester.check(panel.catalog.model)


def test_add_item_by_keyboard_gets_number_34(qtbot, panel: AdminPanel, services: Services) -> None:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ItemEditorDialog)
        type_text(qtbot, dialog.name, "专利开放许可备案")
        press(qtbot, dialog.category, Qt.Key.Key_Down)
        press(qtbot, dialog.applicant_boxes["person"], Qt.Key.Key_Space)
        type_text(qtbot, dialog.time_limit, "20")
        dialog.materials.add_row()
        editor = QApplication.focusWidget()
        type_text(qtbot, editor, "许可合同")
        press(qtbot, editor, Qt.Key.Key_Return)
        press(qtbot, dialog.name, Qt.Key.Key_Return)

    seen: list[QDialog] = []
    panel.catalog.open_dialog = filling(qtbot, fill, seen)
    press(qtbot, panel.catalog.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(seen) == 1
    item = panel.catalog.current_item()
    assert item is not None and item.number == 34 and item.version == 1
    assert item.name == "专利开放许可备案"
    assert item.content.time_limit_days == 20
    assert item.content.applicant_types == ("person",)
    assert [m.name for m in item.content.materials] == ["许可合同"]
    assert panel.catalog.model.rowCount() == 34
    assert services.catalog.count() == 34


def test_edit_time_limit_makes_version_2_and_history_shows_both(
    qtbot, panel: AdminPanel, services: Services
) -> None:
    catalog = panel.catalog
    catalog.table.select_source_row(row_of_number(panel, 1))

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ItemEditorDialog)
        dialog.time_limit.selectAll()
        type_text(qtbot, dialog.time_limit, "15")
        type_text(qtbot, dialog.note, "缩短承诺时限")
        press(qtbot, dialog.note, Qt.Key.Key_Return)

    seen: list[QDialog] = []
    catalog.open_dialog = filling(qtbot, fill, seen)
    press(qtbot, catalog.table, Qt.Key.Key_Return)  # Enter on the row opens the editor
    item = catalog.current_item()
    assert item is not None and item.number == 1
    assert item.version == 2 and item.content.time_limit_days == 15
    assert "第 2 版" in catalog.banner.text()

    catalog.open_dialog = lambda dialog: seen.append(dialog) or True
    press(qtbot, catalog.table, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    history = seen[-1]
    assert isinstance(history, ItemHistoryDialog)
    qtbot.addWidget(history)
    assert [v.version for v in history.versions()] == [2, 1]
    assert history.model.data(history.model.index(0, 3)) == "缩短承诺时限"
    assert "15 个工作日" in history.content.toPlainText()
    press(qtbot, history.table, Qt.Key.Key_Down)
    assert "第 1 版" in history.content.toPlainText()
    assert "15 个工作日" not in history.content.toPlainText()


def test_bad_fee_amount_shows_message_under_fees_and_saves_nothing(
    qtbot, services: Services, admin: Actor
) -> None:
    dialog = shown(qtbot, ItemEditorDialog(services.catalog, admin))
    type_text(qtbot, dialog.name, "测试事项")
    dialog.category.setCurrentIndex(0)
    dialog.fees.set_rows([{"name": "登记费", "amount": "十元"}])
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_text("fees") == "金额“十元”不是数字"
    assert dialog.pages.currentIndex() == 1  # the page with the fees is shown
    assert dialog.saved is None
    assert services.catalog.count() == 33


def test_missing_name_and_category_are_shown_inline(qtbot, services: Services, admin) -> None:
    dialog = shown(qtbot, ItemEditorDialog(services.catalog, admin))
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    assert dialog.error_text("name") == "请填写事项名称"
    type_text(qtbot, dialog.name, "测试事项")
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    assert dialog.error_text("name") == ""
    assert dialog.error_text("category") == "请选择事项类型"
    assert services.catalog.count() == 33


def test_editor_tab_order_follows_the_form(qtbot, services: Services, admin: Actor) -> None:
    dialog = shown(qtbot, ItemEditorDialog(services.catalog, admin))
    expected = [
        dialog.name,
        dialog.category,
        dialog.authority,
        *dialog.applicant_boxes.values(),
        dialog.time_limit,
        dialog.time_limit_note,
        dialog.four_eyes,
        dialog.note,
    ]
    chain, widget = [dialog.name], dialog.name
    while len(chain) < len(expected):
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisible():
            chain.append(widget)
    assert chain == expected


def test_escape_cancels_the_editor(qtbot, services: Services, admin: Actor) -> None:
    dialog = shown(qtbot, ItemEditorDialog(services.catalog, admin))
    type_text(qtbot, dialog.name, "不保存")
    press(qtbot, dialog.name, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert services.catalog.count() == 33


def test_materials_rows_by_keyboard(qtbot, services: Services, admin: Actor) -> None:
    dialog = shown(qtbot, ItemEditorDialog(services.catalog, admin))
    table = dialog.materials.table
    dialog.pages.setCurrentIndex(1)
    table.setFocus()
    press(qtbot, table, Qt.Key.Key_Insert)
    assert table.rowCount() == 1
    type_text(qtbot, QApplication.focusWidget(), "ID card")
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
    press(qtbot, table, Qt.Key.Key_Right)
    press(qtbot, table, Qt.Key.Key_Right)
    press(qtbot, table, Qt.Key.Key_Space)  # ticks "original"
    assert dialog.materials.rows() == [
        {"name": "ID card", "requirement": "", "original": True, "copies": 1}
    ]
    press(qtbot, table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert table.rowCount() == 0


def test_retire_and_restore(qtbot, panel: AdminPanel, services: Services) -> None:
    catalog = panel.catalog
    catalog.table.select_source_row(row_of_number(panel, 5))
    press(qtbot, catalog.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    item = catalog.current_item()
    assert item is not None and item.number == 5 and item.retired
    assert catalog.retire_button.text() == "恢复 (Ctrl+D)"
    assert (
        catalog.model.data(
            catalog.model.index(row_of_number(panel, 5), 0), Qt.ItemDataRole.ForegroundRole
        )
        == GREY
    )  # retired: greyed
    assert 5 not in [i.number for i in services.catalog.list_items()]
    assert "停用 1 项" in catalog.count_label.text()
    press(qtbot, catalog.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    item = catalog.current_item()
    assert item is not None and not item.retired
    assert 5 in [i.number for i in services.catalog.list_items()]


def test_catalog_changed_signal(qtbot, panel: AdminPanel) -> None:
    panel.catalog.table.select_source_row(0)
    with qtbot.waitSignal(panel.sig_catalog_changed, timeout=1000):
        panel.catalog.retire_button.click()


# --- 账号管理 -----------------------------------------------------------------------


def test_add_user_with_roles(qtbot, panel: AdminPanel, services: Services) -> None:
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, AddUserDialog)
        type_text(qtbot, dialog.username, "zhang")
        type_text(qtbot, dialog.display_name, "张受理")
        press(qtbot, dialog.roles.boxes[Role.RECEPTION], Qt.Key.Key_Space)
        press(qtbot, dialog.roles.boxes[Role.SUPERVISOR], Qt.Key.Key_Space)
        type_text(qtbot, dialog.password, "zhang2026x")
        type_text(qtbot, dialog.password2, "zhang2026x")
        press(qtbot, dialog.password2, Qt.Key.Key_Return)

    panel.setCurrentWidget(panel.staff)
    panel.staff.open_dialog = filling(qtbot, fill, [])
    press(qtbot, panel.staff.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    user = panel.staff.current_user()
    assert user is not None and user.username == "zhang"
    assert user.roles == frozenset({Role.RECEPTION, Role.SUPERVISOR})
    assert panel.staff.model.rowCount() == 2
    assert services.staff.login("zhang", "zhang2026x").has(Role.SUPERVISOR)


def test_wrong_password_confirmation(qtbot, services: Services, admin: Actor) -> None:
    dialog = shown(qtbot, AddUserDialog(services.staff, admin))
    type_text(qtbot, dialog.username, "zhao")
    type_text(qtbot, dialog.display_name, "赵")
    press(qtbot, dialog.roles.boxes[Role.RECEPTION], Qt.Key.Key_Space)
    type_text(qtbot, dialog.password, "zhao2026xx")
    type_text(qtbot, dialog.password2, "zhao2026yy")
    press(qtbot, dialog.password2, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.form.error_text("password2") == "两次输入的密码不一致，请重新输入"
    assert [u.username for u in services.staff.list_users()] == ["admin"]


def test_service_errors_show_under_their_field(qtbot, services: Services, admin: Actor) -> None:
    dialog = shown(qtbot, AddUserDialog(services.staff, admin))
    type_text(qtbot, dialog.username, "qian")
    type_text(qtbot, dialog.display_name, "钱")
    type_text(qtbot, dialog.password, "qian2026xx")
    type_text(qtbot, dialog.password2, "qian2026xx")
    press(qtbot, dialog.password2, Qt.Key.Key_Return)
    assert dialog.form.error_text("roles") == "请至少选择一个角色"
    assert services.staff.count() == 1


def test_edit_user_window_photo_and_published(
    qtbot, services: Services, admin: Actor, reception_user: Actor, tmp_path: Path
) -> None:
    image = QImage(800, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    path = tmp_path / "li.png"
    image.save(str(path))
    user = next(u for u in services.staff.list_users() if u.username == "li")
    dialog = shown(qtbot, EditUserDialog(services.staff, admin, user))
    dialog.choose_file = lambda _parent: str(path)
    press(qtbot, dialog.display_name, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, dialog.window_no, "3")
    press(qtbot, dialog.published, Qt.Key.Key_Space)
    press(qtbot, dialog.window_no, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    published = services.staff.published_staff()
    assert [(p.username, p.window_no, p.has_photo) for p in published] == [("li", "3", True)]
    photo = services.staff.photo(user.id)
    assert photo is not None and QImage.fromData(photo).width() == 480


def test_edit_user_rejects_a_file_that_is_no_image(
    qtbot, services: Services, admin: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "not-an-image.png"
    path.write_text("hello", encoding="utf-8")
    user = services.staff.list_users()[0]
    dialog = shown(qtbot, EditUserDialog(services.staff, admin, user))
    dialog.set_photo_file(str(path))
    assert "无法读取该图片" in dialog.form.error_text("photo")
    assert not dialog.active.isEnabled()  # one cannot switch off one's own account


def test_reset_password_and_unlock(
    qtbot, panel: AdminPanel, services: Services, reception_user: Actor
) -> None:
    for _ in range(5):
        with pytest.raises(Exception, match="密码"):
            services.staff.login("li", "wrong-password1")
    panel.setCurrentWidget(panel.staff)
    panel.staff.reload()
    row = next(
        r
        for r in range(panel.staff.model.rowCount())
        if panel.staff.model.row_at(r).username == "li"
    )
    panel.staff.table.select_source_row(row)
    assert panel.staff.model.data(panel.staff.model.index(row, 6)) == "已锁定"
    assert panel.staff.unlock_button.isEnabled()
    press(qtbot, panel.staff.table, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert panel.staff.current_user() is not None
    assert not panel.staff.current_user().locked

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, PasswordDialog)
        type_text(qtbot, dialog.password, "newpass2026")
        type_text(qtbot, dialog.password2, "newpass2026")
        press(qtbot, dialog.password2, Qt.Key.Key_Return)

    panel.staff.open_dialog = filling(qtbot, fill, [])
    press(qtbot, panel.staff.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert "已为 li 设置新密码" in panel.staff.banner.text()
    assert services.staff.login("li", "newpass2026").username == "li"


# --- 信息发布 -----------------------------------------------------------------------


def test_info_add_edit_remove(qtbot, panel: AdminPanel, services: Services) -> None:
    info = panel.info
    panel.setCurrentWidget(info)

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, InfoEntryDialog)
        press(qtbot, dialog.kind, Qt.Key.Key_Down)  # 政策法规 -> 维权援助
        type_text(qtbot, dialog.title, "维权援助申请指引")
        type_text(qtbot, dialog.url, "https://example.cn/aid")
        type_text(qtbot, dialog.body, "携带身份证到 5 号窗口。")
        press(qtbot, dialog.title, Qt.Key.Key_Return)

    info.open_dialog = filling(qtbot, fill, [])
    press(qtbot, info.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    entries = services.info.entries()
    assert [(e.kind, e.title, e.url) for e in entries] == [
        ("aid", "维权援助申请指引", "https://example.cn/aid")
    ]
    assert info.model.rowCount() == 1

    def bad_url(dialog: QDialog) -> None:
        assert isinstance(dialog, InfoEntryDialog)
        dialog.url.selectAll()
        type_text(qtbot, dialog.url, "example.cn")
        press(qtbot, dialog.url, Qt.Key.Key_Return)
        assert dialog.form.error_text("url") == "链接应以 http:// 或 https:// 开头"
        press(qtbot, dialog.url, Qt.Key.Key_Escape)

    info.open_dialog = filling(qtbot, bad_url, [])
    press(qtbot, info.table, Qt.Key.Key_Return)
    assert services.info.entries()[0].url == "https://example.cn/aid"

    info.confirm = lambda _parent, question: "维权援助申请指引" in question
    press(qtbot, info.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert services.info.entries() == []
    assert info.model.rowCount() == 0


# --- 大厅设置与审计 -------------------------------------------------------------------


def test_hall_settings_save_and_inline_error(qtbot, panel: AdminPanel, services: Services) -> None:
    hall = panel.hall
    panel.setCurrentWidget(hall)
    assert hall.edits["hall_code"].text() == "LYG"
    type_text(qtbot, hall.edits["phone"], "0518-12345678")
    press(qtbot, hall.edits["phone"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.hall.settings().phone == "0518-12345678"
    assert hall.banner.text() == "大厅设置已保存"
    hall.edits["hall_code"].setText("1-x")
    press(qtbot, hall.edits["hall_code"], Qt.Key.Key_Return)
    assert "大厅代码应为" in hall.form.error_text("hall_code")
    assert services.hall.settings().hall_code == "LYG"
    actions = [
        hall.audit_model.data(hall.audit_model.index(r, 3))
        for r in range(hall.audit_model.rowCount())
    ]
    assert "修改大厅设置" in actions


def test_audit_verify_shows_ok(qtbot, panel: AdminPanel, services: Services, qtmodeltester) -> None:
    hall = panel.hall
    panel.setCurrentWidget(hall)
    press(qtbot, hall.audit_table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    checked = audit.verify(services.db).rows_checked
    assert hall.verify_label.text().startswith(f"审计链完整：已校验 {checked} 条记录")
    assert hall.audit_model.rowCount() == len(audit.recent(services.db, 200))
    qtmodeltester.check(hall.audit_model)


def test_audit_verify_shows_a_broken_row_in_red(qtbot, services: Services, admin: Actor) -> None:
    with services.db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1"))
    hall = shown(qtbot, HallAdminWidget(services.hall, services.db, admin))
    hall.reload()
    hall.verify_button.click()
    assert "第 1 条记录处断开" in hall.verify_label.text()
    assert "b00020" in hall.verify_label.styleSheet()
    last = hall.audit_model.rowCount() - 1
    assert hall.audit_model.row_at(last).seq == 1
    assert (
        hall.audit_model.data(hall.audit_model.index(last, 0), Qt.ItemDataRole.ForegroundRole)
        == RED
    )


def test_rows_table_model(qtmodeltester) -> None:
    model: RowsTableModel[tuple[str, int]] = RowsTableModel(
        (Column("名称", lambda r: r[0]), Column("数", lambda r: str(r[1]))),
        lambda r: RED if r[1] < 0 else None,
    )
    model.set_rows([("甲", 1), ("乙", -2), ("丙", 3)])
    qtmodeltester.check(model)
    assert model.data(model.index(1, 1)) == "-2"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "名称"


def test_supervision_deadlines_set_on_the_hall_page(
    qtbot, panel: AdminPanel, services: Services, tmp_path
) -> None:
    from counter_app.supervision import settings as supervision_settings

    hall = panel.hall
    panel.setCurrentWidget(hall)
    hall.reload()
    assert hall.followup_days.value() == 15 and hall.complaint_days.value() == 7
    hall.complaint_days.setFocus()
    hall.complaint_days.selectAll()
    qtbot.keyClicks(hall.complaint_days, "10")
    press(qtbot, hall.complaint_days, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert supervision_settings.load(services.db).complaint_days == 10
    assert hall.banner.text() == "大厅设置已保存"
    hall.resize(1366, 768)
    hall.grab().save(str(tmp_path / "hall_admin.png"))
