"""One case opened by number: applicant (masked), items, materials, history, fees, documents.

A case waiting for a supplement can be completed here (tick what was brought, 补正) or
refused with reasons; every document that applies can be printed again (补打).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.cases.documents import KINDS, RenderedDocument
from counter_app.cases.reception import VIEW_ROLES
from counter_app.cases.rules.reception import missing
from counter_app.cases.rules.states import CaseState
from counter_app.cases.views import CaseView
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from ui.document_bar import DocumentBar
from ui.reception import case_text
from ui.reception.keys import QuietEnterDialog, action_button, key
from ui.reception.materials_model import MaterialsTableModel, MaterialsTableView
from ui.reception.rows_model import TextRowsTableModel
from ui.tasks import Runner
from ui.widgets import BannerLabel

if TYPE_CHECKING:
    from counter_app.container import Services


@dataclass(frozen=True)
class Changed:
    """A case after an action, with the document that action produced (if any)."""

    case: CaseView
    document: RenderedDocument | None = None
    problem: str = ""


def _table(model: Any, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class CaseDialog(QuietEnterDialog):
    sig_opened = Signal(object)
    """Emitted with the CaseView after a case was loaded and shown."""
    sig_load_failed = Signal(str)
    """Emitted with the message when a number could not be opened."""

    def __init__(
        self, services: Services, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services, self.actor, self.runner = services, actor, runner
        self.case: CaseView | None = None
        self.setWindowTitle(tr("案件"))
        self.resize(1180, 660)
        self._build()
        self._connect()

    def _build(self) -> None:
        self.banner = BannerLabel(self)
        self.number_label = QLabel(self)
        self.number_label.setStyleSheet("font-size:18pt; font-weight:bold;")
        self.status_label = QLabel(self)
        self.dates_label = QLabel(self)
        self.applicant_label = QLabel(self)
        self.applicant_label.setWordWrap(True)
        self.items_label = QLabel(self)
        self.items_label.setWordWrap(True)
        self.reveal_button = action_button(tr("显示完整信息"), "Ctrl+Shift+V", self)
        self.reveal_button.setVisible(bool(VIEW_ROLES & self.actor.roles))
        self.reveal_button.setAutoDefault(False)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._materials_page(), tr("材料 (Alt+1)"))
        self.events = TextRowsTableModel(case_text.EVENT_HEADERS)
        self.tabs.addTab(_table(self.events, self), tr("办理记录 (Alt+2)"))
        self.tabs.addTab(self._payments_page(), tr("收费 (Alt+3)"))
        self.tabs.addTab(self._documents_page(), tr("文书 (Alt+4)"))
        self.documents = DocumentBar(self, self)
        self.close_button = QPushButton(tr("关闭 (Esc)"), self)
        self.close_button.setAutoDefault(False)
        self._layout()

    def _materials_page(self) -> QWidget:
        page = QWidget(self)
        self.materials = MaterialsTableModel(editable=False)
        self.materials_view = MaterialsTableView(self.materials, page)
        self.supplement_button = action_button(tr("补正"), "Ctrl+S", self)
        self.reasons = QPlainTextEdit(page)
        self.reasons.setPlaceholderText(tr("不予受理的理由，每行一条（如：逾期未补正）"))
        self.reasons.setMaximumHeight(64)
        self.authority = QLineEdit(page)  # 行政许可法 Art. 32(1)(2): the body to apply to
        self.authority.setPlaceholderText(tr("有权受理机关（不属于本机关职权范围时必填）"))
        self.authority.setMaxLength(80)
        self.refuse_button = action_button(tr("不予受理"), "Ctrl+J", self)
        self.supplement_hint = QLabel(
            tr("勾选申请人带来的材料（空格键），再按 Ctrl+S 补正；材料齐全即予受理"), page
        )
        self.supplement_hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.supplement_hint, 1)
        row.addWidget(self.supplement_button)
        refuse = QHBoxLayout()
        said = QVBoxLayout()
        said.addWidget(self.reasons)
        said.addWidget(self.authority)
        refuse.addLayout(said, 1)
        refuse.addWidget(self.refuse_button)
        column = QVBoxLayout(page)
        column.addWidget(self.materials_view, 1)
        column.addLayout(row)
        column.addLayout(refuse)
        return page

    def _payments_page(self) -> QWidget:
        page = QWidget(self)
        self.payments = TextRowsTableModel(case_text.PAYMENT_HEADERS)
        self.payments_view = _table(self.payments, page)
        self.pay_button = action_button(tr("收费"), "Ctrl+G", self)
        self.receipt_button = action_button(tr("补打收费票据"), "Ctrl+Shift+G", self)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.receipt_button)
        row.addWidget(self.pay_button)
        column = QVBoxLayout(page)
        column.addWidget(self.payments_view, 1)
        column.addLayout(row)
        return page

    def _documents_page(self) -> QWidget:
        page = QWidget(self)
        self.issued = TextRowsTableModel(case_text.DOCUMENT_HEADERS)
        self.reprint_button = action_button(tr("补打"), "Ctrl+Shift+P", self)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.reprint_button)
        column = QVBoxLayout(page)
        column.addWidget(_table(self.issued, page), 1)
        column.addLayout(row)
        return page

    def _layout(self) -> None:
        head = QGridLayout()
        head.addWidget(self.number_label, 0, 0)
        head.addWidget(self.status_label, 0, 1)
        head.addWidget(self.dates_label, 1, 0, 1, 2)
        head.addWidget(self.applicant_label, 2, 0)
        head.addWidget(self.reveal_button, 2, 1)
        head.addWidget(self.items_label, 3, 0, 1, 2)
        head.setColumnStretch(0, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.documents, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(head)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.close_button.clicked.connect(self.reject)
        self.reveal_button.clicked.connect(self._on_reveal)
        self.supplement_button.clicked.connect(self._on_supplement)
        self.refuse_button.clicked.connect(self._on_refuse)
        self.reprint_button.clicked.connect(self._on_reprint)
        self.receipt_button.clicked.connect(self._on_receipt)
        self.pay_button.clicked.connect(self._on_pay_clicked)
        self.documents.sig_message.connect(self._on_message)
        for number in range(4):
            key(self, f"Alt+{number + 1}", partial(self.tabs.setCurrentIndex, number))

    # --- loading -----------------------------------------------------------------------

    def load(self, number: str, reveal: bool = False) -> None:
        """Open ``number`` (a scan, the number box, the saved case)."""
        opener = self.services.reception.open_case
        self.runner.run(
            lambda: opener(self.actor, number, reveal), self._on_loaded, self._on_load_failed
        )

    def _on_loaded(self, case: CaseView) -> None:
        new_case = self.case is None or self.case.id != case.id
        self.show_case(case)
        if new_case:
            self.banner.clear()
            self.documents.set_document(None)
            self.tabs.setCurrentIndex(0)
        self.show()
        self.raise_()
        self.activateWindow()
        if case.status is CaseState.AWAITING_SUPPLEMENT:
            self.materials_view.setFocus()
        self.sig_opened.emit(case)

    def _on_load_failed(self, exc: Exception) -> None:
        message = str(getattr(exc, "message", "") or exc)
        if self.isVisible():
            self.banner.show_error(message)
        self.sig_load_failed.emit(message)

    def show_case(self, case: CaseView) -> None:
        self.case = case
        self.setWindowTitle(tr("案件 {n}", n=case.number))
        self.number_label.setText(case.number)
        self.status_label.setText(case.status.label)
        self.status_label.setStyleSheet(case_text.status_style(case.status))
        self.dates_label.setText(case_text.dates_text(case))
        self.applicant_label.setText(case_text.applicant_text(case))
        self.reveal_button.setEnabled(not case.applicant.revealed)
        self.items_label.setText(case_text.items_text(case))
        waiting = case.status is CaseState.AWAITING_SUPPLEMENT
        self.materials.set_lines([mv.line for mv in case.materials])
        self.materials.set_editable(waiting)
        for widget in (self.supplement_button, self.supplement_hint, self.reasons, self.authority):
            widget.setVisible(waiting)
        self.refuse_button.setVisible(waiting)
        self.events.set_rows(case_text.event_rows(case))
        rows, dimmed = case_text.payment_rows(case)
        self.payments.set_rows(rows, dimmed)
        self.issued.set_rows(case_text.document_rows(case))
        self._refresh_buttons(case)

    def _refresh_buttons(self, case: CaseView) -> None:
        kind = case_text.status_kind(case.status)
        issued = {k for k, _at, _re in case.documents}
        verb = tr("补打") if kind in issued else tr("打印")
        self.reprint_button.setText(tr("{v}{t} (Ctrl+Shift+P)", v=verb, t=KINDS[kind]))
        self.receipt_button.setEnabled(bool(case.payments))
        open_for_fees = case.status not in (CaseState.AWAITING_SUPPLEMENT, CaseState.REFUSED)
        self.pay_button.setEnabled(open_for_fees)

    # --- actions -----------------------------------------------------------------------

    def _on_reveal(self) -> None:
        if self.case is not None:
            self.load(self.case.number, reveal=True)

    def _on_supplement(self) -> None:
        case = self.case
        if case is None or case.status is not CaseState.AWAITING_SUPPLEMENT:
            return
        lines = self.materials.lines()
        self.supplement_button.setEnabled(False)

        def work() -> Changed:
            after = self.services.reception.supplement(self.actor, case.id, lines, case.row_version)
            if after.status is CaseState.AWAITING_SUPPLEMENT:
                return Changed(after)
            return self._render(after, "acceptance")

        self.runner.run(work, self._on_supplemented, self._on_action_failed)

    def _render(self, case: CaseView, kind: str, payment_id: str | None = None) -> Changed:
        """Worker thread: the document, then the case again (its document list changed)."""
        try:
            document = self.services.documents.render(self.actor, case.number, kind, payment_id)
        except CounterError as exc:
            return Changed(case, None, exc.message)
        return Changed(self.services.reception.open_case(self.actor, case.number), document)

    def _on_supplemented(self, changed: Changed) -> None:
        self.supplement_button.setEnabled(True)
        self._show_changed(changed)
        case = changed.case
        if case.status is CaseState.AWAITING_SUPPLEMENT:
            lacking = "、".join(m.name for m in missing(tuple(mv.line for mv in case.materials)))
            self.banner.show_error(tr("已登记补正，仍缺：{m}", m=lacking))
        else:
            self.banner.show_info(tr("材料已补齐，予以受理。受理通知书已生成，按 Ctrl+P 打印"))

    def _on_refuse(self) -> None:
        case = self.case
        reasons = tuple(r for r in self.reasons.toPlainText().splitlines() if r.strip())
        authority = self.authority.text()
        if case is None:
            return
        if not reasons:
            self.banner.show_error(tr("不予受理须写明理由，请在理由框中填写（每行一条）"))
            self.reasons.setFocus()
            return

        def work() -> Changed:
            after = self.services.reception.refuse_pending(
                self.actor, case.id, reasons, case.row_version, authority
            )
            return self._render(after, "refusal")

        self.runner.run(work, self._on_refused, self._on_action_failed)

    def _on_refused(self, changed: Changed) -> None:
        self._show_changed(changed)
        self.reasons.clear()
        self.authority.clear()
        self.banner.show_info(tr("已不予受理，不予受理通知书已生成，按 Ctrl+P 打印"))

    def _on_reprint(self) -> None:
        case = self.case
        if case is not None:
            kind = case_text.status_kind(case.status)
            self.runner.run(
                lambda: self._render(case, kind), self._on_reprinted, self._on_action_failed
            )

    def _on_receipt(self) -> None:
        case = self.case
        if case is None or not case.payments:
            return
        row = self.payments_view.currentIndex().row()
        payment = case.payments[row] if 0 <= row < len(case.payments) else case.payments[-1]
        self.runner.run(
            lambda: self._render(case, "receipt", payment.id),
            self._on_reprinted,
            self._on_action_failed,
        )

    def _on_reprinted(self, changed: Changed) -> None:
        self._show_changed(changed)
        if changed.document is not None:
            self.banner.show_info(tr("{t}已生成，按 Ctrl+P 打印", t=changed.document.title))

    def _show_changed(self, changed: Changed) -> None:
        self.show_case(changed.case)
        self.documents.set_document(changed.document, changed.problem)
        if changed.document is not None:
            self.documents.print_button.setFocus()

    def _on_action_failed(self, exc: Exception) -> None:
        self.supplement_button.setEnabled(True)
        self.banner.show_error(str(getattr(exc, "message", "") or exc))

    def _on_message(self, message: str, error: bool) -> None:
        (self.banner.show_error if error else self.banner.show_info)(message)

    def _on_pay_clicked(self) -> None:
        if self.case is not None:
            self.open_payment(self.case)

    # --- fees --------------------------------------------------------------------------

    def open_payment(self, case: CaseView) -> None:
        """The payment dialog for ``case``, its lines from the items' fees."""
        catalog = self.services.catalog
        self.runner.run(
            lambda: [catalog.get(i.item_id, i.version) for i in case.items],
            lambda items: self._show_payment(case, items),
            self._on_action_failed,
        )

    def _show_payment(self, case: CaseView, items: list[Any]) -> None:
        from ui.reception.payment_dialog import PaymentDialog

        dialog = PaymentDialog(
            self.services, self.actor, self.runner, case, items, self.parentWidget() or self
        )
        dialog.sig_paid.connect(lambda _p: self._after_payment(case.number))
        self.payment_dialog = dialog
        dialog.open()

    def _after_payment(self, number: str) -> None:
        if self.isVisible():
            self.load(number)
