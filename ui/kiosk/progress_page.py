"""查询办理进度: scan the notice (or a ticket), or type the case number, then the phone's last
four digits; the answer in plain words. The rules and the counting are counter_app/kiosk."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.kiosk.progress import UNAVAILABLE, CaseProgress, TicketProgress
from counter_app.kiosk.walk_in import WalkInDesk
from db.errors import DatabaseProblem
from ui.kiosk.steps import EntryStep, OneAtATime, ResultStep
from ui.tasks import Runner

TITLE = tr("查询办理进度")


def case_details(found: CaseProgress) -> str:
    lines = [
        tr("受理编号：{n}", n=found.number),
        tr("申请人：{a}", a=found.applicant),
        tr("当前状态：{s}", s=found.state),
    ]
    if found.promised_on is not None:
        lines.append(tr("承诺办结日期：{d}", d=found.promised_on.strftime("%Y年%m月%d日")))
    if found.missing:
        lines.append(tr("需补交材料：{m}", m="、".join(found.missing)))
        if found.supplement_by is not None:
            lines.append(tr("请于 {d} 前补交", d=found.supplement_by.strftime("%Y年%m月%d日")))
    lines.append(tr("领取方式：{c}", c=found.collect))
    return "\n".join(lines)


def ticket_details(found: TicketProgress) -> str:
    lines = [tr("号码：{n}", n=found.number), tr("状态：{s}", s=found.state)]
    if found.people_ahead is not None:
        lines.append(tr("前面还有 {n} 人", n=found.people_ahead))
    if found.window:
        lines.append(tr("请到 {w} 号窗口", w=found.window))
    return "\n".join(lines)


class ProgressPage(QStackedWidget):
    def __init__(
        self,
        desk: WalkInDesk,
        runner: Runner,
        on_home: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk, self._runner, self._home = desk, OneAtATime(runner), on_home
        self.number = ""
        self.entry, self.result = EntryStep(), ResultStep(on_home)
        self.addWidget(self.entry)
        self.addWidget(self.result)

    def start(self, error: str = "") -> None:
        self.entry.ask(
            TITLE,
            tr("请扫描受理通知书上的条码或二维码，或输入受理编号"),
            False,
            tr("下一步"),
            self._number_given,
            self._home,
        )
        self.entry.show_error(error)
        self.setCurrentWidget(self.entry)

    def _number_given(self) -> None:
        if not self.entry.text:
            self.entry.show_error(tr("请输入受理编号"))
            return
        self._ask_phone(self.entry.text)

    def _ask_phone(self, number: str) -> None:
        self.number = number
        self.entry.ask(
            tr("请输入手机号码后四位"),
            tr("受理时登记的联系电话的最后四位数字"),
            True,
            tr("查询"),
            self._phone_given,
            self.start,
            limit=4,
        )

    def _phone_given(self) -> None:
        number, digits = self.number, self.entry.text
        self._runner.run(
            lambda: self._desk.progress.typed(number, digits), self._show, self._failed
        )

    def scanned(self, code: str) -> None:
        """A notice's QR answers at once; its barcode (the bare number, easy to guess) asks
        the phone's last four like a typed number."""
        number = self._desk.progress.needs_phone(code)
        if number:
            self._ask_phone(number)
            self.setCurrentWidget(self.entry)
            return
        self._runner.run(lambda: self._desk.progress.scanned(code), self._show, self._failed)

    def _show(self, found: CaseProgress | TicketProgress) -> None:
        if isinstance(found, CaseProgress):
            self.result.answer(TITLE, found.plain, case_details(found), "#1b5e20")
        else:
            self.result.answer(tr("排队进度"), found.number, ticket_details(found), "#1b5e20")
        self.setCurrentWidget(self.result)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, CounterError) and exc.field == "phone":
            self.entry.show_error(exc.message)
        elif isinstance(exc, CounterError) and exc.field == "number":
            self.start(exc.message)
        elif isinstance(exc, CounterError | DatabaseProblem):
            message = exc.message if isinstance(exc, CounterError) else UNAVAILABLE
            self.result.answer(TITLE, "", message)
            self.setCurrentWidget(self.result)
        else:
            raise exc
