"""One case in the approval tab: the details on the left, the actions and their forms on the right.

Every action has its key on its button; a form opens inline (no dialog), Enter confirms and
Esc cancels it; Esc with no form open goes back to the work list. After 退回补正 or 不予许可
the notice is rendered at once and offered for printing or saving.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.cases.approval import DecisionView
from counter_app.cases.documents import RenderedDocument
from counter_app.cases.rules.approval import RepeatedReasons
from counter_app.cases.rules.states import CaseState, allowed_next
from counter_app.cases.views import CaseView
from counter_app.cases.worklist import OPEN_STATES
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.i18n import tr
from ui.admin.common import show_failure
from ui.approval.case_details import CaseDetails
from ui.approval.decision_forms import ApproveForm, ExtendForm, ForwardForm
from ui.approval.drafts import DecisionDrafts
from ui.approval.inline_form import InlineForm
from ui.approval.reasons_form import REJECT, RETURN, ReasonsForm
from ui.document_bar import DocumentBar
from ui.reception.drafts import DraftStore
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

NOTICE_KIND = {RETURN: "correction", REJECT: "rejection"}


@dataclass(frozen=True)
class Loaded:
    case: CaseView
    decisions: list[DecisionView]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Decided:
    loaded: Loaded
    message: str
    document: RenderedDocument | None = None
    problem: str = ""


class ApprovalCasePage(QWidget):
    sig_back = Signal()
    """Emitted when the officer leaves the case (Esc): the work list should refresh."""
    sig_case_changed = Signal(object)
    """Emitted on the GUI thread after a step was saved (CaseView)."""

    def __init__(self, services: Services, actor: Actor, runner: Runner) -> None:
        super().__init__()
        self.services, self.actor, self.runner = services, actor, runner
        self.loaded: Loaded | None = None
        self.banner = BannerLabel(self)
        self.details = CaseDetails(self)
        self.approve_form = ApproveForm(self)
        self.reasons_form = ReasonsForm(self)
        self.forward_form = ForwardForm(self)
        self.extend_form = ExtendForm(self)
        self.forms = QStackedWidget(self)
        self.forms.addWidget(QWidget(self))
        for form in self._all_forms():
            self.forms.addWidget(form)
            form.sig_cancelled.connect(self.close_form)
        self.documents = DocumentBar(self, hide_when_empty=True)
        self.documents.sig_message.connect(self._on_message)
        self._build_buttons()
        self._layout()
        self._connect_forms()
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._on_escape)
        self.drafts = DecisionDrafts(self, DraftStore(actor.username, kind="approval"))
        self.draft = self.drafts.keeper

    def _all_forms(self) -> tuple[InlineForm, ...]:
        return (self.approve_form, self.reasons_form, self.forward_form, self.extend_form)

    def _build_buttons(self) -> None:
        self.examine_button = shortcut_button(tr("开始审查"), "Ctrl+Shift+E", self)
        self.approve_button = shortcut_button(tr("准予"), "Ctrl+S", self)
        self.return_button = shortcut_button(tr("退回补正"), "Ctrl+I", self)
        self.reject_button = shortcut_button(tr("不予许可"), "Ctrl+J", self)
        self.forward_button = shortcut_button(tr("转外部机关"), "Ctrl+Shift+F", self)
        self.resubmit_button = shortcut_button(tr("补正材料已收到"), "Ctrl+Shift+I", self)
        self.extend_button = shortcut_button(tr("延期"), "Ctrl+D", self)
        self.back_button = QPushButton(tr("返回列表 (Esc)"), self)
        self.examine_button.clicked.connect(self._on_examine)
        self.approve_button.clicked.connect(self._open_approve)
        self.return_button.clicked.connect(lambda: self._open_reasons(RETURN))
        self.reject_button.clicked.connect(lambda: self._open_reasons(REJECT))
        self.forward_button.clicked.connect(self._open_forward)
        self.resubmit_button.clicked.connect(self._on_resubmitted)
        self.extend_button.clicked.connect(self._open_extend)
        self.back_button.clicked.connect(self._on_escape)
        self.extend_button.setVisible(self.actor.has(Role.SUPERVISOR))

    def action_buttons(self) -> list[QPushButton]:
        return [
            self.examine_button,
            self.approve_button,
            self.return_button,
            self.reject_button,
            self.forward_button,
            self.resubmit_button,
            self.extend_button,
            self.back_button,
        ]

    def _layout(self) -> None:
        grid = QGridLayout()
        for n, button in enumerate(self.action_buttons()):
            grid.addWidget(button, n // 2, n % 2)
        side = QVBoxLayout()
        side.addLayout(grid)
        side.addWidget(self.forms, 1)
        side.addWidget(self.documents)
        body = QHBoxLayout()
        body.addWidget(self.details, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    def _connect_forms(self) -> None:
        self.approve_form.sig_submitted.connect(self._on_approve)
        self.reasons_form.sig_submitted.connect(self._on_reasons)
        self.forward_form.sig_submitted.connect(self._on_forward)
        self.extend_form.sig_submitted.connect(self._on_extend)

    # --- loading -------------------------------------------------------------------------

    def open_case(self, case_id: str) -> None:
        self.banner.clear()
        self.documents.set_document(None)
        self.close_form()
        self.runner.run(lambda: self._load(case_id), self._on_loaded, self._on_failed)

    def _load(self, case_id: str) -> Loaded:
        case = self.services.reception.open_case(self.actor, case_id)
        approval = self.services.approval
        return Loaded(case, approval.decisions(case.id), approval.reason_choices(case.id))

    def _on_loaded(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.details.show_case(loaded.case, loaded.decisions)
        self._enable_actions(loaded.case)
        first = next((b for b in self.action_buttons() if b.isEnabled() and b.isVisible()), None)
        (first or self.back_button).setFocus()
        self.drafts.on_loaded(loaded.case.id)

    def hideEvent(self, event: QHideEvent) -> None:
        self.draft.flush()
        super().hideEvent(event)

    def _enable_actions(self, case: CaseView) -> None:
        nexts = allowed_next(case.status)
        status = case.status
        self.examine_button.setEnabled(status is CaseState.RECEIVED)
        self.approve_button.setEnabled(CaseState.APPROVED in nexts)
        self.return_button.setEnabled(CaseState.RETURNED_FOR_CORRECTION in nexts)
        self.reject_button.setEnabled(CaseState.REJECTED in nexts)
        self.forward_button.setEnabled(
            CaseState.FORWARDED in nexts and status is not CaseState.FORWARDED
        )
        self.resubmit_button.setEnabled(status is CaseState.RETURNED_FOR_CORRECTION)
        can_extend = status in OPEN_STATES and case.promised_on is not None
        self.extend_button.setEnabled(self.actor.has(Role.SUPERVISOR) and can_extend)

    # --- forms ---------------------------------------------------------------------------

    def _answer_prefix(self) -> str:
        forwarded = self.loaded is not None and self.loaded.case.status is CaseState.FORWARDED
        return tr("记录外部机关答复：") if forwarded else ""

    def _show_form(self, form: InlineForm) -> None:
        self.draft.stop()
        self.forms.setCurrentWidget(form)
        if self.drafts.fill(form):
            self.banner.show_info(tr("已恢复上次未保存的填写内容"))
        form.open()
        self.draft.start()

    def close_form(self) -> None:
        self.draft.stop()  # the typed values stay on disk until the step is saved
        self.forms.setCurrentIndex(0)
        if self.loaded is not None:
            first = next((b for b in self.action_buttons() if b.isEnabled()), self.back_button)
            first.setFocus()

    def focus_first(self) -> None:
        """The open form's first field, else the first action that can be taken."""
        form = self.current_form()
        field = form.first_field() if form is not None else None
        if field is not None:
            field.setFocus()
            return
        first = next((b for b in self.action_buttons() if b.isEnabled()), self.back_button)
        first.setFocus()

    def current_form(self) -> InlineForm | None:
        widget = self.forms.currentWidget()
        return widget if isinstance(widget, InlineForm) else None

    def _open_approve(self) -> None:
        if self.loaded is None:
            return
        numbers = tuple(i.number for i in self.loaded.case.items)
        prefix = self._answer_prefix()
        self.approve_form.prepare(numbers, prefix + tr("准予 — 录入办理结果") if prefix else "")
        self._show_form(self.approve_form)

    def _open_reasons(self, kind: str) -> None:
        if self.loaded is None:
            return
        prefix = self._answer_prefix()
        title = prefix + (tr("退回补正") if kind == RETURN else tr("不予许可")) if prefix else ""
        self.reasons_form.prepare(kind, self.loaded.reasons, title)
        self._show_form(self.reasons_form)

    def _open_forward(self) -> None:
        self.forward_form.prepare()
        self._show_form(self.forward_form)

    def _open_extend(self) -> None:
        self.extend_form.prepare(self.actor.username)
        self._show_form(self.extend_form)

    def _on_escape(self) -> None:
        if self.current_form() is not None:
            self.close_form()
            return
        self.sig_back.emit()

    # --- saving --------------------------------------------------------------------------

    def _save(
        self,
        step: Callable[[CaseView], Any],
        message: str,
        notice: str = "",
        form: InlineForm | None = None,
    ) -> None:
        """Run ``step`` on the open case, reload it, render ``notice`` when one is due."""
        if self.loaded is None:
            return
        case = self.loaded.case

        def work() -> Decided:
            step(case)
            loaded = self._load(case.id)
            if not notice:
                return Decided(loaded, message)
            try:
                document = self.services.documents.render(self.actor, case.number, notice)
            except CounterError as exc:
                return Decided(loaded, message, problem=exc.message)
            return Decided(loaded, message, document)

        self.runner.run(work, self._on_decided, lambda exc: self._on_save_failed(exc, form))

    def _on_decided(self, decided: Decided) -> None:
        self._on_loaded(decided.loaded)
        self.close_form()
        self.draft.clear(decided.loaded.case.id)
        self.documents.set_document(decided.document)
        if decided.problem:
            problem = tr("{m}；但文书未能生成：{p}", m=decided.message, p=decided.problem)
            self.banner.show_error(problem)
        else:
            self.banner.show_info(decided.message)
        self.sig_case_changed.emit(decided.loaded.case)

    def _on_save_failed(self, exc: Exception, form: InlineForm | None) -> None:
        if isinstance(exc, RepeatedReasons) and form is self.reasons_form:
            self.reasons_form.show_repeated(exc)
            return
        if form is not None and isinstance(exc, CounterError):
            form.show_failure(exc)
            return
        show_failure(exc, self.banner)

    def _on_failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner)

    def _on_message(self, text: str, error: bool) -> None:
        if error:
            self.banner.show_error(text)
        else:
            self.banner.show_info(text)

    def _on_examine(self) -> None:
        approval = self.services.approval
        self._save(
            lambda c: approval.start_examination(self.actor, c.id, c.row_version),
            tr("已开始审查"),
        )

    def _on_resubmitted(self) -> None:
        approval = self.services.approval
        self._save(
            lambda c: approval.resubmitted(self.actor, c.id, c.row_version),
            tr("补正材料已收到，继续审查，期限恢复计算"),
        )

    def _on_approve(self) -> None:
        result = self.approve_form.result.text()
        number = self.approve_form.document_number.text()
        approval = self.services.approval
        self._save(
            lambda c: approval.approve(self.actor, c.id, c.row_version, result, number),
            tr("已准予，案件转送达；决定书已生成，按 Ctrl+P 打印"),
            "approval",  # 准予许可决定书 or 办结通知 (R-APR-2)
            form=self.approve_form,
        )

    def _on_reasons(self) -> None:
        form = self.reasons_form
        reasons, confirm, days = form.reasons(), form.confirm_repeats, form.resubmit_days.value()
        approval = self.services.approval

        def step(c: CaseView) -> CaseView:
            if form.kind == RETURN:
                return approval.return_for_correction(
                    self.actor, c.id, c.row_version, reasons, days, confirm
                )
            return approval.reject(self.actor, c.id, c.row_version, reasons, confirm)

        done = tr("已退回补正") if form.kind == RETURN else tr("已作出不予许可决定")
        message = tr("{d}（{n} 条理由）", d=done, n=len(reasons))
        self._save(step, message, NOTICE_KIND[form.kind], form)

    def _on_forward(self) -> None:
        authority, note = self.forward_form.values()
        approval = self.services.approval
        self._save(
            lambda c: approval.forward(self.actor, c.id, c.row_version, authority, note),
            tr("已转{a}，待其答复后在此记录", a=authority),
            form=self.forward_form,
        )

    def _on_extend(self) -> None:
        days, reason, requested_by = self.extend_form.values()
        deadlines = self.services.deadlines
        self._save(
            lambda c: deadlines.extend(self.actor, c.id, c.row_version, days, reason, requested_by),
            tr("已延期 {d} 个工作日", d=days),
            form=self.extend_form,
        )
