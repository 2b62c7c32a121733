"""Start the counter: the window first, the database opened in the background meanwhile."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from counter_app.i18n import tr
from counter_app.paths import log_dir
from db.errors import DatabaseProblem
from ui.fonts import install_app_font
from ui.main_window import CounterMainWindow
from ui.tasks import Runner, ThreadRunner

if TYPE_CHECKING:
    from counter_app.container import Services

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
        from PySide6.QtWidgets import QMessageBox

        trace = "".join(traceback.format_exception(kind, value, tb))
        logger.critical("unexpected error\n%s", trace)
        QMessageBox.critical(
            None,
            tr("程序出错"),
            tr(
                "程序遇到意外错误，已记录在日志中：\n{p}\n\n已录入的内容不会丢失。请联系信息科。",
                p=log_dir(),
            ),
        )

    sys.excepthook = hook


def _open_services(url: str) -> Services:
    """Worker thread, while the window shows "正在打开数据库……"."""
    from counter_app.container import Services  # the heavy imports, off the GUI
    from counter_app.hall.catalog_search import pinyin_keys
    from printers.pdf import warm_up

    services = Services.open(url)
    # pypinyin's phrase dictionary (~0.3 s) and the PDF font and page templates (~0.3 s) load
    # on first use and hold the interpreter for up to 0.3 s whatever thread loads them: here,
    # before the login is enabled, not while the staff work.
    pinyin_keys("专利申请")
    warm_up()
    return services


def start_counter(url: str, runner: Runner) -> CounterMainWindow:
    """Show the window now; attach the services when the background open finishes."""
    window = CounterMainWindow(runner)
    window.show()

    def failed(exc: Exception) -> None:
        if isinstance(exc, DatabaseProblem):
            window.show_problem(exc.message)
        else:
            window.show_problem(tr("打开数据库时出错：{e}。详情见日志 {p}", e=exc, p=log_dir()))

    runner.run(lambda: _open_services(url), window.attach_services, failed)
    return window


def run_counter(url: str) -> int:
    app = make_application(sys.argv)
    install_crash_hook()
    runner = ThreadRunner()
    window = start_counter(url, runner)
    code = app.exec()
    runner.wait()
    services: Any = window.services
    if services is not None:
        services.close()
    return code
