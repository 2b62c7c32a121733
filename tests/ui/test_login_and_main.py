"""The counter window from start to work: first run, login, tabs by role, logout."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from counter_app.container import Services
from counter_app.core.roles import Actor, Area
from tests.conftest import ADMIN_PASSWORD
from tests.ui.keyboard import type_text
from ui.app import start_counter
from ui.fonts import install_app_font
from ui.main_window import CounterMainWindow
from ui.pages.login_page import LoginPage
from ui.pages.setup_page import FirstRunPage
from ui.tasks import SyncRunner
from ui.workspace import Workspace


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


def shown(qtbot, widget: QWidget) -> QWidget:
    """Show ``widget`` as the active window (focus and keys need a shown, active window)."""
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def tab_order(start: QWidget, count: int) -> list[QWidget]:
    """The line edits Tab visits from ``start``, as Qt's focus chain gives them."""
    chain, widget = [start], start
    while len(chain) < count:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and isinstance(widget, QLineEdit):
            chain.append(widget)
    return chain


def test_first_run_by_keyboard(qtbot, services: Services) -> None:
    page = shown(qtbot, FirstRunPage(services.hall.first_run))
    done: list[Actor] = []
    page.sig_done.connect(done.append)
    fields = [
        page.hall_name,
        page.hall_code,
        page.counter_code,
        page.username,
        page.display_name,
        page.password,
        page.password2,
    ]
    assert tab_order(fields[0], len(fields)) == fields  # Tab follows the form
    values = ("连云港市知识产权保护中心", "lyg", "w03", "", "王管理", "abc12345", "abc12345")
    for field, text in zip(fields, values, strict=True):
        type_text(qtbot, field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)  # Enter moves on; on the last field, saves
    assert done and done[0].username == "admin"
    assert services.hall.settings().hall_code == "LYG"
    assert services.hall.settings().counter_code == "W03"


def test_first_run_shows_errors_at_the_field(qtbot, services: Services) -> None:
    page = shown(qtbot, FirstRunPage(services.hall.first_run))
    page.hall_name.setText("大厅")
    page.hall_code.setText("12")
    page.counter_code.setText("W1")
    page.display_name.setText("王")
    page.password.setText("abc12345")
    page.password2.setText("abc12346")
    qtbot.keyClick(page.password2, Qt.Key.Key_Return)
    assert page.form.error_text("password2") == "两次输入的密码不一致"
    page.password2.setText("abc12345")
    qtbot.keyClick(page.password2, Qt.Key.Key_Return)
    assert "大厅代码" in page.form.error_text("hall_code")
    assert page.hall_code.hasFocus()
    assert not services.hall.is_set_up()


def test_login_wrong_then_right(qtbot, services: Services, admin: Actor) -> None:
    page = shown(qtbot, LoginPage())
    assert not page.login_button.isEnabled()  # until the database is open
    page.set_ready(services.staff.login, "大厅", "W03")
    logged_in: list[Actor] = []
    page.sig_logged_in.connect(logged_in.append)
    qtbot.keyClicks(page.username, "admin")
    qtbot.keyClick(page.username, Qt.Key.Key_Return)
    assert page.password.hasFocus()
    qtbot.keyClicks(page.password, "nope12345")
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert "再错 4 次" in page.form.error_text("password")
    assert page.password.text() == ""
    qtbot.keyClicks(page.password, ADMIN_PASSWORD)
    qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert logged_in and logged_in[0].username == "admin"


def test_tabs_follow_the_role(
    qtbot, services: Services, admin: Actor, reception_user: Actor
) -> None:
    workspace = Workspace(services, reception_user, services.hall.settings())
    qtbot.addWidget(workspace)
    titles = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert titles == ["信息窗口 (Ctrl+1)", "受理 (Ctrl+2)", "送达 (Ctrl+3)", "叫号 (Ctrl+4)"]
    status = [label.text() for label in workspace.status_labels]
    assert "用户：李受理（接待）" in status and "窗口：W03" in status


def test_admin_sees_the_administration_tab(qtbot, services: Services, admin: Actor) -> None:
    workspace = Workspace(services, admin, services.hall.settings())
    qtbot.addWidget(workspace)
    assert set(workspace.panels) == {Area.INFO, Area.ADMINISTRATION}


def test_start_first_run_work_logout_login(qtbot, sqlite_url: str, tmp_path: Path) -> None:
    window = start_counter(sqlite_url, SyncRunner())
    qtbot.addWidget(window)
    page = window.stack.currentWidget()
    assert isinstance(page, FirstRunPage)
    page.hall_name.setText("连云港市知识产权保护中心")
    page.hall_code.setText("LYG")
    page.counter_code.setText("W03")
    page.display_name.setText("王管理")
    page.password.setText(ADMIN_PASSWORD)
    page.password2.setText(ADMIN_PASSWORD)
    qtbot.keyClick(page.password2, Qt.Key.Key_Return)
    assert window.workspace is not None and window.stack.currentWidget() is window.workspace
    assert window.logout_action.isEnabled()
    window.logout_action.trigger()
    assert window.workspace is None and window.stack.currentWidget() is window.login_page
    assert "连云港市知识产权保护中心" in window.windowTitle()
    window.login_page.username.setText("admin")
    window.login_page.password.setText(ADMIN_PASSWORD)
    window.login_page.login_button.click()
    assert window.workspace is not None
    assert window.grab().save(str(tmp_path / "window.png"))
    assert window.services is not None
    window.services.close()


def test_a_corrupt_database_is_explained_in_the_window(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"garbage" * 1000)
    window: CounterMainWindow = start_counter(f"sqlite+pysqlite:///{path}", SyncRunner())
    qtbot.addWidget(window)
    assert window.services is None
    assert "已损坏" in window.login_page.banner.text()
    assert not window.login_page.login_button.isEnabled()
