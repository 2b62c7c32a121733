"""主管 → 好差评: the period's evaluations with counts per level, and 差评整改: the bad reviews
with their follow-up (overdue red, due within 2 working days amber); the selected one shows its
steps and the form for the next (ui/supervisor/followup_form.py).

Keys: Ctrl+R refresh, Ctrl+T the evaluations, Ctrl+B the bad reviews, Ctrl+J or Enter on a bad
review the form; Ctrl+Enter 完成此步, Ctrl+E 申诉, Ctrl+D 审核申诉."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.supervision.rules.evaluation import (
    LEVELS_BEST_FIRST,
    FollowupState,
    Level,
    RectifyMode,
)
from counter_app.supervision.rules.followup_rules import (
    FollowupRow,
    FollowupSummary,
    FollowupView,
    StepView,
    step_label,
)
from ui.admin.common import GREY, RED, AdminTableView, Column, RowsTableModel, show_failure
from ui.approval.tables import fit_columns, keep_fitted
from ui.supervisor.followup_form import FollowupForm
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

AMBER = QColor("#b26a00")
EVALUATION_COLUMNS: tuple[Column[Any], ...] = (
    Column(tr("日期"), lambda e: e.business_date.isoformat()),
    Column(tr("窗口"), lambda e: e.window_no),
    Column(tr("人员"), lambda e: e.staff_name or e.staff),
    Column(tr("评价"), lambda e: e.level_label),
    Column(tr("来源"), lambda e: e.source_label),
    Column(tr("原因"), lambda e: e.reasons if isinstance(e.reasons, str) else "、".join(e.reasons)),
    Column(tr("留言"), lambda e: e.comment),
)


def due_text(row: FollowupRow) -> str:
    if row.due is None:
        return tr("日历未录入")
    if row.overdue:
        return tr("{d}（超期）", d=row.due.isoformat())
    return tr("{d}（临期）", d=row.due.isoformat()) if row.due_soon else row.due.isoformat()


BAD_COLUMNS: tuple[Column[FollowupRow], ...] = (
    Column(tr("评价日期"), lambda r: r.business_date.isoformat()),
    Column(tr("窗口"), lambda r: r.window_no),
    Column(tr("人员"), lambda r: r.staff_name),
    Column(tr("评价"), lambda r: r.level_label),
    Column(tr("状态"), lambda r: r.state_label),
    Column(tr("期限"), due_text),
    Column(tr("承办人"), lambda r: r.handler),
    Column(tr("实名"), lambda r: tr("实名") if r.real_name else ""),
    Column(tr("留言"), lambda r: r.comment),
)


def row_colour(row: FollowupRow) -> QColor | None:
    if row.overdue:
        return RED
    if row.due_soon:
        return AMBER
    return None if row.open else GREY


def step_text(step: StepView) -> str:
    at = step.at.astimezone().strftime("%Y-%m-%d %H:%M")
    extra = ""
    mode = str(step.detail.get("mode") or "")
    if mode:
        extra = tr("（{m}）", m=RectifyMode(mode).label)
        if step.detail.get("rectify_due"):
            extra = tr("（{m}，期限 {d}）", m=RectifyMode(mode).label, d=step.detail["rectify_due"])
    return tr("{at}  {who}  {s}{x}：{t}", at=at, who=step.who, s=step.label, x=extra, t=step.text)


@dataclass(frozen=True)
class Snapshot:
    evaluations: list[Any]
    counts: dict[Level, int]
    bad: list[FollowupRow]
    summary: FollowupSummary
    today: date


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class EvaluationsWidget(QWidget):
    sig_followup_changed = Signal(object)
    """Emitted after a step, an appeal or a decision was saved (FollowupView)."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner: Runner = runner or SyncRunner()
        self.today = services.business_date()
        self._keep: uuid.UUID | None = None
        self.banner = BannerLabel(self)
        self.date_from = self._date_edit(self.today.replace(day=1))
        self.date_to = self._date_edit(self.today)
        self.refresh_button = shortcut_button(tr("刷新"), "Ctrl+R", self)
        self.closed_check = QCheckBox(tr("含本期已结束的差评 (&H)"), self)
        self.counts_label = QLabel(self)
        self.eval_model: RowsTableModel[Any] = RowsTableModel(EVALUATION_COLUMNS)
        self.eval_table = AdminTableView(self.eval_model, self)
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.bad_model = RowsTableModel(BAD_COLUMNS, row_colour)
        self.bad_table = AdminTableView(self.bad_model, self)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.history = QListWidget(self)
        self.history.setWordWrap(True)
        self.form = FollowupForm(self)
        self._build()
        for table in (self.eval_table, self.bad_table):
            keep_fitted(table)
        self._connect()

    def _date_edit(self, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _build(self) -> None:
        title = QLabel(tr("好差评"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(16)
        for text, edit in ((tr("从"), self.date_from), (tr("至"), self.date_to)):
            header.addWidget(QLabel(text, self))
            header.addWidget(edit)
        header.addWidget(self.closed_check)
        header.addStretch(1)
        header.addWidget(self.refresh_button)
        left = QVBoxLayout()
        left.addWidget(self._heading(tr("本期评价 (Ctrl+T)")))
        left.addWidget(self.counts_label)
        left.addWidget(self.eval_table, 2)
        left.addWidget(self._heading(tr("差评整改 (Ctrl+B)")))
        left.addWidget(self.summary_label)
        left.addWidget(self.bad_table, 3)
        right = QVBoxLayout()
        right.addWidget(self._heading(tr("差评详情与整改记录")))
        right.addWidget(self.detail)
        right.addWidget(self.history, 1)
        right.addWidget(self.form)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        for first, second in (
            (self.date_from, self.date_to),
            (self.date_to, self.closed_check),
            (self.closed_check, self.refresh_button),
            (self.refresh_button, self.eval_table),
            (self.eval_table, self.bad_table),
            (self.bad_table, self.form.first_field()),
        ):
            QWidget.setTabOrder(first, second)
        self.form.order_tabs()
        QWidget.setTabOrder(self.form.decide_button, self.history)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setStyleSheet("font-weight:bold;")
        return label

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.reload)
        self.closed_check.toggled.connect(lambda _on: self.reload())
        self.bad_table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.bad_table.sig_row_activated.connect(lambda _r: self.form.first_field().setFocus())
        for keys, target in (
            ("Ctrl+T", self.eval_table),
            ("Ctrl+B", self.bad_table),
            ("Ctrl+J", self.form.first_field()),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda t=target: self._focus(t))
        self.form.sig_step_submitted.connect(self._on_step)
        self.form.sig_appeal_submitted.connect(self._on_appeal)
        self.form.sig_decision_submitted.connect(self._on_decide)

    def _focus(self, widget: QWidget) -> None:
        widget.setFocus()
        if isinstance(widget, AdminTableView) and widget.current_row() is None:
            widget.select_source_row(0)

    # -- loading ---------------------------------------------------------------------------
    def period(self) -> tuple[date, date]:
        return _date(self.date_from.date()), _date(self.date_to.date())

    def reload(self) -> None:
        self.banner.clear()
        self.runner.run(self._load, self._on_loaded, lambda exc: show_failure(exc, self.banner))

    def _load(self) -> Snapshot:
        start, end = self.period()
        if start > end:
            raise CounterError(tr("开始日期不能晚于结束日期"), "date_from")
        evaluations, followups = self.services.evaluations, self.services.followups
        bad = followups.bad_reviews(self.actor)
        if self.closed_check.isChecked():
            shown = {r.evaluation_id for r in bad}
            period = followups.bad_reviews(self.actor, False, date_from=start, date_to=end)
            bad += [r for r in period if r.evaluation_id not in shown]
        return Snapshot(
            evaluations=list(evaluations.list(self.actor, start, end)),
            counts=evaluations.counts(self.actor, start, end),
            bad=bad,
            summary=followups.summary(self.actor, start, end),
            today=self.services.business_date(),
        )

    def _on_loaded(self, snapshot: Snapshot) -> None:
        self.today = snapshot.today
        current = self.selected()
        keep = self._keep or (current.evaluation_id if current else None)
        self._keep = None
        self.eval_model.set_rows(snapshot.evaluations)
        self.bad_model.set_rows(snapshot.bad)
        self.counts_label.setText(self._counts_text(snapshot.counts))
        self.summary_label.setText(self._summary_text(snapshot.summary, len(snapshot.bad)))
        fit_columns(self.eval_table)
        fit_columns(self.bad_table)
        ids = [r.evaluation_id for r in snapshot.bad]
        if ids:
            self.bad_table.select_source_row(ids.index(keep) if keep in ids else 0)
        self._show_selected()

    def _counts_text(self, counts: dict[Level, int]) -> str:
        total = sum(counts.values())
        parts = [f"{level.label} {counts.get(level, 0)}" for level in LEVELS_BEST_FIRST]
        good = sum(n for level, n in counts.items() if Level(level).good)
        rate = tr("满意率 {p:.1f}%", p=100 * good / total) if total else tr("暂无评价")
        return tr("共 {n} 条：{p}；{r}", n=total, p=" · ".join(parts), r=rate)

    def _summary_text(self, summary: FollowupSummary, shown: int) -> str:
        states = " · ".join(
            f"{state.label} {summary.by_state.get(state, 0)}"
            for state in FollowupState
            if summary.by_state.get(state, 0)
        )
        return tr(
            "列表 {s} 条（未结束的差评不论日期都列出）。"
            "本期差评 {b} 条{st}；超期 {o}，待审申诉 {a}",
            s=shown,
            b=summary.bad,
            st=tr("：{x}", x=states) if states else "",
            o=summary.overdue,
            a=summary.appeals_pending,
        )

    # -- the selected bad review -----------------------------------------------------------
    def selected(self) -> FollowupRow | None:
        row = self.bad_table.current_row()
        return None if row is None else self.bad_model.row_at(row)

    def _show_selected(self) -> None:
        row = self.selected()
        self.form.prepare(row, self.today)
        self.history.clear()
        if row is None:
            self.detail.setText(tr("没有需要整改的差评。"))
            return
        self.detail.setText(self._detail_text(row))
        key = row.evaluation_id
        self.runner.run(
            lambda: self.services.followups.history(self.actor, key),
            lambda steps: self._on_history(key, steps),
            lambda exc: show_failure(exc, self.banner),
        )

    def _detail_text(self, row: FollowupRow) -> str:
        lines = [
            tr(
                "{d} 窗口 {w} {s}：{l}（{src}）",
                d=row.business_date.isoformat(),
                w=row.window_no,
                s=row.staff_name,
                l=row.level_label,
                src=row.source_label,
            ),
            tr("原因：{r}", r="、".join(row.reasons) or tr("未选")),
            tr("留言：{c}", c=row.comment or tr("无")),
            tr("评价人：{r}（实名差评，须 100% 整改回访）", r=row.rater)
            if row.real_name
            else tr("评价人：匿名"),
        ]
        return "\n".join(lines)

    def _on_history(self, key: uuid.UUID, steps: list[StepView]) -> None:
        current = self.selected()
        if current is None or current.evaluation_id != key:
            return
        self.history.clear()
        self.history.addItems([step_text(s) for s in steps] or [tr("尚未办理任何步骤")])

    # -- acts ------------------------------------------------------------------------------
    def _on_step(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.form.clear_errors()
        text, mode, due = self.form.text_value(), self.form.mode(), self.form.rectify_due()
        followups = self.services.followups
        self._run(
            lambda: followups.advance(
                self.actor, row.evaluation_id, row.state, text, row.row_version, mode, due
            ),
            tr("已完成“{s}”", s=step_label(row.state.value)),
        )

    def _on_appeal(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.form.clear_errors()
        text, followups = self.form.text_value(), self.services.followups
        self._run(
            lambda: followups.appeal(self.actor, row.evaluation_id, text, row.row_version),
            tr("已提出申诉，等待另一位科长审核"),
        )

    def _on_decide(self) -> None:
        row = self.selected()
        if row is None:
            return
        self.form.clear_errors()
        upheld = self.form.upheld()
        if upheld is None:
            self.form.show_failure(CounterError(tr("请选择申诉成立或驳回"), "appeal"))
            return
        text, followups = self.form.text_value(), self.services.followups
        self._run(
            lambda: followups.decide_appeal(
                self.actor, row.evaluation_id, upheld, text, row.row_version
            ),
            tr("申诉成立，该差评已撤销") if upheld else tr("已驳回申诉，继续整改"),
        )

    def _run(self, work: Any, done_text: str) -> None:
        self.runner.run(work, lambda view: self._on_done(view, done_text), self._on_failed)

    def _on_done(self, view: FollowupView, done_text: str) -> None:
        next_text = view.state.label
        self.banner.show_info(tr("{d}；当前：{s}", d=done_text, s=next_text))
        self._keep = view.evaluation_id
        self.sig_followup_changed.emit(view)
        self.runner.run(self._load, self._on_reloaded, lambda exc: show_failure(exc, self.banner))

    def _on_reloaded(self, snapshot: Snapshot) -> None:
        self._on_loaded(snapshot)
        self.bad_table.setFocus()

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, CounterError) and self.form.show_failure(exc):
            return
        show_failure(exc, self.banner)
