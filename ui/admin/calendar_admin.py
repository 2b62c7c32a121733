"""Holiday overrides (dates the holiday library does not know) and complete years."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QSpinBox, QVBoxLayout, QWidget

from counter_app.core.roles import Actor
from counter_app.hall.calendar import CalendarService, OverrideView
from counter_app.hall.rules.working_days import library_years
from counter_app.i18n import tr
from ui.admin.common import AdminTableView, Column, RowsTableModel, button_row, show_failure
from ui.form import FieldForm
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

COLUMNS: tuple[Column[OverrideView], ...] = (
    Column(tr("日期"), lambda o: o.day.isoformat()),
    Column(tr("安排"), lambda o: tr("上班") if o.is_workday else tr("休息")),
    Column(tr("说明"), lambda o: o.note),
)


class CalendarAdminWidget(QWidget):
    """The administrator enters a year's holidays and make-up workdays before the library does."""

    def __init__(
        self, calendar: CalendarService, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._calendar, self._actor, self._runner = calendar, actor, runner
        self.banner = BannerLabel(self)
        known = sorted(library_years())
        self.hint = BannerLabel(self)
        self.hint.show_info(
            tr(
                "节假日数据已包含 {a}–{b} 年；其他年份请在此逐日录入放假和调休上班的日期，"
                "全部录入后勾选“该年已完整录入”。",
                a=known[0],
                b=known[-1],
            )
        )
        self.model: RowsTableModel[OverrideView] = RowsTableModel(COLUMNS)
        self.table = AdminTableView(self.model, self)
        self.form = FieldForm()
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.form.add("day", tr("日期"), self.day)
        self.workday = QCheckBox(tr("这一天上班（调休）；不勾选为放假"))
        self.form.add("is_workday", tr("安排"), self.workday)
        self.note = self.form.line("note", tr("说明"), tr("如：春节"), max_length=80)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year + 1)
        self.form.add("year", tr("年度"), self.year)
        self.save_button = shortcut_button(tr("保存这一天"), "Ctrl+S", self)
        self.year_button = shortcut_button(tr("该年已完整录入"), "Ctrl+E", self)
        self.save_button.clicked.connect(self._on_save)
        self.year_button.clicked.connect(self._on_year_complete)
        layout = QVBoxLayout(self)
        for widget in (self.hint, self.banner, self.table):
            layout.addWidget(widget)
        layout.addLayout(self.form)
        layout.addLayout(button_row([self.year_button, self.save_button]))

    def reload(self) -> None:
        self._runner.run(self._calendar.overrides, self.model.set_rows, self._failed)

    def _failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner, [self.form])

    def _on_save(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        day = self.day.date().toPython()
        assert isinstance(day, date)
        work, note = self.workday.isChecked(), self.note.text()
        self._runner.run(
            lambda: self._calendar.set_override(self._actor, day, work, note),
            lambda _r: self._saved(tr("已保存 {d}", d=day.isoformat())),
            self._failed,
        )

    def _on_year_complete(self) -> None:
        year = self.year.value()
        self._runner.run(
            lambda: self._calendar.mark_year_complete(self._actor, year),
            lambda _r: self._saved(tr("{y} 年已标记为完整录入", y=year)),
            self._failed,
        )

    def _saved(self, message: str) -> None:
        self.banner.show_info(message)
        self.reload()
