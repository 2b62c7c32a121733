"""After a save: the case number, what was decided, the document to print or save."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.cases.documents import KINDS, RenderedDocument
from counter_app.cases.reception_notice import notice_kind
from counter_app.cases.rules.reception import missing
from counter_app.cases.rules.states import CaseState
from counter_app.cases.views import CaseView
from counter_app.i18n import tr
from ui.document_bar import DocumentBar
from ui.reception.keys import action_button, keyed


def outcome_text(case: CaseView) -> str:
    if case.status is CaseState.AWAITING_SUPPLEMENT:
        lacking = "、".join(m.name for m in missing(tuple(mv.line for mv in case.materials)))
        deadline = case.supplement_deadline.isoformat() if case.supplement_deadline else ""
        return tr("材料不全，已一次性告知：{m}。补正期限：{d}", m=lacking, d=deadline)
    if case.status is CaseState.REFUSED:
        return tr("不予受理：{r}", r="；".join(case.reasons))
    promised = case.promised_on.isoformat() if case.promised_on else tr("未设定")
    return tr("已受理，承诺办结日期：{d}", d=promised)


class ReceptionResult(QWidget):
    """The saved case; Enter does nothing here (a repeated Enter must not act twice)."""

    sig_payment_requested = Signal()
    """Emitted when the staff wants to take the fees of the case."""
    sig_case_requested = Signal(str)
    """Emitted with the case number to open in the case view."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case: CaseView | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.heading = QLabel(self)
        self.number_label = QLabel(self)
        self.number_label.setStyleSheet("font-size:22pt; font-weight:bold;")
        self.number_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.documents = DocumentBar(self, self)
        self.payment_button = action_button(tr("收费"), "Ctrl+G", self)
        # Ctrl+E belongs to the panel (打开案件): the number typed above, else this case.
        self.case_button = QPushButton(keyed(tr("查看案件"), "Ctrl+E"), self)
        self.case_button.setAutoDefault(True)
        self.new_button = QPushButton(keyed(tr("新受理"), "Ctrl+N"), self)
        self._layout()
        self.payment_button.clicked.connect(self.sig_payment_requested)
        self.case_button.clicked.connect(self._on_case_clicked)

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.payment_button, self.case_button, self.new_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(self.heading)
        layout.addWidget(self.number_label)
        layout.addWidget(self.detail)
        layout.addSpacing(16)
        layout.addWidget(self.documents)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(tr("按 Esc 或 Ctrl+N 开始受理下一位申请人"), self))
        layout.addStretch(1)

    def show_case(
        self, case: CaseView, document: RenderedDocument | None, problem: str, has_fees: bool
    ) -> None:
        self.case = case
        self.heading.setText(tr("案件已保存（{s}）", s=case.status.label))
        self.number_label.setText(case.number)
        self.detail.setText(outcome_text(case))
        self.documents.set_document(document, problem)
        self.payment_button.setEnabled(has_fees and case.status is CaseState.RECEIVED)
        self.setFocus()

    def show_pending(self, case: CaseView) -> None:
        """The case is saved; its notice is still being rendered (offered when it is)."""
        self.documents.set_document(None)
        self.documents.title.setText(tr("{k}正在生成…", k=KINDS[notice_kind(case)]))

    def _on_case_clicked(self) -> None:
        if self.case is not None:
            self.sig_case_requested.emit(self.case.number)
