"""窗口: the service windows, the categories each one calls in priority order (the priority
rule: a window calls its first category's longest waiting ticket first), LED address, active."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.queue.rules.tickets import CategoryView, WindowView
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

CODE_ROLE = Qt.ItemDataRole.UserRole


class CategoryOrderList(QListWidget):
    """Every category with a check box: checked = served by the window; the order of the
    checked ones is the window's priority. Space ticks, Ctrl+Up / Ctrl+Down move a row."""

    sig_changed = Signal()
    """Emitted after a category was ticked, unticked or moved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}
        self.itemChanged.connect(lambda _item: self.sig_changed.emit())

    def set_choices(self, categories: list[CategoryView], served: tuple[str, ...]) -> None:
        """The window's categories first, in its order, then the other active categories."""
        self._names = {c.code: c.name for c in categories}
        active = [c.code for c in categories if c.active]
        codes = [*served, *(c for c in active if c not in served)]
        self.blockSignals(True)
        self.clear()
        for code in codes:
            item = QListWidgetItem(self._label(code, code in active))
            item.setData(CODE_ROLE, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = code in served
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)
        if self.count():
            self.setCurrentRow(0)
        self.sig_changed.emit()

    def _label(self, code: str, active: bool) -> str:
        name = self._names.get(code, tr("（没有这个类别）"))
        return f"{code} {name}" if active else tr("{c} {n}（已停用）", c=code, n=name)

    def served(self) -> tuple[str, ...]:
        return tuple(
            str(item.data(CODE_ROLE))
            for item in (self.item(i) for i in range(self.count()))
            if item is not None and item.checkState() == Qt.CheckState.Checked
        )

    def order_text(self) -> str:
        served = self.served()
        if not served:
            return tr("还没有勾选类别")
        names = [self._names.get(c, c) for c in served]
        return tr("叫号顺序：{o}", o=" → ".join(names))

    def move_current(self, step: int) -> None:
        row = self.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.count():
            return
        self.blockSignals(True)
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.blockSignals(False)
        self.setCurrentRow(target)
        self.sig_changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.key() == Qt.Key.Key_Up:
                self.move_current(-1)
                return
            if event.key() == Qt.Key.Key_Down:
                self.move_current(1)
                return
        super().keyPressEvent(event)


def _categories_text(window: WindowView, names: dict[str, str]) -> str:
    return " → ".join(names.get(c, c) for c in window.categories)


