"""The versions of one catalogue item: who changed it, when and why, and each version's content."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.hall.catalog import CatalogService
from counter_app.hall.rules.catalog import ItemView
from counter_app.i18n import tr
from ui.admin.common import AdminTableView, Column, RowsTableModel, local_time, show_failure
from ui.info.guide_html import item_guide_html
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel

VERSION_COLUMNS: tuple[Column[ItemView], ...] = (
    Column(tr("版本"), lambda v: str(v.version)),
    Column(tr("修改人"), lambda v: v.changed_by),
    Column(tr("时间"), lambda v: local_time(v.changed_at)),
    Column(tr("说明"), lambda v: v.change_note),
)


def version_html(view: ItemView) -> str:
    """One version, read-only: its header line, the guide, then the fields the guide leaves out."""
    c = view.content
    head = tr(
        "第 {v} 版 · {who} · {when}",
        v=view.version,
        who=view.changed_by,
        when=local_time(view.changed_at),
    )
    parts = [f"<p style='color:#555'>{escape(head)}</p>"]
    if view.change_note:
        parts.append(f"<p>{escape(tr('修改说明：'))}{escape(view.change_note)}</p>")
    parts.append(item_guide_html(view))
    extras = (
        (tr("费用减缴"), escape(c.fee_reductions)),
        (tr("不予受理情形"), "<br>".join(escape(r) for r in c.rejection_reasons)),
        (tr("双人审核"), tr("是") if c.four_eyes else tr("否")),
    )
    for title, body in extras:
        if body:
            parts.append(f"<h3 style='margin-bottom:4px'>{escape(title)}</h3><div>{body}</div>")
    return "".join(parts)


class ItemHistoryDialog(QDialog):
    """Versions newest first on the left; the chosen version's content on the right."""

    def __init__(
        self,
        catalog: CatalogService,
        item: ItemView,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("历史版本：{c} {n}", c=item.code, n=item.name))
        self.resize(1120, 660)
        self.banner = BannerLabel(self)
        self.model: RowsTableModel[ItemView] = RowsTableModel(VERSION_COLUMNS)
        self.table = AdminTableView(self.model, self)
        self.content = QTextBrowser(self)
        self.content.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.count_label = QLabel(self)
        self._layout()
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        (runner or SyncRunner()).run(
            lambda: catalog.history(item.id),
            self._on_loaded,
            lambda exc: show_failure(exc, self.banner),
        )

    def _layout(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.count_label)
        column.addWidget(self.table)
        splitter.addWidget(left)
        splitter.addWidget(self.content)
        splitter.setSizes([480, 640])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("关闭 (Esc)"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

    def _on_loaded(self, versions: list[ItemView]) -> None:
        self.model.set_rows(versions)
        self.count_label.setText(tr("共 {n} 个版本，↑↓ 选择查看", n=len(versions)))
        if versions:
            self.table.select_source_row(0)
        self.table.resizeColumnsToContents()
        self.table.setFocus()

    def _on_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        row = self.table.current_row()
        if row is not None:
            self.content.setHtml(version_html(self.model.row_at(row)))

    def versions(self) -> list[ItemView]:
        return self.model.rows()
