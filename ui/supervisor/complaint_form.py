"""The forms of the complaints register: registering a complaint, consultation or suggestion
(``ComplaintEntryForm``) and taking the selected one's next step (``ComplaintStepForm``).

Messages appear next to the field they concern; every field is reached with Tab, every act
has its key (Ctrl+S 登记, Ctrl+Return 完成此步, Ctrl+P 打印书面答复, Esc 取消)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.supervision.rules.complaint_forms import ComplaintDetail, ComplaintForm
from counter_app.supervision.rules.complaints import Cause, Channel, Kind, ReplyMethod, State
from ui.admin.common import chain_tab_order
from ui.form import FieldForm
from ui.widgets import FieldErrorLabel, shortcut_button

STAFF_CHANNELS = (Channel.ONSITE, Channel.LETTER, Channel.PHONE, Channel.ONLINE)


def _text_box(parent: QWidget, height: int) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    return box


def _combo(parent: QWidget, items: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox(parent)
    for label, data in items:
        combo.addItem(label, data)
    return combo


class ComplaintEntryForm(QWidget):
    """A new complaint as typed at the counter (the kiosk has its own screen)."""

    sig_submitted = Signal()
    """登记 pressed (Ctrl+S): register ``values()``."""
    sig_cancelled = Signal()
    """取消 pressed (Esc)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(tr("登记投诉、咨询或意见建议"), self)
        self.title.setStyleSheet("font-weight:bold;")
        self.fields = FieldForm()
        self.channel_box, self.channels = self._channel_box()
        self.fields.add("channel", tr("渠道"), self.channel_box)
        self.kind = _combo(self, [(k.label, k) for k in Kind])
        self.fields.add("kind", tr("类别"), self.kind)
        self.anonymous = QCheckBox(tr("匿名（不留姓名和联系方式）(&A)"), self)
        self.fields.add("anonymous", "", self.anonymous)
        self.name = self.fields.line("name", tr("姓名"), max_length=60)
        self.phone = self.fields.line(
            "phone", tr("联系电话"), tr("手机或区号加固话"), max_length=20
        )
        self.address = self.fields.line("address", tr("通信地址"), tr("书面件必填"), max_length=200)
        self.about_window = self.fields.line(
            "about_window", tr("涉及窗口"), tr("如 3"), max_length=3
        )
        self.staff = _combo(self, [(tr("（不涉及具体人员）"), "")])
        self.fields.add("about_staff", tr("涉及人员"), self.staff)
        self.case = self.fields.line(
            "about_case", tr("涉及案件"), tr("案件编号，可扫码"), False, 40
        )
        self.item = QSpinBox(self)
        self.item.setRange(0, 99)
        self.item.setSpecialValueText(tr("（不涉及具体事项）"))
        self.fields.add("about_item", tr("涉及事项序号"), self.item)
        self.text = _text_box(self, 90)
        self.fields.add("text", tr("内容"), self.text)
        self.answer = self.fields.line("answered_now", tr("当场答复"), tr("咨询当场答复的填此项"))
        self.save_button = shortcut_button(tr("登记"), "Ctrl+S", self)
        self.cancel_button = shortcut_button(tr("取消"), "Esc", self)
        self._build()
        self.anonymous.toggled.connect(self._sync)
        self.kind.currentIndexChanged.connect(lambda _i: self._sync())
        self.save_button.clicked.connect(self.sig_submitted)
        self.cancel_button.clicked.connect(self.sig_cancelled)
        self._sync()

    def _channel_box(self) -> tuple[QWidget, QButtonGroup]:
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(box)
        for index, channel in enumerate(STAFF_CHANNELS, start=1):
            button = QRadioButton(tr("{t} (&{k})", t=channel.label, k=index), box)
            group.addButton(button, index - 1)
            layout.addWidget(button)
        layout.addStretch(1)
        return box, group

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(self.fields)
        layout.addLayout(buttons)
        layout.addStretch(1)
        chain_tab_order(
            [
                *self.channels.buttons(),
                self.kind,
                self.anonymous,
                self.name,
                self.phone,
                self.address,
                self.about_window,
                self.staff,
                self.case,
                self.item,
                self.text,
                self.answer,
                self.save_button,
                self.cancel_button,
            ]
        )

    def _row_box(self, name: str) -> QWidget:
        box = self.fields.editor(name).parentWidget()
        assert box is not None
        return box

    def _sync(self) -> None:
        """Anonymous hides who and how to reach; only a consultation is answered on the spot."""
        for name in ("name", "phone", "address"):
            self.fields.setRowVisible(self._row_box(name), not self.anonymous.isChecked())
        consultation = self.kind.currentData() == Kind.CONSULTATION
        self.fields.setRowVisible(self._row_box("answered_now"), consultation)

    def prepare(self, staff: Sequence[tuple[str, str]]) -> None:
        """Empty the form; ``staff`` are (username, name) for 涉及人员."""
        self.fields.clear_errors()
        self.channels.setExclusive(False)
        for button in self.channels.buttons():
            button.setChecked(False)
        self.channels.setExclusive(True)
        self.kind.setCurrentIndex(0)
        self.anonymous.setChecked(False)
        for edit in (
            self.name,
            self.phone,
            self.address,
            self.about_window,
            self.case,
            self.answer,
        ):
            edit.clear()
        self.text.clear()
        self.item.setValue(0)
        self.staff.clear()
        self.staff.addItem(tr("（不涉及具体人员）"), "")
        for username, name in staff:
            self.staff.addItem(f"{name}（{username}）", username)
        first = self.channels.buttons()[0]
        first.setFocus()

    def values(self) -> ComplaintForm:
        index = self.channels.checkedId()
        return ComplaintForm(
            channel=STAFF_CHANNELS[index] if index >= 0 else None,
            text=self.text.toPlainText(),
            kind=Kind(self.kind.currentData()),
            anonymous=self.anonymous.isChecked(),
            name=self.name.text(),
            phone=self.phone.text(),
            address=self.address.text(),
            about_window=self.about_window.text(),
            about_staff=str(self.staff.currentData() or ""),
            about_case=self.case.text(),
            about_item=self.item.value() or None,
        )

    def answered_now(self) -> str:
        return self.answer.text() if self.kind.currentData() == Kind.CONSULTATION else ""

    def show_failure(self, error: CounterError) -> bool:
        self.fields.clear_errors()
        return self.fields.show_error(error)


