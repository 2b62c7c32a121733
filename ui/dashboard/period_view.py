"""期间统计: a period (今日, 本周, 本月, 上月 or any dates) per window, staff member, item or
category, with the previous period's change beside each number; the charts above the table
(served per hour per window, waits over the days). Enter or a double click on a number opens
the list behind it (drill.py); Esc comes back. 导出 Excel / PDF write the period's four
views through the service. Long ranges ask first, then run with progress and 取消."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.reports.rules.periods import LONG_RANGE_DAYS, Cancelled, LongRange
from counter_app.reports.rules.views import By, PeriodTable, Series
from ui.admin.common import ask_yes_no, show_failure
from ui.dashboard.charts import HourChart, WaitChart
from ui.dashboard.drill import DrillPage
from ui.dashboard.exports import PathChooser, ask_export_path, export_name, with_suffix
from ui.dashboard.grid import PeriodTableView
from ui.dashboard.models import (
    PERIODS,
    DrillTarget,
    PeriodModel,
    PeriodSortProxy,
    period_of,
    source_text,
)
from ui.dashboard.today_view import local_time
from ui.supervisor.training_form import DateEdit, pydate, qdate
from ui.tasks import Runner
from ui.widgets import BannerLabel, FieldErrorLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

NO_LIST = tr("这一格没有可列出的明细")
BY_CHOICES = (By.WINDOW, By.STAFF, By.ITEM, By.CATEGORY)


class PeriodView(QWidget):
    def __init__(
        self, services: Services, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services, self.actor, self.runner = services, actor, runner
        self.reports = services.reports
        self.choose_path: PathChooser = ask_export_path
        self.confirm: Callable[[QWidget, str], bool] = ask_yes_no
        self.table: PeriodTable | None = None
        self.series: Series | None = None
        self.allow_long = False  # the shown period was confirmed as a long one
        self.loading = False
        self._seq = 0
        self._cancel: threading.Event | None = None
        self.banner = BannerLabel(self)
        self.period_buttons = {
            key: shortcut_button(label, keys, self) for key, label, keys in PERIODS
        }
        self.date_from, self.date_to = DateEdit(self), DateEdit(self)
        self.end_error = FieldErrorLabel(self)
        self.by_box = QComboBox(self)
        for by in BY_CHOICES:
            self.by_box.addItem(tr("按{v}", v=by.label), by.value)
        self.compare_box = QCheckBox(tr("与上期比较"), self)
        self.compare_box.setChecked(True)
        self.query_button = shortcut_button(tr("查询"), "Ctrl+R", self)
        self.xlsx_button = shortcut_button(tr("导出 Excel"), "Ctrl+E", self)
        self.pdf_button = shortcut_button(tr("导出 PDF"), "Ctrl+P", self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: the service cannot tell how far it is
        self.progress.setFormat(tr("统计中…"))
        self.cancel_button = QPushButton(tr("取消统计 (Esc)"), self)
        self.source = QLabel(self)
        self.source.setStyleSheet("color:#444;")
        self.model = PeriodModel()
        self.proxy = PeriodSortProxy(self.model)
        self.grid = PeriodTableView(self.proxy, self)
        self.hour_chart, self.wait_chart = HourChart(self), WaitChart(self)
        self.drill = DrillPage(services, actor, runner, self)
        self.stack = QStackedWidget(self)
        self._build()
        self._connect()
        self.set_period(*period_of("month", self.reports.business_date()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.table is None and not self.loading:
            self.reload(keep_list=True)  # first shown: this month (or a tile's list is open)

    def _build(self) -> None:
        bar = QHBoxLayout()
        for button in self.period_buttons.values():
            bar.addWidget(button)
        bar.addSpacing(12)
        for widget in (QLabel(tr("从"), self), self.date_from, QLabel(tr("至"), self)):
            bar.addWidget(widget)
        bar.addWidget(self.date_to)
        bar.addWidget(self.end_error)
        bar.addSpacing(12)
        bar.addWidget(self.by_box)
        bar.addWidget(self.compare_box)
        bar.addWidget(self.query_button)
        bar.addStretch(1)
        line = QHBoxLayout()
        line.addWidget(self.source, 1)
        line.addWidget(self.progress)
        line.addWidget(self.cancel_button)
        line.addWidget(self.xlsx_button)
        line.addWidget(self.pdf_button)
        self.progress.hide()
        self.cancel_button.hide()
        charts = QWidget(self)
        row = QHBoxLayout(charts)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.hour_chart, 3)
        row.addWidget(self.wait_chart, 2)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(charts)
        split.addWidget(self.grid)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.stack.addWidget(split)
        self.stack.addWidget(self.drill)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(line)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        QWidget.setTabOrder(self.query_button, self.xlsx_button)
        QWidget.setTabOrder(self.xlsx_button, self.pdf_button)
        QWidget.setTabOrder(self.pdf_button, self.grid)

    def _connect(self) -> None:
        for key, button in self.period_buttons.items():
            button.clicked.connect(lambda _c=False, k=key: self.choose(k))
        self.query_button.clicked.connect(self.reload)
        self.by_box.activated.connect(lambda _i: self.reload())
        self.compare_box.toggled.connect(self._compare_toggled)
        self.grid.sig_cell_activated.connect(self.open_cell)
        self.drill.sig_back.connect(self.back)
        self.cancel_button.clicked.connect(self.cancel)
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))

    # -- the period --------------------------------------------------------------------------
    def period(self) -> tuple[date, date]:
        return pydate(self.date_from.date()), pydate(self.date_to.date())

    def set_period(self, start: date, end: date) -> None:
        self.date_from.setDate(qdate(start))
        self.date_to.setDate(qdate(end))

    def by(self) -> By:
        return By(str(self.by_box.currentData()))

    def set_by(self, by: By) -> None:
        self.by_box.setCurrentIndex(BY_CHOICES.index(by))

    def choose(self, choice: str) -> None:
        """今日, 本周, 本月 or 上月 around the business date, then load it."""
        self.set_period(*period_of(choice, self.reports.business_date()))
        self.reload()

    # -- loading -----------------------------------------------------------------------------
    def reload(self, allow_long: bool = False, *, keep_list: bool = False) -> None:
        """Query the period typed; the table comes back to the front unless ``keep_list``."""
        if not keep_list:
            self.back()
        start, end = self.period()
        by, compare = self.by(), self.compare_box.isChecked()
        self.end_error.show_error("")
        self._seq += 1
        seq = self._seq
        cancel = threading.Event() if allow_long else None
        self._cancel = cancel
        self.loading = True
        self._busy(allow_long)
        reports, actor = self.reports, self.actor

        def work() -> tuple[PeriodTable, Series]:
            table = reports.period(
                actor, start, end, by, compare=compare, allow_long=allow_long, cancel=cancel
            )
            series = reports.series(actor, start, end, allow_long=allow_long, cancel=cancel)
            return table, series

        self.runner.run(
            work,
            lambda got: self._loaded(seq, got, allow_long),
            lambda exc: self._failed(seq, exc),
        )

    def _busy(self, long: bool) -> None:
        self.progress.setVisible(long)
        self.cancel_button.setVisible(long)
        if long:
            self.cancel_button.setFocus()

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def _loaded(self, seq: int, got: tuple[PeriodTable, Series], allow_long: bool) -> None:
        if seq != self._seq:
            return  # a newer query was asked for
        self.loading = False
        self._busy(False)
        self.table, self.series = got
        self.allow_long = allow_long
        self.banner.clear()
        self.model.set_table(self.table, self.compare_box.isChecked())
        self.grid.resizeColumnsToContents()
        self.hour_chart.show_series(self.series)
        self.wait_chart.show_series(self.series)
        self._show_source(stale=False)

    def _show_source(self, stale: bool) -> None:
        table = self.table
        if table is None:
            self.source.setText("")
            return
        when = local_time(table.source, self.reports.reader.offset)
        self.source.setText(source_text(table, when, self.compare_box.isChecked(), stale))
        self.source.setStyleSheet("color:#b00020;" if stale else "color:#444;")

    def _failed(self, seq: int, exc: Exception) -> None:
        if seq != self._seq:
            return
        self.loading = False
        self._busy(False)
        if isinstance(exc, LongRange):
            if self.confirm(self, exc.message):
                self.reload(allow_long=True)
            else:
                self.banner.show_info(tr("未统计：所选时段超过三年"))
            return
        if isinstance(exc, Cancelled):
            self.banner.show_info(exc.message)
            return
        if isinstance(exc, CounterError) and exc.field == "end":
            self.end_error.show_error(exc.message)
            self.date_to.setFocus()
            return
        if isinstance(exc, CounterError) and exc.field == "source" and self.table is not None:
            when = local_time(self.table.source, self.reports.reader.offset)
            self.banner.show_error(tr("{m}（下面仍是 {t} 的数据）", m=exc.message, t=when))
            self._show_source(stale=True)
            return
        show_failure(exc, self.banner)

    def _compare_toggled(self, on: bool) -> None:
        if self.table is None:
            return
        if on and self.table.previous is None:
            self.reload(self.allow_long)
            return
        self.model.set_table(self.table, on)
        self.grid.resizeColumnsToContents()
        self._show_source(stale=False)

    # -- drill-down --------------------------------------------------------------------------
    def open_cell(self, row: int, column: int) -> None:
        table = self.table
        target = self.model.drill(row, column)
        if table is None:
            return
        if target is None:
            self.banner.show_info(NO_LIST)
            return
        self.banner.clear()
        self.stack.setCurrentWidget(self.drill)
        self.drill.open(target, table.start, table.end)

    def open_list(self, target: DrillTarget, start: date, end: date) -> None:
        """The list behind a figure shown elsewhere (a tile of today)."""
        self.banner.clear()
        self.stack.setCurrentWidget(self.drill)
        self.drill.open(target, start, end)

    def back(self) -> None:
        if self.stack.currentWidget() is self.drill:
            self.stack.setCurrentIndex(0)
            self.grid.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._cancel is not None and self.loading:
            self.cancel()
            return
        super().keyPressEvent(event)

    # -- exports -----------------------------------------------------------------------------
    def export(self, fmt: str) -> None:
        """The shown period's four views to .xlsx or PDF (the dates typed when none shown)."""
        start, end = (self.table.start, self.table.end) if self.table else self.period()
        chosen = self.choose_path(self, export_name(start, end, fmt), fmt)
        if not chosen:
            return
        path = with_suffix(chosen, fmt)
        long = self.allow_long or (end - start).days + 1 > LONG_RANGE_DAYS
        write = self.reports.export_xlsx if fmt == "xlsx" else self.reports.export_pdf
        self.banner.show_info(tr("正在导出到 {p}…", p=str(path)))
        self.runner.run(
            lambda: write(self.actor, start, end, path, allow_long=long),
            lambda written: self.banner.show_info(tr("已导出：{p}", p=str(written))),
            lambda exc: show_failure(exc, self.banner),
        )
