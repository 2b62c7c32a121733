"""管理 → 排队与自助机 driven from the keyboard: categories, windows and their priority order,
options and the board's notice, the kiosk PIN, rating screens; the first-run PIN; a render at
1366x768 (PNGs left in the temp folder and /tmp/queue_admin_*.png to be looked at)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from sqlalchemy import select

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.hall.settings import HallSettings
from counter_app.queue.rules.tickets import WindowView
from db.models.audit import AuditLog
from tests.ui.keyboard import type_text
from ui.admin.admin_panel import AdminPanel
from ui.admin.queue_admin import QueueAdminWidget
from ui.fonts import install_app_font
from ui.pages.setup_page import FirstRunPage

CTRL = Qt.KeyboardModifier.ControlModifier


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
def page(qtbot, services: Services, admin: Actor) -> QueueAdminWidget:
    widget = QueueAdminWidget(services, admin)
    widget.resize(1366, 700)
    shown(qtbot, widget)
    widget.reload()
    return widget


def key(qtbot, widget: QWidget, k: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, k, modifier)


def actions(services: Services, action: str) -> list[AuditLog]:
    with services.db.read() as session:
        rows = list(session.scalars(select(AuditLog).where(AuditLog.action == action)))
        session.expunge_all()
        return rows


# --- 取号类别 ---------------------------------------------------------------------------


def test_new_category_by_keyboard_with_errors_next_to_the_field(
    qtbot, page: QueueAdminWidget, services: Services
) -> None:
    cats = page.categories
    key(qtbot, cats.table, Qt.Key.Key_N, CTRL)
    assert cats.code.hasFocus() and not cats.code.isReadOnly()
    type_text(qtbot, cats.code, "f")
    qtbot.keyClick(cats.code, Qt.Key.Key_Tab)
    type_text(qtbot, cats.name, "商业秘密")
    qtbot.keyClick(cats.name, Qt.Key.Key_Tab)
    type_text(qtbot, cats.prefix, "a")  # already A 专利's prefix
    qtbot.keyClick(cats.prefix, Qt.Key.Key_Tab)
    assert cats.daily_limit.hasFocus()
    qtbot.keyClicks(cats.daily_limit, "50")
    qtbot.keyClick(cats.daily_limit, Qt.Key.Key_S, CTRL)
    assert "前缀 A 已被类别 A 使用" in cats.form.error_text("prefix")
    assert "F" not in {c.code for c in services.queue.categories()}
    cats.prefix.selectAll()
    type_text(qtbot, cats.prefix, "f")
    qtbot.keyClick(cats.prefix, Qt.Key.Key_Return)
    saved = next(c for c in services.queue.categories() if c.code == "F")
    assert (saved.name, saved.prefix, saved.daily_limit) == ("商业秘密", "F", 50)
    assert cats.form.error_text("prefix") == ""
    assert "F" in [cats.model.row_at(r).code for r in range(cats.model.rowCount())]
    assert [a.entity_id for a in actions(services, "queue_category")] == ["F"]
    # The windows page offers the new category at once.
    page.windows.start_new()
    codes = [page.windows.categories.item(i).text() for i in range(page.windows.categories.count())]
    assert "F 商业秘密" in codes


def test_edit_a_category_from_the_table_and_a_code_that_exists_is_refused(
    qtbot, page: QueueAdminWidget, services: Services
) -> None:
    cats = page.categories
    cats.table.setFocus()
    cats.table.select_source_row(1)  # B 商标
    qtbot.keyClick(cats.table, Qt.Key.Key_Return)
    assert cats.code.text() == "B" and cats.code.isReadOnly() and cats.name.hasFocus()
    cats.service_minutes.setValue(25)
    cats.active.setChecked(False)
    key(qtbot, cats.name, Qt.Key.Key_S, CTRL)
    b = next(c for c in services.queue.categories() if c.code == "B")
    assert (b.service_minutes, b.active) == (25, False)
    assert "B" not in {c.code for c in services.queue.kiosk_categories()}
    key(qtbot, cats.name, Qt.Key.Key_N, CTRL)
    type_text(qtbot, cats.code, "C")
    type_text(qtbot, cats.name, "另一个版权")
    type_text(qtbot, cats.prefix, "X")
    qtbot.keyClick(cats.name, Qt.Key.Key_S, CTRL)
    assert "已有" in cats.form.error_text("code")
    assert next(c for c in services.queue.categories() if c.code == "C").name == "版权"


# --- 窗口 -------------------------------------------------------------------------------


def test_new_window_serves_ticked_categories_in_the_order_set_by_keyboard(
    qtbot, page: QueueAdminWidget, services: Services
) -> None:
    win = page.windows
    key(qtbot, page.categories.table, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert page.pages.currentWidget() is win
    key(qtbot, win.table, Qt.Key.Key_N, CTRL)
    type_text(qtbot, win.number, "4")
    qtbot.keyClick(win.number, Qt.Key.Key_S, CTRL)
    assert "至少选择一个" in win.form.error_text("categories")
    assert services.queue.windows() == []
    lst = win.categories
    key(qtbot, lst, Qt.Key.Key_Home)  # A 专利
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    qtbot.keyClick(lst, Qt.Key.Key_Down)  # B 商标
    qtbot.keyClick(lst, Qt.Key.Key_Down)  # C 版权
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    qtbot.keyClick(lst, Qt.Key.Key_Up, CTRL)
    qtbot.keyClick(lst, Qt.Key.Key_Up, CTRL)  # C first: the window's first priority
    assert lst.served() == ("C", "A")
    assert win.order.text() == "叫号顺序：版权 → 专利"
    qtbot.keyClick(lst, Qt.Key.Key_S, CTRL)
    (window,) = services.queue.windows()
    assert (window.number, window.categories, window.name) == ("4", ("C", "A"), "4号窗口")
    assert win.model.rowCount() == 1 and "版权 → 专利" in win.model.data(win.model.index(0, 2))
    # The order is what the window calls by: an older A waits while a C is there.
    services.queue.issue("A")
    services.queue.issue("C")
    clerk = Actor("li", "李受理", frozenset({Role.RECEPTION}))
    services.queue.open_window(clerk, "4")
    called = services.queue.call_next(clerk, "4")
    assert called is not None and called.category == "C"


def test_editing_a_window_keeps_its_state_and_reorders(
    qtbot, page: QueueAdminWidget, services: Services, admin: Actor
) -> None:
    services.queue.save_window(admin, WindowView("2", "商标窗口", ("A", "B"), led_address=2))
    page.reload()
    win = page.windows
    page.pages.setCurrentWidget(win)
    win.table.setFocus()
    win.table.select_source_row(0)
    qtbot.keyClick(win.table, Qt.Key.Key_Return)
    assert win.number.isReadOnly() and win.name.text() == "商标窗口"
    assert win.categories.served() == ("A", "B")
    win.categories.setFocus()
    win.categories.setCurrentRow(1)
    qtbot.keyClick(win.categories, Qt.Key.Key_Up, CTRL)
    win.led_address.setValue(0)
    qtbot.keyClick(win.categories, Qt.Key.Key_S, CTRL)
    (window,) = services.queue.windows()
    assert (window.categories, window.led_address, window.name) == (("B", "A"), None, "商标窗口")


# --- 选项, 密码, 评价器 -------------------------------------------------------------------


def test_options_and_the_board_notice(
    qtbot, page: QueueAdminWidget, services: Services, admin: Actor
) -> None:
    opts = page.options
    page.pages.setCurrentWidget(opts)
    assert "办事指南" in opts.notice.toPlainText()
    assert "未设置进度查询网址" in opts.portal.text()
    opts.notice.setFocus()
    opts.notice.selectAll()
    type_text(qtbot, opts.notice, "周五下午不办理商标业务")
    qtbot.keyClick(opts.notice, Qt.Key.Key_Tab)
    assert opts.voice_repeat.hasFocus()
    opts.many_waiting.setValue(35)
    opts.voice_volume.setValue(0)
    qtbot.keyClick(opts.voice_repeat, Qt.Key.Key_S, CTRL)
    saved = services.queue.options()
    assert (saved.notice, saved.many_waiting, saved.voice_volume) == (
        "周五下午不办理商标业务",
        35,
        0,
    )
    assert services.queue.board().notice == "周五下午不办理商标业务"
    hall = services.hall.settings()
    services.hall.update(
        admin, HallSettings(**{**hall.__dict__, "progress_portal": "https://ip.example.cn/q"})
    )
    opts.reload()
    assert "https://ip.example.cn/q/ticket/" in opts.portal.text()


def test_kiosk_pin_typed_twice_and_masked(
    qtbot, page: QueueAdminWidget, services: Services
) -> None:
    pin = page.pin
    page.pages.setCurrentWidget(pin)
    assert "尚未设置" in pin.status.text()
    assert pin.pin.echoMode() == pin.pin.EchoMode.Password
    key(qtbot, pin.pin, Qt.Key.Key_1)
    qtbot.keyClicks(pin.pin, "2345")
    qtbot.keyClick(pin.pin, Qt.Key.Key_Return)
    assert pin.pin2.hasFocus()
    qtbot.keyClicks(pin.pin2, "12346")
    qtbot.keyClick(pin.pin2, Qt.Key.Key_Return)
    assert "不一致" in pin.form.error_text("pin2")
    assert not services.queue.kiosk_pin_is_set()
    pin.pin.clear()
    pin.pin2.clear()
    qtbot.keyClicks(pin.pin, "12ab")  # letters are not accepted at all
    assert pin.pin.text() == "12"
    qtbot.keyClicks(pin.pin2, "12")
    qtbot.keyClick(pin.pin2, Qt.Key.Key_Return)
    assert "4-8 位数字" in pin.form.error_text("pin")
    pin.pin.clear()
    pin.pin2.clear()
    qtbot.keyClicks(pin.pin, "2468")
    qtbot.keyClicks(pin.pin2, "2468")
    qtbot.keyClick(pin.pin2, Qt.Key.Key_S, CTRL)
    assert services.queue.kiosk_pin_is_set() and services.queue.check_kiosk_pin("2468")
    assert pin.pin.text() == "" and "已设置" in pin.status.text()
    assert len(actions(services, "kiosk_pin")) == 1


def test_rating_screens_ticked_with_space_show_their_command(
    qtbot, page: QueueAdminWidget, services: Services, admin: Actor
) -> None:
    for number in ("1", "3"):
        services.queue.save_window(admin, WindowView(number, "", ("A",)))
    page.reload()
    rating = page.rating
    page.pages.setCurrentWidget(rating)
    assert rating.table.rowCount() == 2
    rating.table.setFocus()
    rating.table.setCurrentCell(1, 0)
    qtbot.keyClick(rating.table, Qt.Key.Key_Space)
    assert rating.table.item(1, 2).text() == "ip-counter --mode rate --window 3"
    assert rating.table.item(0, 2).text() == ""
    qtbot.keyClick(rating.table, Qt.Key.Key_S, CTRL)
    assert services.queue.rating_windows() == ("3",)
    qtbot.keyClick(rating.table, Qt.Key.Key_C, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.clipboard().text() == "ip-counter --mode rate --window 3"
    assert [a.after for a in actions(services, "rating_windows")] == [{"windows": ["3"]}]


def test_a_non_administrator_is_refused_and_nothing_is_saved(
    qtbot, services: Services, admin: Actor, reception_user: Actor
) -> None:
    widget = QueueAdminWidget(services, reception_user)
    shown(qtbot, widget)
    widget.reload()
    widget.pin.pin.setText("2468")
    widget.pin.pin2.setText("2468")
    widget.pin.save()
    assert "需要“管理员”角色" in widget.pin.banner.text()
    assert not services.queue.kiosk_pin_is_set()
    widget.categories.open_row(0)
    widget.categories.name.setText("改名")
    widget.categories.save()
    assert "需要“管理员”角色" in widget.categories.banner.text()
    assert services.queue.categories()[0].name == "专利"


# --- first run ----------------------------------------------------------------------


def _fill_first_run(qtbot, page: FirstRunPage, pin: str, pin2: str) -> None:
    for edit, text in (
        (page.hall_name, "连云港市知识产权保护中心"),
        (page.hall_code, "LYG"),
        (page.counter_code, "W03"),
        (page.display_name, "王管理"),
        (page.password, "admin2026ok"),
        (page.password2, "admin2026ok"),
    ):
        edit.setText(text)
    page.kiosk_pin.setText(pin)
    page.kiosk_pin2.setText(pin2)
    key(qtbot, page.kiosk_pin2, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("pin", "pin2", "field"),
    [("2468", "2469", "kiosk_pin2"), ("246", "246", "kiosk_pin")],
)
def test_first_run_pin_errors_set_up_nothing(
    qtbot, services: Services, pin: str, pin2: str, field: str
) -> None:
    page = FirstRunPage(services.hall.first_run, None, services.queue.set_kiosk_pin)
    shown(qtbot, page)
    done: list[Actor] = []
    page.sig_done.connect(done.append)
    _fill_first_run(qtbot, page, pin, pin2)
    assert page.form.error_text(field)
    assert done == [] and not services.hall.is_set_up()


@pytest.mark.parametrize("pin", ["2468", ""])
def test_first_run_sets_the_kiosk_pin_or_leaves_it_for_later(
    qtbot, services: Services, pin: str
) -> None:
    page = FirstRunPage(services.hall.first_run, None, services.queue.set_kiosk_pin)
    shown(qtbot, page)
    done: list[Actor] = []
    page.sig_done.connect(done.append)
    key(qtbot, page.password2, Qt.Key.Key_Tab)
    assert page.kiosk_pin.hasFocus()  # the optional PIN follows the administrator
    _fill_first_run(qtbot, page, pin, pin)
    assert len(done) == 1 and services.hall.is_set_up()
    assert services.queue.kiosk_pin_is_set() is bool(pin)
    if pin:
        assert services.queue.check_kiosk_pin(pin)


def test_first_run_page_renders_at_1366x768(qtbot, services: Services, tmp_path: Path) -> None:
    page = FirstRunPage(services.hall.first_run, None, services.queue.set_kiosk_pin)
    page.resize(1366, 768)
    shown(qtbot, page)
    page.kiosk_pin.setText("24")
    page.kiosk_pin2.setText("24")
    page.password.setText("x")
    page.password2.setText("x")
    page._on_save()
    assert page.form.error_text("kiosk_pin")
    QApplication.processEvents()
    image = page.grab()
    for path in (tmp_path / "first_run.png", Path("/tmp/queue_admin_first_run.png")):
        image.save(str(path))
    assert _problems(page) == []


def test_first_run_without_a_pin_setter_hides_the_pin(qtbot, services: Services) -> None:
    page = FirstRunPage(services.hall.first_run)
    shown(qtbot, page)
    assert not page.kiosk_pin.isVisible()
    assert page.password.isVisible()


# --- render -------------------------------------------------------------------------


def _problems(window: QWidget) -> list[str]:
    """Visible labels and buttons that leave the window or are smaller than their text."""
    found = []
    frame = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or not isinstance(widget, QLabel | QPushButton):
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        name = f"{type(widget).__name__} {widget.text()[:20]!r}"
        if not frame.contains(rect):
            found.append(f"{name} at {rect.getRect()} leaves the window")
        if isinstance(widget, QPushButton) and widget.sizeHint().width() > widget.width() + 1:
            found.append(f"{name} is {widget.width()}px for {widget.sizeHint().width()}px")
        wrapped = isinstance(widget, QLabel) and widget.wordWrap() and widget.text()
        if wrapped and widget.heightForWidth(widget.width()) > widget.height() + 2:
            found.append(f"{name} is cut at the bottom")
    return found


def test_the_tab_renders_at_1366x768(
    qtbot, services: Services, admin: Actor, tmp_path: Path
) -> None:
    q = services.queue
    for number, cats in (("1", ("A", "B")), ("2", ("B", "A")), ("3", ("C", "D", "E"))):
        q.save_window(admin, WindowView(number, "", cats, led_address=int(number)))
    q.set_rating_windows(admin, ["1", "3"])
    panel = AdminPanel(services, admin)
    panel.resize(1366, 768)
    shown(qtbot, panel)
    panel.reload()
    panel.setCurrentWidget(panel.queue)
    assert panel.tabText(panel.currentIndex()) == "排队与自助机"
    problems: dict[str, list[str]] = {}
    inner = panel.queue.pages
    for index in range(inner.count()):
        inner.setCurrentIndex(index)
        if inner.currentWidget() is panel.queue.windows:
            panel.queue.windows.open_row(2)
        QApplication.processEvents()
        image = panel.grab()
        assert (image.width(), image.height()) == (1366, 768)
        for path in (
            tmp_path / f"queue_admin_{index + 1}.png",
            Path(f"/tmp/queue_admin_{index + 1}.png"),
        ):
            image.save(str(path))
        found = _problems(panel)
        if found:
            problems[inner.tabText(index)] = found
    assert problems == {}
