"""Holiday overrides (dates the holiday library does not know), complete years, and the State
Council's notice pasted and confirmed on the year's calendar."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.calendar import (
    CalendarService,
    NoticeImport,
    NoticePreview,
    OverrideView,
    YearPlan,
)
from counter_app.hall.rules.working_days import library_years
from counter_app.i18n import tr
from ui.admin.calendar.confirm_dialog import YearConfirmDialog
from ui.admin.common import (
    AdminTableView,
    Column,
    DialogOpener,
    RowsTableModel,
    button_row,
    exec_dialog,
    show_failure,
)
from ui.form import FieldForm
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

COLUMNS: tuple[Column[OverrideView], ...] = (
    Column(tr("日期"), lambda o: o.day.isoformat()),
    Column(tr("安排"), lambda o: tr("上班") if o.is_workday else tr("休息")),
    Column(tr("说明"), lambda o: o.note),
)
WEEK = "一二三四五六日"


class CalendarAdminWidget(QWidget):
    """The administrator enters a year's holidays and make-up workdays before the library does:
    day by day, or by pasting the State Council's notice (Ctrl+I); a year is marked complete
    (Ctrl+E) and a notice saved only after the year was confirmed on its calendar."""

    def __init__(
        self, calendar: CalendarService, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._calendar, self._actor, self._runner = calendar, actor, runner
        self.open_dialog: DialogOpener = exec_dialog
        self.banner = BannerLabel(self)
        known = sorted(library_years())
        self.hint = BannerLabel(self)
        self.hint.show_info(
            tr(
                "节假日数据已包含 {a}–{b} 年；其他年份请粘贴国务院办公厅的放假通知（Ctrl+I），"
                "或逐日录入放假和调休上班的日期，至少录入春节和国庆节后标记该年已完整录入。",
                a=known[0],
                b=known[-1],
            )
        )
        self.model: RowsTableModel[OverrideView] = RowsTableModel(COLUMNS)
        self.table = AdminTableView(self.model, self)
        self._build_day_form()
        self._build_notice_form()
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(self.form)
        left.addLayout(button_row([self.year_button, self.save_button]))
        right = QVBoxLayout()
        right.addLayout(self.notice_form, 1)
        right.addLayout(button_row([self.notice_button]))
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.banner)
        layout.addLayout(columns, 1)

    def _build_day_form(self) -> None:
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
        self.year_button = shortcut_button(tr("该年已完整录入…"), "Ctrl+E", self)
        self.save_button.clicked.connect(self._on_save)
        self.year_button.clicked.connect(self._on_year_complete)

    def _build_notice_form(self) -> None:
        self.notice_form = FieldForm()
        self.notice = QPlainTextEdit()
        self.notice.setTabChangesFocus(True)
        self.notice.setPlaceholderText(
            tr("粘贴“国务院办公厅关于20XX年部分节假日安排的通知”全文，含标题")
        )
        self.notice_form.add("notice", tr("放假通知"), self.notice)
        self.notice_button = shortcut_button(tr("识别通知并预览…"), "Ctrl+I", self)
        self.notice_button.clicked.connect(self._on_notice)

    def reload(self) -> None:
        self._runner.run(self._calendar.overrides, self.model.set_rows, self._failed)

    def _failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner, [self.form, self.notice_form])

    def _clear(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        self.notice_form.clear_errors()

    def _on_save(self) -> None:
        self._clear()
        day = self.day.date().toPython()
        assert isinstance(day, date)
        work, note = self.workday.isChecked(), self.note.text()
        self._runner.run(
            lambda: self._calendar.set_override(self._actor, day, work, note),
            lambda _r: self._saved(tr("已保存 {d}", d=day.isoformat())),
            self._failed,
        )

    def _on_year_complete(self) -> None:
        self._clear()
        year = self.year.value()
        self._runner.run(lambda: self._calendar.year_plan(year), self._confirm_year, self._failed)

    def _confirm_year(self, plan: YearPlan) -> None:
        if plan.library_known:
            message = tr("节假日库已包含 {y} 年的安排，以节假日库为准，无需标记", y=plan.year)
            self._failed(CounterError(message, "year"))
            return
        if plan.missing:
            missing = "、".join(plan.missing)
            message = tr("{y} 年还未录入{m}的放假日期", y=plan.year, m=missing)
            self._failed(CounterError(message, "year"))
            return
        heading = tr("确认 {y} 年的放假安排已全部录入", y=plan.year)
        notes = [tr("标记后，未录入的日期一律按周一至周五上班、周六周日休息计算期限。")]
        dialog = YearConfirmDialog(plan, heading, tr("标记完整录入"), notes, self)
        if not self.open_dialog(dialog):
            return
        self._runner.run(
            lambda: self._calendar.mark_year_complete(self._actor, plan.year),
            lambda _r: self._saved(tr("{y} 年已标记为完整录入", y=plan.year)),
            self._failed,
        )

    def _on_notice(self) -> None:
        self._clear()
        text = self.notice.toPlainText()
        self._runner.run(
            lambda: self._calendar.preview_notice(text),
            lambda preview: self._confirm_notice(text, preview),
            self._failed,
        )

    def _confirm_notice(self, text: str, preview: NoticePreview) -> None:
        year = preview.notice.year
        if preview.agrees:
            self.banner.show_info(tr("通知与节假日库的 {y} 年安排一致，无需保存", y=year))
            return
        notes = [_difference(d.day, d.notice_workday, d.current_workday)
                 for d in preview.differences]  # fmt: skip
        if preview.differences:
            notes.insert(0, tr("以下日期与当前日历不一致，确认后以通知为准（记入审计日志）："))
            ok_text = tr("以通知为准保存")
        else:
            count = len(preview.changes)
            notes.append(tr("保存 {n} 天安排，并标记 {y} 年已完整录入。", n=count, y=year))
            ok_text = tr("保存")
        heading = tr("确认导入 {y} 年放假安排", y=year)
        dialog = YearConfirmDialog(preview.plan, heading, ok_text, notes, self)
        if not self.open_dialog(dialog):
            return
        accept = bool(preview.differences)
        self._runner.run(
            lambda: self._calendar.import_notice(self._actor, text, accept_differences=accept),
            self._imported,
            self._failed,
        )

    def _imported(self, done: NoticeImport) -> None:
        message = tr("已保存 {y} 年的 {n} 天安排", y=done.year, n=done.saved)
        if done.marked_complete:
            message += tr("，{y} 年已标记为完整录入", y=done.year)
        self.notice.clear()
        self._saved(message)

    def _saved(self, message: str) -> None:
        self.banner.show_info(message)
        self.reload()


def _difference(day: date, notice_workday: bool, current_workday: bool) -> str:
    def word(work: bool) -> str:
        return tr("上班") if work else tr("放假")

    return tr("{d}（{w}）：通知为{n}，当前为{c}", d=day.isoformat(), w=WEEK[day.weekday()],
              n=word(notice_workday), c=word(current_workday))  # fmt: skip
