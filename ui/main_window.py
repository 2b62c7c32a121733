"""The counter window. It appears at once; the database opens in the background meanwhile,
then the window shows the first-run page, the login page, and after login the workspace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from counter_app.i18n import tr
from ui import heap
from ui.pages.login_page import LoginPage
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services
    from counter_app.core.roles import Actor
    from counter_app.hall.rules.settings import HallSettings
    from counter_app.sync.worker import SyncWorker
    from ui.dashboard.daily_timer import DailyReportTimer
    from ui.scan import ScanFilter
    from ui.sync_status import SyncStatusLabel
    from ui.workspace import Workspace

SYNC_INTERVAL = 5.0
"""Seconds between two syncs with the hall's central database (sooner after a local change)."""


class CounterMainWindow(QMainWindow):
    sig_workspace_shown = Signal(object)
    """Emitted with the Workspace after a login built it."""
    sig_services_attached = Signal()
    """Emitted when the database is open and the first-run or login page is ready."""

    def __init__(
        self,
        runner: Runner | None = None,
        parent: QWidget | None = None,
        sync_interval: float | None = SYNC_INTERVAL,
    ) -> None:
        """``sync_interval`` None: no background sync worker (tests that sync by hand)."""
        super().__init__(parent)
        self.runner: Runner = runner or SyncRunner()
        self.services: Services | None = None
        self.workspace: Workspace | None = None
        self.sync_interval = sync_interval
        self.sync_worker: SyncWorker | None = None
        self.sync_label: SyncStatusLabel | None = None
        self.daily_timer: DailyReportTimer | None = None  # a supervisor's daily report
        self.setWindowTitle(tr("知识产权“一件事”窗口"))
        self.stack = QStackedWidget(self)
        self.login_page = LoginPage(self, self.runner)
        self.error_banner = BannerLabel(self)
        self.stack.addWidget(self.login_page)
        self.setCentralWidget(self.stack)
        self.login_page.sig_logged_in.connect(self._on_logged_in)
        self._build_menu()
        self.scan_filter: ScanFilter | None = None  # installed once the database is open
        self.resize(1366, 768)
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _build_menu(self) -> None:
        # Shortcuts set as properties: QAction.setShortcut's overloads would make PySide
        # create the Qt namespace's enums (~25 ms) before the window first shows.
        menu = self.menuBar().addMenu(tr("系统(&S)"))
        self.logout_action = menu.addAction(tr("注销"))
        self.logout_action.setProperty("shortcut", QKeySequence("Ctrl+L"))
        self.logout_action.setEnabled(False)
        self.logout_action.triggered.connect(self.logout)
        quit_action = menu.addAction(tr("退出"))
        quit_action.setProperty("shortcut", QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        help_menu = self.menuBar().addMenu(tr("帮助(&H)"))
        keys = help_menu.addAction(tr("快捷键一览(&K)"))
        keys.triggered.connect(self._on_key_help)
        about = help_menu.addAction(tr("关于"))
        about.triggered.connect(self._on_about)

    def attach_services(self, services: Services) -> None:
        """The database is open: ask for the first-run setup or for a login (the hall's
        settings read through the runner)."""
        self.services = services
        self._install_scan_filter()
        self._start_sync(services)
        heap.settle()  # the services, modules and caches live as long as the window

        def shown(hall: HallSettings | None) -> None:
            if hall is not None:
                self._show_login(hall)
            else:
                self._show_first_run(services)
            self.sig_services_attached.emit()

        self.runner.run(lambda: _hall_if_set_up(services), shown, self._on_failed)

    def _install_scan_filter(self) -> None:
        """A scanned case number opens the case (imported after the window is on screen)."""
        if self.scan_filter is not None:
            return
        from ui.scan import ScanFilter

        self.scan_filter = ScanFilter(lambda: self.workspace is not None, parent=self).install()
        self.scan_filter.sig_scanned.connect(self._on_scanned)

    def _start_sync(self, services: Services) -> None:
        """The sync status in the status bar and the sync worker (idle while not joined)."""
        if not services.sync.available:  # this PC works on the central itself
            return
        from ui.sync_status import SyncStatusLabel

        self.sync_label = SyncStatusLabel(services.sync, self.runner, self)
        self.sync_label.setContentsMargins(12, 0, 4, 0)
        self.statusBar().addPermanentWidget(self.sync_label)
        if self.sync_interval is not None:
            from counter_app.sync.worker import SyncWorker

            self.sync_worker = SyncWorker(services.sync, self.sync_interval).start()

    def stop_sync(self) -> None:
        """Stop the sync worker (before the services close); a sync under way may finish."""
        if self.sync_label is not None:
            self.sync_label.timer.stop()
        if self.sync_worker is not None:
            self.sync_worker.stop(timeout=3.0)
            self.sync_worker = None

    def _show_first_run(self, services: Services) -> None:
        from ui.pages.setup_page import FirstRunPage

        page = FirstRunPage(services.hall.first_run, self, services.queue.set_kiosk_pin)
        page.sig_done.connect(self._on_logged_in)
        page.sig_join.connect(lambda: self._show_join(services, page))
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        page.hall_name.setFocus()

    def _show_join(self, services: Services, first_run: QWidget) -> None:
        """A new PC joins an existing hall: the hall's settings and staff come from the
        central, then the staff log in with their hall accounts."""
        from ui.admin.central_admin import CentralAdminWidget

        page = CentralAdminWidget(services.sync, services.hall, None, self.runner, self)
        back = shortcut_button(tr("返回首次设置"), "Esc", page)
        back.clicked.connect(lambda: self.stack.setCurrentWidget(first_run))
        layout = page.layout()
        assert layout is not None
        layout.addWidget(back)

        def joined(_how: str) -> None:
            self.runner.run(
                lambda: _hall_if_set_up(services),
                lambda hall: None if hall is None else self._show_login(hall),
                self._on_failed,
            )

        page.sig_joined.connect(joined)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        page.host.setFocus()

    def show_problem(self, message: str) -> None:
        """The database could not be opened: say why and what to do."""
        self.login_page.subtitle.setText(tr("无法打开数据库"))
        self.login_page.banner.show_error(message)

    def _on_failed(self, exc: Exception) -> None:
        self.show_problem(str(getattr(exc, "message", "") or exc))

    def _show_login(self, hall: HallSettings) -> None:
        assert self.services is not None
        self.setWindowTitle(
            tr("{h} - 知识产权“一件事”窗口 - 窗口 {c}", h=hall.hall_name, c=hall.counter_code)
        )
        self.login_page.set_ready(self.services.staff.login, hall.hall_name, hall.counter_code)
        self.stack.setCurrentWidget(self.login_page)

    def _on_logged_in(self, actor: Actor) -> None:
        """The password was right: the hall's settings and the tabs' modules are loaded off
        the screen's thread (the login page stays busy meanwhile), then the workspace."""
        services = self.services
        assert services is not None
        self.login_page.set_busy(True)

        def failed(exc: Exception) -> None:
            self.login_page.set_busy(False)
            self.login_page.banner.show_error(str(getattr(exc, "message", "") or exc))

        self.runner.run(
            lambda: _prepare_workspace(services, actor),
            lambda hall: self._show_workspace(actor, hall),
            failed,
        )

    def _show_workspace(self, actor: Actor, hall: HallSettings) -> None:
        from ui.workspace import Workspace

        assert self.services is not None
        self.login_page.set_busy(False)
        self.workspace = Workspace(self.services, actor, hall, self, runner=self.runner)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        for index, label in enumerate(self.workspace.status_labels):
            self.statusBar().insertPermanentWidget(index, label)  # the sync state stays last
        self.logout_action.setEnabled(True)
        from ui.dashboard.daily_timer import start_daily_timer

        self.daily_timer = start_daily_timer(self, self.services, actor, self.runner)
        heap.settle()  # the session's objects out of the collector's full passes
        self.sig_workspace_shown.emit(self.workspace)

    def _on_scanned(self, number: str) -> None:
        """A case number was scanned somewhere in the window: open that case."""
        from ui.reception.opening import open_scanned_case

        if self.workspace is not None:
            open_scanned_case(self.workspace, number)

    def logout(self) -> None:
        if self.workspace is None:
            return
        if self.daily_timer is not None:
            self.daily_timer.dispose()
            self.daily_timer = None
        for label in self.workspace.status_labels:
            self.statusBar().removeWidget(label)
        self.workspace.stop_building()
        self.stack.removeWidget(self.workspace)
        self.workspace.deleteLater()
        self.workspace = None
        heap.release()  # the workspace's objects collected once the login page shows
        QTimer.singleShot(0, heap.collect)
        self.logout_action.setEnabled(False)
        services = self.services
        assert services is not None
        self.runner.run(lambda: services.hall.settings(), self._show_login, self._on_failed)

    def _on_key_help(self) -> None:
        from ui.reception.keys import show_key_help

        show_key_help(self)

    def _on_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, tr("关于"), tr("知识产权保护“一件事”集成服务窗口系统\n版本 0.1"))

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        self.stop_sync()
        super().closeEvent(event)


def _hall_if_set_up(services: Services) -> HallSettings | None:
    """Worker thread: the hall's settings, or None before the first-run setup."""
    return services.hall.settings() if services.hall.is_set_up() else None


def _prepare_workspace(services: Services, actor: Actor) -> HallSettings:
    """Worker thread, after a login: the modules of the actor's tabs imported (building a tab
    then only makes widgets) and the hall's settings read."""
    from printers.pdf import warm_up_in_background
    from ui.workspace import preload

    preload(actor.areas)
    # The PDF font and layout made ready once the tabs are up: the first notice of the
    # session then costs what any other does (printers/pdf/warm.py).
    warm_up_in_background(delay=2.0)
    return services.hall.settings()