STEP_TITLES: dict[State, str] = {
    State.REGISTERED: tr("下一步：分派承办人"),
    State.ASSIGNED: tr("下一步：调查核实"),
    State.INVESTIGATING: tr("下一步：处理结果"),
    State.RESOLVED: tr("下一步：答复投诉人"),
    State.REPLIED: tr("下一步：归档"),
}
UPHELD = ((tr("属实 (&Y)"), True), (tr("不属实 (&N)"), False), (tr("不作认定 (&U)"), None))


class ComplaintStepForm(QWidget):
    """The next step of the selected complaint: only the fields that step needs are shown."""

    sig_step_submitted = Signal()
    """完成此步 pressed (Ctrl+Return)."""
    sig_letter_requested = Signal()
    """打印书面答复 pressed (Ctrl+P)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: ComplaintDetail | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight:bold;")
        self.step_error = FieldErrorLabel(self)
        self.fields = FieldForm()
        self.handler = _combo(self, [])
        self.fields.add("handler", tr("承办人"), self.handler)
        self.finding = _text_box(self, 60)
        self.fields.add("finding", tr("调查情况"), self.finding)
        self.result = _text_box(self, 60)
        self.fields.add("result", tr("处理结果"), self.result)
        self.cause = _combo(self, [(c.label, c) for c in Cause])
        self.fields.add("cause", tr("原因分类"), self.cause)
        self.upheld_box, self.upheld = self._upheld_box()
        self.fields.add("upheld", tr("是否属实"), self.upheld_box)
        self.method = _combo(self, [(m.label, m) for m in ReplyMethod])
        self.fields.add("method", tr("答复方式"), self.method)
        self.reply_text = _text_box(self, 60)
        self.fields.add("reply_text", tr("答复内容"), self.reply_text)
        self.step_button = shortcut_button(tr("完成此步"), "Ctrl+Return", self)
        self.letter_button = shortcut_button(tr("打印书面答复"), "Ctrl+P", self)
        self._build()
        self.step_button.clicked.connect(self.sig_step_submitted)
        self.letter_button.clicked.connect(self.sig_letter_requested)
        self.prepare(None, ())

    def _upheld_box(self) -> tuple[QWidget, QButtonGroup]:
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        group = QButtonGroup(box)
        for index, (label, _value) in enumerate(UPHELD):
            button = QRadioButton(label, box)
            group.addButton(button, index)
            layout.addWidget(button)
        layout.addStretch(1)
        return box, group

    def _build(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.letter_button)
        buttons.addStretch(1)
        buttons.addWidget(self.step_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.step_error)
        layout.addLayout(self.fields)
        layout.addLayout(buttons)
        chain_tab_order(
            [
                self.handler,
                self.finding,
                self.result,
                self.cause,
                *self.upheld.buttons(),
                self.method,
                self.reply_text,
                self.step_button,
                self.letter_button,
            ]
        )

    def _show(self, name: str, visible: bool) -> None:
        box = self.fields.editor(name).parentWidget()
        assert box is not None
        self.fields.setRowVisible(box, visible)

    def prepare(self, detail: ComplaintDetail | None, staff: Sequence[tuple[str, str]]) -> None:
        """Show the step after ``detail``'s state; ``staff`` are the possible handlers."""
        self.detail = detail
        self.fields.clear_errors()
        self.step_error.show_error("")
        state = detail.row.state if detail else None
        self.title.setText(STEP_TITLES.get(state, tr("已归档")) if state else tr("请选择一件"))
        for box in (self.finding, self.result, self.reply_text):
            box.clear()
        self.handler.clear()
        for username, name in staff:
            self.handler.addItem(f"{name}（{username}）", username)
        self.upheld.setExclusive(False)
        for button in self.upheld.buttons():
            button.setChecked(False)
        self.upheld.setExclusive(True)
        if detail is not None and detail.row.channel.written and not detail.anonymous:
            self.method.setCurrentIndex(self.method.findData(ReplyMethod.LETTER.value))
        self._show("handler", state is State.REGISTERED)
        self._show("finding", state is State.ASSIGNED)
        for name in ("result", "cause", "upheld"):
            self._show(name, state is State.INVESTIGATING)
        self._show("method", state is State.RESOLVED)
        self._show("reply_text", state is State.RESOLVED)
        self.step_button.setEnabled(state in STEP_TITLES)
        written = state in (State.RESOLVED, State.REPLIED, State.ARCHIVED)
        self.letter_button.setEnabled(bool(detail and written and not detail.anonymous))

    def first_field(self) -> QWidget:
        state = self.detail.row.state if self.detail else None
        return (
            {
                State.REGISTERED: self.handler,
                State.ASSIGNED: self.finding,
                State.INVESTIGATING: self.result,
                State.RESOLVED: self.method,
            }.get(state, self.step_button)
            if state
            else self.step_button
        )

    def cause_value(self) -> Cause:
        return Cause(self.cause.currentData())

    def method_value(self) -> ReplyMethod:
        return ReplyMethod(self.method.currentData())

    def upheld_value(self) -> bool | None:
        index = self.upheld.checkedId()
        return UPHELD[index][1] if index >= 0 else None

    def show_failure(self, error: CounterError) -> bool:
        self.fields.clear_errors()
        if error.field == "step":
            self.step_error.show_error(error.message)
            return True
        return self.fields.show_error(error)
