"""Cases ready for delivery (decided, or mail returned): 窗口领取 or 邮寄, then the document."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from counter_app.cases.documents import RenderedDocument
from counter_app.cases.mail_defaults import FROM_LAST_MAIL, MailDefaults, mail_defaults
from counter_app.cases.rules.delivery import MailInput
from counter_app.cases.rules.states import CaseState
from counter_app.cases.views import CaseView
from counter_app.cases.worklist import WorkList, WorkRow
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.printing.views import PrinterRole
from ui.admin.common import RED, Column, RowsTableModel, show_failure
from ui.approval.drafts import FormDraft
from ui.approval.inline_form import InlineForm
from ui.approval.tables import CaseTableView
from ui.approval.urgency import masked_applicant
from ui.delivery.mail_form import MailForm
from ui.delivery.pickup_forms import PickupForm
from ui.document_bar import DocumentBar
from ui.reception.drafts import DraftStore
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

READY_STATES = (
    CaseState.APPROVED,
    CaseState.REJECTED,
    CaseState.REFUSED,
    CaseState.MAIL_RETURNED,
)
DEFAULT_CONTENTS: dict[CaseState, tuple[str, ...]] = {
    CaseState.APPROVED: (tr("办理结果（证书或准予决定书）"),),
    CaseState.REJECTED: (tr("不予许可决定书"),),
    CaseState.REFUSED: (tr("不予受理通知书"),),
}
READY_COLUMNS: tuple[Column[WorkRow], ...] = (
    Column(tr("案件编号"), lambda r: r.number),
    Column(tr("状态"), lambda r: r.status.label),
    Column(tr("申请人"), lambda r: masked_applicant(r.applicant, r.applicant_kind)),
    Column(tr("事项"), lambda r: r.items),
)


def _returned_red(row: WorkRow) -> QColor | None:
    return RED if row.status is CaseState.MAIL_RETURNED else None


@dataclass(frozen=True)
class Prepared:
    case: CaseView
    contents: tuple[str, ...]
    mail: MailDefaults = field(default_factory=MailDefaults)


@dataclass(frozen=True)
class Delivered:
    message: str
    document: RenderedDocument | None
    problem: str = ""


class ReadyPage(QWidget):
    sig_delivered = Signal(str)
    """Emitted with the case number after a pickup was prepared or a parcel was sent."""

    def __init__(self, services: Services, actor: Actor, runner: Runner) -> None:
        super().__init__()
        self.services, self.actor, self.runner = services, actor, runner
        self.prepared: Prepared | None = None
        self._select_id = ""  # a scanned case to select once the list is loaded
        store = DraftStore(actor.username, kind="mail")
        self.mail_draft = FormDraft(store, self._mail_snapshot, self)
        self.banner = BannerLabel(self)
        self.model: RowsTableModel[WorkRow] = RowsTableModel(READY_COLUMNS, _returned_red)
        self.table = CaseTableView(self.model, self)
        self.count = QLabel(self)
        self.pickup_button = shortcut_button(tr("窗口领取"), "Ctrl+W", self)
        self.mail_button = shortcut_button(tr("邮寄"), "Ctrl+M", self)
        self.refresh_button = shortcut_button(tr("刷新"), "Ctrl+R", self)
        self.pickup_form = PickupForm(self)
        self.mail_form = MailForm(self)
        self.documents = DocumentBar(self, hide_when_empty=True)
        self.stack = QStackedWidget(self)
        self._build()
        self._connect()

    def _build(self) -> None:
        side = QVBoxLayout()
        buttons = QHBoxLayout()
        for button in (self.refresh_button, self.pickup_button, self.mail_button):
            buttons.addWidget(button)
        side.addLayout(buttons)
        side.addWidget(self.pickup_form)
        self.pickup_form.hide()
        side.addStretch(1)
        list_page = QWidget(self)
        body = QHBoxLayout(list_page)
        body.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(self.count)
        left.addWidget(self.table, 1)
        body.addLayout(left, 3)
        body.addLayout(side, 2)
        self.stack.addWidget(list_page)
        self.stack.addWidget(self.mail_form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.documents)

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.reload)
        self.pickup_button.clicked.connect(lambda: self._prepare(self._open_pickup))
        self.mail_button.clicked.connect(lambda: self._prepare(self._open_mail))
        self.table.sig_row_activated.connect(lambda _r: self.mail_button.setFocus())
        self.pickup_form.sig_submitted.connect(self._on_pickup)
        self.mail_form.sig_submitted.connect(self._on_mail)
        for form in (self.pickup_form, self.mail_form):
            form.sig_cancelled.connect(self.close_form)
        self.documents.sig_message.connect(self._on_message)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_form)

    def reload(self) -> None:
        approval = self.services.approval
        self.runner.run(
            lambda: approval.worklist(self.actor, READY_STATES, limit=200),
            self._on_loaded,
            lambda exc: show_failure(exc, self.banner),
        )

    def _on_loaded(self, work: WorkList) -> None:
        self.model.set_rows(work.rows)
        self.count.setText(tr("待送达 {n} 件", n=work.total))
        self.table.refit()
        wanted = [i for i, r in enumerate(work.rows) if r.id == self._select_id]
        self._select_id = ""
        if work.rows:
            self.table.select_source_row(wanted[0] if wanted else 0)
        if wanted:
            self.table.setFocus()
            self.banner.show_info(tr("已选中扫描的案件：按 Ctrl+W 窗口领取，Ctrl+M 邮寄"))

    def select_case(self, case_id: str) -> None:
        """Reload the list and select ``case_id`` in it (a scan)."""
        self._select_id = str(case_id)
        self.reload()

    def selected(self) -> WorkRow | None:
        row = self.table.current_row()
        return None if row is None else self.model.row_at(row)

    # --- forms ---------------------------------------------------------------------------

    def _prepare(self, then: Callable[[Prepared], None]) -> None:
        row = self.selected()
        if row is None:
            self.banner.show_error(tr("请先在列表中选择一个案件"))
            return
        self.runner.run(lambda: self._load(row.id), then, self._on_failed)

    def _load(self, case_id: str) -> Prepared:
        case = self.services.reception.open_case(self.actor, case_id)
        contents = DEFAULT_CONTENTS.get(case.status, ())
        if not contents:
            earlier = self.services.delivery.deliveries(case.id)
            names = [str(c.get("name", "")) for d in earlier[-1:] for c in d.contents]
            contents = tuple(n for n in names if n)
        return Prepared(case, contents, mail_defaults(self.services.db, case.id))

    def _open_pickup(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.stack.setCurrentIndex(0)
        self.pickup_form.prepare(prepared.contents)
        self.pickup_form.title.setText(tr("窗口领取 — {n}", n=prepared.case.number))
        self.pickup_form.show()
        self.pickup_form.open()

    def _open_mail(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.pickup_form.hide()
        self.mail_draft.stop()
        self.mail_form.prepare(prepared.mail, prepared.contents)
        kept = self.mail_draft.load(prepared.case.id)
        if kept is not None:
            self.mail_form.load_json(dict(kept.get("form") or {}))
            self.banner.show_info(tr("已恢复上次未寄出的邮寄填写内容"))
        elif prepared.mail.source == FROM_LAST_MAIL:
            self.banner.show_info(tr("收件人和地址取自该申请人上次的邮寄，请与申请人核对"))
        elif prepared.mail.source:
            self.banner.show_info(tr("收件人和地址取自申请人登记的资料，请与申请人核对"))
        self.mail_form.title.setText(tr("邮寄送达 — {n}", n=prepared.case.number))
        self.stack.setCurrentWidget(self.mail_form)
        self.mail_form.open()
        self.mail_draft.start()

    def current_form(self) -> InlineForm | None:
        if self.stack.currentWidget() is self.mail_form:
            return self.mail_form
        return self.pickup_form if self.pickup_form.isVisible() else None

    def _mail_snapshot(self) -> dict[str, Any] | None:
        if self.prepared is None or self.stack.currentWidget() is not self.mail_form:
            return None
        case = self.prepared.case
        return {"case_id": case.id, "case_number": case.number, "form": self.mail_form.to_json()}

    def restore_mail_draft(self) -> bool:
        """After a crash or a logout: the mail form of the draft's case, filled again."""
        data = self.mail_draft.load()
        if not data or not data.get("case_id"):
            return False
        case_id = str(data["case_id"])

        def reopen(prepared: Prepared) -> None:
            if prepared.case.status in READY_STATES:
                self._open_mail(prepared)
            else:  # sent or collected meanwhile
                self.mail_draft.clear()

        self.runner.run(lambda: self._load(case_id), reopen, self._on_failed)
        return True

    def hideEvent(self, event: QHideEvent) -> None:
        self.mail_draft.flush()
        super().hideEvent(event)

    def close_form(self) -> None:
        self.mail_draft.stop()  # what was typed stays on disk until the parcel is sent
        self.pickup_form.hide()
        self.stack.setCurrentIndex(0)
        self.table.setFocus()

    # --- saving --------------------------------------------------------------------------

    def _deliver(
        self, step: Callable[[CaseView], Any], kind: str, message: str, form: InlineForm
    ) -> None:
        if self.prepared is None:
            return
        case = self.prepared.case

        def work() -> Delivered:
            step(case)
            try:
                document = self.services.documents.render(self.actor, case.number, kind)
            except CounterError as exc:
                return Delivered(message, None, exc.message)
            return Delivered(message, document)

        self.runner.run(work, self._on_delivered, lambda exc: self._on_form_failed(exc, form))

    def _on_pickup(self) -> None:
        contents, days, address = self.pickup_form.values()
        delivery = self.services.delivery
        self._deliver(
            lambda c: delivery.prepare_pickup(
                self.actor, c.id, c.row_version, contents, days, address
            ),
            "pickup",
            tr("已生成领取通知，案件待领取"),
            self.pickup_form,
        )

    def _on_mail(self) -> None:
        mail = self.mail_form.value()
        has_label_printer = self._label_printer_ready()
        message = (
            tr("已封装寄出，面单已发送到面单打印机")
            if has_label_printer
            else tr("已封装寄出，请打印面单贴在邮件上")
        )
        self._deliver(
            lambda c: self._send_mail(c, mail, has_label_printer),
            "mail_label",
            message,
            self.mail_form,
        )

    def _label_printer_ready(self) -> bool:
        printers = self.services.printing.printers()
        return any(p.role == PrinterRole.LABEL and p.enabled for p in printers)

    def _send_mail(self, case: CaseView, mail: MailInput, to_printer: bool) -> None:
        """Seal and post; the label goes to the label printer's queue when there is one."""
        self.services.delivery.send_mail(self.actor, case.id, case.row_version, mail)
        if to_printer:
            label = self.services.documents.mail_label_data(case.number)
            self.services.printing.print_mail_label(label, uuid.UUID(case.id), actor=self.actor)

    def _on_delivered(self, done: Delivered) -> None:
        number = self.prepared.case.number if self.prepared else ""
        if self.prepared is not None and self.stack.currentWidget() is self.mail_form:
            self.mail_draft.stop()
            self.mail_draft.clear(self.prepared.case.id)
        self.prepared = None
        self.close_form()
        self.documents.set_document(done.document)
        if done.problem:
            self.banner.show_error(tr("{m}；但文书未能生成：{p}", m=done.message, p=done.problem))
        else:
            self.banner.show_info(tr("{n}：{m}", n=number, m=done.message))
        self.reload()
        self.documents.print_button.setFocus()
        self.sig_delivered.emit(number)

    def _on_form_failed(self, exc: Exception, form: InlineForm) -> None:
        if isinstance(exc, CounterError):
            form.show_failure(exc)
            return
        show_failure(exc, self.banner)

    def _on_message(self, text: str, error: bool) -> None:
        if error:
            self.banner.show_error(text)
        else:
            self.banner.show_info(text)

    def _on_failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner)
