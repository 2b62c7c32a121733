"""The hall sync in the counter window: the status label, the 中心数据库 page, 同步冲突."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from itertools import pairwise

import psycopg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import text
from sqlalchemy.engine import make_url

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.sync.service import SyncStatus
from db.engine import make_engine
from db.migrate import upgrade
from db.sync import roles
from tests.conftest import ADMIN_PASSWORD
from tests.ui.keyboard import type_text
from ui.admin.central_admin import JOIN_RESULTS, CentralAdminWidget
from ui.fonts import install_app_font
from ui.main_window import CounterMainWindow
from ui.supervisor.conflicts import ConflictsWidget
from ui.supervisor.supervisor_panel import SupervisorPanel
from ui.sync_status import AMBER, COUNT_EVERY, GREEN, GREY, RED, SyncStatusLabel
from ui.tasks import SyncRunner


@pytest.fixture(autouse=True)
def _font(qapp: QApplication) -> None:
    install_app_font(qapp)


def shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


class FakeSync:
    """Only what the label reads: the state, and a count of the waiting changes."""

    def __init__(self, status: SyncStatus) -> None:
        self.current = status
        self.counts = 0

    def status(self) -> SyncStatus:
        return self.current

    def refresh_pending(self) -> SyncStatus:
        self.counts += 1
        return self.current


AT = datetime(2026, 11, 27, 2, 5, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "colour"),
    [
        (SyncStatus("online", 0, AT), GREEN),
        (
            SyncStatus("offline", 3, AT, "无法连接中心数据库，本机继续单机办理，恢复后自动同步。"),
            AMBER,
        ),
        (SyncStatus("syncing", 1, AT), AMBER),
        (SyncStatus("refused", 2, AT, "中心数据库版本较新，请升级本机程序"), RED),
        (SyncStatus("off"), GREY),
    ],
)
def test_the_status_label_says_and_colours_the_state(
    qtbot, status: SyncStatus, colour: str
) -> None:
    label = SyncStatusLabel(FakeSync(status), SyncRunner())  # type: ignore[arg-type]
    qtbot.addWidget(label)
    assert label.text() == status.label()
    assert f"color:{colour}" in label.styleSheet()
    if status.message:
        assert status.message in label.toolTip()


def test_the_status_label_follows_the_worker_and_counts_while_offline(qtbot) -> None:
    fake = FakeSync(SyncStatus("off"))
    label = SyncStatusLabel(fake, SyncRunner())  # type: ignore[arg-type]
    qtbot.addWidget(label)
    assert label.text() == "单机运行"
    fake.current = SyncStatus("offline", 4, AT, "无法连接中心数据库")
    for _ in range(COUNT_EVERY):
        label.refresh()
    assert label.text().startswith("中心离线 · 待上传 4")
    assert fake.counts == 1  # the waiting changes were recounted once, through the runner
    fake.current = SyncStatus("online", 0, AT)
    label.refresh()
    assert label.text().startswith("中心在线 · 待上传 0")
    assert f"color:{GREEN}" in label.styleSheet()


def test_the_counter_window_shows_the_sync_state_and_runs_the_worker(
    qtbot, services: Services, admin: Actor
) -> None:
    window = CounterMainWindow(SyncRunner(), sync_interval=0.2)
    qtbot.addWidget(window)
    window.attach_services(services)
    try:
        assert window.sync_label is not None and window.sync_worker is not None
        assert window.sync_label.text() == "单机运行"
        window.login_page.username.setText("admin")
        window.login_page.password.setText(ADMIN_PASSWORD)
        window.login_page.login_button.click()
        assert window.workspace is not None
        bar = window.statusBar()
        labels = [w for w in bar.findChildren(QWidget) if w.isVisibleTo(window)]
        assert window.sync_label in labels
    finally:
        window.stop_sync()
    assert window.sync_worker is None


# --- 中心数据库 --------------------------------------------------------------------------


@pytest.fixture
def page(qtbot, services: Services, admin: Actor) -> CentralAdminWidget:
    widget = CentralAdminWidget(services.sync, services.hall, admin, SyncRunner())
    shown(qtbot, widget)
    widget.reload()
    return widget


def test_an_empty_host_is_refused_at_its_field_and_nothing_is_saved(
    qtbot, page: CentralAdminWidget, services: Services
) -> None:
    assert page.counter_code.text() == "W03"  # prefilled from the hall settings
    assert page.port.text() == "5432" and page.database.text() == "counter"
    assert not page.sync_button.isEnabled() and not page.leave_button.isEnabled()
    page.host.setFocus()
    qtbot.keyClick(page.host, Qt.Key.Key_Return)  # Enter joins
    assert page.form.error_text("host") == "请填写中心数据库服务器地址，如 192.168.1.10"
    assert page.host.hasFocus()
    assert services.sync.config() is None
    assert services.sync.status().state == "off"


def test_a_port_that_is_not_a_number_is_refused_at_its_field(
    qtbot, page: CentralAdminWidget, services: Services
) -> None:
    page.host.setText("192.168.1.10")
    page.port.clear()
    page.join_button.click()
    assert page.form.error_text("port").startswith("端口应为 1-65535")
    assert services.sync.config() is None


def test_the_page_is_used_by_keyboard_in_form_order(qtbot, page: CentralAdminWidget) -> None:
    order = [
        page.host,
        page.port,
        page.database,
        page.user,
        page.password,
        page.sslmode,
        page.sslrootcert,
        page.browse_button,
        page.counter_code,
        page.join_button,
    ]
    for first, second in pairwise(order):
        assert _next_tab_stop(first) is second
    assert page.password.echoMode() == page.password.EchoMode.Password
    labels = [page.sslmode.itemText(i) for i in range(page.sslmode.count())]
    assert labels == ["不加密", "优先加密", "必须加密", "校验证书", "校验证书和主机名"]
    page.sslmode.setFocus()
    qtbot.keyClick(page.sslmode, Qt.Key.Key_Return)  # Enter on the combo box joins too
    assert page.form.error_text("host").startswith("请填写中心数据库服务器地址")


def _next_tab_stop(widget: QWidget) -> QWidget:
    following = widget.nextInFocusChain()
    while not following.focusPolicy() & Qt.FocusPolicy.TabFocus:
        following = following.nextInFocusChain()
    return following


def fill_central(qtbot, page: CentralAdminWidget, pg_url: str) -> None:
    url = make_url(pg_url)
    page.host.clear()
    type_text(qtbot, page.host, str(url.host))
    page.port.setText(str(url.port or 5432))
    page.database.setText(str(url.database))
    page.user.setText(str(url.username))
    page.password.clear()
    page.sslmode.setCurrentIndex(page.sslmode.findData("disable"))


@pytest.fixture
def central(pg_url: str) -> str:
    engine = make_engine(pg_url)
    upgrade(engine)
    engine.dispose()
    return pg_url


def test_joining_a_central_from_the_page(
    qtbot, page: CentralAdminWidget, services: Services, central: str
) -> None:
    fill_central(qtbot, page, central)
    page.counter_code.setFocus()
    qtbot.keyClick(page.counter_code, Qt.Key.Key_Return)
    assert page.banner.text() == JOIN_RESULTS["founded"] == "已作为首台窗口建立大厅数据"
    config = services.sync.config()
    assert config is not None and config.host == make_url(central).host
    assert config.sslmode == "disable"
    assert services.sync.status().state == "online"
    assert page.status_label.text().startswith("中心在线")
    assert page.password.text() == "" and "已连接中心数据库" in page.current_label.text()
    assert page.sync_button.isEnabled() and page.leave_button.isEnabled()

    page.sync_button.click()
    assert page.banner.text().startswith("同步完成")

    asked: list[str] = []
    page.confirm = lambda _parent, question: asked.append(question) or True
    page.leave_button.click()
    assert asked and "断开中心数据库" in asked[0]
    assert services.sync.config() is None and services.sync.status().state == "off"
    assert page.status_label.text() == "单机运行"
    assert not page.sync_button.isEnabled()


def test_an_unreachable_central_is_explained_at_the_host(
    qtbot, page: CentralAdminWidget, services: Services
) -> None:
    page.host.setText("127.0.0.1")
    page.port.setText("1")  # nothing listens there
    page.user.setText("counter_w03")
    page.sslmode.setCurrentIndex(page.sslmode.findData("disable"))
    page.join_button.click()
    assert "中心数据库" in page.form.error_text("host")
    assert services.sync.config() is None


# --- 同步冲突 ----------------------------------------------------------------------------


@pytest.fixture
def supervisor(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "zhao", "赵科长", frozenset({Role.SUPERVISOR}), "zhao2026ok")
    return services.staff.login("zhao", "zhao2026ok")


CASE_KEY = "0193a0c4-0000-7000-8000-000000000001"


def add_conflict(pg_url: str) -> None:
    command = {
        "changes": [
            {
                "t": "cases",
                "k": CASE_KEY,
                "o": "u",
                "old": {
                    "number": "LYG-20261127-W02-0001",
                    "status": "under_examination",
                    "row_version": 3,
                },
                "new": {"status": "rejected", "row_version": 4},
            }
        ]
    }
    server_rows = [
        [
            "cases",
            CASE_KEY,
            {"number": "LYG-20261127-W02-0001", "status": "approved", "row_version": 4},
        ]
    ]
    engine = make_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sync_conflict (op_id, origin, reason, command, server_rows) "
                "VALUES (:op, 'W02', :reason, CAST(:cmd AS jsonb), CAST(:rows AS jsonb))"
            ),
            {
                "op": str(uuid.uuid4()),
                "reason": f"cases {CASE_KEY}：状态已被其他窗口修改",
                "cmd": json.dumps(command),
                "rows": json.dumps(server_rows),
            },
        )
    engine.dispose()


def open_conflicts(qtbot, services: Services, supervisor: Actor) -> ConflictsWidget:
    panel = shown(qtbot, SupervisorPanel(services, supervisor, SyncRunner()))
    assert isinstance(panel, SupervisorPanel)
    panel.sections.setCurrentWidget(panel.conflicts)  # shown: it loads
    return panel.conflicts


def test_without_a_central_the_conflicts_page_says_so(
    qtbot, services: Services, supervisor: Actor
) -> None:
    conflicts = open_conflicts(qtbot, services, supervisor)
    assert conflicts.stack.currentWidget() is conflicts.empty_label
    assert conflicts.empty_label.text() == "本机未连接中心数据库"
    assert not conflicts.banner.isVisible()
    assert not conflicts.keep_button.isEnabled()


def test_a_conflict_is_compared_and_kept(
    qtbot, page: CentralAdminWidget, services: Services, central: str, supervisor: Actor
) -> None:
    fill_central(qtbot, page, central)
    page.join_button.click()
    assert services.sync.status().state == "online"
    add_conflict(central)
    conflicts = open_conflicts(qtbot, services, supervisor)
    assert conflicts.model.rowCount() == 1
    row = [conflicts.model.index(0, c).data() for c in range(3)]
    assert row[1] == "W02"
    assert row[2] == "案件 LYG-20261127-W02-0001：状态已被其他窗口修改"
    assert conflicts.detail_texts() == [
        ("案件 LYG-20261127-W02-0001（修改）", "状态", "审查中 → 不予许可", "准予（通过）")
    ]
    headers = [
        conflicts.detail.horizontalHeaderItem(c).text()
        for c in range(conflicts.detail.columnCount())
    ]
    assert headers[2:] == ["该窗口的更改", "中心现有版本"]

    asked: list[str] = []
    conflicts.confirm = lambda _parent, question: asked.append(question) or True
    conflicts.table.setFocus()
    qtbot.keyClick(conflicts.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert asked and "以中心为准" in asked[0]
    assert conflicts.banner.text() == "已处理：以中心为准"
    assert conflicts.model.rowCount() == 0
    assert services.sync.conflicts(supervisor) == []
    with make_engine(central).connect() as conn:
        resolution = conn.execute(text("SELECT resolution, resolved_by FROM sync_conflict")).one()
    assert tuple(resolution) == ("keep", "zhao")


def test_a_declined_confirmation_changes_nothing(
    qtbot, page: CentralAdminWidget, services: Services, central: str, supervisor: Actor
) -> None:
    fill_central(qtbot, page, central)
    page.join_button.click()
    add_conflict(central)
    conflicts = open_conflicts(qtbot, services, supervisor)
    conflicts.confirm = lambda _parent, _question: False
    conflicts.apply_button.click()
    assert conflicts.model.rowCount() == 1
    assert len(services.sync.conflicts(supervisor)) == 1


def test_a_new_pc_joins_an_existing_hall_from_its_first_run_page(
    qtbot, services: Services, central: str, template_db, tmp_path
) -> None:
    import shutil

    from counter_app.hall.rules.settings import HallSettings
    from counter_app.sync.config import CentralConfig

    # The hall exists: another PC founded it.
    shutil.copyfile(template_db, tmp_path / "founder.db")
    founder = Services.open(f"sqlite+pysqlite:///{tmp_path / 'founder.db'}")
    try:
        boss = founder.hall.first_run(
            HallSettings(hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W01"),
            "admin", "王管理", ADMIN_PASSWORD,
        )  # fmt: skip
        url = make_url(central)
        founder.sync.configure(
            boss,
            CentralConfig(str(url.host), int(url.port or 5432), str(url.database),
                          str(url.username), "disable"),
            "",
        )  # fmt: skip
    finally:
        founder.close()
    # This PC is new: its window offers the first-run form, or joining the hall.
    window = CounterMainWindow(SyncRunner(), sync_interval=None)
    qtbot.addWidget(window)
    window.attach_services(services)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    first_run = window.stack.currentWidget()
    first_run.hall_name.setFocus()
    qtbot.keyClick(first_run.hall_name, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    join = window.stack.currentWidget()
    assert isinstance(join, CentralAdminWidget) and not join.sync_button.isVisible()
    fill_central(qtbot, join, central)
    join.counter_code.setText("W02")
    import os

    join.resize(1366, 700)
    join.grab().save(str(tmp_path / "join.png"))
    if shots := os.environ.get("COUNTER_SHOTS"):
        first_run.grab().save(f"{shots}/first_run_join.png")
        join.grab().save(f"{shots}/join_hall.png")
    qtbot.keyClick(join.counter_code, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.login_page, join.banner.text()
    assert services.hall.settings().counter_code == "W02"
    assert services.hall.settings().hall_name == "连云港市知识产权保护中心"
    window.login_page.username.setText("admin")
    window.login_page.password.setText(ADMIN_PASSWORD)
    window.login_page.login_button.click()
    assert window.workspace is not None  # the hall's administrator logs in here


def test_an_administrators_change_goes_up_with_the_administrators_own_account(
    qtbot, page: CentralAdminWidget, services: Services, admin: Actor, central: str
) -> None:
    owner = make_engine(central)
    with owner.begin() as conn:
        counter_role = roles.grant(conn, "counter", "W03", "pw-w03")
        roles.grant(conn, "admin", "wang", "pw-wang")
    fill_central(qtbot, page, central)
    page.user.setText(counter_role)  # this PC's own account, as in a hall
    page.join_button.click()
    assert page.banner.text() == JOIN_RESULTS["founded"]
    assert page.admin_upload.isVisible()
    services.staff.add_user(admin, "li", "李受理", frozenset({Role.RECEPTION}), "li2026okay")
    services.sync.run_once()
    assert "管理更改 1 项待管理员上传" in services.sync.status().label()

    page.admin_upload.user.setFocus()
    qtbot.keyClick(page.admin_upload.user, Qt.Key.Key_Return)  # Enter uploads, not joins
    assert page.admin_upload.form.error_text("user") == "请填写管理员的中心数据库账号和密码"
    type_text(qtbot, page.admin_upload.user, "admin_wang")
    type_text(qtbot, page.admin_upload.password, "pw-wang")
    qtbot.keyClick(page.admin_upload.password, Qt.Key.Key_Return)
    assert page.admin_upload.banner.text().startswith("已以管理员账号上传")
    assert page.admin_upload.password.text() == ""  # typed for the act, then forgotten
    assert "管理更改" not in page.status_label.text()
    with owner.connect() as conn:
        found = conn.execute(text("SELECT count(*) FROM staff WHERE username = 'li'")).scalar()
    owner.dispose()
    assert found == 1


def test_the_supervisor_sees_a_counter_accounts_forged_administrator(
    qtbot, page: CentralAdminWidget, services: Services, central: str, supervisor: Actor
) -> None:
    fill_central(qtbot, page, central)
    page.join_button.click()
    owner = make_engine(central)
    with owner.begin() as conn:
        attacker = roles.grant(conn, "counter", "LP9", "pw")
    owner.dispose()
    url = make_url(central)
    forged = {"t": "staff", "k": str(uuid.uuid4()), "o": "i", "new": {"username": "evil"}}
    op = json.dumps([{"op": str(uuid.uuid4()), "changes": [forged]}])
    with psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=attacker, autocommit=True
    ) as conn:
        conn.execute("SELECT sync_push('LP9', %s::jsonb)", (op,))
    panel = shown(qtbot, SupervisorPanel(services, supervisor, SyncRunner()))
    assert isinstance(panel, SupervisorPanel)
    panel.sections.setCurrentWidget(panel.security)  # shown: it loads
    events = panel.security
    assert events.model.rowCount() == 1
    row = [events.model.index(0, c).data() for c in range(5)]
    assert row[1:3] == ["LP9", attacker] and "只有管理员本人的中心账号" in row[3]
    assert row[4] == "未查看" and events.count_label.text() == "共 1 条，其中 1 条未查看"
