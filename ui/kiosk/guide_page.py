"""办事指南: the catalogue by category or by pinyin initials (on-screen keyboard), an item's
guide (materials, fees, time limit, authority) that scrolls by touch, and 取号 right there."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.hall.rules.catalog import Category, ItemView
from counter_app.i18n import tr
from counter_app.kiosk.guide import button_name, categories, guide_text, in_category, search
from counter_app.kiosk.walk_in import WalkInDesk
from db.errors import DatabaseProblem
from ui.kiosk.pages import TITLE_STYLE, Choice, ChoicePage, big_button, label
from ui.kiosk.steps import DETAILS_STYLE, EntryStep, OneAtATime, ResultStep
from ui.tasks import Runner

TITLE = tr("办事指南")
BACK = "#546e7a"
Action = Callable[[], None]


class GuideStep(QWidget):
    """One item's guide: its name, the lines in a touch-scrolled area, 返回 and 取号."""

    def __init__(self, on_ticket: Action, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("", TITLE_STYLE)
        self.text = label("", DETAILS_STYLE)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setWidget(self.text)
        self.area.setStyleSheet("QScrollArea { border: none; background: transparent; }")
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(
            self.area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self._back: Action = lambda: None
        self.back = big_button(tr("返回"), BACK, lambda: self._back(), size=28)
        self.ticket = big_button(tr("取号办理"), "#1565c0", on_ticket, size=28)
        buttons = QHBoxLayout()
        for button in (self.back, self.ticket):
            button.setMinimumSize(240, 96)
            button.setMaximumHeight(130)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 6, 40, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.area, 1)
        layout.addLayout(buttons)

    def show_item(self, item: ItemView, on_back: Action) -> None:
        self.title.setText(item.content.name)
        self.text.setText(guide_text(item))
        self.area.verticalScrollBar().setValue(0)
        self._back = on_back


class GuidePage(QStackedWidget):
    def __init__(
        self,
        desk: WalkInDesk,
        runner: Runner,
        on_home: Action,
        on_ticket: Action,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk, self._runner, self._home = desk, OneAtATime(runner), on_home
        self.items: list[ItemView] = []
        self.choice, self.entry = ChoicePage(), EntryStep()
        self.guide, self.result = GuideStep(on_ticket), ResultStep(on_home)
        for step in (self.choice, self.entry, self.guide, self.result):
            self.addWidget(step)

    def start(self) -> None:
        self._runner.run(self._desk.guide_items, self._loaded, self._failed)

    def _loaded(self, items: list[ItemView]) -> None:
        self.items = items
        self.categories(0)

    def categories(self, first: int) -> None:
        entries = [(c.label, self._category(c)) for c in categories(self.items)]
        extras: list[Choice] = [
            (tr("按拼音首字母查找"), "#1565c0", self.ask_initials),
            (tr("返回首页"), BACK, self._home),
        ]
        self._paged(tr("请选择类别，或按拼音首字母查找"), entries, first, extras, self.categories)

    def _category(self, category: Category) -> Action:
        return lambda: self._list(in_category(self.items, category), 0)

    def ask_initials(self) -> None:
        self.entry.ask(
            TITLE,
            tr("请输入事项名称的拼音首字母，如“专利申请”输入 ZLSQ"),
            False,
            tr("查找"),
            self._search,
            lambda: self.categories(0),
            limit=12,
        )
        self.setCurrentWidget(self.entry)

    def _search(self) -> None:
        found = search(self.items, self.entry.text)
        if not found:
            self.entry.show_error(tr("没有找到，请换个写法或按类别查找"))
            return
        self._list(found, 0)

    def _list(self, items: Sequence[ItemView], first: int) -> None:
        entries = [(button_name(i.content.name), self._item(i, items, first)) for i in items]
        extras: list[Choice] = [(tr("返回"), BACK, lambda: self.categories(0))]
        self._paged(
            tr("请选择要办理的事项"), entries, first, extras, lambda f: self._list(items, f)
        )

    def _item(self, item: ItemView, items: Sequence[ItemView], first: int) -> Action:
        def show() -> None:
            self.guide.show_item(item, lambda: self._list(items, first))
            self.setCurrentWidget(self.guide)

        return show

    def _paged(
        self,
        text: str,
        entries: Sequence[tuple[str, Action]],
        first: int,
        extras: list[Choice],
        again: Callable[[int], None],
    ) -> None:
        """Six choices at most: entries from ``first``, 更多 when some are left, ``extras``."""
        room = 6 - len(extras)
        rest = entries[first:]
        size = room if len(rest) <= room else room - 1
        choices: list[Choice] = [(t, "#37474f", a) for t, a in rest[:size]]
        if len(rest) > size:
            following = first + size if first + size < len(entries) else 0
            choices.append((tr("更多"), "#455a64", lambda: again(following)))
        self.choice.set_choices(TITLE, text, [*choices, *extras], size=26)
        self.setCurrentWidget(self.choice)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, CounterError | DatabaseProblem):
            self.result.answer(TITLE, "", exc.message)
            self.setCurrentWidget(self.result)
        else:
            raise exc
