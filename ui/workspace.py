"""The logged-in part of the counter window: one tab per area the role may use."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget, QVBoxLayout, QWidget

from counter_app.core.roles import Actor, Area
from counter_app.hall.rules.settings import HallSettings
from counter_app.i18n import tr
from ui import approval, delivery, heap, supervisor
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


def _info_panel(services: Services, _actor: Actor, runner: Runner) -> QWidget:
    from ui.info.info_panel import InfoPanel

    return InfoPanel(services, runner=runner)


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
BUILD_STEP_MS = 1
"""Between the turns that build a tab: a timer, not a 0 ms call, so that the timers, input
and painting due meanwhile come first (0 ms calls run back to back before them)."""

PANEL_MODULES: dict[Area, str] = {
    Area.INFO: "ui.info.info_panel",
    Area.RECEPTION: "ui.reception.reception_panel",
    Area.QUEUE: "ui.queue.queue_panel",
    Area.APPROVAL: "ui.approval.approval_panel",
    Area.DELIVERY: "ui.delivery.delivery_panel",
    Area.SUPERVISOR: "ui.supervisor.supervisor_panel",
    Area.ADMINISTRATION: "ui.admin.admin_panel",
}
"""The module of each area's panel: imported off the screen's thread while the password is
checked (``preload``), so that opening a tab later only builds widgets."""


def preload(areas: Iterable[Area]) -> None:
    """Import the panels' modules (a worker thread calls this; importing makes no widget)."""
    for area in areas:
        module = PANEL_MODULES.get(area)
        if module is not None:
            importlib.import_module(module)


def _function_key(label: str) -> str:
    """ "叫下一位 (F1)" -> "F1"; "" when the button's key is not a queue function key."""
    key = label.rsplit("(", 1)[-1].rstrip(")").strip()
    return key if key in QUEUE_KEYS else ""


