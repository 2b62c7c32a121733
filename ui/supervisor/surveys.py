"""满意度调查 (R-SUP-7): the surveys with their answers, a new survey (title, period, one question
per line as ``题目|选项|选项``), ending one, and the results of the one selected. Keyboard only:
Ctrl+N 新建, Ctrl+Enter 保存, Esc 取消, Ctrl+E 结束调查, Ctrl+R 刷新."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.supervision.surveys import SurveyResults, SurveyView
from ui.admin.common import AdminTableView, Column, RowsTableModel, chain_tab_order, show_failure
from ui.form import FieldForm
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

Row = tuple[SurveyView, int]
COLUMNS: list[Column[Row]] = [
    Column(tr("标题"), lambda r: r[0].title),
    Column(tr("起止日期"), lambda r: f"{r[0].starts} 至 {r[0].ends}"),
    Column(tr("状态"), lambda r: tr("进行中") if r[0].active else tr("已结束")),
    Column(tr("答卷"), lambda r: str(r[1])),
]
EXAMPLE = tr("每行一题：题目|选项1|选项2…，如\n您对本次办事是否满意？|满意|一般|不满意")


def parse_questions(text: str) -> list[dict[str, object]]:
    """``题目|选项|选项`` per line (a full-width ｜ also separates); blank lines skipped."""
    out: list[dict[str, object]] = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if any(parts):
            out.append({"text": parts[0], "choices": parts[1:]})
    return out


def _bar(share: float) -> str:
    return "&nbsp;" * round(share * 40)


def results_html(results: SurveyResults) -> str:
    survey = results.survey
    head = tr(
        "<h3>{t}</h3><p>{a} 至 {b}，共 {n} 份答卷</p>",
        t=escape(survey.title),
        a=survey.starts,
        b=survey.ends,
        n=results.total,
    )
    parts = [head]
    for number, question in enumerate(results.questions, start=1):
        rows = "".join(
            f"<tr><td>{escape(c.label)}</td><td align='right'>{c.count}</td>"
            f"<td align='right'>{c.share * 100:.1f}%</td>"
            f"<td><span style='background:#2e6bb8'>{_bar(c.share)}</span></td></tr>"
            for c in question.choices
        )
        parts.append(
            f"<h4>{number}. {escape(question.text)}</h4>"
            "<table cellpadding='3' border='1' style='border-collapse:collapse'>"
            f"<tr><th>{tr('选项')}</th><th>{tr('人数')}</th><th>{tr('占比')}</th><th></th></tr>"
            f"{rows}</table>"
        )
    return "".join(parts)


class SurveysWidget(QWidget):
    def __init__(
        self, services: Services, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service, self._actor, self._runner = services.surveys, actor, runner
        self._today = services.business_date
        self.banner = BannerLabel(self)
        self.model: RowsTableModel[Row] = RowsTableModel(COLUMNS)
        self.table = AdminTableView(self.model, self)
        self.results = QTextBrowser(self)
        self.refresh_button = shortcut_button(tr("刷新"), "Ctrl+R", self)
        self.new_button = shortcut_button(tr("新建调查"), "Ctrl+N", self)
        self.close_button = shortcut_button(tr("结束调查"), "Ctrl+E", self)
        self.form_box = QGroupBox(tr("新建满意度调查"), self)
        self.form = FieldForm()
        self.title = self.form.line("title", tr("标题"), max_length=100)
        self.starts, self.ends = QDateEdit(self), QDateEdit(self)
        for edit in (self.starts, self.ends):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.form.add("starts", tr("开始日期"), self.starts)
        self.form.add("ends", tr("结束日期"), self.ends)
        self.questions = QPlainTextEdit(self)
        self.questions.setPlaceholderText(EXAMPLE)
        self.questions.setTabChangesFocus(True)
        self.form.add("questions", tr("问题"), self.questions)
        self.save_button = shortcut_button(tr("保存"), "Ctrl+Return", self.form_box)
        self.cancel_button = shortcut_button(tr("取消"), "Esc", self.form_box)
        self._build()
        self._connect()
        self.setFocusProxy(self.table)

    def _build(self) -> None:
        title = QLabel(tr("满意度调查"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        header = QHBoxLayout()
        header.addWidget(title, 1)
        for button in (self.refresh_button, self.close_button, self.new_button):
            header.addWidget(button)
        box = QVBoxLayout(self.form_box)
        box.addLayout(self.form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        box.addLayout(buttons)
        self.form_box.hide()
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.form_box)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addWidget(self.results, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        chain_tab_order(
            [self.table, self.results, self.title, self.starts, self.ends, self.questions,
             self.save_button, self.cancel_button]
        )  # fmt: skip

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.reload)
        self.new_button.clicked.connect(self._open_form)
        self.close_button.clicked.connect(self._on_close)
        self.save_button.clicked.connect(self._on_save)
        self.cancel_button.clicked.connect(self._close_form)
        self.title.returnPressed.connect(self.starts.setFocus)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_results())

    def reload(self) -> None:
        service, actor = self._service, self._actor
        self._runner.run(lambda: service.surveys(actor), self._on_loaded, self._failed)

    def _on_loaded(self, rows: tuple[Row, ...]) -> None:
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        if rows:
            self.table.select_source_row(0)
            self._show_results()
        else:
            self.results.setHtml(tr("<p>还没有满意度调查。按 Ctrl+N 新建。</p>"))

    def selected(self) -> SurveyView | None:
        row = self.table.current_row()
        return None if row is None else self.model.row_at(row)[0]

    def _show_results(self) -> None:
        survey = self.selected()
        if survey is None:
            return
        service, actor = self._service, self._actor
        self._runner.run(
            lambda: service.results(actor, survey.id),
            lambda results: self.results.setHtml(results_html(results)),
            self._failed,
        )

    def _open_form(self) -> None:
        today = self._today()
        self.form.clear_errors()
        self.title.clear()
        self.questions.clear()
        self.starts.setDate(QDate(today.year, today.month, today.day))
        self.ends.setDate(_qdate(today + timedelta(days=30)))
        self.form_box.show()
        self.title.setFocus()

    def _close_form(self) -> None:
        self.form_box.hide()
        self.table.setFocus()

    def _on_save(self) -> None:
        if not self.form_box.isVisible():
            return
        self.form.clear_errors()
        title, questions = self.title.text(), parse_questions(self.questions.toPlainText())
        starts: date = self.starts.date().toPython()  # type: ignore[assignment]
        ends: date = self.ends.date().toPython()  # type: ignore[assignment]
        service, actor = self._service, self._actor
        self._runner.run(
            lambda: service.create(actor, title, questions, starts, ends),
            self._on_created,
            self._failed,
        )

    def _on_created(self, survey: SurveyView) -> None:
        self._close_form()
        self.banner.show_info(tr("已新建调查“{t}”", t=survey.title))
        self.reload()

    def _on_close(self) -> None:
        survey = self.selected()
        if survey is None or not survey.active:
            self.banner.show_error(tr("请先在列表中选择一项进行中的调查"))
            return
        service, actor = self._service, self._actor
        self._runner.run(
            lambda: service.close(actor, survey.id, survey.row_version),
            self._on_closed,
            self._failed,
        )

    def _on_closed(self, survey: SurveyView) -> None:
        self.banner.show_info(tr("已结束调查“{t}”", t=survey.title))
        self.reload()

    def _failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner, [self.form] if self.form_box.isVisible() else [])


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
