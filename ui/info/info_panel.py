"""The information window (R-CAT-2): catalogue search and guides, policies, window staff."""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.container import Services
from counter_app.hall.catalog_search import CatalogSearchIndex
from counter_app.hall.info import INFO_KINDS
from counter_app.hall.staff import StaffView
from counter_app.i18n import tr
from ui.info.catalog_model import CatalogTableModel
from ui.info.guide_html import info_entries_html, item_guide_html
from ui.photos import photo_item
from ui.tasks import Runner, SyncRunner

logger = logging.getLogger(__name__)


class CatalogBrowser(QWidget):
    """Search box over a table of items; the selected item's guide on the right."""

    def __init__(
        self, services: Services, parent: QWidget | None = None, runner: Runner | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner: Runner = runner or SyncRunner()
        self._index = CatalogSearchIndex([])
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("输入事项名称、拼音首字母（如 zlsq）或序号"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.model = CatalogTableModel()
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.guide = QTextBrowser(self)
        self.guide.setOpenExternalLinks(True)
        self.guide.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._layout()
        self.search.textChanged.connect(self._on_search_changed)
        self.search.returnPressed.connect(self._on_search_entered)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)

    def _layout(self) -> None:
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.count_label)
        column.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.guide)
        splitter.setSizes([460, 640])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

    def reload(self) -> None:
        self._runner.run(self._services.catalog.search_index, self._on_index, _ignore)

    def _on_index(self, index: CatalogSearchIndex) -> None:
        self._index = index
        self._on_search_changed(self.search.text())

    def _on_search_changed(self, text: str) -> None:
        hits = self._index.search(text)
        self.model.set_items(hits)
        self.count_label.setText(tr("共 {n} 项", n=len(hits)))
        if hits:
            self.table.selectRow(0)
        else:
            self.guide.setHtml(f"<p>{tr('没有找到匹配的事项，请换个关键词。')}</p>")

    def _on_search_entered(self) -> None:
        self.table.setFocus()

    def _on_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        if rows:
            self.guide.setHtml(item_guide_html(self.model.item(min(rows))))


class InfoPagesWidget(QWidget):
    """Policies, rights-protection aid, subsidies, links and reports, one list entry each."""

    def __init__(
        self, services: Services, parent: QWidget | None = None, runner: Runner | None = None
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._runner: Runner = runner or SyncRunner()
        self.sections = QListWidget(self)
        for label in INFO_KINDS.values():
            self.sections.addItem(label)
        self.sections.setMaximumWidth(200)
        self.page = QTextBrowser(self)
        self.page.setOpenExternalLinks(True)
        layout = QHBoxLayout(self)
        layout.addWidget(self.sections)
        layout.addWidget(self.page)
        self.sections.currentRowChanged.connect(self._on_section_changed)

    def reload(self) -> None:
        self.sections.setCurrentRow(max(self.sections.currentRow(), 0))
        self._on_section_changed(self.sections.currentRow())

    def _on_section_changed(self, row: int) -> None:
        kind = list(INFO_KINDS)[row] if 0 <= row < len(INFO_KINDS) else "policy"
        info = self._services.info
        self._runner.run(
            lambda: info_entries_html(INFO_KINDS[kind], info.entries(kind)),
            lambda html: self._show(row, html),
            _ignore,
        )

    def _show(self, row: int, html: str) -> None:
        if row == self.sections.currentRow() or row < 0:  # not a section left meanwhile
            self.page.setHtml(html)


class StaffBoardWidget(QTableWidget):
    """The published list of window staff: name, window, services, photo."""

    HEADERS = (tr("照片"), tr("姓名"), tr("窗口"), tr("岗位"), tr("服务事项"))

    def __init__(
        self, services: Services, parent: QWidget | None = None, runner: Runner | None = None
    ) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self._services = services
        self._runner: Runner = runner or SyncRunner()
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)

    def reload(self) -> None:
        staff = self._services.staff

        def load() -> list[tuple[StaffView, bytes | None]]:
            return [
                (p, staff.photo(p.id) if p.has_photo else None) for p in staff.published_staff()
            ]

        self._runner.run(load, self._show, _ignore)

    def _show(self, people: list[tuple[StaffView, bytes | None]]) -> None:
        self.setRowCount(len(people))
        for row, (person, photo) in enumerate(people):
            self.setItem(row, 0, photo_item(photo))
            values = (
                person.display_name,
                person.window_no,
                person.role_labels,
                person.services_text,
            )
            for column, value in enumerate(values, start=1):
                self.setItem(row, column, QTableWidgetItem(value))
        self.resizeRowsToContents()


class InfoPanel(QTabWidget):
    """The information window tab."""

    def __init__(
        self, services: Services, parent: QWidget | None = None, runner: Runner | None = None
    ) -> None:
        super().__init__(parent)
        self.catalog = CatalogBrowser(services, self, runner)
        self.pages = InfoPagesWidget(services, self, runner)
        self.staff_board = StaffBoardWidget(services, self, runner)
        self.addTab(self.catalog, tr("事项与办事指南"))
        self.addTab(self.pages, tr("政策与服务信息"))
        self.addTab(self.staff_board, tr("窗口人员公示"))

    def reload(self) -> None:
        self.catalog.reload()
        self.pages.reload()
        self.staff_board.reload()


def _ignore(exc: Exception) -> None:
    """A failed read leaves what is shown; the next reload tries again."""
    logger.warning("information window: could not load: %s", exc)