class WindowsPage(QWidget):
    sig_saved = Signal(object)
    """Emitted with the saved WindowView (the rating-screen page lists the windows)."""

    def __init__(
        self, queue: QueueService, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._queue, self._actor, self._runner = queue, actor, runner
        self.editing: WindowView | None = None
        self._names: dict[str, str] = {}
        self._categories: list[CategoryView] = []
        self.banner = BannerLabel(self)
        columns: tuple[Column[WindowView], ...] = (
            Column(tr("窗口号"), lambda w: w.number),
            Column(tr("名称"), lambda w: w.name),
            Column(tr("办理类别（优先顺序）"), lambda w: _categories_text(w, self._names)),
            Column(tr("LED 地址"), lambda w: "" if w.led_address is None else str(w.led_address)),
            Column(tr("状态"), lambda w: tr("启用") if w.active else tr("停用")),
        )
        self.model: RowsTableModel[WindowView] = RowsTableModel(
            columns, lambda w: None if w.active else GREY
        )
        self.table = AdminTableView(self.model, self)
        self.table.sig_row_activated.connect(self.open_row)
        self._build_form()
        self.new_button = shortcut_button(tr("新建窗口"), "Ctrl+N", self)
        self.save_button = shortcut_button(tr("保存窗口"), "Ctrl+S", self)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self._layout()
        chain_tab_order(
            [
                self.table,
                self.number,
                self.name,
                self.categories,
                self.led_address,
                self.active,
                self.new_button,
                self.save_button,
            ]
        )

    def _build_form(self) -> None:
        self.mode = QLabel(self)
        self.mode.setStyleSheet("font-weight:bold;")
        f = self.form = FieldForm()
        self.number = f.line("number", tr("窗口号"), tr("1-3 位数字，如 3"), max_length=3)
        self.name = f.line("name", tr("窗口名称"), tr("留空则为“3号窗口”"), max_length=40)
        self.categories = CategoryOrderList(self)
        self.categories.setMinimumHeight(120)
        f.add("categories", tr("办理类别"), self.categories)
        self.order = QLabel(self)
        self.order.setWordWrap(True)
        f.addRow("", self.order)
        self.categories.sig_changed.connect(
            lambda: self.order.setText(self.categories.order_text())
        )
        self.led_address = QSpinBox(self)
        self.led_address.setRange(0, 254)
        self.led_address.setSpecialValueText(tr("无 LED 屏"))
        self.active = QCheckBox(tr("启用"), self)
        f.add("led_address", tr("LED 屏地址"), self.led_address)
        f.add("active", tr("状态"), self.active)
        for edit in (self.number, self.name):
            edit.returnPressed.connect(self.save)

    def _layout(self) -> None:
        hint = QLabel(
            tr(
                "在“办理类别”中按空格勾选，Ctrl+↑ / Ctrl+↓ 调整优先顺序："
                "窗口先叫排在前面的类别中等得最久的号。"
            ),
            self,
        )
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
        def load() -> tuple[list[CategoryView], list[WindowView]]:
            return (
                self._queue.categories(include_inactive=True),
                self._queue.windows(include_inactive=True),
            )

        self._runner.run(load, self._show, self._failed)

    def _show(self, loaded: tuple[list[CategoryView], list[WindowView]]) -> None:
        self._categories, windows = loaded
        self._names = {c.code: c.name for c in self._categories}
        self.model.set_rows(windows)
        self.table.resizeColumnsToContents()
        current = next(
            (w for w in windows if self.editing and w.number == self.editing.number), None
        )
        self.editing = current
        self._fill(current)

    def _failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner, [self.form])

    def _fill(self, window: WindowView | None) -> None:
        self.form.clear_errors()
        self.number.setText(window.number if window else "")
        self.number.setReadOnly(window is not None)
        self.name.setText(window.name if window else "")
        self.categories.set_choices(self._categories, window.categories if window else ())
        address = window.led_address if window else None
        self.led_address.setValue(address or 0)
        self.active.setChecked(window.active if window else True)
        if window is None:
            self.mode.setText(tr("新建窗口"))
        else:
            self.mode.setText(tr("修改 {w}（窗口号不能改）", w=window.label))

    def open_row(self, row: int) -> None:
        self.editing = self.model.row_at(row)
        self._fill(self.editing)
        self.name.setFocus()

    def start_new(self) -> None:
        self.editing = None
        self._fill(None)
        self.number.setFocus()

    def view_from_form(self) -> WindowView:
        base = self.editing or WindowView(self.number.text().strip(), "", ())
        address = self.led_address.value()
        return replace(
            base,
            number=self.number.text().strip(),
            name=self.name.text().strip(),
            categories=self.categories.served(),
            led_address=address or None,
            active=self.active.isChecked(),
        )

    def save(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        view = self.view_from_form()
        if self.editing is None and any(w.number == view.number for w in self.model.rows()):
            self.form.show_error(
                CounterError(tr("{n} 号窗口已有，请在表格中选中它修改", n=view.number), "number")
            )
            return
        self._runner.run(
            lambda: self._queue.save_window(self._actor, view), self._saved, self._failed
        )

    def _saved(self, view: WindowView) -> None:
        self.editing = view
        self.banner.show_info(tr("已保存 {w}", w=view.label))
        self.reload()
        self.sig_saved.emit(view)
