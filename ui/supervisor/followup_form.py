"""The form under a selected bad review: the text of the next step (or of an appeal, or of the
decision on one), the rectification mode and deadline, and the three acts, each with its key.

Messages appear next to the field they concern (``show_failure``)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.supervision.rules.evaluation import AppealState, FollowupState, RectifyMode
from counter_app.supervision.rules.followup_rules import FollowupRow
from ui.admin.common import chain_tab_order
from ui.form import FieldForm
from ui.widgets import FieldErrorLabel, shortcut_button

# What the text box holds at each step.
TEXT_LABELS: dict[FollowupState, str] = {
    FollowupState.VERIFY: tr("核实情况"),
    FollowupState.RECTIFY: tr("整改措施 / 解释说明"),
    FollowupState.FEEDBACK: tr("告知申请人的方式与内容"),
    FollowupState.REVISIT: tr("回访时申请人的意见"),
}
PLACEHOLDERS: dict[FollowupState, str] = {
    FollowupState.VERIFY: tr("是否属实、原因；也可写申诉理由后按“申诉”"),
    FollowupState.RECTIFY: tr("采取的整改措施；诉求缺乏法律依据时写明解释说明"),
    FollowupState.FEEDBACK: tr("如：电话告知申请人整改情况"),
    FollowupState.REVISIT: tr("如：申请人表示满意"),
}
FIELD_ALIASES = {"reason": "text"}
MODES = (RectifyMode.AT_ONCE, RectifyMode.DEADLINE, RectifyMode.NO_BASIS)
DEFAULT_DEADLINE_DAYS = 14


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class FollowupForm(QWidget):
    """Prepared for one bad review (``prepare``); emits what the supervisor asked for."""

    sig_step_submitted = Signal()
    """完成此步 pressed (Ctrl+Enter): take the current step with ``values()``."""
    sig_appeal_submitted = Signal()
    """申诉 pressed (Ctrl+E): appeal the review, the text being the reason."""
    sig_decision_submitted = Signal()
    """审核申诉 pressed (Ctrl+D): decide the pending appeal (成立/驳回), the text the opinion."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: FollowupRow | None = None
        self.today = date.today()
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight:bold;")
        self.step_error = FieldErrorLabel(self)
        self.fields = FieldForm()
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(72)
        self.fields.add("text", tr("说明"), self.text)
        self.mode_box, self.modes = self._mode_box()
        self.fields.add("rectify_mode", tr("整改方式"), self.mode_box)
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.fields.add("rectify_due", tr("整改期限"), self.due)
        self.decision_box, self.uphold, self.reject = self._decision_box()
        self.fields.add("appeal", tr("申诉审核"), self.decision_box)
        self.step_button = shortcut_button(tr("完成此步"), "Ctrl+Return", self)
        self.appeal_button = shortcut_button(tr("申诉"), "Ctrl+E", self)
        self.decide_button = shortcut_button(tr("审核申诉"), "Ctrl+D", self)
        self._build()
        self.step_button.clicked.connect(self.sig_step_submitted)
        self.appeal_button.clicked.connect(self.sig_appeal_submitted)
        self.decide_button.clicked.connect(self.sig_decision_submitted)
        self.modes.idToggled.connect(lambda *_: self._sync_due())
        self.prepare(None)

    def _mode_box(self) -> tuple[QWidget, QButtonGroup]:
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(box)
        for index, mode in enumerate(MODES, start=1):
            label = mode.label if mode is not RectifyMode.NO_BASIS else tr("缺乏依据，解释说明")
            button = QRadioButton(tr("{t} (&{k})", t=label, k=index), box)
            button.setToolTip(mode.label)
            group.addButton(button, index - 1)
            layout.addWidget(button)
        layout.addStretch(1)
        return box, group

    def _decision_box(self) -> tuple[QWidget, QRadioButton, QRadioButton]:
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        uphold = QRadioButton(tr("申诉成立，撤销差评 (&Y)"), box)
        reject = QRadioButton(tr("驳回申诉 (&N)"), box)
        layout.addWidget(uphold)
        layout.addWidget(reject)
        layout.addStretch(1)
        return box, uphold, reject

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.appeal_button)
        buttons.addWidget(self.decide_button)
        buttons.addStretch(1)
        buttons.addWidget(self.step_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.step_error)
        layout.addLayout(self.fields)
        layout.addLayout(buttons)
        self.order_tabs()

    def order_tabs(self) -> None:
        """Tab from the text through the choices to the buttons (call again after the parent
        put the text into its own order: Qt moves only the widget named)."""
        chain_tab_order(
            [
                self.text,
                *self.modes.buttons(),
                self.due,
                self.uphold,
                self.reject,
                self.step_button,
                self.appeal_button,
                self.decide_button,
            ]
        )

    # -- state -----------------------------------------------------------------------------
    def prepare(self, row: FollowupRow | None, today: date | None = None) -> None:
        """Show the form for ``row`` (None: nothing selected)."""
        self.row = row
        self.today = today or self.today
        self.clear_errors()
        self.text.clear()
        self.modes.setExclusive(False)
        for button in self.modes.buttons():
            button.setChecked(False)
        self.modes.setExclusive(True)
        self.due.setMinimumDate(_qdate(self.today + timedelta(days=1)))
        self.due.setDate(_qdate(self.today + timedelta(days=DEFAULT_DEADLINE_DAYS)))
        self.uphold.setChecked(False)
        self.reject.setChecked(False)
        state = row.state if row else None
        pending = row is not None and row.appeal is AppealState.PENDING
        steppable = state in TEXT_LABELS and not pending
        self.title.setText(self._title(row))
        label = self.fields.labelForField(self._box("text"))
        text_label = TEXT_LABELS[state] if state in TEXT_LABELS else tr("说明")
        hint = PLACEHOLDERS.get(state, "") if state else ""
        if pending:
            text_label, hint = tr("审核意见"), tr("申诉是否成立及理由")
        if isinstance(label, QLabel):
            label.setText(text_label)
        self.text.setPlaceholderText(hint)
        self._show_row("rectify_mode", state is FollowupState.RECTIFY and not pending)
        self._show_row("rectify_due", state is FollowupState.RECTIFY and not pending)
        self._show_row("appeal", pending)
        self.text.setEnabled(row is not None and (steppable or pending or row.open))
        self.step_button.setEnabled(steppable)
        self.appeal_button.setEnabled(
            row is not None and row.open and row.appeal is AppealState.NONE
        )
        self.decide_button.setEnabled(pending)
        self._sync_due()

    def _title(self, row: FollowupRow | None) -> str:
        if row is None:
            return tr("在“差评整改”列表中选择一条差评")
        if row.appeal is AppealState.PENDING:
            return tr("申诉待审核（{b} 提出），须由另一位科长审核", b=row.appeal_by)
        if not row.open:
            return tr("已结束：{s}", s=row.state_label)
        return tr("当前步骤：{s}", s=row.state.label)

    def _box(self, name: str) -> QWidget:
        box = self.fields.editor(name).parentWidget()
        assert box is not None
        return box

    def _show_row(self, name: str, visible: bool) -> None:
        self.fields.setRowVisible(self._box(name), visible)

    def _sync_due(self) -> None:
        self.due.setEnabled(self.mode() is RectifyMode.DEADLINE)

    # -- values ----------------------------------------------------------------------------
    def mode(self) -> RectifyMode | None:
        index = self.modes.checkedId()
        return MODES[index] if 0 <= index < len(MODES) else None

    def rectify_due(self) -> date | None:
        if self.mode() is not RectifyMode.DEADLINE:
            return None
        value = self.due.date()
        return date(value.year(), value.month(), value.day())

    def upheld(self) -> bool | None:
        if self.uphold.isChecked():
            return True
        return False if self.reject.isChecked() else None

    def text_value(self) -> str:
        return self.text.toPlainText()

    # -- messages --------------------------------------------------------------------------
    def clear_errors(self) -> None:
        self.fields.clear_errors()
        self.step_error.show_error("")

    def show_failure(self, exc: CounterError) -> bool:
        """Show ``exc`` at its field; False when it names none of this form's fields."""
        name = FIELD_ALIASES.get(exc.field or "", exc.field or "")
        known = name in ("rectify_mode", "rectify_due", "appeal", "text")
        if known and self._box(name).isVisibleTo(self):
            self.fields.show_error(CounterError(exc.message, name))
            focus = {"rectify_mode": self.modes.buttons()[0], "appeal": self.uphold}
            focus.get(name, self.fields.editor(name)).setFocus()
            return True
        if name in ("step", "rectify_mode", "rectify_due", "appeal"):
            self.step_error.show_error(exc.message)
            return True
        return False

    def first_field(self) -> QWidget:
        return self.text
