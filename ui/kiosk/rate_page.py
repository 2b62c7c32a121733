"""评价 at the kiosk: the ticket's number (typed or scanned), the level, for a bad review one
reason, thanks. The same records as the windows' rating screens (EvaluationService)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.kiosk.walk_in import WalkInDesk
from counter_app.supervision.evaluation_reads import EvaluationView
from counter_app.supervision.rules.evaluation import LEVELS_BEST_FIRST, REASONS, Level
from db.errors import DatabaseProblem
from ui.kiosk.pages import Choice, ChoicePage
from ui.kiosk.steps import EntryStep, OneAtATime, ResultStep
from ui.tasks import Runner

TITLE = tr("服务评价")
LEVEL_COLOURS = {5: "#1b5e20", 4: "#2e7d32", 3: "#f57f17", 2: "#c62828", 1: "#8e0000"}
BAD_REASONS = ("waiting", "attitude", "efficiency", "guidance", "materials")


class RatePage(QStackedWidget):
    def __init__(
        self,
        desk: WalkInDesk,
        runner: Runner,
        on_home: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk, self._runner, self._home = desk, OneAtATime(runner), on_home
        self.number, self.level = "", Level.VERY_SATISFIED
        self.entry, self.choice, self.result = EntryStep(), ChoicePage(), ResultStep(on_home)
        for step in (self.entry, self.choice, self.result):
            self.addWidget(step)

    def start(self, error: str = "") -> None:
        self.entry.ask(
            TITLE,
            tr("请输入号票上的号码（如 A012），或把号票上的二维码对准扫描口"),
            False,
            tr("下一步"),
            self._number_given,
            self._home,
            limit=12,
        )
        self.entry.show_error(error)
        self.setCurrentWidget(self.entry)

    def _number_given(self) -> None:
        if not self.entry.text:
            self.entry.show_error(tr("请输入号票上的号码"))
            return
        self.scanned(self.entry.text)

    def scanned(self, code: str) -> None:
        self.number = code
        choices: list[Choice] = [
            (level.label, LEVEL_COLOURS[int(level)], self._leveller(level))
            for level in LEVELS_BEST_FIRST
        ]
        choices.append((tr("返回"), "#546e7a", self.start))
        self.choice.set_choices(TITLE, tr("您对这次服务满意吗？"), choices)
        self.setCurrentWidget(self.choice)

    def _leveller(self, level: Level) -> Callable[[], None]:
        return lambda: self._level_chosen(level)

    def _level_chosen(self, level: Level) -> None:
        self.level = level
        if not level.bad:
            self._submit(())
            return
        choices: list[Choice] = [
            (REASONS[key], "#37474f", self._reasoner(key)) for key in BAD_REASONS
        ]
        choices.append((tr("不说明，直接提交"), "#546e7a", lambda: self._submit(())))
        self.choice.set_choices(TITLE, tr("主要是哪方面不满意？"), choices)

    def _reasoner(self, key: str) -> Callable[[], None]:
        return lambda: self._submit((key,))

    def _submit(self, reasons: tuple[str, ...]) -> None:
        number, level = self.number, int(self.level)
        self._runner.run(lambda: self._desk.rate(number, level, reasons), self._rated, self._failed)

    def _rated(self, view: EvaluationView) -> None:
        note = tr("我们会尽快联系改进。") if view.level.bad else tr("欢迎再次来办事。")
        self.result.answer(tr("谢谢您的评价！"), view.level.label, note, "#1b5e20")
        self.setCurrentWidget(self.result)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, CounterError) and exc.field == "level":  # rated already
            self.result.answer(
                tr("这次服务已经评价过了"), "", tr("每次服务只能评价一次，谢谢您的支持！")
            )
            self.setCurrentWidget(self.result)
        elif isinstance(exc, CounterError | DatabaseProblem):
            self.start(exc.message)
        else:
            raise exc
