"""The period's table view: one cell at a time, Enter or a double click opens its list."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from ui.dashboard.models import PeriodSortProxy


class PeriodTableView(QTableView):
    """The figures, one cell at a time: Enter or a double click emits the source cell."""

    sig_cell_activated = Signal(int, int)
    """(source row, column) of the number the user opened."""

    def __init__(self, proxy: PeriodSortProxy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proxy = proxy
        self.setModel(proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.doubleClicked.connect(lambda index: self._emit(index))

    def _emit(self, index: QModelIndex | QPersistentModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        if source.isValid():
            self.sig_cell_activated.emit(source.row(), source.column())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def select_cell(self, row: int, column: int) -> None:
        """Make source cell (row, column) current."""
        index = self.proxy.mapFromSource(self.proxy.sourceModel().index(row, column))
        self.setCurrentIndex(index)
