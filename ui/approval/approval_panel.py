"""The approval tab (审批): the work list, and a case opened from it with Enter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from counter_app.cases.worklist import WorkRow
from counter_app.core.roles import Actor
from ui.approval.case_page import ApprovalCasePage
from ui.approval.worklist_page import WorkListPage
from ui.tasks import Runner, SyncRunner

if TYPE_CHECKING:
    from counter_app.container import Services


class ApprovalPanel(QWidget):
    sig_case_decided = Signal(object)
    """Emitted on the GUI thread after a step on a case was saved (CaseView)."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner: Runner = runner or SyncRunner()
        self.worklist = WorkListPage(services, actor, self.runner)
        self.case_page = ApprovalCasePage(services, actor, self.runner)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.worklist)
        self.stack.addWidget(self.case_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.worklist.sig_open_case.connect(self._on_open_case)
        self.case_page.sig_back.connect(self.show_worklist)
        self.case_page.sig_case_changed.connect(self.sig_case_decided.emit)
        self._draft_checked = False

    def reload(self) -> None:
        """Called when the tab is shown: the catalogue once, the list every time."""
        self.worklist.load_items()
        if not self._draft_checked:  # the first time: a decision left unsaved comes back
            self._draft_checked = True
            if self.case_page.draft.load() is not None:
                self.stack.setCurrentWidget(self.case_page)
                self.case_page.drafts.restore()
                return
        if self.stack.currentWidget() is self.worklist:
            self.worklist.reload()
            self.worklist.focus_table()

    def focus_first(self) -> None:
        """The tab was switched to: the list, or the open case's first action."""
        if self.stack.currentWidget() is self.worklist:
            self.worklist.focus_table()
        else:
            self.case_page.focus_first()

    def open_scanned(self, number: str) -> None:
        """A scanned case number on this tab: that case in the approval page."""
        self.open_case(number)

    def open_case(self, case_id: str) -> None:
        self.stack.setCurrentWidget(self.case_page)
        self.case_page.open_case(case_id)

    def show_worklist(self) -> None:
        self.stack.setCurrentWidget(self.worklist)
        self.worklist.reload()
        self.worklist.focus_table()

    def _on_open_case(self, row: WorkRow) -> None:
        self.open_case(row.id)
