"""排队与自助机: the queue and the kiosk set up by the administrator: ticket categories, windows
and what they serve, the options and the board's notice, the kiosk's exit PIN, rating screens.

Alt+1 … Alt+6 open the pages (Ctrl+Tab steps through them); each page saves with Ctrl+S.
The domain refuses anyone but an administrator (counter_app/queue/admin.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from ui.admin.queue.categories import CategoriesPage
from ui.admin.queue.item_links import ItemLinksWidget
from ui.admin.queue.rating import RatingPage
from ui.admin.queue.settings import OptionsPage, PinPage
from ui.admin.queue.windows import WindowsPage
from ui.tasks import Runner, SyncRunner


class QueueAdminWidget(QWidget):
    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        run: Runner = runner or SyncRunner()
        queue = services.queue
        self.pages = QTabWidget(self)
        self.categories = CategoriesPage(queue, actor, run, self.pages)
        self.windows = WindowsPage(queue, actor, run, self.pages)
        self.options = OptionsPage(queue, services.hall, actor, run, self.pages)
        self.pin = PinPage(queue, actor, run, self.pages)
        self.rating = RatingPage(queue, actor, run, self.pages)
        self.links = ItemLinksWidget(services, actor, run, self.pages)
        self.pages.addTab(self.categories, tr("取号类别 (&1)"))
        self.pages.addTab(self.windows, tr("窗口 (&2)"))
        self.pages.addTab(self.options, tr("选项与提示语 (&3)"))
        self.pages.addTab(self.pin, tr("自助机退出密码 (&4)"))
        self.pages.addTab(self.rating, tr("评价器 (&5)"))
        self.pages.addTab(self.links, tr("事项对应取号类别 (&6)"))
        self.categories.sig_saved.connect(lambda _view: self.windows.reload())
        self.windows.sig_saved.connect(lambda _view: self.rating.reload())
        self.categories.sig_saved.connect(lambda _view: self.links.reload())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def reload(self) -> None:
        """Reload every page from the database."""
        self.categories.reload()
        self.windows.reload()
        self.options.reload()
        self.pin.reload()
        self.rating.reload()
        self.links.reload()
