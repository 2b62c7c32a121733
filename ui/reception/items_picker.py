"""Choosing items: a pinyin search box (items and 一件事 bundles) and the chosen list."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.hall.bundles import BundleView
from counter_app.hall.catalog_search import CatalogSearchIndex, normalise_query, pinyin_keys
from counter_app.hall.rules.catalog import ItemView
from counter_app.i18n import tr

MAX_HITS = 8


@dataclass(frozen=True)
class _BundleEntry:
    bundle: BundleView
    keys: str


class HitList(QListWidget):
    """Search hits under the box; Enter adds the current one."""

    sig_chosen = Signal(int)
    """Emitted with the row the staff chose (Enter or double click)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.sig_chosen.emit(self.currentRow())
            return
        super().keyPressEvent(event)


class ChosenList(QListWidget):
    """The items on this form; Delete removes the current one."""

    sig_remove = Signal(int)
    """Emitted with the row to remove."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentRow() >= 0:
            self.sig_remove.emit(self.currentRow())
            return
        super().keyPressEvent(event)


class ItemsPicker(QWidget):
    """Search box + hits, bundle menu, chosen items in order."""

    sig_changed = Signal()
    """Emitted after items were added or removed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._index = CatalogSearchIndex([])
        self._by_number: dict[int, ItemView] = {}
        self._bundles: list[_BundleEntry] = []
        self._hits: list[ItemView | BundleView] = []
        self._chosen: list[ItemView] = []
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(
            tr("事项名称、拼音首字母（如 sbzc）、序号或套餐名，回车添加")
        )
        self.search.setClearButtonEnabled(True)
        self.hits = HitList(self)
        self.hits.setFixedHeight(150)
        self.hits.hide()
        self.bundle_button = QPushButton(tr("一件事套餐 (Ctrl+B)"), self)
        self.bundle_menu = QMenu(self)
        self.chosen = ChosenList(self)
        self.chosen.setFixedHeight(96)
        self.count_label = QLabel(self)
        self.count_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._layout()
        self._connect()
        self._refresh_chosen()

    def _layout(self) -> None:
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("事项 (Ctrl+F)"), self))
        row.addWidget(self.search, 1)
        row.addWidget(self.bundle_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.hits)
        column.addWidget(self.count_label)
        column.addWidget(self.chosen)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._on_search_changed)
        self.search.returnPressed.connect(lambda: self._on_hit_chosen(self.hits.currentRow()))
        self.hits.sig_chosen.connect(self._on_hit_chosen)
        self.hits.itemDoubleClicked.connect(lambda _i: self._on_hit_chosen(self.hits.currentRow()))
        self.chosen.sig_remove.connect(self.remove)
        self.bundle_button.clicked.connect(self.show_bundle_menu)
        self.search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box moves into the hits."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.hits.isVisible():
                self.hits.setFocus()
                return True
        return False

    def set_catalog(self, index: CatalogSearchIndex, bundles: list[BundleView]) -> None:
        self._index = index
        self._by_number = {item.number: item for item in index.search("")}
        self._bundles = [_BundleEntry(b, self._bundle_keys(b)) for b in bundles]
        self.bundle_menu.clear()
        for entry in self._bundles:
            action = self.bundle_menu.addAction(entry.bundle.name)
            action.triggered.connect(lambda _=False, b=entry.bundle: self.add_bundle(b))

    @staticmethod
    def _bundle_keys(bundle: BundleView) -> str:
        initials, full = pinyin_keys(bundle.name)
        return "\x00".join((normalise_query(bundle.name), initials, full))

    def show_bundle_menu(self) -> None:
        self.bundle_menu.popup(
            self.bundle_button.mapToGlobal(self.bundle_button.rect().bottomLeft())
        )

    def _on_search_changed(self, text: str) -> None:
        query = normalise_query(text)
        self.hits.clear()
        if not query:
            self._hits = []
            self.hits.hide()
            return
        bundles = [e.bundle for e in self._bundles if query in e.keys]
        found: list[ItemView | BundleView] = [*bundles, *self._index.search(text, limit=MAX_HITS)]
        self._hits = found[:MAX_HITS]
        for hit in self._hits:
            self.hits.addItem(self._hit_text(hit))
        if not self._hits:
            self.hits.addItem(tr("没有找到匹配的事项，请换个关键词"))
        self.hits.setCurrentRow(0)
        self.hits.show()

    def _hit_text(self, hit: ItemView | BundleView) -> str:
        if isinstance(hit, BundleView):
            numbers = "、".join(f"{n:02d}" for n in hit.item_numbers)
            return tr("【一件事】{n}（事项 {i}）", n=hit.name, i=numbers)
        added = tr("（已添加）") if hit in self._chosen else ""
        return f"{hit.code} {hit.name}{added}"

    def _on_hit_chosen(self, row: int) -> None:
        if not 0 <= row < len(self._hits):
            return
        hit = self._hits[row]
        if isinstance(hit, BundleView):
            self.add_bundle(hit)
        else:
            self.add(hit)
        self.search.clear()
        self.search.setFocus()

    def add_bundle(self, bundle: BundleView) -> None:
        self.add_numbers(bundle.item_numbers)

    def add_numbers(self, numbers: tuple[int, ...] | list[int]) -> None:
        for number in numbers:
            item = self._by_number.get(number)
            if item is not None and item not in self._chosen:
                self._chosen.append(item)
        self._refresh_chosen()
        self.sig_changed.emit()

    def add(self, item: ItemView) -> None:
        self.add_numbers([item.number])

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._chosen):
            del self._chosen[row]
            self._refresh_chosen()
            self.sig_changed.emit()

    def clear(self) -> None:
        self._chosen = []
        self.search.clear()
        self._refresh_chosen()
        self.sig_changed.emit()

    def chosen_items(self) -> list[ItemView]:
        return list(self._chosen)

    def set_chosen_ids(self, ids: list[str]) -> None:
        """Restore a draft's items (no change signal: the draft brings its own materials)."""
        by_id = {item.id: item for item in self._by_number.values()}
        self._chosen = [by_id[i] for i in ids if i in by_id]
        self._refresh_chosen()

    def _refresh_chosen(self) -> None:
        self.chosen.clear()
        for item in self._chosen:
            days = item.content.time_limit_days
            limit = tr("，{d}个工作日", d=days) if days else ""
            QListWidgetItem(f"{item.code} {item.name}{limit}", self.chosen)
        if self._chosen:
            self.count_label.setText(
                tr("已选 {n} 项（Delete 删除选中的事项）", n=len(self._chosen))
            )
        else:
            self.count_label.setText(tr("尚未选择事项"))
