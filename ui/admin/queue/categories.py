"""取号类别: the ticket categories (code, name, number prefix, daily limit, service minutes,
active, order) in a table with the editing form beside it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.queue.rules.tickets import CategoryView
from counter_app.queue.service import QueueService
from ui.admin.common import (
    GREY,
    AdminTableView,
    Column,
    RowsTableModel,
    button_row,
    chain_tab_order,
    show_failure,
)
from ui.form import FieldForm
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

NO_LIMIT = tr("不限")


def limit_text(limit: int | None) -> str:
    return NO_LIMIT if limit is None else str(limit)


COLUMNS: tuple[Column[CategoryView], ...] = (
    Column(tr("代码"), lambda c: c.code),
    Column(tr("名称"), lambda c: c.name),
    Column(tr("前缀"), lambda c: c.prefix),
    Column(tr("每日限号"), lambda c: limit_text(c.daily_limit)),
    Column(tr("平均办理（分钟）"), lambda c: str(c.service_minutes)),
    Column(tr("状态"), lambda c: tr("启用") if c.active else tr("停用")),
    Column(tr("排序"), lambda c: str(c.sort_order)),
)


class CategoriesPage(QWidget):
    sig_saved = Signal(object)
    """Emitted with the saved CategoryView (the windows page offers the categories)."""

    def __init__(
        self, queue: QueueService, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._queue, self._actor, self._runner = queue, actor, runner
        self.editing: str | None = None
        self.banner = BannerLabel(self)
        self.model: RowsTableModel[CategoryView] = RowsTableModel(
            COLUMNS, lambda c: None if c.active else GREY
        )
        self.table = AdminTableView(self.model, self)
        self.table.sig_row_activated.connect(self.open_row)
        self._build_form()
        self.new_button = shortcut_button(tr("新建类别"), "Ctrl+N", self)
        self.save_button = shortcut_button(tr("保存类别"), "Ctrl+S", self)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self._layout()
        chain_tab_order(
            [
                self.table,
                self.code,
                self.name,
                self.prefix,
                self.daily_limit,
                self.service_minutes,
                self.sort_order,
                self.active,
                self.new_button,
                self.save_button,
            ]
        )

    def _build_form(self) -> None:
        self.mode = QLabel(self)
        self.mode.setStyleSheet("font-weight:bold;")
        f = self.form = FieldForm()
        self.code = f.line("code", tr("类别代码"), tr("大写字母开头，如 A"), max_length=8)
        self.name = f.line("name", tr("类别名称"), tr("如：专利业务"), max_length=20)
        self.prefix = f.line("prefix", tr("号码前缀"), tr("一个大写字母，如 A"), max_length=1)
        self.daily_limit = QSpinBox(self)
        self.daily_limit.setRange(0, 9999)
        self.daily_limit.setSpecialValueText(NO_LIMIT)
        self.service_minutes = QSpinBox(self)
        self.service_minutes.setRange(1, 240)
        self.service_minutes.setSuffix(tr(" 分钟"))
        self.sort_order = QSpinBox(self)
        self.sort_order.setRange(0, 999)
        self.active = QCheckBox(tr("启用（自助机可取号）"), self)
        f.add("daily_limit", tr("每日限号"), self.daily_limit)
        f.add("service_minutes", tr("平均办理时长"), self.service_minutes)
        f.add("sort_order", tr("排序（小的在前）"), self.sort_order)
        f.add("active", tr("状态"), self.active)
        for edit in (self.code, self.name, self.prefix):
            edit.returnPressed.connect(self.save)
        self.start_new()

    def _layout(self) -> None:
        hint = QLabel(tr("选中一行按 Enter 修改；前缀在启用的类别中不能重复。"), self)
        hint.setWordWrap(True)
        side = QVBoxLayout()
        side.addWidget(self.mode)
        side.addWidget(hint)
        side.addLayout(self.form)
        side.addStretch(1)
        side.addLayout(button_row([self.new_button, self.save_button]))
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    def reload(self) -> None:
        self._runner.run(
            lambda: self._queue.categories(include_inactive=True), self._show, self._failed
        )

    def _show(self, rows: list[CategoryView]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        if self.editing is not None:
            for index, row in enumerate(rows):
                if row.code == self.editing:
                    self.table.select_source_row(index)

    def _failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner, [self.form])

    def open_row(self, row: int) -> None:
        cat = self.model.row_at(row)
        self.form.clear_errors()
        self.editing = cat.code
        self.code.setText(cat.code)
        self.code.setReadOnly(True)
        self.name.setText(cat.name)
        self.prefix.setText(cat.prefix)
        self.daily_limit.setValue(cat.daily_limit or 0)
        self.service_minutes.setValue(cat.service_minutes)
        self.sort_order.setValue(cat.sort_order)
        self.active.setChecked(cat.active)
        self.mode.setText(tr("修改取号类别 {c}（代码不能改）", c=cat.code))
        self.name.setFocus()

    def start_new(self) -> None:
        self.editing = None
        self.form.clear_errors()
        self.code.setReadOnly(False)
        for edit in (self.code, self.name, self.prefix):
            edit.clear()
        self.daily_limit.setValue(0)
        self.service_minutes.setValue(10)
        self.sort_order.setValue(max((c.sort_order for c in self.model.rows()), default=-1) + 1)
        self.active.setChecked(True)
        self.mode.setText(tr("新建取号类别"))
        self.code.setFocus()

    def view_from_form(self) -> CategoryView:
        limit = self.daily_limit.value()
        return CategoryView(
            code=self.code.text().strip().upper(),
            name=self.name.text().strip(),
            prefix=self.prefix.text().strip().upper(),
            active=self.active.isChecked(),
            sort_order=self.sort_order.value(),
            daily_limit=limit or None,
            service_minutes=self.service_minutes.value(),
        )

    def save(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        view = self.view_from_form()
        if self.editing is None and any(c.code == view.code for c in self.model.rows()):
            self.form.show_error(
                CounterError(tr("类别代码 {c} 已有，请在表格中选中它修改", c=view.code), "code")
            )
            return
        self._runner.run(
            lambda: self._queue.save_category(self._actor, view), self._saved, self._failed
        )

    def _saved(self, view: CategoryView) -> None:
        self.editing = view.code
        self.code.setText(view.code)
        self.code.setReadOnly(True)
        self.prefix.setText(view.prefix)
        self.mode.setText(tr("修改取号类别 {c}（代码不能改）", c=view.code))
        self.banner.show_info(tr("已保存取号类别 {c}（{n}）", c=view.code, n=view.name))
        self.reload()
        self.sig_saved.emit(view)
