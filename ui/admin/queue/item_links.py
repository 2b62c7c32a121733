"""事项与取号类别: which ticket category the kiosk's guide sends an item's applicant to.

A table of the catalogue's categories, then its items, each with the ticket category set for it
and the one the kiosk really uses (a set mapping, else the fallback by name or the first active
category: counter_app/queue/links.py). Keyboard: arrows choose a row, Alt+Q goes to the
category box (type to choose; it applies to the row at once), Ctrl+S saves. Administrators
only (the service refuses others); every save is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.roles import Actor
from counter_app.hall.rules.catalog import CATEGORY_LABELS, Category, ItemView
from counter_app.i18n import tr
from counter_app.queue.links import ItemLinks, TicketLink
from counter_app.queue.rules.tickets import CategoryView
from ui.admin.common import show_failure
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

K = TypeVar("K", int, str)
AUTO = tr("（不设置，自动匹配）")
HEADERS = (tr("事项类别 / 事项"), tr("设置的取号类别"), tr("自助机实际使用"))


@dataclass(frozen=True)
class Loaded:
    categories: list[CategoryView]
    links: ItemLinks
    resolved: list[tuple[ItemView, TicketLink | None]]


@dataclass(frozen=True)
class Row:
    """A catalogue category (``number`` 0) or an item (its number)."""

    category: Category
    number: int
    text: str


class ItemLinksWidget(QWidget):
    def __init__(
        self, services: Services, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._services, self._actor, self._runner = services, actor, runner
        self.rows: list[Row] = []
        self.items: dict[int, str] = {}
        self.by_category: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._resolved: dict[int, TicketLink | None] = {}
        self.banner = BannerLabel(self)
        hint = QLabel(
            tr(
                "自助机“办事指南”按这里的设置告诉群众取哪一类号。事项未设置时用其类别的设置；"
                "都未设置时按名称自动匹配，匹配不到则用第一个取号类别（页面会提示群众不确定时咨询）。"
            )
        )
        hint.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda *_: self._row_chosen())
        self.choice = QComboBox(self)
        self.choice.activated.connect(lambda _i: self._apply())
        label = QLabel(tr("对应取号类别(&Q)："), self)
        label.setBuddy(self.choice)
        self.save = shortcut_button(tr("保存"), "Ctrl+S", self)
        self.save.clicked.connect(self._save)
        bar = QHBoxLayout()
        bar.addWidget(label)
        bar.addWidget(self.choice, 1)
        bar.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.setTabOrder(self.table, self.choice)
        self.setTabOrder(self.choice, self.save)
        self.reload()

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        services = self._services

        def load() -> Loaded:
            items = services.catalog.list_items()
            return Loaded(
                services.queue.categories(),
                services.queue.item_links(),
                services.queue.ticket_links(items),
            )

        self._runner.run(load, self._loaded, lambda exc: show_failure(exc, self.banner))

    def _loaded(self, loaded: Loaded) -> None:
        self.items = dict(loaded.links.items)
        self.by_category = dict(loaded.links.categories)
        self._names = {c.code: c.name for c in loaded.categories}
        self._resolved = {item.number: link for item, link in loaded.resolved}
        present = {item.content.category for item, _ in loaded.resolved}
        self.rows = [
            Row(c, 0, tr("类别：{c}", c=CATEGORY_LABELS[c])) for c in Category if c in present
        ]
        self.rows += [
            Row(item.content.category, item.number, f"{item.code} {item.content.name}")
            for item, _ in loaded.resolved
        ]
        self.choice.clear()
        self.choice.addItem(AUTO, "")
        for category in loaded.categories:
            suffix = "" if category.active else tr("（已停用）")
            self.choice.addItem(f"{category.code} {category.name}{suffix}", category.code)
        self.table.setRowCount(len(self.rows))
        for index in range(len(self.rows)):
            self._fill(index)
        if self.rows and self.table.currentRow() < 0:
            self.table.setCurrentCell(0, 0)
        self._row_chosen()

    def _set_code(self, row: Row) -> str:
        if row.number:
            return self.items.get(row.number, "")
        return self.by_category.get(row.category.value, "")

    def _fill(self, index: int) -> None:
        row = self.rows[index]
        code = self._set_code(row)
        shown = f"{code} {self._names.get(code, '')}".strip() if code else AUTO
        used = ""
        if row.number:
            link = self._resolved.get(row.number)
            used = tr("请到服务台咨询") if link is None else f"{link.name}（{link.source.label}）"
        for column, text in enumerate((row.text, shown, used)):
            cell = QTableWidgetItem(text)
            if row.number == 0:
                font = cell.font()
                font.setBold(True)
                cell.setFont(font)
            self.table.setItem(index, column, cell)

    # -- editing ----------------------------------------------------------------------------
    def _current(self) -> Row | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _row_chosen(self) -> None:
        row = self._current()
        self.choice.setEnabled(row is not None)
        if row is not None:
            found = self.choice.findData(self._set_code(row))
            self.choice.setCurrentIndex(max(found, 0))

    def _apply(self) -> None:
        row = self._current()
        if row is None:
            return
        code = str(self.choice.currentData() or "")
        if row.number:
            _put(self.items, row.number, code)
        else:
            _put(self.by_category, row.category.value, code)
        self._fill(self.table.currentRow())
        self.banner.show_info(tr("已修改，按“保存”后生效"))

    def links(self) -> ItemLinks:
        """The map as edited (not yet saved)."""
        return ItemLinks(dict(self.items), dict(self.by_category))

    def _save(self) -> None:
        links, queue, actor = self.links(), self._services.queue, self._actor
        self._runner.run(
            lambda: queue.set_item_links(actor, links),
            self._saved,
            lambda exc: show_failure(exc, self.banner),
        )

    def _saved(self, _links: ItemLinks) -> None:
        self.reload()
        self.banner.show_info(tr("已保存，自助机的办事指南即按此取号"))


def _put(mapping: dict[K, str], key: K, code: str) -> None:
    """Set ``key`` to ``code``; an empty code removes it (the fallback applies)."""
    if code:
        mapping[key] = code
    else:
        mapping.pop(key, None)
