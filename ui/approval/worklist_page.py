"""The approval work list: filters (item, status, due date), counts per status, the table."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from counter_app.cases.rules.states import CaseState
from counter_app.cases.worklist import OPEN_STATES, WorkList, WorkRow
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from ui.admin.common import chain_tab_order, show_failure
from ui.approval.tables import CaseTableView
from ui.approval.worklist_model import WorkListTableModel, make_cells
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

PAGE_SIZE = 200


def counts_text(work: WorkList) -> str:
    parts = [f"{state.label} {work.counts.get(state, 0)}" for state in OPEN_STATES]
    shown = len(work.rows)
    more = tr("（显示前 {n} 件）", n=shown) if shown < work.total else ""
    return tr("共 {t} 件：{p}{m}", t=work.total, p="，".join(parts), m=more)


class WorkListPage(QWidget):
    sig_open_case = Signal(object)
    """Emitted with the ``WorkRow`` the officer opened (Enter or double click)."""

    def __init__(self, services: Services, actor: Actor, runner: Runner) -> None:
        super().__init__()
        self.services, self.actor, self.runner = services, actor, runner
        self.banner = BannerLabel(self)
        self.item_box = QComboBox(self)
        self.status_box = QComboBox(self)
        self.due_check = QCheckBox(tr("承诺办结不晚于"), self)
        self.due_date = QDateEdit(self)
        self.counts = QLabel(self)
        self.model = WorkListTableModel()
        self.table = CaseTableView(self.model, self)
        self.refresh_button = shortcut_button(tr("刷新"), "Ctrl+R", self)
        self.open_button = shortcut_button(tr("打开案件"), "Ctrl+E", self)
        self._items_asked = False
        self._build()
        self._connect()

    def _build(self) -> None:
        self.item_box.addItem(tr("全部事项"), 0)
        self.item_box.setMinimumContentsLength(14)
        self.status_box.addItem(tr("全部未办结"), "")
        for state in OPEN_STATES:
            self.status_box.addItem(state.label, state.value)
        self.due_date.setCalendarPopup(True)
        self.due_date.setDisplayFormat("yyyy-MM-dd")
        self.due_date.setDate(QDate.currentDate())
        self.due_date.setEnabled(False)
        title = QLabel(tr("审批工作台"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        filters = QHBoxLayout()
        filters.addWidget(QLabel(tr("事项"), self))
        filters.addWidget(self.item_box, 2)
        filters.addWidget(QLabel(tr("状态"), self))
        filters.addWidget(self.status_box, 1)
        filters.addWidget(self.due_check)
        filters.addWidget(self.due_date)
        filters.addWidget(self.refresh_button)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.counts, 1)
        header.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        chain_tab_order([self.table, self.item_box, self.status_box, self.due_check, self.due_date])

    def _connect(self) -> None:
        self.item_box.activated.connect(lambda _i: self.reload())
        self.status_box.activated.connect(lambda _i: self.reload())
        self.due_check.toggled.connect(self._on_due_toggled)
        self.due_date.dateChanged.connect(lambda _d: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.table.sig_row_activated.connect(self._on_row_activated)

    def load_items(self) -> None:
        """Fill the item filter once from the catalogue (the numbers the service filters by),
        read through the runner."""
        if self.item_box.count() > 1 or self._items_asked:
            return
        self._items_asked = True
        catalog = self.services.catalog
        self.runner.run(
            lambda: [(f"{i.number:02d} {i.name}", i.number) for i in catalog.list_items()],
            self._on_items,
            self._on_items_failed,
        )

    def _on_items(self, items: list[tuple[str, int]]) -> None:
        for text, number in items:
            self.item_box.addItem(text, number)

    def _on_items_failed(self, exc: Exception) -> None:
        self._items_asked = False  # asked again when the tab is shown again
        show_failure(exc, self.banner)

    def query(self) -> tuple[tuple[CaseState, ...], tuple[int, ...], date | None]:
        status = self.status_box.currentData()
        statuses = (CaseState(status),) if status else OPEN_STATES
        number = int(self.item_box.currentData() or 0)
        items = (number,) if number else ()
        due = self.due_date.date().toPython() if self.due_check.isChecked() else None
        assert due is None or isinstance(due, date)
        return statuses, items, due

    def reload(self) -> None:
        statuses, items, due = self.query()
        approval = self.services.approval

        def load() -> tuple[WorkList, list[list[QStandardItem]]]:
            work = approval.worklist(self.actor, statuses, items, due, limit=PAGE_SIZE)
            return work, make_cells(work.rows)

        self.runner.run(load, self._on_loaded, lambda exc: show_failure(exc, self.banner))

    def _on_loaded(self, loaded: tuple[WorkList, list[list[QStandardItem]]]) -> None:
        work, cells = loaded
        self.banner.clear()
        current = self.table.current_row()
        self.model.set_rows(work.rows, cells)
        self.counts.setText(counts_text(work))
        self.table.refit()
        if work.rows:
            self.table.select_source_row(min(current or 0, len(work.rows) - 1))

    def focus_table(self) -> None:
        self.table.setFocus()

    def _on_due_toggled(self, checked: bool) -> None:
        self.due_date.setEnabled(checked)
        self.reload()

    def _on_open_clicked(self) -> None:
        row = self.table.current_row()
        if row is not None:
            self._on_row_activated(row)

    def _on_row_activated(self, row: int) -> None:
        work_row: WorkRow = self.model.row_at(row)
        self.sig_open_case.emit(work_row)
