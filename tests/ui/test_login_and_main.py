"""The first start, the login screen, the tabs by role and the information window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from counter_app.domain.roles import Actor, Area
from counter_app.services.container import Services
from tests.conftest import ADMIN_PASSWORD
from tests.ui.keyboard import type_text
from ui.fonts import install_app_font
from ui.info.catalog_model import CatalogTableModel
from ui.info.info_panel import InfoPanel
from ui.login_dialog import LoginDialog
from ui.main_window import CounterMainWindow
from ui.setup_dialog import FirstRunDialog


def shown(qtbot, widget: QWidget) -> QWidget:
    """Show ``widget`` as the active window (keys like Enter need a shown, active dialog)."""
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def tab_order(start: QWidget, count: int) -> list[QWidget]:
    """The widgets Tab visits from ``start``, as Qt's focus chain gives them."""
    chain, widget = [start], start
    while len(chain) < count:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and isinstance(widget, QLineEdit):
            chain.append(widget)
    return chain


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


def test_first_run_by_keyboard(qtbot, services: Services) -> None:
    dialog = shown(qtbot, FirstRunDialog(services.hall))
    fields = [dialog.hall_name, dialog.hall_code, dialog.counter_code, dialog.username,
              dialog.display_name, dialog.password, dialog.password2]
    assert tab_order(fields[0], len(fields)) == fields  # Tab follows the form
    values = ("连云港市知识产权保护中心", "lyg", "w03", "", "王管理", "abc12345", "abc12345")
    for field, text in zip(fields, values, strict=True):
        type_text(qtbot, field, text)
    qtbot.keyClick(dialog.password2, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "admin"
    assert services.hall.settings().hall_code == "LYG"
    assert services.hall.settings().counter_code == "W03"


def test_first_run_shows_errors_at_the_field(qtbot, services: Services) -> None:
    dialog = shown(qtbot, FirstRunDialog(services.hall))
    dialog.hall_name.setText("大厅")
    dialog.hall_code.setText("12")
    dialog.counter_code.setText("W1")
    dialog.display_name.setText("王")
    dialog.password.setText("abc12345")
    dialog.password2.setText("abc12346")
    qtbot.keyClick(dialog.password2, Qt.Key.Key_Return)
    assert dialog.form.error_text("password2") == "两次输入的密码不一致"
    dialog.password2.setText("abc12345")
    qtbot.keyClick(dialog.password2, Qt.Key.Key_Return)
    assert "大厅代码" in dialog.form.error_text("hall_code")
    assert not services.hall.is_set_up()


def test_login_wrong_then_right(qtbot, services: Services, admin: Actor) -> None:
    dialog = shown(qtbot, LoginDialog(services.staff, "大厅", "W03"))
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "nope12345")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "再错 4 次" in dialog.form.error_text("password")
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "admin"


def test_tabs_follow_the_role(qtbot, services: Services, admin: Actor,
                              reception_user: Actor) -> None:
    window = CounterMainWindow(services, reception_user, services.hall.settings())
    qtbot.addWidget(window)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["信息窗口 (Ctrl+1)", "受理 (Ctrl+2)", "送达 (Ctrl+3)", "叫号 (Ctrl+4)"]
    assert "李受理" in window.user_label.text() and "接待" in window.user_label.text()
    assert "W03" in window.window_label.text()


def test_search_by_pinyin_initials_opens_the_guide(qtbot, services: Services,
                                                   tmp_path: Path) -> None:
    panel = InfoPanel(services)
    panel.resize(1366, 700)
    shown(qtbot, panel)
    panel.reload()
    assert panel.catalog.model.rowCount() == 33
    qtbot.keyClicks(panel.catalog.search, "zlsq")
    assert panel.catalog.model.rowCount() == 1
    html = panel.catalog.guide.toPlainText()
    assert "专利申请" in html and "国家知识产权局" in html and "900 元" in html
    qtbot.keyClick(panel.catalog.search, Qt.Key.Key_Return)
    assert panel.catalog.table.hasFocus()
    panel.catalog.search.clear()
    qtbot.keyClicks(panel.catalog.search, "hg")
    assert panel.catalog.count_label.text() == "共 1 项"
    assert "30 个工作日" in panel.catalog.guide.toPlainText()
    assert panel.grab().save(str(tmp_path / "info.png"))


def test_unknown_values_say_so_rather_than_invent(qtbot, services: Services) -> None:
    panel = InfoPanel(services)
    qtbot.addWidget(panel)
    panel.reload()
    type_text(qtbot, panel.catalog.search, "专利预审")
    text = panel.catalog.guide.toPlainText()
    assert "本厅尚未公布" in text


def test_catalog_model_is_a_proper_model(qtmodeltester, services: Services) -> None:
    model = CatalogTableModel()
    model.set_items(services.catalog.list_items())
    qtmodeltester.check(model)


def test_published_staff_board(qtbot, services: Services, admin: Actor,
                               reception_user: Actor) -> None:
    services.staff.update_user(admin, reception_user.staff_id, published=True, window_no="3",
                               services_text="专利、商标受理")
    panel = InfoPanel(services)
    qtbot.addWidget(panel)
    panel.reload()
    board = panel.staff_board
    assert board.rowCount() == 1
    assert board.item(0, 1).text() == "李受理" and board.item(0, 2).text() == "3"


def test_info_pages_show_what_the_administrator_published(qtbot, services: Services,
                                                          admin: Actor) -> None:
    services.info.save(admin, None, "subsidy", "2026年专利资助办法", "申请截止 12 月 31 日",
                       "https://example.org/zz")
    panel = InfoPanel(services)
    qtbot.addWidget(panel)
    panel.reload()
    panel.pages.sections.setCurrentRow(2)
    assert "2026年专利资助办法" in panel.pages.page.toPlainText()
    panel.pages.sections.setCurrentRow(0)
    assert "暂无内容" in panel.pages.page.toPlainText()


def test_admin_sees_the_administration_tab(qtbot, services: Services, admin: Actor) -> None:
    window = CounterMainWindow(services, admin, services.hall.settings())
    qtbot.addWidget(window)
    assert set(window.panels) == {Area.INFO, Area.ADMINISTRATION}
