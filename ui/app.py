"""Start the counter: open the database, first run or login, then the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from counter_app.domain.roles import Actor
from counter_app.i18n import tr
from counter_app.paths import log_dir
from counter_app.services.container import Services
from db.errors import DatabaseProblem
from ui.fonts import install_app_font
from ui.login_dialog import LoginDialog
from ui.main_window import CounterMainWindow
from ui.setup_dialog import FirstRunDialog

logger = logging.getLogger(__name__)


def make_application(argv: list[str]) -> QApplication:
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("ip-counter")
    app.setApplicationName(tr("知识产权窗口"))
    install_app_font(app)
    return app


def install_crash_hook() -> None:
    """An unexpected error is logged with its trace and shown once; the app keeps running."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        logger.critical(
            "unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb))
        )
        QMessageBox.critical(
            None,
            tr("程序出错"),
            tr(
                "程序遇到意外错误，已记录在日志中：\n{p}\n\n已录入的内容不会丢失。请联系信息科。",
                p=log_dir(),
            ),
        )

    sys.excepthook = hook


def open_services(url: str) -> Services | None:
    try:
        return Services.open(url)
    except DatabaseProblem as exc:
        QMessageBox.critical(None, tr("无法打开数据库"), exc.message)
        return None


def authenticate(services: Services) -> Actor | None:
    if not services.hall.is_set_up():
        setup = FirstRunDialog(services.hall)
        return setup.actor if setup.exec() == QDialog.DialogCode.Accepted else None
    hall = services.hall.settings()
    login = LoginDialog(services.staff, hall.hall_name, hall.counter_code)
    return login.actor if login.exec() == QDialog.DialogCode.Accepted else None


def run_counter(url: str) -> int:
    app = make_application(sys.argv)
    install_crash_hook()
    services = open_services(url)
    if services is None:
        return 2
    try:
        while True:
            actor = authenticate(services)
            if actor is None:
                return 0
            window = CounterMainWindow(services, actor, services.hall.settings())
            if not _run_window(app, window):
                return 0
    finally:
        services.close()


def _run_window(app: QApplication, window: CounterMainWindow) -> bool:
    """Show the window until it closes; True when the user logged out (show login again)."""
    logout: list[bool] = []
    window.sig_logout_requested.connect(lambda: logout.append(True))
    window.show()
    app.exec()
    return bool(logout)
