"""评价器: which windows have a rating screen facing the applicant, with the command that
starts each one (``ip-counter --mode rate --window N``)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.queue.rating_screens import rating_command
from counter_app.queue.rules.tickets import WindowView
from counter_app.queue.service import QueueService
from ui.admin.common import button_row, chain_tab_order, show_failure
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button


class RatingTable(QTableWidget):
    """One row per window; Space ticks "has a rating screen"."""

    sig_toggled = Signal()
    """Emitted after the user ticked or unticked a window."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.item(self.currentRow(), 0)
        if event.key() == Qt.Key.Key_Space and item is not None:
            ticked = item.checkState() == Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)
            return
        super().keyPressEvent(event)


class RatingPage(QWidget):
    """Which windows have a rating screen (评价器), each with the command that starts it."""

    def __init__(
        self, queue: QueueService, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._queue, self._actor, self._runner = queue, actor, runner
        self.banner = BannerLabel(self)
        self.table = RatingTable(0, 3, self)
        self.table.setHorizontalHeaderLabels(
            [tr("窗口"), tr("评价器"), tr("启动命令（在评价器电脑上运行）")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._on_item_changed)
        self.copy_button = shortcut_button(tr("复制命令"), "Ctrl+Shift+C", self)
        self.save_button = shortcut_button(tr("保存评价器设置"), "Ctrl+S", self)
        self.copy_button.clicked.connect(self.copy_command)
        self.save_button.clicked.connect(self.save)
        hint = QLabel(
            tr(
                "选中窗口按空格勾选“有评价器”，Ctrl+S 保存。评价器是面向办事人的触摸屏，"
                "在窗口电脑或单独的电脑上用表中的命令启动；接在第二块屏幕上时加“--screen 1”，"
                "源码运行时用“python main.py”加同样的参数。"
            ),
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row([self.copy_button, self.save_button]))
        chain_tab_order([self.table, self.copy_button, self.save_button])

    def reload(self) -> None:
        def load() -> tuple[list[WindowView], tuple[str, ...]]:
            return self._queue.windows(include_inactive=True), self._queue.rating_windows()

        self._runner.run(load, self._show, self._failed)

    def _show(self, loaded: tuple[list[WindowView], tuple[str, ...]]) -> None:
        windows, rating = loaded
        self.table.blockSignals(True)
        self.table.setRowCount(len(windows))
        for row, window in enumerate(windows):
            label = window.label if window.active else tr("{w}（停用）", w=window.label)
            if window.name and window.name != window.label:
                label = f"{label} {window.name}"
            head = QTableWidgetItem(label)
            head.setData(Qt.ItemDataRole.UserRole, window.number)
            head.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable
            )
            ticked = window.number in rating
            head.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.table.setItem(row, 0, head)
            for column in (1, 2):
                cell = QTableWidgetItem()
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, column, cell)
            self._show_row(row)
        self.table.blockSignals(False)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        if windows and self.table.currentRow() < 0:
            self.table.setCurrentCell(0, 0)

    def _number(self, row: int) -> str:
        item = self.table.item(row, 0)
        return "" if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _ticked(self, row: int) -> bool:
        item = self.table.item(row, 0)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def _show_row(self, row: int) -> None:
        ticked = self._ticked(row)
        has, command = self.table.item(row, 1), self.table.item(row, 2)
        if has is not None and command is not None:
            has.setText(tr("有") if ticked else tr("无"))
            command.setText(rating_command(self._number(row)) if ticked else "")

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == 0:
            self.table.blockSignals(True)
            self._show_row(item.row())
            self.table.blockSignals(False)

    def chosen(self) -> list[str]:
        return [self._number(r) for r in range(self.table.rowCount()) if self._ticked(r)]

    def copy_command(self) -> None:
        row = self.table.currentRow()
        if row < 0 or not self._ticked(row):
            self.banner.show_error(tr("请先选中一个有评价器的窗口"))
            return
        command = rating_command(self._number(row))
        QGuiApplication.clipboard().setText(command)
        self.banner.show_info(tr("已复制：{c}", c=command))

    def _failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner)

    def save(self) -> None:
        self.banner.clear()
        chosen = self.chosen()
        self._runner.run(
            lambda: self._queue.set_rating_windows(self._actor, chosen), self._saved, self._failed
        )

    def _saved(self, windows: tuple[str, ...]) -> None:
        if windows:
            self.banner.show_info(tr("评价器设置已保存：{w} 号窗口", w="、".join(windows)))
        else:
            self.banner.show_info(tr("评价器设置已保存：没有窗口有评价器"))
        self.reload()
