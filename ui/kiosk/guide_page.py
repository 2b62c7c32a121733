"""办事指南: the catalogue by category or by pinyin initials (on-screen keyboard), an item's
guide (materials, fees, time limit, authority, where to go, which ticket) that scrolls by touch,
取号 in that item's ticket category right there, 打印带走清单 on the kiosk's receipt printer,
and 政策与资助 (the information window's policy, aid and subsidy pages, policy_page.py).

With a desk that has no ``guide`` (KioskGuide) the page shows the catalogue alone: no ticket
category, no slip, no policies."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.hall.rules.catalog import Category, ItemView
from counter_app.i18n import tr
from counter_app.kiosk.guide import (
    ItemGuide,
    KioskGuide,
    button_name,
    categories,
    guide_text,
    in_category,
    search,
)
from counter_app.kiosk.slips import ASK_STAFF, SlipOutcome
from counter_app.kiosk.walk_in import WalkInDesk
from db.errors import DatabaseProblem
from ui.kiosk.pages import NARROW, TITLE_STYLE, Choice, ChoicePage, big_button, label
from ui.kiosk.policy_page import PolicyPage
from ui.kiosk.steps import DETAILS_STYLE, EntryStep, OneAtATime, ResultStep
from ui.kiosk.style import ERROR_STYLE
from ui.tasks import Runner

TITLE = tr("办事指南")
BACK = "#546e7a"
Action = Callable[[], None]
NOTE_STYLE = "font-size: 24pt; font-weight: bold; color: #1b5e20;"


class GuideStep(QWidget):
    """One item's guide: its name, the lines in a touch-scrolled area, what the printer did,
    and 返回 | 打印带走清单 | 取号 (one row on a wide screen; 取号 alone on top when narrow)."""

    def __init__(self, on_ticket: Action, on_print: Action, parent: QWidget | None = None) -> None:
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
        self.note = label("", NOTE_STYLE)
        self.note.hide()
        self._back: Action = lambda: None
        self.back = big_button(tr("返回"), BACK, lambda: self._back(), size=26)
        self.print = big_button(tr("打印带走清单"), "#00838f", on_print, size=26)
        self.ticket = big_button(tr("取号办理"), "#1565c0", on_ticket, size=26)
        self.print.hide()
        for button in (self.back, self.print, self.ticket):
            button.setMinimumSize(180, 96)
            button.setMaximumHeight(130)
        self._buttons = QGridLayout()
        self._buttons.setSpacing(16)
        self._narrow: bool | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 6, 40, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.note)
        layout.addLayout(self._buttons)
        self._place(False)

    def _place(self, narrow: bool) -> None:
        if narrow == self._narrow:
            return
        self._narrow = narrow
        for button in (self.back, self.print, self.ticket):
            self._buttons.removeWidget(button)
        if narrow:  # 取号 across the top row, 返回 | 打印 under it
            self._buttons.addWidget(self.ticket, 0, 0, 1, 2)
            self._buttons.addWidget(self.back, 1, 0)
            self._buttons.addWidget(self.print, 1, 1)
        else:
            for column, button in enumerate((self.back, self.print, self.ticket)):
                self._buttons.addWidget(button, 0, column)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(self.width() < NARROW)

    def show_item(self, item: ItemView, on_back: Action, guide: ItemGuide | None = None) -> None:
        self.title.setText(item.content.name)
        self.text.setText(guide.text if guide is not None else guide_text(item))
        link = guide.link if guide is not None else None
        self.ticket.setText(tr("取号：{n}", n=link.name) if link else tr("取号办理"))
        self.area.verticalScrollBar().setValue(0)
        self.note.hide()
        self.print.setEnabled(True)
        self._back = on_back

    def printed(self, outcome: SlipOutcome) -> None:
        self.note.setStyleSheet(NOTE_STYLE if outcome.printed else ERROR_STYLE)
        self.note.setText(outcome.message)
        self.note.show()
        self.print.setEnabled(True)


class GuidePage(QStackedWidget):
    def __init__(
        self,
        desk: WalkInDesk,
        runner: Runner,
        on_home: Action,
        on_ticket: Action,
        on_category: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``on_ticket``: 取号 among all categories; ``on_category(code)``: 取号 in one."""
        super().__init__(parent)
        self._desk, self._runner, self._home = desk, OneAtATime(runner), on_home
        self._on_ticket, self._on_category = on_ticket, on_category
        self.items: list[ItemView] = []
        self.can_print = False
        self.shown: ItemGuide | None = None
        self.choice, self.entry = ChoicePage(), EntryStep()
        self.guide = GuideStep(self._take_ticket, self._print)
        self.result = ResultStep(on_home)
        self.policy = PolicyPage(desk.guide, runner, lambda: self.categories(0))
        for step in (self.choice, self.entry, self.guide, self.result, self.policy):
            self.addWidget(step)

    def start(self) -> None:
        guide = self._desk.guide

        def load() -> tuple[list[ItemView], bool]:
            return self._desk.guide_items(), guide is not None and guide.can_print()

        self._runner.run(load, self._loaded, self._failed)

    def _loaded(self, loaded: tuple[list[ItemView], bool]) -> None:
        self.items, self.can_print = loaded
        self.categories(0)

    def categories(self, first: int) -> None:
        entries = [(c.label, self._category(c)) for c in categories(self.items)]
        if self._desk.guide is not None:  # after the catalogue's categories (pages of three)
            entries.append((tr("政策与资助"), self.open_policies))
        extras: list[Choice] = [
            (tr("按拼音首字母查找"), "#1565c0", self.ask_initials),
            (tr("返回首页"), BACK, self._home),
        ]
        self._paged(tr("请选择类别，或按拼音首字母查找"), entries, first, extras, self.categories)

    def open_policies(self) -> None:
        self.policy.start()
        self.setCurrentWidget(self.policy)

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
        def back() -> None:
            self._list(items, first)

        def shown(guide: ItemGuide | None) -> None:
            self.shown = guide
            self.guide.show_item(item, back, guide)
            self.guide.print.setVisible(guide is not None and self.can_print)
            self.setCurrentWidget(self.guide)

        def show() -> None:
            guide = self._desk.guide
            if guide is None:
                shown(None)
                return
            self._runner.run(lambda: _item_guide(guide, item), shown, self._failed)

        return show

    def _take_ticket(self) -> None:
        link = self.shown.link if self.shown is not None else None
        if link is not None and self._on_category is not None:
            self._on_category(link.code)
        else:
            self._on_ticket()

    def _print(self) -> None:
        guide, shown = self._desk.guide, self.shown
        if guide is None or shown is None:
            return
        self.guide.print.setEnabled(False)
        self.guide.note.setStyleSheet(NOTE_STYLE)
        self.guide.note.setText(tr("正在打印，请稍候…"))
        self.guide.note.show()
        self._runner.run(lambda: guide.print_materials(shown), self.guide.printed, self._unprinted)

    def _unprinted(self, exc: Exception) -> None:
        if not isinstance(exc, CounterError | DatabaseProblem):
            raise exc
        self.guide.printed(SlipOutcome(False, ASK_STAFF))

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


def _item_guide(guide: KioskGuide, item: ItemView) -> ItemGuide | None:
    """The item's guide with its ticket category; None (the catalogue's lines alone) when
    the queue cannot be read just now."""
    try:
        return guide.item_guide(item)
    except (CounterError, DatabaseProblem):
        return None
