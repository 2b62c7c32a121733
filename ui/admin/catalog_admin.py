"""事项管理: every catalogue item, retired ones greyed, with the fields still to confirm
(待核实: shown here and in the editor only); add, edit, retire/restore, history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QLineEdit, QVBoxLayout, QWidget

from counter_app.core.roles import Actor
from counter_app.hall.catalog import CatalogService
from counter_app.hall.catalog_guides import FIELD_LABELS
from counter_app.hall.rules.catalog import ItemView
from counter_app.i18n import tr
from ui.admin.common import (
    GREY,
    AdminTableView,
    DialogOpener,
    Index,
    exec_dialog,
    show_failure,
)
from ui.admin.item_editor import ItemEditorDialog
from ui.admin.item_history import ItemHistoryDialog
from ui.info.catalog_model import CatalogTableModel
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

MARKS = len(CatalogTableModel.HEADERS)  # the column of the fields still to confirm
MARK_COLOUR = QColor("#b35900")


def marks_text(item: ItemView) -> str:
    """ "待核实 3" for an item with three fields to confirm; empty when none."""
    count = len(item.content.to_confirm)
    return tr("待核实 {n}", n=count) if count else ""


class AdminCatalogModel(CatalogTableModel):
    """All items; retired ones drawn grey (a QColor: PySide6 ignores a bare GlobalColor here);
    a last column counts the fields marked 待核实, named in its tooltip."""

    HEADERS = (*CatalogTableModel.HEADERS, tr("待核实"))

    def __init__(self) -> None:
        super().__init__(show_retired=True)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        valid = index.isValid() and 0 <= index.row() < self.rowCount()
        if valid and index.column() == MARKS:
            return self._marks(self.item(index.row()), role)
        if role == Qt.ItemDataRole.ForegroundRole:
            return GREY if valid and self.item(index.row()).retired else None
        return super().data(index, role)

    def _marks(self, item: ItemView, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return marks_text(item)
        if role == Qt.ItemDataRole.ToolTipRole and item.content.to_confirm:
            names = "、".join(FIELD_LABELS.get(f, f) for f in item.content.to_confirm)
            return tr("待核实：{f}", f=names)
        if role == Qt.ItemDataRole.ForegroundRole:
            return GREY if item.retired else MARK_COLOUR
        return None


class CatalogAdminWidget(QWidget):
    """The catalogue as the administrator sees it: all items, every change a new version."""

    sig_catalog_changed = Signal()
    """Emitted after an item was added, edited, retired or restored (the catalogue changed)."""

    def __init__(
        self,
        catalog: CatalogService,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalog, self._actor = catalog, actor
        self._runner: Runner = runner or SyncRunner()
        self.open_dialog: DialogOpener = exec_dialog
        self.banner = BannerLabel(self)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(tr("筛选：输入事项名称、序号或“待核实” (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.model = AdminCatalogModel()
        self.table = AdminTableView(self.model, self)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.add_button = shortcut_button(tr("新增"), "Ctrl+N", self)
        self.edit_button = shortcut_button(tr("编辑"), "Ctrl+E", self)
        self.retire_button = shortcut_button(tr("停用"), "Ctrl+D", self)
        self.history_button = shortcut_button(tr("历史版本"), "Ctrl+H", self)
        self._layout()
        self._connect()
        self._update_buttons()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count_label)
        bar = QHBoxLayout()
        bar.addStretch(1)
        for button in (self.history_button, self.retire_button, self.edit_button, self.add_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)

    def _connect(self) -> None:
        self.filter.textChanged.connect(self._on_filter_changed)
        self.filter.returnPressed.connect(self.table.setFocus)
        QShortcut(QKeySequence("Ctrl+F"), self, self.filter.setFocus)
        self.add_button.clicked.connect(self._on_add)
        self.edit_button.clicked.connect(self._on_edit)
        self.retire_button.clicked.connect(self._on_toggle_retired)
        self.history_button.clicked.connect(self._on_history)
        self.table.sig_row_activated.connect(lambda _row: self._on_edit())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def reload(self, select_id: str | None = None) -> None:
        """Load every item (retired too); keep or move the selection to ``select_id``."""
        current = self.current_item()
        keep = select_id or (current.id if current else None)
        self._runner.run(
            lambda: self._catalog.list_items(include_retired=True),
            lambda items: self._on_loaded(items, keep),
            self._on_failed,
        )

    def _on_loaded(self, items: list[ItemView], select_id: str | None) -> None:
        self.model.set_items(items)
        self.table.resizeColumnToContents(0)
        self._update_count()
        rows = [i for i, item in enumerate(items) if item.id == select_id]
        self.table.select_source_row(rows[0] if rows else 0)
        self._update_buttons()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        retired = sum(1 for row in range(total) if self.model.item(row).retired)
        shown = self.table.visible_rows()
        self.count_label.setText(
            tr("显示 {s} / 共 {n} 项（停用 {r} 项）", s=shown, n=total, r=retired)
        )

    def current_item(self) -> ItemView | None:
        row = self.table.current_row()
        return None if row is None else self.model.item(row)

    def _on_filter_changed(self, text: str) -> None:
        self.table.set_filter(text)
        self._update_count()

    def _on_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        item = self.current_item()
        for button in (self.edit_button, self.retire_button, self.history_button):
            button.setEnabled(item is not None)
        label = tr("恢复") if item is not None and item.retired else tr("停用")
        self.retire_button.setText(tr("{t} (Ctrl+D)", t=label))

    def _on_add(self) -> None:
        self._edit(None)

    def _on_edit(self) -> None:
        item = self.current_item()
        if item is not None:
            self._edit(item)

    def _edit(self, item: ItemView | None) -> None:
        self.banner.clear()
        dialog = ItemEditorDialog(self._catalog, self._actor, item, self._runner, self)
        if self.open_dialog(dialog) and dialog.saved is not None:
            saved = dialog.saved
            self.banner.show_info(
                tr("已保存 {c} {n}（第 {v} 版）", c=saved.code, n=saved.name, v=saved.version)
            )
            self._changed(saved.id)

    def _on_toggle_retired(self) -> None:
        item = self.current_item()
        if item is None:
            return
        self.banner.clear()
        retire = not item.retired
        self._runner.run(
            lambda: self._catalog.set_retired(self._actor, item.id, retire),
            self._on_retired_changed,
            self._on_failed,
        )

    def _on_retired_changed(self, view: ItemView) -> None:
        text = tr("已停用 {c} {n}") if view.retired else tr("已恢复 {c} {n}")
        self.banner.show_info(text.format(c=view.code, n=view.name))
        self._changed(view.id)

    def _on_history(self) -> None:
        item = self.current_item()
        if item is not None:
            self.open_dialog(ItemHistoryDialog(self._catalog, item, self._runner, self))

    def _changed(self, item_id: str) -> None:
        self.reload(select_id=item_id)
        self.sig_catalog_changed.emit()

    def _on_failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner)
