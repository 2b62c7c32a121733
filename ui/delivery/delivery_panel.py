"""The delivery tab (送达): cases ready for delivery, pickup at the window, the mail list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from counter_app.cases.reception import local_today
from counter_app.cases.views import CaseView
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from ui.delivery.collect_page import CollectPage
from ui.delivery.mail_list_page import MailListPage
from ui.delivery.ready_page import READY_STATES, ReadyPage
from ui.tasks import Runner, SyncRunner

if TYPE_CHECKING:
    from counter_app.container import Services


class DeliveryPanel(QWidget):
    """Three pages on Alt+1..3; a scanned pickup notice opens the pickup page.

    ``today`` is the business date of the mail list (the services' clock; tests fix it).
    """

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: Runner | None = None,
        today: Callable[[], date] = local_today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner: Runner = runner or SyncRunner()
        self.services, self.actor = services, actor
        self.ready = ReadyPage(services, actor, self.runner)
        self.collect = CollectPage(services, actor, self.runner)
        self.mail_list = MailListPage(services, actor, self.runner, today)
        self.pages = QTabWidget(self)
        titles = (tr("待送达 (Alt+1)"), tr("窗口领取 (Alt+2)"), tr("邮寄清单 (Alt+3)"))
        for page, title in zip((self.ready, self.collect, self.mail_list), titles, strict=True):
            self.pages.addTab(page, title)
        for number in range(1, 4):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=number: self.pages.setCurrentIndex(n - 1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.pages.currentChanged.connect(lambda _i: self.reload())
        self.ready.sig_delivered.connect(lambda _n: self.mail_list.reload())
        self.collect.sig_collected.connect(lambda _c: self.ready.reload())
        self._draft_checked = False

    def reload(self) -> None:
        """Called when the tab or one of its pages is shown."""
        page = self.pages.currentWidget()
        if not self._draft_checked:  # the first time: a mail form left unsent comes back
            self._draft_checked = True
            if self.ready.mail_draft.load() is not None:
                self.pages.setCurrentWidget(self.ready)
                self.ready.reload()
                self.ready.restore_mail_draft()
                return
        if page is self.ready:
            self.ready.reload()
            self.ready.table.setFocus()
        elif page is self.collect:
            self.collect.reload()
        elif page is self.mail_list:
            self.mail_list.reload()
            self.mail_list.posted_table.setFocus()

    def focus_first(self) -> None:
        """The tab was switched to: the current page's list or scan box."""
        page = self.pages.currentWidget()
        if page is self.ready:
            self.ready.table.setFocus()
        elif page is self.collect:
            self.collect.scan_box.setFocus()
        else:
            self.mail_list.posted_table.setFocus()

    def open_scanned(self, number: str) -> None:
        """A scanned case number on this tab: a case ready for delivery selected in 待送达
        (Ctrl+W or Ctrl+M then), any other case on the pickup page (which says its state)."""
        opener, actor = self.services.reception.open_case, self.actor
        self.runner.run(
            lambda: opener(actor, number),
            self._on_scanned_case,
            lambda _exc: self.open_case(number),  # the pickup page says what is wrong
        )

    def _on_scanned_case(self, case: CaseView) -> None:
        if case.status in READY_STATES:
            self.pages.setCurrentWidget(self.ready)
            self.ready.select_case(case.id)
            return
        self.open_case(case.number)

    def open_case(self, number: str) -> None:
        """A scanned pickup notice: the pickup page with that case."""
        self.pages.setCurrentWidget(self.collect)
        self.collect.find_case(number)
