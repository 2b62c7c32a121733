"""An editable table of rows (materials, fees): Insert adds a row, Ctrl+Delete removes one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import tr
from ui.widgets import shortcut_button


class CellKind(Enum):
    TEXT = "text"
    CHECK = "check"
    COUNT = "count"


@dataclass(frozen=True)
class RowColumn:
    key: str
    header: str
    kind: CellKind = CellKind.TEXT
    width: int = 0  # 0: stretch


class RowsEditor(QWidget):
    """A small spreadsheet: type to edit a cell, Space ticks a box, arrows move."""

    def __init__(self, columns: tuple[RowColumn, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = columns
        self.table = QTableWidget(0, len(columns), self)
        self.table.setHorizontalHeaderLabels([c.header for c in columns])
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().setDefaultSectionSize(30)
        self._size_columns()
        self.add_button = shortcut_button(tr("加一行"), "Ins", self)
        self.remove_button = shortcut_button(tr("删除行"), "Ctrl+Del", self)
        self.add_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_current_row)
        self._layout()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        for index, column in enumerate(self._columns):
            if column.width:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Fixed)
                header.resizeSection(index, column.width)
            else:
                header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)

    def _layout(self) -> None:
        hint = QLabel(tr("直接输入即可编辑单元格，空格勾选，方向键移动"), self)
        hint.setStyleSheet("color:#666;")
        bar = QHBoxLayout()
        bar.addWidget(hint, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(bar)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self._append(values)

    def add_row(self) -> None:
        """Append an empty row and start typing its first cell."""
        row = self._append({})
        self.table.setFocus()
        self.table.setCurrentCell(row, 0)
        first = self.table.item(row, 0)
        if first is not None:
            self.table.editItem(first)

    def remove_current_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        self.table.removeRow(row)
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 0)

    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts; rows whose text cells are all empty are left out."""
        result = []
        for row in range(self.table.rowCount()):
            values = {c.key: self._value(row, i, c) for i, c in enumerate(self._columns)}
            texts = [values[c.key] for c in self._columns if c.kind is CellKind.TEXT]
            if any(str(t).strip() for t in texts):
                result.append(values)
        return result

    def _append(self, values: dict[str, Any]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for index, column in enumerate(self._columns):
            self.table.setItem(row, index, _cell(column, values.get(column.key)))
        return row

    def _value(self, row: int, index: int, column: RowColumn) -> Any:
        item = self.table.item(row, index)
        if item is None:
            return None
        if column.kind is CellKind.CHECK:
            return item.checkState() == Qt.CheckState.Checked
        if column.kind is CellKind.COUNT:
            return item.data(Qt.ItemDataRole.EditRole)
        return item.text().strip()


def _cell(column: RowColumn, value: Any) -> QTableWidgetItem:
    item = QTableWidgetItem()
    if column.kind is CellKind.CHECK:
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
    elif column.kind is CellKind.COUNT:
        item.setData(Qt.ItemDataRole.EditRole, int(value) if value is not None else 1)
    else:
        item.setText("" if value is None else str(value))
    return item
