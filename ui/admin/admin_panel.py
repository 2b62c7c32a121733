"""The administration tab: catalogue, accounts, information pages, hall settings and audit,
printers, bundles, holidays and the hall's central database."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from ui.admin.bundle_admin import BundleAdminWidget
from ui.admin.calendar_admin import CalendarAdminWidget
from ui.admin.catalog_admin import CatalogAdminWidget
from ui.admin.central_admin import CentralAdminWidget
from ui.admin.hall_admin import HallAdminWidget
from ui.admin.info_admin import InfoAdminWidget
from ui.admin.queue_admin import QueueAdminWidget
from ui.admin.staff_admin import StaffAdminWidget
from ui.dashboard.dashboard_page import DashboardWidget
from ui.printing.printing_admin import PrintingAdminWidget
from ui.tasks import Runner, SyncRunner


class AdminPanel(QTabWidget):
    """Sub-tabs; each reloads itself after its own changes and says so by a signal."""

    sig_catalog_changed = Signal()
    """Emitted after a catalogue item was added, edited, retired or restored."""
    sig_staff_changed = Signal()
    """Emitted after an account was added, edited or unlocked (the staff board may change)."""
    sig_info_changed = Signal()
    """Emitted after an information entry was added, edited or removed."""
    sig_hall_changed = Signal(object)
    """Emitted with the new HallSettings after the hall settings were saved."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        parent: QWidget | None = None,
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        run: Runner = runner or SyncRunner()
        self.catalog = CatalogAdminWidget(services.catalog, actor, run, self)
        self.staff = StaffAdminWidget(services.staff, actor, run, self)
        self.info = InfoAdminWidget(services.info, actor, run, self)
        self.hall = HallAdminWidget(services.hall, services.db, actor, run, self)
        self.addTab(self.catalog, tr("事项管理"))
        self.addTab(self.staff, tr("账号管理"))
        self.addTab(self.info, tr("信息发布"))
        self.addTab(self.hall, tr("大厅设置与审计"))
        self.printing = PrintingAdminWidget(services.printing, actor, run, self)
        self.addTab(self.printing, tr("打印机"))
        self.bundles = BundleAdminWidget(services.bundles, actor, run, self)
        self.addTab(self.bundles, tr("一件事套餐"))
        self.calendar = CalendarAdminWidget(services.calendar, actor, run, self)
        self.addTab(self.calendar, tr("节假日"))
        self.queue = QueueAdminWidget(services, actor, run, self)
        self.addTab(self.queue, tr("排队与自助机"))
        self.central = CentralAdminWidget(services.sync, services.hall, actor, run, self)
        self.addTab(self.central, tr("中心数据库"))
        self.statistics = DashboardWidget(services, actor, run, self)  # loads when shown
        self.addTab(self.statistics, tr("统计"))
        self.central.sig_joined.connect(self._on_central_joined)
        self.catalog.sig_catalog_changed.connect(self.sig_catalog_changed)
        self.staff.sig_staff_changed.connect(self.sig_staff_changed)
        self.info.sig_info_changed.connect(self.sig_info_changed)
        self.hall.sig_hall_changed.connect(self.sig_hall_changed)
        self.currentChanged.connect(self._on_tab_changed)

    def reload(self) -> None:
        """Reload every sub-tab from the database."""
        self.catalog.reload()
        self.staff.reload()
        self.info.reload()
        self.hall.reload()
        self.printing.reload()
        self.bundles.reload()
        self.calendar.reload()
        self.queue.reload()
        self.central.reload()

    def _on_central_joined(self, how: str) -> None:
        """Joining an existing hall replaced the catalogue, accounts and settings: reload."""
        if how == "joined":
            self.reload()

    def _on_tab_changed(self, index: int) -> None:
        if self.widget(index) is self.hall:
            self.hall.reload_audit()
