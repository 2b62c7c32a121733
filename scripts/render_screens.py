"""Render the screens offscreen to PNG (docs/screenshots or a given folder) for a look.

QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_screens.py [OUT_DIR]

The 中心数据库 and 同步冲突 screens need a throwaway PostgreSQL (the test suite's, from the
installed server binaries); without one they are skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QWidget

from counter_app.core.roles import Actor, Area, Role
from ui.app import make_application, start_counter
from ui.main_window import CounterMainWindow
from ui.pages.setup_page import FirstRunPage
from ui.tasks import SyncRunner

ADMIN_PASSWORD = "admin2026ok"


def grab(widget: QWidget, path: Path) -> None:
    widget.resize(1366, 768)
    widget.show()
    QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    make_application(sys.argv)
    url = f"sqlite+pysqlite:///{Path(tempfile.mkdtemp()) / 'demo.db'}"
    window = start_counter(url, SyncRunner())
    page = window.stack.currentWidget()
    assert isinstance(page, FirstRunPage)
    grab(window, out / "first_run.png")
    page.hall_name.setText("连云港市知识产权保护中心")
    page.hall_code.setText("LYG")
    page.counter_code.setText("W03")
    page.display_name.setText("王管理")
    page.password.setText(ADMIN_PASSWORD)
    page.password2.setText(ADMIN_PASSWORD)
    page.save_button.click()
    services = window.services
    assert services is not None and window.workspace is not None
    admin = window.workspace.actor
    services.staff.add_user(admin, "li", "李受理", frozenset({Role.RECEPTION}), "recept2026")
    window.workspace.tabs.setCurrentIndex(1)
    grab(window, out / "administration.png")
    window.logout()
    window.login_page.username.setText("li")
    grab(window, out / "login.png")
    window.login_page.password.setText("recept2026")
    window.login_page.login_button.click()
    grab(window, out / "info_window.png")
    window.workspace.panels[Area.INFO].catalog.search.setText("zlsq")  # type: ignore[attr-defined]
    grab(window, out / "item_guide.png")
    window.workspace.tabs.setCurrentIndex(1)
    grab(window, out / "reception.png")
    window.stop_sync()
    services.close()
    render_sync_screens(out)


def login(window: CounterMainWindow, username: str, password: str) -> None:
    window.logout()
    window.login_page.username.setText(username)
    window.login_page.password.setText(password)
    window.login_page.login_button.click()
    assert window.workspace is not None


def render_sync_screens(out: Path) -> None:
    """Two counters on a throwaway central: the 中心数据库 page and one real 同步冲突."""
    try:
        from tests.support.pgserver import PgServer

        server = PgServer().start()
    except (ImportError, RuntimeError, OSError, subprocess.CalledProcessError) as exc:
        print(f"sync screens skipped: no PostgreSQL to render them with ({exc})")
        return
    try:
        _render_sync(out, server.create_database("render"))
    finally:
        server.destroy()


def _render_sync(out: Path, central_url: str) -> None:
    from sqlalchemy.engine import make_url

    from counter_app.container import Services
    from counter_app.hall.settings import HallSettings
    from db.engine import make_engine
    from db.migrate import upgrade
    from tests.cases.reception.support import form
    from ui.admin.admin_panel import AdminPanel
    from ui.supervisor.supervisor_panel import SupervisorPanel

    engine = make_engine(central_url)
    upgrade(engine)
    engine.dispose()
    folder = Path(tempfile.mkdtemp())
    a = Services.open(f"sqlite+pysqlite:///{folder / 'w01.db'}")
    b = Services.open(f"sqlite+pysqlite:///{folder / 'w02.db'}")
    hall = HallSettings(hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W01")
    a.hall.first_run(hall, "admin", "王管理", ADMIN_PASSWORD)
    window = CounterMainWindow(SyncRunner(), sync_interval=None)
    window.attach_services(a)
    login(window, "admin", ADMIN_PASSWORD)
    workspace = window.workspace
    assert workspace is not None
    workspace.tabs.setCurrentWidget(workspace.panels[Area.ADMINISTRATION])
    admin_panel = workspace.panels[Area.ADMINISTRATION]
    assert isinstance(admin_panel, AdminPanel)
    admin_panel.setCurrentWidget(admin_panel.central)
    page = admin_panel.central
    page.join_button.click()  # nothing filled in: the error at 服务器地址
    grab(window, out / "central_admin_error.png")
    url = make_url(central_url)
    page.host.setText(str(url.host))
    page.port.setText(str(url.port))
    page.database.setText(str(url.database))
    page.user.setText(str(url.username))
    page.sslmode.setCurrentIndex(page.sslmode.findData("disable"))
    page.join_button.click()
    window.sync_label.refresh()  # type: ignore[union-attr]  (its timer would, within 1 s)
    grab(window, out / "central_admin.png")

    config = a.sync.config()
    assert config is not None
    b.sync.join(config, "", counter_code="W02")
    admin = a.staff.login("admin", ADMIN_PASSWORD)
    case = a.reception.receive(admin, form(a, 5))
    a.staff.add_user(admin, "zhou", "周审查", frozenset({Role.ADMINISTRATIVE}), "zhou2026ok")
    a.staff.add_user(admin, "zhao", "赵科长", frozenset({Role.SUPERVISOR}), "zhao2026ok")
    for _ in range(2):
        a.sync.run_once()
        b.sync.run_once()
    # Both cut off: each decides on its own copy; B syncs second and conflicts.
    zhou_a: Actor = a.staff.login("zhou", "zhou2026ok")
    at_a = a.approval.start_examination(zhou_a, case.id, case.row_version)
    a.approval.approve(zhou_a, at_a.id, at_a.row_version, "注册号 2026001")
    zhou_b = b.staff.login("zhou", "zhou2026ok")
    at_b = b.approval.start_examination(zhou_b, case.id, case.row_version)
    b.approval.reject(zhou_b, at_b.id, at_b.row_version, ("商标图样不清晰",))
    a.sync.run_once()
    b.sync.run_once()
    a.sync.run_once()
    login(window, "zhao", "zhao2026ok")
    workspace = window.workspace
    assert workspace is not None
    supervisor = workspace.panels[Area.SUPERVISOR]
    assert isinstance(supervisor, SupervisorPanel)
    workspace.tabs.setCurrentWidget(supervisor)
    supervisor.sections.setCurrentWidget(supervisor.conflicts)
    window.sync_label.refresh()  # type: ignore[union-attr]
    grab(window, out / "sync_conflicts.png")
    a.close()
    b.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
