"""Taking the fees of a case: lines from the items' fees, channel, reference, receipt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.cases.documents import RenderedDocument
from counter_app.cases.payments import CHANNELS, DIGITAL
from counter_app.cases.views import CaseView, PaymentView
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.rules.catalog import ItemView
from counter_app.i18n import tr
from ui.document_bar import DocumentBar
from ui.reception.fees_model import AMOUNT, NAME, NOTE, FeeTableModel, fee_rows
from ui.reception.keys import QuietEnterDialog, action_button, key
from ui.scan import SCAN_TARGET
from ui.tasks import Runner
from ui.widgets import BannerLabel, FieldErrorLabel

if TYPE_CHECKING:
    from counter_app.container import Services


@dataclass(frozen=True)
class Paid:
    payment: PaymentView
    document: RenderedDocument | None
    problem: str


class FeeTableView(QTableView):
    """Space ticks the current line; typing a digit starts editing its amount."""

    def __init__(self, model: FeeTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._model = model
        self.verticalHeader().hide()
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentIndex().row()
        if event.key() == Qt.Key.Key_Space and row >= 0 and self.state() != self.State.EditingState:
            self._model.toggle(row)
            return
        if event.text().isdigit() and row >= 0 and self.state() != self.State.EditingState:
            self.setCurrentIndex(self._model.index(row, AMOUNT))
        super().keyPressEvent(event)


class PaymentDialog(QuietEnterDialog):
    sig_paid = Signal(object)
    """Emitted with the PaymentView after the payment was recorded."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: Runner,
        case: CaseView,
        items: list[ItemView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.actor, self.runner, self.case = services, actor, runner, case
        self.paid: PaymentView | None = None
        self.setWindowTitle(tr("收费 - {n}", n=case.number))
        self.resize(900, 560)
        self.banner = BannerLabel(self)
        self.fees = FeeTableModel()
        self.fees.set_rows(fee_rows(items))
        self.table = FeeTableView(self.fees, self)
        self.total_label = QLabel(self)
        self.total_label.setStyleSheet("font-size:16pt; font-weight:bold;")
        self.channel = QComboBox(self)
        for value, label in CHANNELS.items():
            self.channel.addItem(label, value)
        self.reference = QLineEdit(self)
        self.reference.setProperty(SCAN_TARGET, True)
        self.reference.setMaxLength(64)
        self.reference.setPlaceholderText(tr("扫描付款码凭条或输入交易流水号"))
        self.reference_error = FieldErrorLabel(self)
        self.pay_button = action_button(tr("确认收费"), "Ctrl+S", self)
        self.documents = DocumentBar(self, self)
        self.close_button = QPushButton(tr("关闭 (Esc)"), self)
        self.close_button.setAutoDefault(False)
        self._layout()
        self._connect()
        self._refresh()

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(tr("支付方式 (Alt+C)"), self.channel)
        reference = QVBoxLayout()
        reference.setSpacing(1)
        reference.addWidget(self.reference)
        reference.addWidget(self.reference_error)
        form.addRow(tr("交易流水号"), reference)
        bottom = QHBoxLayout()
        bottom.addWidget(self.documents, 1)
        bottom.addWidget(self.pay_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(
            QLabel(tr("申请人：{n}    案件：{c}", n=self.case.applicant.name, c=self.case.number))
        )
        layout.addWidget(QLabel(tr("空格键勾选收取的项目，输入数字修改金额，回车确认"), self))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total_label)
        layout.addLayout(form)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.fees.dataChanged.connect(lambda *_: self._refresh())
        self.channel.currentIndexChanged.connect(lambda _i: self._refresh())
        self.reference.textChanged.connect(lambda _t: self._refresh())
        self.reference.returnPressed.connect(self.pay_button.click)  # the scanner's Enter pays
        self.pay_button.clicked.connect(self._on_pay)
        self.close_button.clicked.connect(self.reject)
        self.documents.sig_message.connect(self._on_message)
        key(self, "Alt+C", self.channel.setFocus)

    def _problem(self) -> str:
        if self.paid is not None:
            return tr("已收费")
        if not self.fees.charged():
            return tr("请勾选收取的项目")
        unpriced = self.fees.unpriced()
        if unpriced:
            return tr("请填写金额：{n}", n="、".join(r.name for r in unpriced))
        channel = str(self.channel.currentData())
        if channel in DIGITAL and not self.reference.text().strip():
            return tr("{c}支付须登记交易流水号（可扫码录入）", c=CHANNELS[channel])
        return ""

    def _refresh(self) -> None:
        self.total_label.setText(tr("合计：{t} 元", t=f"{self.fees.total():.2f}"))
        problem = self._problem()
        self.pay_button.setEnabled(not problem)
        self.pay_button.setText(problem if problem else tr("确认收费 (Ctrl+S)"))
        channel = str(self.channel.currentData())
        needed = channel in DIGITAL and not self.reference.text().strip() and self.paid is None
        self.reference_error.show_error(problem if needed else "")

    def _on_pay(self) -> None:
        if self._problem():
            return
        lines, channel, reference = (
            self.fees.fee_lines(),
            str(self.channel.currentData()),
            self.reference.text(),
        )
        self.pay_button.setEnabled(False)

        def work() -> Paid:
            payment = self.services.payments.record(
                self.actor, self.case.id, lines, channel, reference
            )
            try:
                document = self.services.documents.render(
                    self.actor, self.case.number, "receipt", payment.id
                )
            except CounterError as exc:
                return Paid(payment, None, exc.message)
            return Paid(payment, document, "")

        self.runner.run(work, self._on_paid, self._on_failed)

    def _on_paid(self, paid: Paid) -> None:
        self.paid = paid.payment
        self.table.setEnabled(False)
        self.channel.setEnabled(False)
        self.reference.setReadOnly(True)
        self._refresh()
        self.documents.set_document(paid.document, paid.problem)
        amount = f"{paid.payment.amount:.2f}"
        self.banner.show_info(
            tr(
                "已收费 {a} 元，票据号 {r}。按 Ctrl+P 打印票据",
                a=amount,
                r=paid.payment.receipt_number,
            )
        )
        self.documents.print_button.setFocus()
        self.sig_paid.emit(paid.payment)

    def _on_failed(self, exc: Exception) -> None:
        self._refresh()
        message = str(getattr(exc, "message", "") or exc)
        if isinstance(exc, CounterError) and exc.field == "transaction_ref":
            self.reference_error.show_error(message)
            self.reference.setFocus()
        self.banner.show_error(message)

    def _on_message(self, message: str, error: bool) -> None:
        (self.banner.show_error if error else self.banner.show_info)(message)
