"""The counter window: one tab per area the logged-in role may use, and the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from counter_app.domain.roles import Actor, Area
from counter_app.i18n import tr
from counter_app.services.container import Services
from counter_app.services.hall import HallSettings
from db.engine import safe_url
from ui.info.info_panel import InfoPanel
from ui.placeholder import AreaPlaceholder

AREA_TITLES: dict[Area, str] = {
    Area.INFO: tr("信息窗口"),
    Area.RECEPTION: tr("受理"),
    Area.APPROVAL: tr("审批"),
    Area.DELIVERY: tr("送达"),
    Area.QUEUE: tr("叫号"),
    Area.SUPERVISOR: tr("主管"),
    Area.ADMINISTRATION: tr("管理"),
}


def _admin_panel(services: Services, actor: Actor) -> QWidget:
    from ui.admin.admin_panel import AdminPanel

    return AdminPanel(services, actor)


PANEL_FACTORIES: dict[Area, Callable[[Services, Actor], QWidget]] = {
    Area.INFO: lambda services, _actor: InfoPanel(services),
    Area.ADMINISTRATION: _admin_panel,
}


class CounterMainWindow(QMainWindow):
    sig_logout_requested = Signal()
    """Emitted when the user chooses to log out (the app shows the login again)."""

    def __init__(
        self, services: Services, actor: Actor, hall: HallSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services, self.actor, self.hall = services, actor, hall
        self.setWindowTitle(
            tr("{h} - 知识产权“一件事”窗口 - 窗口 {c}", h=hall.hall_name, c=hall.counter_code)
        )
        self.tabs = QTabWidget(self)
        self.panels: dict[Area, QWidget] = {}
        for area in actor.areas:
            self._add_area(area)
        self.setCentralWidget(self.tabs)
        self._build_menu()
        self._build_status_bar()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.resize(1366, 768)
        self._restore_geometry()

    def _add_area(self, area: Area) -> None:
        factory = PANEL_FACTORIES.get(area)
        title = AREA_TITLES[area]
        panel = factory(self.services, self.actor) if factory else AreaPlaceholder(title)
        self.panels[area] = panel
        index = self.tabs.addTab(panel, tr("{t} (Ctrl+{n})", t=title, n=len(self.panels)))
        self.tabs.setTabToolTip(index, title)
        action = QAction(self)
        action.setShortcut(QKeySequence(f"Ctrl+{len(self.panels)}"))
        action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
        self.addAction(action)

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(tr("系统(&S)"))
        logout = menu.addAction(tr("注销"))
        logout.setShortcut(QKeySequence("Ctrl+L"))
        logout.triggered.connect(self._on_logout)
        quit_action = menu.addAction(tr("退出"))
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        about = self.menuBar().addMenu(tr("帮助(&H)")).addAction(tr("关于"))
        about.triggered.connect(self._on_about)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.user_label = QLabel(
            tr("用户：{n}（{r}）", n=self.actor.display_name, r=self.actor.role_labels)
        )
        self.window_label = QLabel(tr("窗口：{c}", c=self.hall.counter_code))
        self.database_label = QLabel(self._database_text())
        self.printer_label = QLabel(tr("打印机：未配置"))
        for label in (self.user_label, self.window_label, self.database_label, self.printer_label):
            bar.addPermanentWidget(label)

    def _database_text(self) -> str:
        if self.services.db.is_sqlite:
            return tr("数据库：本机")
        return tr("数据库：中心 {u}", u=safe_url(self.services.db.engine.url))

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if not getattr(self, "_loaded", False):
            self._loaded = True
            self._on_tab_changed(self.tabs.currentIndex())

    def _on_tab_changed(self, index: int) -> None:
        panel = self.tabs.widget(index)
        reload = getattr(panel, "reload", None)
        if callable(reload):
            reload()

    def _on_logout(self) -> None:
        self.sig_logout_requested.emit()
        self.close()

    def _on_about(self) -> None:
        QMessageBox.about(self, tr("关于"), tr("知识产权保护“一件事”集成服务窗口系统\n版本 0.1"))

    def _restore_geometry(self) -> None:
        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)  # type: ignore[arg-type]

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        super().closeEvent(event)
