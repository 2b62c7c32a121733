"""The supervisor tab: the overdue list (red), the due-soon list (amber) and 延期; the
supervision sections (好差评, 投诉咨询, 诚信档案, 人员考核, 多次跑动, 改进报告, 满意度调查: built
when first shown, ui/supervisor/sections.py); the hall's sync conflicts (同步冲突) and
security events (安全事件).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from counter_app.cases.rules.approval import Urgency
from counter_app.cases.rules.states import CaseState
from counter_app.cases.views import CaseView
from counter_app.cases.worklist import OPEN_STATES, WorkList, WorkRow
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from ui.admin.common import show_failure
from ui.approval.decision_forms import ExtendForm
from ui.approval.tables import CaseTableView
from ui.approval.worklist_model import WorkListTableModel
from ui.supervisor.conflicts import ConflictsWidget
from ui.supervisor.sections import SECTIONS, LazySection
from ui.supervisor.security_events import SecurityEventsWidget
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

RUNNING = tuple(s for s in OPEN_STATES if s is not CaseState.RETURNED_FOR_CORRECTION)


class SupervisorPanel(QWidget):
    """Two sections: 超期与临期 (the deadlines page) and 同步冲突 (loaded when it is shown, as it
    asks the central). Each section's keys work within that section only."""

    sig_to_reception = Signal(object)
    """A section handed a matter to reception (ComplaintService.reception_prefill's dict)."""

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
        self.sections = QTabWidget(self)
        self.deadlines_page = page = QWidget(self.sections)
        self.banner = BannerLabel(page)
        self.overdue_model = WorkListTableModel()
        self.soon_model = WorkListTableModel()
        self.overdue_table = CaseTableView(self.overdue_model, page)
        self.soon_table = CaseTableView(self.soon_model, page)
        self.overdue_label = QLabel(page)
        self.soon_label = QLabel(page)
        self.refresh_button = shortcut_button(tr("刷新"), "Ctrl+R", page)
        self.extend_button = shortcut_button(tr("延期"), "Ctrl+D", page)
        self.extend_form = ExtendForm(page)
        self.extend_form.hide()
        self._last = self.overdue_table
        self.conflicts = ConflictsWidget(services.sync, actor, self.runner, self.sections)
        self.security = SecurityEventsWidget(services.sync, actor, self.runner, self.sections)
        self.lazy = [
            LazySection(section, services, actor, self.runner, self.sections)
            for section in SECTIONS
        ]
        for lazy in self.lazy:
            lazy.sig_to_reception.connect(self.sig_to_reception.emit)
        self._build()
        self._connect()

    def _build(self) -> None:
        page = self.deadlines_page
        title = QLabel(tr("超期与临期案件"), page)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.refresh_button)
        header.addWidget(self.extend_button)
        lists = QVBoxLayout()
        lists.addWidget(self.overdue_label)
        lists.addWidget(self.overdue_table, 1)
        lists.addWidget(self.soon_label)
        lists.addWidget(self.soon_table, 1)
        body = QHBoxLayout()
        body.addLayout(lists, 3)
        body.addWidget(self.extend_form, 1)
        layout = QVBoxLayout(page)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        self.sections.addTab(page, tr("超期与临期"))
        for section in self.lazy:
            self.sections.addTab(section, section.section.label)
        self.sections.addTab(self.conflicts, tr("同步冲突"))
        self.sections.addTab(self.security, tr("安全事件"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.sections)

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.reload)
        self.extend_button.clicked.connect(self._open_extend)
        self.extend_form.sig_submitted.connect(self._on_extend)
        self.extend_form.sig_cancelled.connect(self._close_form)
        for table in (self.overdue_table, self.soon_table):
            table.clicked.connect(lambda _i, t=table: self._remember(t))
            table.sig_row_activated.connect(lambda _r, t=table: self._open_from(t))
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.deadlines_page)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._close_form)
        self.sections.currentChanged.connect(lambda _i: self.reload())

    def reload(self) -> None:
        """Reload the section shown (the conflicts ask the central: only when looked at)."""
        if self.sections.currentWidget() is self.conflicts:
            self.conflicts.reload()
            return
        if self.sections.currentWidget() is self.security:
            self.security.reload()
            return
        current = self.sections.currentWidget()
        if isinstance(current, LazySection):
            current.reload()
            return
        self.runner.run(self._load, self._on_loaded, lambda exc: show_failure(exc, self.banner))

    def _load(self) -> tuple[WorkList, tuple[WorkRow, ...]]:
        overdue = self.services.deadlines.overdue(self.actor)
        running = self.services.approval.worklist(self.actor, RUNNING, limit=500)
        soon = tuple(r for r in running.rows if r.urgency is Urgency.SOON)
        return overdue, soon

    def _on_loaded(self, lists: tuple[WorkList, tuple[WorkRow, ...]]) -> None:
        overdue, soon = lists
        self.overdue_model.set_rows(overdue.rows)
        self.soon_model.set_rows(soon)
        self.overdue_label.setText(tr("已超期 {n} 件", n=overdue.total))
        self.soon_label.setText(tr("2 个工作日内到期 {n} 件", n=len(soon)))
        for table in (self.overdue_table, self.soon_table):
            table.refit()
        if overdue.rows:
            self.overdue_table.select_source_row(0)

    def _remember(self, table: CaseTableView) -> None:
        self._last = table

    def _open_from(self, table: CaseTableView) -> None:
        self._remember(table)
        self._open_extend()

    def selected(self) -> WorkRow | None:
        pairs = [(self.overdue_table, self.overdue_model), (self.soon_table, self.soon_model)]
        pairs.sort(key=lambda pair: pair[0] is not self._last)
        for table, model in pairs:
            row = table.current_row()
            if row is not None:
                return model.row_at(row)
        return None

    def _open_extend(self) -> None:
        row = self.selected()
        if row is None:
            self.banner.show_error(tr("请先在列表中选择一个案件"))
            return
        self.extend_form.prepare(self.actor.username)
        self.extend_form.title.setText(tr("延长办理期限：{n}", n=row.number))
        self.extend_form.show()
        self.extend_form.open()

    def _close_form(self) -> None:
        self.extend_form.hide()
        self._last.setFocus()

    def _on_extend(self) -> None:
        row = self.selected()
        if row is None:
            return
        days, reason, requested_by = self.extend_form.values()
        deadlines = self.services.deadlines
        self.runner.run(
            lambda: deadlines.extend(
                self.actor, row.id, row.row_version, days, reason, requested_by
            ),
            self._on_extended,
            self._on_extend_failed,
        )

    def _on_extended(self, case: CaseView) -> None:
        self._close_form()
        self.banner.show_info(tr("{n} 已延期至 {d}", n=case.number, d=case.promised_on))
        self.reload()

    def _on_extend_failed(self, exc: Exception) -> None:
        if isinstance(exc, CounterError):
            self.extend_form.show_failure(exc)
            return
        show_failure(exc, self.banner)
