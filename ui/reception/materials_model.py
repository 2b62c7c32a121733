"""The materials checklist: received ticks, copies, originals; free-text extras."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from counter_app.cases.rules.reception import MaterialLine, satisfied, what_is_missing
from counter_app.i18n import tr

Index = QModelIndex | QPersistentModelIndex
RECEIVED, NAME, NEED, COPIES, ORIGINAL, ITEMS = range(6)
MISSING_COLOUR = QColor("#b00020")
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


def tick(line: MaterialLine, on: bool) -> MaterialLine:
    """Received as required (all copies, the original when one is needed) or not at all."""
    if not on:
        return replace(line, received=False, received_copies=0, received_original=False)
    return replace(
        line,
        received=True,
        received_copies=max(line.received_copies, line.copies_required),
        received_original=line.original_required or line.received_original,
    )


def need_text(line: MaterialLine) -> str:
    form = tr("原件") if line.original_required else tr("复印件")
    text = tr("{f}{n}份", f=form, n=line.copies_required)
    return f"{text}；{line.requirement}" if line.requirement else text


class MaterialsTableModel(QAbstractTableModel):
    HEADERS = (tr("已收"), tr("材料名称"), tr("要求"), tr("已收份数"), tr("原件"), tr("事项"))

    def __init__(self, editable: bool = True) -> None:
        super().__init__()
        self._lines: list[MaterialLine] = []
        self._editable = editable

    def set_lines(self, lines: tuple[MaterialLine, ...] | list[MaterialLine]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def lines(self) -> tuple[MaterialLine, ...]:
        return tuple(self._lines)

    def set_editable(self, editable: bool) -> None:
        self.beginResetModel()
        self._editable = editable
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._editable:
            return flags
        line = self._lines[index.row()]
        if index.column() in (RECEIVED, ORIGINAL):
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == COPIES or (index.column() == NAME and line.extra):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole:
            return self._check_state(line, column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(line, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ForegroundRole and column == NAME and not satisfied(line):
            return MISSING_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and not satisfied(line):
            return what_is_missing(line)
        return None

    @staticmethod
    def _check_state(line: MaterialLine, column: int) -> Any:
        if column == RECEIVED:
            return CHECKED if line.received else UNCHECKED
        if column == ORIGINAL:
            return CHECKED if line.received_original else UNCHECKED
        return None

    @staticmethod
    def _display(line: MaterialLine, column: int, edit: bool) -> Any:
        if column == RECEIVED:
            return tr("已收") if satisfied(line) else tr("缺")
        if column == NAME:
            return line.name if edit or not line.extra else tr("{n}（补充）", n=line.name)
        if column == NEED:
            return need_text(line)
        if column == COPIES:
            return line.received_copies if edit else str(line.received_copies or "")
        if column == ORIGINAL:
            return tr("须原件") if line.original_required else ""
        return "、".join(f"{n:02d}" for n in line.for_items)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self._editable:
            return False
        line = self._lines[index.row()]
        new = self._changed(line, index.column(), value, role)
        if new is None:
            return False
        self._lines[index.row()] = new
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))
        return True

    @staticmethod
    def _changed(line: MaterialLine, column: int, value: Any, role: int) -> MaterialLine | None:
        checked = role == Qt.ItemDataRole.CheckStateRole and Qt.CheckState(value) == CHECKED
        if role == Qt.ItemDataRole.CheckStateRole and column == RECEIVED:
            return tick(line, checked)
        if role == Qt.ItemDataRole.CheckStateRole and column == ORIGINAL:
            return replace(line, received_original=checked, received=line.received or checked)
        if role != Qt.ItemDataRole.EditRole:
            return None
        if column == COPIES:
            try:
                copies = max(0, min(99, int(value)))
            except (TypeError, ValueError):
                return None
            return replace(line, received_copies=copies, received=copies > 0 or line.received)
        if column == NAME and line.extra and str(value).strip():
            return replace(line, name=str(value).strip()[:100])
        return None

    def toggle(self, row: int) -> None:
        if self._editable and 0 <= row < len(self._lines):
            state = UNCHECKED if self._lines[row].received else CHECKED
            self.setData(self.index(row, RECEIVED), state.value, Qt.ItemDataRole.CheckStateRole)

    def tick_all(self) -> None:
        """Every material received as required (the staff then untick what is missing)."""
        if not self._editable or not self._lines:
            return
        self._lines = [tick(line, True) for line in self._lines]
        last = len(self._lines) - 1
        self.dataChanged.emit(self.index(0, 0), self.index(last, len(self.HEADERS) - 1))

    def add_extra(self, name: str, copies: int = 1) -> None:
        row = len(self._lines)
        self.beginInsertRows(QModelIndex(), row, row)
        line = MaterialLine(name.strip(), copies_required=copies, extra=True)
        self._lines.append(tick(line, True))
        self.endInsertRows()

    def remove_extra(self, row: int) -> bool:
        if not (self._editable and 0 <= row < len(self._lines) and self._lines[row].extra):
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._lines[row]
        self.endRemoveRows()
        return True


class MaterialsTableView(QTableView):
    """Space ticks the current material as received; Delete removes an added material."""

    def __init__(self, model: MaterialsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._model = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NEED, QHeaderView.ResizeMode.Stretch)
        for column in (RECEIVED, COPIES, ORIGINAL, ITEMS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.setWordWrap(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        row = self.currentIndex().row()
        if event.key() == Qt.Key.Key_Space and row >= 0:
            self._model.toggle(row)
            return
        if event.key() == Qt.Key.Key_Delete and self._model.remove_extra(row):
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: Any) -> None:
        super().focusInEvent(event)
        if not self.currentIndex().isValid() and self._model.rowCount():
            self.setCurrentIndex(self._model.index(0, RECEIVED))
