"""Table model of catalogue items (number, name, category, time limit)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from counter_app.hall.rules.catalog import ItemView
from counter_app.i18n import tr

Index = QModelIndex | QPersistentModelIndex


class CatalogTableModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = (tr("序号"), tr("事项名称"), tr("类型"), tr("承诺时限"))

    def __init__(self, show_retired: bool = False) -> None:
        super().__init__()
        self._items: list[ItemView] = []
        self._show_retired = show_retired

    def set_items(self, items: list[ItemView]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> ItemView:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.name
        if role == Qt.ItemDataRole.ForegroundRole and item.retired:
            return QColor(Qt.GlobalColor.gray)
        return None

    def _display(self, item: ItemView, column: int) -> str:
        if column == 0:
            return item.code
        if column == 1:
            return item.name + (tr("（已停用）") if item.retired else "")
        if column == 2:
            return item.content.category.label.replace(tr("知识产权"), "")
        days = item.content.time_limit_days
        return tr("{d} 个工作日", d=days) if days else ""

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None
