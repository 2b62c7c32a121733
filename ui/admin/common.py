"""Pieces shared by the administration tabs: a read-only row model, a table, dialog plumbing."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from db.errors import DatabaseProblem
from ui.form import FieldForm
from ui.widgets import BannerLabel

logger = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

DialogOpener = Callable[[QDialog], bool]
Confirmer = Callable[[QWidget, str], bool]


def local_time(iso: str) -> str:
    """An ISO timestamp (UTC) as local "YYYY-MM-DD HH:MM"; unparseable text unchanged."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


GREY = QColor("#888888")
RED = QColor("#b00020")


def exec_dialog(dialog: QDialog) -> bool:
    """Show ``dialog`` modally; True when it was accepted (tests replace this)."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_yes_no(parent: QWidget, question: str) -> bool:
    """Ask a yes/no question; Enter answers yes, Esc no (tests replace this)."""
    answer = QMessageBox.question(parent, tr("请确认"), question)
    return answer == QMessageBox.StandardButton.Yes


@dataclass(frozen=True)
class Column(Generic[T]):
    header: str
    text: Callable[[T], str]


class RowsTableModel(QAbstractTableModel, Generic[T]):
    """A read-only table over frozen view objects; ``foreground`` may colour a row's text."""

    def __init__(
        self, columns: Sequence[Column[T]], foreground: Callable[[T], QColor | None] | None = None
    ) -> None:
        super().__init__()
        self._columns = tuple(columns)
        self.foreground = foreground
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def rows(self) -> list[T]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._columns[index.column()].text(row)
        if role == Qt.ItemDataRole.ForegroundRole and self.foreground is not None:
            return self.foreground(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return self._columns[section].header if 0 <= section < len(self._columns) else None


class AdminTableView(QTableView):
    """Sortable single-row table; Enter or a double click on a row emits ``sig_row_activated``."""

    sig_row_activated = Signal(int)
    """Emitted with the source-model row the user opened (Enter or double click)."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(model)
        self.setModel(self._proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.doubleClicked.connect(self._on_double_clicked)

    def set_filter(self, text: str) -> None:
        """Show only rows with ``text`` in any column."""
        self._proxy.setFilterKeyColumn(-1)
        self._proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._proxy.setFilterFixedString(text.strip())

    def visible_rows(self) -> int:
        return self._proxy.rowCount()

    def current_row(self) -> int | None:
        """The selected row in the source model, or None."""
        index = self.currentIndex()
        if not index.isValid():
            return None
        return self._proxy.mapToSource(index).row()

    def select_source_row(self, row: int) -> None:
        index = self._proxy.mapFromSource(self._proxy.sourceModel().index(row, 0))
        if index.isValid():
            self.selectRow(index.row())
            self.setCurrentIndex(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            row = self.current_row()
            if row is not None:
                self.sig_row_activated.emit(row)
                return
        super().keyPressEvent(event)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        self.sig_row_activated.emit(self._proxy.mapToSource(index).row())


def dialog_buttons(dialog: QDialog, ok_text: str, on_ok: Callable[[], None]) -> QDialogButtonBox:
    """OK (Enter) and Cancel (Esc) buttons, labelled with their keys."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(tr("{t} (Enter)", t=ok_text))
    ok.setDefault(True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消 (Esc)"))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Make Tab visit ``widgets`` in this order."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)


def button_row(buttons: Sequence[QPushButton]) -> QHBoxLayout:
    """Buttons in a row, right-aligned (the main action on the right)."""
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def show_failure(exc: Exception, banner: BannerLabel, forms: Sequence[FieldForm] = ()) -> None:
    """An expected problem inline at its field (or in the banner); anything else is a bug."""
    if isinstance(exc, CounterError):
        if not any(form.show_error(exc) for form in forms):
            banner.show_error(exc.message)
        return
    if isinstance(exc, DatabaseProblem):
        banner.show_error(exc.message)
        return
    logger.error("unexpected failure in administration", exc_info=exc)
    raise exc
