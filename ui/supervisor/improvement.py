"""改进报告 (8.4.2): a month's or a quarter's figures beside the supervisor's analysis and the
follow-up actions (新增措施, 标记完成), and the report as a PDF. Keyboard only: Ctrl+R 查询,
Ctrl+S 保存分析, Ctrl+N 新增措施, Ctrl+D 标记完成, Ctrl+P 生成 PDF; Enter confirms a form, Esc
closes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.cases.documents import RenderedDocument
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.supervision.reporting.views import ActionView, ReportFigures
from counter_app.supervision.rules.periods import period_of
from ui.admin.common import RED, AdminTableView, Column, RowsTableModel, chain_tab_order
from ui.admin.common import show_failure as show_banner_failure
from ui.form import FieldForm
from ui.pdf_output import ask_save_path, save_pdf
from ui.supervisor.improvement_html import figures_html
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

COLUMNS: list[Column[ActionView]] = [
    Column(tr("期间"), lambda a: a.period),
    Column(tr("整改措施"), lambda a: a.text),
    Column(tr("责任人"), lambda a: a.owner),
    Column(tr("完成期限"), lambda a: str(a.due_date or "—")),
    Column(tr("状态"), lambda a: a.state_label),
    Column(tr("完成情况"), lambda a: a.result),
]


def _colour(action: ActionView) -> QColor | None:
    return RED if action.overdue else None


class _InlineForm(QGroupBox):
    """A small form shown under the actions list: Enter submits, Esc hides it."""

    def __init__(self, title: str, ok: str, parent: QWidget) -> None:
        super().__init__(title, parent)
        self.form = FieldForm()
        self.submit = shortcut_button(ok, "Ctrl+Return", self)
        self.cancel = shortcut_button(tr("取消"), "Esc", self)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel)
        row.addWidget(self.submit)
        layout.addLayout(row)
        self.cancel.clicked.connect(self.hide)
        self.hide()


class ImprovementWidget(QWidget):
    def __init__(
        self, services: Services, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service, self._today = services.improvement, services.business_date
        self._actor, self._runner = actor, runner
        self.choose_path: Callable[[QWidget, str], str] = ask_save_path
        self.figures: ReportFigures | None = None
        self.banner = BannerLabel(self)
        self.kind = QComboBox(self)
        self.kind.addItems([tr("月度"), tr("季度")])
        self.period = QLineEdit(period_of(services.business_date()).previous().key, self)
        self.period.setMaxLength(8)
        self.period.setPlaceholderText(tr("如 2026-11 或 2026-Q4"))
        self.period_error = QLabel(self)
        self.period_error.setStyleSheet("color:#b00020;")
        self.query_button = shortcut_button(tr("查询"), "Ctrl+R", self)
        self.pdf_button = shortcut_button(tr("生成改进报告 PDF"), "Ctrl+P", self)
        self.view = QTextBrowser(self)
        self.analysis = QPlainTextEdit(self)
        self.analysis.setPlaceholderText(tr("原因分析：差评、投诉、超期集中在哪里，为什么"))
        self.analysis.setTabChangesFocus(True)
        self.save_button = shortcut_button(tr("保存分析"), "Ctrl+S", self)
        self.model: RowsTableModel[ActionView] = RowsTableModel(COLUMNS, _colour)
        self.table = AdminTableView(self.model, self)
        self.open_only = QCheckBox(tr("只看未完成"), self)
        self.add_button = shortcut_button(tr("新增措施"), "Ctrl+N", self)
        self.done_button = shortcut_button(tr("标记完成"), "Ctrl+D", self)
        self.add_form = _InlineForm(tr("新增整改措施（本期）"), tr("保存措施"), self)
        self.action_text = self.add_form.form.line("text", tr("措施"), max_length=500)
        self.owner = self.add_form.form.line("owner", tr("责任人"), max_length=32)
        self.due = QDateEdit(self)
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.add_form.form.add("due_date", tr("完成期限"), self.due)
        self.done_form = _InlineForm(tr("标记完成"), tr("确认完成"), self)
        self.result = self.done_form.form.line("result", tr("完成情况"), max_length=1000)
        self._build()
        self._connect()
        self.setFocusProxy(self.period)

    def _build(self) -> None:
        title = QLabel(tr("服务改进报告"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        header = QHBoxLayout()
        header.addWidget(title, 1)
        for widget in (QLabel(tr("期间"), self), self.kind, self.period, self.query_button):
            header.addWidget(widget)
        header.addWidget(self.pdf_button)
        left = QVBoxLayout()
        left.addWidget(self.period_error)
        left.addWidget(self.view, 1)
        right = QVBoxLayout()
        right.addWidget(QLabel(tr("原因分析"), self))
        right.addWidget(self.analysis, 2)
        right.addLayout(_row(self.save_button))
        actions_head = QHBoxLayout()
        actions_head.addWidget(QLabel(tr("整改措施（各期，超期未完成标红）"), self), 1)
        for button in (self.open_only, self.add_button, self.done_button):
            actions_head.addWidget(button)
        right.addLayout(actions_head)
        right.addWidget(self.table, 3)
        right.addWidget(self.add_form)
        right.addWidget(self.done_form)
        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addLayout(right, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        chain_tab_order(
            [self.kind, self.period, self.query_button, self.pdf_button, self.view, self.analysis,
             self.save_button, self.open_only, self.add_button, self.done_button, self.table]
        )  # fmt: skip

    def _connect(self) -> None:
        self.query_button.clicked.connect(self.reload)
        self.period.returnPressed.connect(self.reload)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.pdf_button.clicked.connect(self._on_pdf)
        self.save_button.clicked.connect(self._on_save)
        self.open_only.toggled.connect(lambda _on: self.reload())
        self.add_button.clicked.connect(self._open_add)
        self.done_button.clicked.connect(self._open_done)
        self.add_form.submit.clicked.connect(self._on_add)
        self.done_form.submit.clicked.connect(self._on_done)
        for edit in (self.action_text, self.owner):
            edit.returnPressed.connect(self._on_add)
        self.result.returnPressed.connect(self._on_done)
        self.table.sig_row_activated.connect(lambda _r: self._open_done())

    # -- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        key = self.period.text().strip()
        open_only = self.open_only.isChecked()
        self.period_error.clear()
        self._runner.run(
            lambda: (
                self._service.figures(self._actor, key),
                self._service.actions(self._actor, open_only),
            ),
            self._on_loaded,
            self._show_failure,
        )

    def _on_loaded(self, loaded: tuple[ReportFigures, tuple[ActionView, ...]]) -> None:
        figures, actions = loaded
        changed = self.figures is None or self.figures.period != figures.period
        self.figures = figures
        self.view.setHtml(figures_html(figures))
        if changed or not self.analysis.document().isModified():
            self.analysis.setPlainText(figures.analysis)
            self.analysis.document().setModified(False)
        self.model.set_rows(actions)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 260))

    def _on_kind(self, index: int) -> None:
        today = period_of(self._today())
        self.period.setText((period_of(today.first, quarterly=index == 1).previous()).key)
        self.reload()

    # -- analysis, actions, PDF ---------------------------------------------------------

    def _on_save(self) -> None:
        figures = self.figures
        if figures is None:
            return
        text = self.analysis.toPlainText()
        service, actor = self._service, self._actor
        self._runner.run(
            lambda: service.save_analysis(actor, figures.period, text, figures.row_version),
            self._on_saved,
            self._show_failure,
        )

    def _on_saved(self, figures: ReportFigures) -> None:
        self.analysis.document().setModified(False)
        self.figures = figures
        self.view.setHtml(figures_html(figures))
        self.banner.show_info(tr("已保存 {p} 的原因分析", p=figures.period_label))

    def _open_add(self) -> None:
        if self.figures is None:
            return
        self.done_form.hide()
        self.add_form.form.clear_errors()
        self.add_form.setTitle(tr("新增整改措施（{p}）", p=self.figures.period_label))
        self.due.setDate(_qdate(self._today() + timedelta(days=30)))
        self.add_form.show()
        self.action_text.setFocus()

    def _on_add(self) -> None:
        if self.figures is None or not self.add_form.isVisible():
            return
        period, text, owner = self.figures.period, self.action_text.text(), self.owner.text()
        due: date = self.due.date().toPython()  # type: ignore[assignment]
        service, actor = self._service, self._actor
        self._runner.run(
            lambda: service.add_action(actor, period, text, owner, due),
            lambda view: self._after_action(tr("已新增措施：{t}", t=view.text)),
            lambda exc: self._show_failure(exc, self.add_form.form),
        )

    def selected(self) -> ActionView | None:
        row = self.table.current_row()
        return None if row is None else self.model.row_at(row)

    def _open_done(self) -> None:
        action = self.selected()
        if action is None or action.state == "done":
            self.banner.show_error(tr("请先在列表中选择一项未完成的措施"))
            self.table.setFocus()
            return
        self.add_form.hide()
        self.done_form.form.clear_errors()
        self.done_form.setTitle(tr("标记完成：{t}", t=action.text[:30]))
        self.result.clear()
        self.done_form.show()
        self.result.setFocus()

    def _on_done(self) -> None:
        action = self.selected()
        if action is None or not self.done_form.isVisible():
            return
        result, service, actor = self.result.text(), self._service, self._actor
        self._runner.run(
            lambda: service.complete_action(actor, action.id, result, action.row_version),
            lambda view: self._after_action(tr("已标记完成：{t}", t=view.text)),
            lambda exc: self._show_failure(exc, self.done_form.form),
        )

    def _after_action(self, message: str) -> None:
        self._close_forms()
        self.action_text.clear()
        self.owner.clear()
        self.banner.show_info(message)
        self.reload()

    def _close_forms(self) -> None:
        self.add_form.hide()
        self.done_form.hide()
        self.table.setFocus()

    def _on_pdf(self) -> None:
        key, service, actor = self.period.text().strip(), self._service, self._actor
        self._runner.run(
            lambda: (key, service.report_pdf(actor, key)), self._on_pdf_made, self._show_failure
        )

    def _on_pdf_made(self, made: tuple[str, bytes]) -> None:
        key, pdf = made
        document = RenderedDocument("improvement_report", tr("服务改进报告"), key, pdf, False)
        path = self.choose_path(self, document.filename)
        if not path:
            return
        try:
            saved = save_pdf(document, path)
        except CounterError as exc:
            self.banner.show_error(exc.message)
            return
        self.banner.show_info(tr("改进报告已保存到 {p}", p=saved))

    def _show_failure(self, exc: Exception, form: FieldForm | None = None) -> None:
        if isinstance(exc, CounterError) and exc.field == "period":
            self.period_error.setText(exc.message)
            self.period.setFocus()
            return
        show_banner_failure(exc, self.banner, [form] if form is not None else [])


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for widget in widgets:
        row.addWidget(widget)
    return row


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