class PendingTab(QWidget):
    """Holds a tab's place until its panel is built, in the event-loop turns after the tab is
    first shown. It has the keyboard focus meanwhile: a key pressed before the panel is there
    builds it at once (its shortcuts then work) and goes on to the panel's first field."""

    def __init__(
        self, area: Area, finish: Callable[[], object], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.area, self._finish = area, finish
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        label = QLabel(tr("正在打开……"), self)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color:#666; font-size:14pt;")
        QVBoxLayout(self).addWidget(label)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            # Qt asks the focus widget before it looks for a shortcut: build the panel now,
            # so the shortcut map finds the panel's own keys.
            self._finish()
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._finish()
        target = QApplication.focusWidget()
        if target is None or target is self:
            super().keyPressEvent(event)
            return
        copy = QKeyEvent(
            event.type(),
            event.key(),
            event.modifiers(),
            event.text(),
            event.isAutoRepeat(),
            event.count(),
        )
        QApplication.sendEvent(target, copy)


class Panels(Mapping[Area, QWidget]):
    """The workspace's panel of each area, built on first use (``workspace.panels[area]``
    builds it; iterating or ``in`` does not)."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def __getitem__(self, area: Area) -> QWidget:
        if area not in self._workspace.areas:
            raise KeyError(area)
        return self._workspace.panel(area)

    def __iter__(self) -> Iterator[Area]:
        return iter(self._workspace.areas)

    def __len__(self) -> int:
        return len(self._workspace.areas)

    def __contains__(self, area: object) -> bool:
        return area in self._workspace.areas


class Workspace(QWidget):
    """Tabs for ``actor``; Ctrl+1..7 switch tabs; each tab is built when first shown (over
    two event-loop turns, the first tab too) and reloads whenever it is shown."""

    sig_panel_built = Signal(object)
    """Emitted with the Area whose panel was just built."""

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
        self.areas: tuple[Area, ...] = tuple(actor.areas)
        self._built: dict[Area, QWidget] = {}
        self._made: dict[Area, QWidget] = {}  # built, not yet in its tab
        self._pending: Area | None = None
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.setInterval(BUILD_STEP_MS)
        self._build_timer.timeout.connect(self._build_step)
        self.panels = Panels(self)
        for number, area in enumerate(self.areas, start=1):
            self._add_tab(area, number)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.status_labels = self._status_labels()
        self.ticket_label: QLabel | None = None
        self._queue_keys_everywhere()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self._on_tab_changed(self.tabs.currentIndex())

    def _add_tab(self, area: Area, number: int) -> None:
        title = AREA_TITLES[area]
        pending = PendingTab(area, lambda: self.panel(area))
        index = self.tabs.addTab(pending, tr("{t} (Ctrl+{n})", t=title, n=number))
        action = QAction(self)
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
        self.addAction(action)

    # -- building the panels when first needed ------------------------------------------
    #
    # A tab shown for the first time shows its PendingTab at once; the panel's widgets are
    # made in the next event-loop turn (not yet shown), and put in the tab in the turn after
    # (Qt then lays them out and paints them). Each turn is about half of building and
    # showing a panel in one go, and the screen answers between them (issue 17). Asking for
    # a panel (``panels[area]``, a key pressed meanwhile) builds what is left at once.

    def area_at(self, index: int) -> Area:
        return self.areas[index]

    def built(self, area: Area) -> QWidget | None:
        """The area's panel when it is built and in its tab, else None (never builds)."""
        return self._built.get(area)

    def panel(self, area: Area) -> QWidget:
        """The area's panel, built now if it was not yet (its tab stays where it was)."""
        panel = self._built.get(area)
        if panel is not None:
            return panel
        made = self._made.pop(area, None)
        return self._insert(area, made if made is not None else self._construct(area))

    def current_panel(self) -> QWidget | None:
        """The panel of the tab on screen (built now if it is still being built)."""
        index = self.tabs.currentIndex()
        return None if index < 0 else self.panel(self.area_at(index))

    def _construct(self, area: Area) -> QWidget:
        factory = PANEL_FACTORIES.get(area)
        made = factory(self.services, self.actor, self.runner) if factory else None
        return made or AreaPlaceholder(AREA_TITLES[area])

    def stop_building(self) -> None:
        """No more building (the workspace is being closed: a logout)."""
        self._build_timer.stop()
        self._pending = None

    def _schedule(self, area: Area) -> None:
        self._pending = area
        self._build_timer.start()

    def _build_step(self) -> None:
        """One turn of building the pending tab: first its widgets, then into the tab."""
        area, self._pending = self._pending, None
        if area is None or area in self._built:
            return
        if area not in self._made:
            if self.tabs.currentIndex() != self.areas.index(area):
                return  # another tab was chosen meanwhile: built when shown again
            self._made[area] = self._construct(area)
            self._schedule(area)
            return
        self._insert(area, self._made.pop(area))

    def _insert(self, area: Area, panel: QWidget) -> QWidget:
        """``panel`` into its tab in place of the PendingTab; shown at once if it is current."""
        self._built[area] = panel
        index = self.areas.index(area)
        current = self.tabs.currentIndex()
        title = self.tabs.tabText(index)
        pending = self.tabs.widget(index)
        self.tabs.blockSignals(True)  # the tab is swapped, not changed
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, panel, title)
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(False)
        if pending is not None:
            pending.deleteLater()
        self._link(area, panel)
        heap.settle()  # the tab's widgets live as long as the session
        self.sig_panel_built.emit(area)
        if current == index:
            self._shown(panel)
        return panel

    def _link(self, area: Area, panel: QWidget) -> None:
        """What ties a new panel to the others (each link made by whichever comes second)."""
        if area is Area.QUEUE:
            self._queue_built(panel)
        if area is Area.RECEPTION:
            self._link_tickets()
        if area in (Area.SUPERVISOR, Area.RECEPTION):
            self._hand_over_to_reception()

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
        current ticket is always in the status bar. The keys work before the Queue tab was
        ever shown: the first press builds it."""
        if Area.QUEUE not in self.areas:
            return
        for key in sorted(QUEUE_KEYS):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda k=key: self._queue_key(k))
        self.ticket_label = QLabel(tr("当前号：无"))
        self.status_labels.insert(0, self.ticket_label)

    def _queue_key(self, key: str) -> None:
        buttons = getattr(self.panel(Area.QUEUE), "buttons", None)
        for button in buttons.values() if isinstance(buttons, dict) else ():
            if _function_key(button.text()) == key:
                button.click()
                return

    def _queue_built(self, panel: QWidget) -> None:
        for own in panel.findChildren(QShortcut):
            if own.key().toString() in QUEUE_KEYS:
                own.setEnabled(False)  # replaced by the workspace-wide ones
        label, changed = self.ticket_label, getattr(panel, "sig_current_changed", None)
        if label is not None and changed is not None:
            changed.connect(lambda text: label.setText(tr("当前号：{t}", t=text)))

    def _link_tickets(self) -> None:
        """Reception links each case it receives to the ticket served at this window now (none
        while the Queue tab was never built: F1 builds it)."""
        reception = self.built(Area.RECEPTION)
        if reception is None or not hasattr(reception, "current_ticket"):
            return
        if Area.QUEUE in self.areas:
            reception.current_ticket = lambda: getattr(
                self.built(Area.QUEUE), "current_ticket_id", None
            )

    def _hand_over_to_reception(self) -> None:
        """A supervisor's dispute complaint becomes a case at the 受理 tab in one step."""
        supervisor = self.built(Area.SUPERVISOR)
        source = getattr(supervisor, "sig_to_reception", None)
        if source is None or Area.RECEPTION not in self.areas or self._handing_over:
            return
        self._handing_over = True

        def hand_over(prefill: object) -> None:
            reception = self.panel(Area.RECEPTION)
            start = getattr(reception, "start_from_complaint", None)
            self.tabs.setCurrentWidget(reception)
            if callable(start):
                start(prefill)

        source.connect(hand_over)

    _handing_over = False

    def _on_tab_changed(self, index: int) -> None:
        if index < 0:
            return
        area = self.area_at(index)
        panel = self._built.get(area)
        if panel is None:
            pending = self.tabs.widget(index)
            if pending is not None:
                pending.setFocus()  # the PendingTab: it takes the keys meanwhile
            self._schedule(area)
            return
        self._shown(panel)

    def _shown(self, panel: QWidget) -> None:
        """A panel came on screen: fresh data, the focus into it."""
        reload = getattr(panel, "reload", None)
        if callable(reload):
            reload()
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
