"""信息发布: entries of the information window by kind; add, edit, remove."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.roles import Actor
from counter_app.hall.info import INFO_KINDS, InfoService, InfoView
from counter_app.i18n import tr
from ui.admin.common import (
    AdminTableView,
    Column,
    Confirmer,
    DialogOpener,
    RowsTableModel,
    ask_yes_no,
    dialog_buttons,
    exec_dialog,
    show_failure,
)
from ui.form import FieldForm
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

INFO_COLUMNS: tuple[Column[InfoView], ...] = (
    Column(tr("栏目"), lambda e: e.kind_label),
    Column(tr("排序"), lambda e: str(e.sort_order)),
    Column(tr("标题"), lambda e: e.title),
    Column(tr("链接"), lambda e: e.url),
)


class InfoEntryDialog(QDialog):
    """One entry: kind, title, link, sort order and body text."""

    def __init__(
        self,
        info: InfoService,
        actor: Actor,
        entry: InfoView | None = None,
        kind: str | None = None,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._info, self._actor, self._entry = info, actor, entry
        self._runner: Runner = runner or SyncRunner()
        self.saved: InfoView | None = None
        self.setWindowTitle(tr("新增信息") if entry is None else tr("编辑信息"))
        self.resize(820, 560)
        self.banner = BannerLabel(self)
        self.form = FieldForm()
        self._build_fields()
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(self.form, 1)
        layout.addWidget(dialog_buttons(self, tr("保存"), self._on_save))
        self._fill(entry, kind)

    def _build_fields(self) -> None:
        f = self.form
        self.kind = QComboBox()
        for key, label in INFO_KINDS.items():
            self.kind.addItem(label, key)
        f.add("kind", tr("栏目"), self.kind)
        self.title = f.line("title", tr("标题"), max_length=120)
        self.url = f.line("url", tr("链接"), tr("https://…（可留空）"), max_length=500)
        self.sort_order = QSpinBox()
        self.sort_order.setRange(0, 9999)
        self.sort_order.setToolTip(tr("数字小的排在前面"))
        f.add("sort_order", tr("排序"), self.sort_order)
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        f.add("body", tr("正文"), self.body)

    def _fill(self, entry: InfoView | None, kind: str | None) -> None:
        key = entry.kind if entry else kind
        self.kind.setCurrentIndex(max(self.kind.findData(key), 0))
        if entry is not None:
            self.title.setText(entry.title)
            self.url.setText(entry.url)
            self.sort_order.setValue(entry.sort_order)
            self.body.setPlainText(entry.body)

    def _on_save(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        entry_id = None if self._entry is None else self._entry.id
        kind, title, url = str(self.kind.currentData()), self.title.text(), self.url.text()
        body, order = self.body.toPlainText(), self.sort_order.value()
        self.setEnabled(False)
        self._runner.run(
            lambda: self._info.save(self._actor, entry_id, kind, title, body, url, order),
            self._on_saved,
            self._on_failed,
        )

    def _on_saved(self, view: InfoView) -> None:
        self.saved = view
        self.setEnabled(True)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.setEnabled(True)
        show_failure(exc, self.banner, [self.form])


class InfoAdminWidget(QWidget):
    sig_info_changed = Signal()
    """Emitted after an entry was added, changed or removed."""

    def __init__(
        self,
        info: InfoService,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._info, self._actor = info, actor
        self._runner: Runner = runner or SyncRunner()
        self.open_dialog: DialogOpener = exec_dialog
        self.confirm: Confirmer = ask_yes_no
        self.banner = BannerLabel(self)
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem(tr("全部栏目"), "")
        for key, label in INFO_KINDS.items():
            self.kind_filter.addItem(label, key)
        self.count_label = QLabel(self)
        self.model: RowsTableModel[InfoView] = RowsTableModel(INFO_COLUMNS)
        self.table = AdminTableView(self.model, self)
        self.add_button = shortcut_button(tr("新增"), "Ctrl+N", self)
        self.edit_button = shortcut_button(tr("编辑"), "Ctrl+E", self)
        self.remove_button = shortcut_button(tr("删除"), "Ctrl+Del", self)
        self._layout()
        self._connect()
        self._update_buttons()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("栏目："), self))
        top.addWidget(self.kind_filter)
        top.addWidget(self.count_label)
        top.addStretch(1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        for button in (self.remove_button, self.edit_button, self.add_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)

    def _connect(self) -> None:
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.add_button.clicked.connect(self._on_add)
        self.edit_button.clicked.connect(self._on_edit)
        self.remove_button.clicked.connect(self._on_remove)
        self.table.sig_row_activated.connect(lambda _row: self._on_edit())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def kind(self) -> str | None:
        return str(self.kind_filter.currentData()) or None

    def reload(self) -> None:
        kind = self.kind()
        self._runner.run(lambda: self._info.entries(kind), self._on_loaded, self._on_failed)

    def _on_loaded(self, entries: list[InfoView]) -> None:
        self.model.set_rows(entries)
        self.table.resizeColumnsToContents()
        self.count_label.setText(tr("共 {n} 条", n=len(entries)))
        self.table.select_source_row(0)
        self._update_buttons()

    def current_entry(self) -> InfoView | None:
        row = self.table.current_row()
        return None if row is None else self.model.row_at(row)

    def _on_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.current_entry() is not None
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)

    def _on_add(self) -> None:
        self._edit(None)

    def _on_edit(self) -> None:
        entry = self.current_entry()
        if entry is not None:
            self._edit(entry)

    def _edit(self, entry: InfoView | None) -> None:
        self.banner.clear()
        dialog = InfoEntryDialog(self._info, self._actor, entry, self.kind(), self._runner, self)
        if self.open_dialog(dialog) and dialog.saved is not None:
            self._done(tr("已保存“{t}”", t=dialog.saved.title))

    def _on_remove(self) -> None:
        entry = self.current_entry()
        if entry is None or not self.confirm(self, tr("删除“{t}”？", t=entry.title)):
            return
        self.banner.clear()
        self._runner.run(
            lambda: self._info.remove(self._actor, entry.id),
            lambda _r: self._done(tr("已删除“{t}”", t=entry.title)),
            self._on_failed,
        )

    def _done(self, message: str) -> None:
        self.banner.show_info(message)
        self.reload()
        self.sig_info_changed.emit()

    def _on_failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner)
