"""Ready-made "一件事" bundles: several catalogue items received on one form."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.bundles import BundleService, BundleView
from counter_app.i18n import tr
from ui.admin.common import AdminTableView, Column, RowsTableModel, button_row, show_failure
from ui.form import FieldForm
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

COLUMNS: tuple[Column[BundleView], ...] = (
    Column(tr("套餐名称"), lambda b: b.name),
    Column(tr("包含事项序号"), lambda b: "、".join(f"{n:02d}" for n in b.item_numbers)),
    Column(tr("状态"), lambda b: tr("启用") if b.active else tr("停用")),
    Column(tr("说明"), lambda b: b.description),
)


def parse_numbers(text: str) -> tuple[int, ...]:
    parts = [
        p for p in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if p
    ]
    if not parts or not all(p.isdigit() for p in parts):
        raise CounterError(tr("请填写事项序号，用逗号分隔，如 11,12,13"), "item_numbers")
    return tuple(int(p) for p in parts)


class BundleAdminWidget(QWidget):
    def __init__(
        self, bundles: BundleService, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._bundles, self._actor, self._runner = bundles, actor, runner
        self._editing: str | None = None
        self.banner = BannerLabel(self)
        self.model: RowsTableModel[BundleView] = RowsTableModel(COLUMNS)
        self.table = AdminTableView(self.model, self)
        self.table.sig_row_activated.connect(self._on_open)
        self.form = FieldForm()
        self.name = self.form.line(
            "name", tr("套餐名称"), tr("如：知识产权质押融资一件事"), max_length=80
        )
        self.numbers = self.form.line("item_numbers", tr("事项序号"), "11,12,13", max_length=120)
        self.description = self.form.line("description", tr("说明"), max_length=200)
        self.active = QCheckBox(tr("启用"))
        self.active.setChecked(True)
        self.form.add("active", tr("状态"), self.active)
        self.new_button = shortcut_button(tr("新建"), "Ctrl+N", self)
        self.save_button = shortcut_button(tr("保存套餐"), "Ctrl+S", self)
        self.new_button.clicked.connect(self._on_new)
        self.save_button.clicked.connect(self._on_save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.table)
        layout.addLayout(self.form)
        layout.addLayout(button_row([self.new_button, self.save_button]))

    def reload(self) -> None:
        self._runner.run(
            lambda: self._bundles.bundles(include_inactive=True), self._show, self._failed
        )

    def _show(self, rows: list[BundleView]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()

    def _failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner, [self.form])

    def _on_open(self, row: int) -> None:
        bundle = self.model.row_at(row)
        self._editing = bundle.id
        self.name.setText(bundle.name)
        self.numbers.setText(",".join(str(n) for n in bundle.item_numbers))
        self.description.setText(bundle.description)
        self.active.setChecked(bundle.active)
        self.name.setFocus()

    def _on_new(self) -> None:
        self._editing = None
        for edit in (self.name, self.numbers, self.description):
            edit.clear()
        self.active.setChecked(True)
        self.name.setFocus()

    def _on_save(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        try:
            numbers = parse_numbers(self.numbers.text())
        except CounterError as exc:
            self._failed(exc)
            return
        editing, name, text = self._editing, self.name.text(), self.description.text()
        active = self.active.isChecked()
        self._runner.run(
            lambda: self._bundles.save(self._actor, editing, name, text, numbers, active),
            self._saved,
            self._failed,
        )

    def _saved(self, bundle: BundleView) -> None:
        self._editing = bundle.id
        self.banner.show_info(tr("已保存“{n}”", n=bundle.name))
        self.reload()
