"""咨询与投诉 at the kiosk, one question per screen: the kind, which window, the matter (taps
first; or 其他 typed on the on-screen keyboard in letters and digits: there is no input method
for Chinese), an optional phone; it lands in the complaints register with channel 现场自助
(anonymous without a phone, else under "自助机来访者"). The screen shows its number large with
the reply deadline, and the kiosk's receipt printer prints the same as a slip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.identity.masking import mask_phone
from counter_app.kiosk.slips import ASK_STAFF, SlipOutcome
from counter_app.kiosk.walk_in import COMMON, WalkInDesk, WindowChoice
from counter_app.supervision.rules.complaint_forms import ComplaintView
from counter_app.supervision.rules.complaints import Kind
from db.errors import DatabaseProblem
from ui.kiosk.pages import Choice, ChoicePage
from ui.kiosk.steps import EntryStep, OneAtATime, ResultStep
from ui.tasks import Runner

TITLE = tr("咨询与投诉")
KINDS = (
    (Kind.CONSULTATION, tr("咨询"), "#1565c0"),
    (Kind.COMPLAINT, tr("投诉"), "#c62828"),
    (Kind.SUGGESTION, tr("意见建议"), "#2e7d32"),
)
BACK = "#546e7a"
OTHER = tr("其他（用键盘输入）")
TYPED_LIMIT = 60


class ComplaintPage(QStackedWidget):
    def __init__(
        self,
        desk: WalkInDesk,
        runner: Runner,
        on_home: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk, self._runner, self._home = desk, OneAtATime(runner), on_home
        self.kind, self.about_window, self.text, self.phone = Kind.CONSULTATION, "", "", ""
        self.filed: ComplaintView | None = None
        self._windows: list[WindowChoice] = []
        self.choice, self.entry, self.result = ChoicePage(), EntryStep(), ResultStep(on_home)
        for step in (self.choice, self.entry, self.result):
            self.addWidget(step)

    def start(self) -> None:
        choices: list[Choice] = [(t, c, self._kinder(k)) for k, t, c in KINDS]
        choices.append((tr("返回首页"), BACK, self._home))
        self.choice.set_choices(TITLE, tr("您要办理哪一项？"), choices)
        self.setCurrentWidget(self.choice)

    def _kinder(self, kind: Kind) -> Callable[[], None]:
        return lambda: self._kind_chosen(kind)

    def _kind_chosen(self, kind: Kind) -> None:
        self.kind = kind
        self._runner.run(self._desk.windows, self._got_windows, self._failed)

    def _got_windows(self, windows: list[WindowChoice]) -> None:
        self._windows = windows
        self._ask_window(0)

    def _ask_window(self, first: int) -> None:
        """Windows by pages: with 不涉及 and 返回 (and 更多 when there are more) six at most."""
        rest = self._windows[first:]
        size = 4 if len(rest) <= 4 else 3
        choices: list[Choice] = [
            (tr("{n} 号窗口", n=w.number), "#37474f", self._windower(w.number)) for w in rest[:size]
        ]
        if len(rest) > size:
            choices.append((tr("更多窗口"), "#455a64", lambda: self._ask_window(first + size)))
        choices.append((tr("不涉及具体窗口"), "#1565c0", self._windower("")))
        choices.append((tr("返回"), BACK, self.start))
        self.choice.set_choices(TITLE, tr("是关于哪个窗口的？"), choices)
        self.setCurrentWidget(self.choice)

    def _windower(self, number: str) -> Callable[[], None]:
        return lambda: self._window_chosen(number)

    def _window_chosen(self, number: str) -> None:
        self.about_window = number
        choices: list[Choice] = [(t, "#37474f", self._matter(t)) for t in COMMON[self.kind]]
        choices.append((OTHER, "#455a64", self._ask_text))
        choices.append((tr("返回"), BACK, lambda: self._ask_window(0)))
        self.choice.set_choices(TITLE, tr("请选择最接近的一项"), choices)
        self.setCurrentWidget(self.choice)

    def _ask_text(self) -> None:
        self.entry.ask(
            tr("请简要输入您的意见"),
            tr("可输入拼音、字母和数字，如窗口号、受理编号"),
            False,
            tr("下一步"),
            self._typed,
            lambda: self._window_chosen(self.about_window),
            limit=TYPED_LIMIT,
        )
        self.setCurrentWidget(self.entry)

    def _typed(self) -> None:
        text = self.entry.text.strip()
        if len(text) < 2:
            self.entry.show_error(tr("请至少输入两个字符，或点“返回”选择常见问题"))
            return
        self._matter_chosen(tr("（自助机键盘输入）{t}", t=text))

    def _matter(self, text: str) -> Callable[[], None]:
        return lambda: self._matter_chosen(text)

    def _matter_chosen(self, text: str) -> None:
        self.text = text
        self.entry.ask(
            tr("留个电话，方便答复您（可不填）"),
            tr("不留电话请直接点“提交”，将按匿名登记"),
            True,
            tr("提交"),
            self._submit,
            lambda: self._window_chosen(self.about_window),
            limit=12,
        )
        self.setCurrentWidget(self.entry)

    def _submit(self) -> None:
        kind, text, window, phone = self.kind, self.text, self.about_window, self.entry.text
        self.phone = phone
        self._runner.run(
            lambda: self._desk.file(kind, text, window, phone), self._filed, self._failed
        )

    def _filed(self, view: ComplaintView) -> None:
        self.filed = view
        self.result.answer(tr("已登记，谢谢您！"), view.number, self._details(view, ""))
        self.setCurrentWidget(self.result)
        guide = self._desk.guide
        if guide is None:
            return
        matter, window, phone = self.text, self.about_window, self.phone

        def print_slip() -> SlipOutcome | None:
            if not guide.can_print():
                return None
            return guide.slips.print_complaint(view, matter, window, phone)

        self._runner.run(print_slip, lambda out: self._printed(view, out), self._unprinted)

    def _details(self, view: ComplaintView, printed: str) -> str:
        who = tr("联系电话 {p}", p=mask_phone(self.phone)) if self.phone.strip() else tr("匿名")
        lines = [
            tr("渠道：{c}　{w}", c=view.channel.label, w=who),
            tr("我们将在 {d} 前答复。", d=view.due_date.strftime("%Y年%m月%d日")),
            tr("请记下上面的编号，可凭编号到咨询窗口询问办理情况。"),
        ]
        return "\n".join([*lines, printed] if printed else lines)

    def _printed(self, view: ComplaintView, outcome: SlipOutcome | None) -> None:
        if outcome is None:  # no receipt printer at this kiosk: the screen is the receipt
            return
        self.result.details.setText(self._details(view, outcome.message))

    def _unprinted(self, exc: Exception) -> None:
        if not isinstance(exc, CounterError | DatabaseProblem):
            raise exc
        if self.filed is not None:
            self.result.details.setText(self._details(self.filed, ASK_STAFF))

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, CounterError) and exc.field == "phone":
            self.entry.show_error(exc.message)
        elif isinstance(exc, CounterError | DatabaseProblem):
            self.result.answer(TITLE, "", exc.message)
            self.setCurrentWidget(self.result)
        else:
            raise exc
