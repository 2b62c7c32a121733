"""The logged-in part of the counter window: one tab per area the role may use."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from counter_app.core.roles import Actor, Area
from counter_app.hall.rules.settings import HallSettings
from counter_app.i18n import tr
from ui import approval, delivery, supervisor
from ui.placeholder import AreaPlaceholder
from ui.tasks import Runner, SyncRunner

if TYPE_CHECKING:
    from counter_app.container import Services

AREA_TITLES: dict[Area, str] = {
    Area.INFO: tr("信息窗口"),
    Area.RECEPTION: tr("受理"),
    Area.APPROVAL: tr("审批"),
    Area.DELIVERY: tr("送达"),
    Area.QUEUE: tr("叫号"),
    Area.SUPERVISOR: tr("主管"),
    Area.ADMINISTRATION: tr("管理"),
}

PanelFactory = Callable[["Services", Actor, Runner], QWidget]


def _info_panel(services: Services, _actor: Actor, _runner: Runner) -> QWidget:
    from ui.info.info_panel import InfoPanel

    return InfoPanel(services)


def _admin_panel(services: Services, actor: Actor, runner: Runner) -> QWidget:
    from ui.admin.admin_panel import AdminPanel

    return AdminPanel(services, actor, runner=runner)


def _queue_panel(services: Services, actor: Actor, runner: Runner) -> QWidget:
    from ui.queue.queue_panel import QueuePanel

    return QueuePanel(services, actor, runner)


def _reception_panel(services: Services, actor: Actor, runner: Runner) -> QWidget:
    from ui.reception.reception_panel import ReceptionPanel

    return ReceptionPanel(services, actor, runner)


PANEL_FACTORIES: dict[Area, PanelFactory] = {
    Area.INFO: _info_panel,
    Area.RECEPTION: _reception_panel,
    Area.QUEUE: _queue_panel,
    Area.APPROVAL: approval.create_panel,
    Area.DELIVERY: delivery.create_panel,
    Area.SUPERVISOR: supervisor.create_panel,
    Area.ADMINISTRATION: _admin_panel,
}


QUEUE_KEYS = frozenset(f"F{n}" for n in range(1, 10))


def _function_key(label: str) -> str:
    """ "叫下一位 (F1)" -> "F1"; "" when the button's key is not a queue function key."""
    key = label.rsplit("(", 1)[-1].rstrip(")").strip()
    return key if key in QUEUE_KEYS else ""


class Workspace(QWidget):
    """Tabs for ``actor``; Ctrl+1..7 switch tabs; each tab reloads when it is shown."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        hall: HallSettings,
        parent: QWidget | None = None,
        runner: Runner | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.actor, self.hall = services, actor, hall
        self.runner: Runner = runner or SyncRunner()
        self.tabs = QTabWidget(self)
        self.panels: dict[Area, QWidget] = {}
        for area in actor.areas:
            self._add_area(area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.status_labels = self._status_labels()
        self._queue_keys_everywhere()
        self._hand_over_to_reception()
        self._link_tickets()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._on_tab_changed(self.tabs.currentIndex())

    def _add_area(self, area: Area) -> None:
        factory = PANEL_FACTORIES.get(area)
        title = AREA_TITLES[area]
        panel = factory(self.services, self.actor, self.runner) if factory else None
        panel = panel or AreaPlaceholder(title)
        self.panels[area] = panel
        number = len(self.panels)
        index = self.tabs.addTab(panel, tr("{t} (Ctrl+{n})", t=title, n=number))
        action = QAction(self)
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
        self.addAction(action)

    def _status_labels(self) -> list[QLabel]:
        db = self.services.db
        database = tr("数据库：本机") if db.is_sqlite else tr("数据库：中心")
        texts = [
            tr("用户：{n}（{r}）", n=self.actor.display_name, r=self.actor.role_labels),
            tr("窗口：{c}", c=self.hall.counter_code),
            database,
        ]
        from ui.printing.status_label import PrinterStatusLabel

        printers = PrinterStatusLabel(self.services.printing, self.runner)
        return [*(QLabel(text) for text in texts), printers]

    def _queue_keys_everywhere(self) -> None:
        """F1-F9 call, recall, no-show... from every tab, not only the Queue tab (UX.md); the
        current ticket is always in the status bar."""
        panel = self.panels.get(Area.QUEUE)
        buttons = getattr(panel, "buttons", None)
        if panel is None or not isinstance(buttons, dict):
            return
        for own in panel.findChildren(QShortcut):
            if own.key().toString() in QUEUE_KEYS:
                own.setEnabled(False)  # replaced by the workspace-wide one below
        for button in buttons.values():
            key = _function_key(button.text())
            if key:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(button.click)
        ticket = QLabel(tr("当前号：无"))
        panel.sig_current_changed.connect(  # type: ignore[attr-defined]
            lambda text: ticket.setText(tr("当前号：{t}", t=text))
        )
        self.status_labels.insert(0, ticket)

    def _link_tickets(self) -> None:
        """Reception links each case it receives to the ticket served at this window now."""
        queue, reception = self.panels.get(Area.QUEUE), self.panels.get(Area.RECEPTION)
        if queue is None or reception is None or not hasattr(reception, "current_ticket"):
            return
        if not hasattr(queue, "current_ticket_id"):
            return
        reception.current_ticket = lambda: queue.current_ticket_id

    def _hand_over_to_reception(self) -> None:
        """A supervisor's dispute complaint becomes a case at the 受理 tab in one step."""
        source = getattr(self.panels.get(Area.SUPERVISOR), "sig_to_reception", None)
        reception = self.panels.get(Area.RECEPTION)
        start = getattr(reception, "start_from_complaint", None)
        if source is None or reception is None or not callable(start):
            return

        def hand_over(prefill: object) -> None:
            self.tabs.setCurrentWidget(reception)
            start(prefill)

        source.connect(hand_over)

    def _on_tab_changed(self, index: int) -> None:
        panel = self.tabs.widget(index)
        reload = getattr(panel, "reload", None)
        if callable(reload):
            reload()
        if panel is not None:
            focus_first_field(panel)


def focus_first_field(panel: QWidget) -> None:
    """The focus into ``panel`` so its keys work at once: its own ``focus_first()`` when it
    has one, else the first widget of its Tab order that takes the focus."""
    own = getattr(panel, "focus_first", None)
    if callable(own):
        own()
        return
    widget = panel.nextInFocusChain()
    while widget is not None and widget is not panel:
        takes_tab = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        inside = panel.isAncestorOf(widget) and widget.isVisibleTo(panel)
        if inside and takes_tab and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.TabFocusReason)
            return
        widget = widget.nextInFocusChain()
