"""主管 → 统计 (DashboardWidget): 今日 (live tiles), 期间统计 (table, charts, drill-down,
exports) and 每日报表 (the daily report's folder and time; daily_timer.py writes it) as inner
tabs.

Keys: Ctrl+R refresh / query, Alt+T/W/M/L 今日/本周/本月/上月, Ctrl+E / Ctrl+P export, Enter on
a number opens its list, Esc back; Alt+1..3 switch the inner tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from counter_app.core.roles import Actor
from counter_app.i18n import tr
from ui.dashboard.exports import DailyReportPage
from ui.dashboard.models import DrillTarget
from ui.dashboard.period_view import PeriodView
from ui.dashboard.today_view import TodayView
from ui.tasks import Runner, SyncRunner

if TYPE_CHECKING:
    from counter_app.container import Services


class DashboardWidget(QWidget):
    """The supervisor's figures. Built by the supervisor panel with ``(services, actor,
    runner, parent)``; ``reload()`` refreshes the inner tab shown."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner: Runner = runner or SyncRunner()
        self.tabs = QTabWidget(self)
        self.today = TodayView(services.reports, actor, self.runner, self.tabs)
        self.period = PeriodView(services, actor, self.runner, self.tabs)
        self.daily = DailyReportPage(self.tabs)  # written by the main window's daily_timer
        self.tabs.addTab(self.today, tr("今日 (Alt+1)"))
        self.tabs.addTab(self.period, tr("期间统计 (Alt+2)"))
        self.tabs.addTab(self.daily, tr("每日报表 (Alt+3)"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        for n in range(3):
            shortcut = QShortcut(QKeySequence(f"Alt+{n + 1}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=n: self.show_tab(n))
        self.tabs.currentChanged.connect(lambda _i: self._focus_current())
        self.today.sig_drill.connect(self._today_list)

    def _today_list(self, target: DrillTarget) -> None:
        """A today tile's list, shown in 期间统计 (Esc there comes back to its table)."""
        day = self.services.reports.business_date()
        self.tabs.setCurrentWidget(self.period)
        self.period.open_list(target, day, day)

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self._focus_current()

    def _focus_current(self) -> None:
        current = self.tabs.currentWidget()
        if current is self.period:
            self.period.grid.setFocus()
        elif current is self.today:
            self.today.refresh_button.setFocus()
        elif current is self.daily:
            self.daily.enabled.setFocus()

    def reload(self) -> None:
        """The tab shown: today's figures again; the period once (then Ctrl+R); the setting."""
        current = self.tabs.currentWidget()
        if current is self.today:
            self.today.refresh()
        elif current is self.daily:
            self.daily.reload()
        elif self.period.table is None and not self.period.loading:
            self.period.reload()
