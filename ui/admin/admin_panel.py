"""The administration tab: catalogue, accounts, information pages, hall settings and audit,
printers, bundles, holidays, the queue and kiosk, the hall's central database, statistics.

Each sub-page is built when it is first shown or asked for (building all ten at once held the
screen ~0.5 s when the tab opened); the first one is built at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

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

W = TypeVar("W", bound=QWidget)
Make = Callable[[Services, Actor, Runner, QWidget], QWidget]
PAGES: tuple[tuple[str, str, Make], ...] = (
    ("catalog", "事项管理", lambda s, a, r, p: CatalogAdminWidget(s.catalog, a, r, p)),
    ("staff", "账号管理", lambda s, a, r, p: StaffAdminWidget(s.staff, a, r, p)),
    ("info", "信息发布", lambda s, a, r, p: InfoAdminWidget(s.info, a, r, p)),
    ("hall", "大厅设置与审计", lambda s, a, r, p: HallAdminWidget(s.hall, s.db, a, r, p)),
    ("printing", "打印机", lambda s, a, r, p: PrintingAdminWidget(s.printing, a, r, p)),
    ("bundles", "一件事套餐", lambda s, a, r, p: BundleAdminWidget(s.bundles, a, r, p)),
    ("calendar", "节假日", lambda s, a, r, p: CalendarAdminWidget(s.calendar, a, r, p)),
    ("queue", "排队与自助机", lambda s, a, r, p: QueueAdminWidget(s, a, r, p)),
    ("central", "中心数据库", lambda s, a, r, p: CentralAdminWidget(s.sync, s.hall, a, r, p)),
    ("statistics", "统计", lambda s, a, r, p: DashboardWidget(s, a, r, p)),
)


class _Slot(QWidget):
    """The tab's place for a sub-page until it is built."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.name = name
        self.inner: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def put(self, widget: QWidget) -> None:
        self.inner = widget
        self._layout.addWidget(widget)
        widget.show()


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
        self._services, self._actor = services, actor
        self._run: Runner = runner or SyncRunner()
        self._makers = {name: make for name, _title, make in PAGES}
        self._slots: dict[str, _Slot] = {}
        for name, title, _make in PAGES:
            slot = _Slot(name, self)
            self._slots[name] = slot
            self.addTab(slot, tr(title))
        self.currentChanged.connect(self._on_tab_changed)
        self._page(PAGES[0][0])

    # -- the pages, built on first use -----------------------------------------------------
    def _page(self, name: str) -> QWidget:
        slot = self._slots[name]
        if slot.inner is None:
            widget = self._makers[name](self._services, self._actor, self._run, slot)
            slot.put(widget)
            self._wire(name, widget)
            if name != "statistics":  # the dashboard loads itself when shown
                reload = getattr(widget, "reload", None)
                if callable(reload):
                    reload()
        assert slot.inner is not None
        return slot.inner

    def _wire(self, name: str, widget: QWidget) -> None:
        if isinstance(widget, CatalogAdminWidget):
            widget.sig_catalog_changed.connect(self.sig_catalog_changed)
        elif isinstance(widget, StaffAdminWidget):
            widget.sig_staff_changed.connect(self.sig_staff_changed)
        elif isinstance(widget, InfoAdminWidget):
            widget.sig_info_changed.connect(self.sig_info_changed)
        elif isinstance(widget, HallAdminWidget):
            widget.sig_hall_changed.connect(self.sig_hall_changed)
        elif isinstance(widget, CentralAdminWidget):
            widget.sig_joined.connect(self._on_central_joined)

    def built(self, name: str) -> QWidget | None:
        return self._slots[name].inner

    @property
    def catalog(self) -> CatalogAdminWidget:
        return _as(self._page("catalog"), CatalogAdminWidget)

    @property
    def staff(self) -> StaffAdminWidget:
        return _as(self._page("staff"), StaffAdminWidget)

    @property
    def info(self) -> InfoAdminWidget:
        return _as(self._page("info"), InfoAdminWidget)

    @property
    def hall(self) -> HallAdminWidget:
        return _as(self._page("hall"), HallAdminWidget)

    @property
    def printing(self) -> PrintingAdminWidget:
        return _as(self._page("printing"), PrintingAdminWidget)

    @property
    def bundles(self) -> BundleAdminWidget:
        return _as(self._page("bundles"), BundleAdminWidget)

    @property
    def calendar(self) -> CalendarAdminWidget:
        return _as(self._page("calendar"), CalendarAdminWidget)

    @property
    def queue(self) -> QueueAdminWidget:
        return _as(self._page("queue"), QueueAdminWidget)

    @property
    def central(self) -> CentralAdminWidget:
        return _as(self._page("central"), CentralAdminWidget)

    @property
    def statistics(self) -> DashboardWidget:
        return _as(self._page("statistics"), DashboardWidget)

    def setCurrentWidget(self, widget: QWidget) -> None:
        """A sub-page or its tab's place: the tab that holds it."""
        for slot in self._slots.values():
            if widget is slot.inner:
                widget = slot
                break
        super().setCurrentWidget(widget)

    def reload(self) -> None:
        """Reload every sub-page built so far (the others load when they are built)."""
        for name, slot in self._slots.items():
            reload = getattr(slot.inner, "reload", None)
            if name != "statistics" and callable(reload):
                reload()

    def _on_central_joined(self, how: str) -> None:
        """Joining an existing hall replaced the catalogue, accounts and settings: reload."""
        if how == "joined":
            self.reload()

    def _on_tab_changed(self, index: int) -> None:
        slot = self.widget(index)
        if not isinstance(slot, _Slot):
            return
        built = slot.inner is not None
        page = self._page(slot.name)
        if isinstance(page, HallAdminWidget) and built:
            page.reload_audit()


def _as(widget: QWidget, kind: type[W]) -> W:
    assert isinstance(widget, kind)
    return widget
