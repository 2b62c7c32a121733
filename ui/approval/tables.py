"""Tables of the approval and delivery tabs: sort by the model's sort key, fit without scrolling."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QHeaderView, QWidget

from ui.admin.common import AdminTableView
from ui.approval.worklist_model import SORT_ROLE

MAX_COLUMN_WIDTH = 260


def fit_columns(view: AdminTableView, max_width: int = MAX_COLUMN_WIDTH) -> None:
    """Every column but the last sized to its content (at most ``max_width``); the last
    column takes the rest, its text wrapped, so the table never scrolls sideways."""
    header = view.horizontalHeader()
    columns = header.count()
    for column in range(columns - 1):
        view.resizeColumnToContents(column)
        if view.columnWidth(column) > max_width:
            view.setColumnWidth(column, max_width)
    header.setStretchLastSection(True)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setWordWrap(True)
    view.resizeRowsToContents()


class CaseTableView(AdminTableView):
    """A sortable case list; sorting uses the model's ``SORT_ROLE`` (dates, urgency order)."""

    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        proxy = self.model()
        if isinstance(proxy, QSortFilterProxyModel):
            proxy.setSortRole(SORT_ROLE)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def refit(self) -> None:
        fit_columns(self)
