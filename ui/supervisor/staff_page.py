"""人员考核: a staff member's assessment for a period (this month by default), their training
records (新增培训记录) and their rewards and punishments (依据考核生成奖惩建议 -> 记录).

Everything loads through the runner (off the GUI thread); the figures come from the records.
Keys: Ctrl+R 查看, Ctrl+M 本月, Ctrl+B 上月, Ctrl+N 新增培训记录, Ctrl+G 奖惩建议; Esc closes
a form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.supervision.rules.assessment_rules import LEVEL_KEYS, Assessment
from counter_app.supervision.rules.evaluation import Level
from counter_app.supervision.staff_records import MeritProposal, MeritView, TrainingView
from ui.admin.common import AdminTableView, Column, RowsTableModel, chain_tab_order, show_failure
from ui.supervisor.training_form import DateEdit, MeritForm, TrainingForm, pydate, qdate
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services


def month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def minutes(seconds: float | None) -> str:
    return "—" if seconds is None else tr("{m:.1f} 分钟", m=seconds / 60)


def rate(value: float | None) -> str:
    return "—" if value is None else f"{value}%"


Figure = tuple[str, Callable[[Assessment], str]]
# (group title, [(label, text of the figure)]) in the order shown.
FIGURES: tuple[tuple[str, tuple[Figure, ...]], ...] = (
    (tr("办件"), (
        (tr("受理"), lambda a: tr("{n} 件", n=a.received)),
        (tr("办结"), lambda a: tr("{n} 件", n=a.decided)),
        (tr("其中准予 / 不予许可"), lambda a: f"{a.approved} / {a.rejected}"),
        (tr("按期办结率"), lambda a: rate(a.on_time_rate)),
        (tr("超期办结"), lambda a: tr("{n} 件", n=a.late)),
    )),
    (tr("窗口服务"), (
        (tr("叫号办结"), lambda a: tr("{n} 人次", n=a.tickets_served)),
        (tr("过号"), lambda a: tr("{n} 人次", n=a.no_shows)),
        (tr("等候 平均 / 中位"), lambda a: f"{minutes(a.wait_avg_s)} / {minutes(a.wait_median_s)}"),
        (tr("办理 平均 / 中位"),
         lambda a: f"{minutes(a.service_avg_s)} / {minutes(a.service_median_s)}"),
    )),
    (tr("好差评"), (
        *((Level(k).label, lambda a, k=k: tr("{n} 次", n=a.levels.get(k, 0))) for k in LEVEL_KEYS),
        (tr("满意率"), lambda a: rate(a.satisfaction_rate)),
        (tr("差评"), lambda a: tr("{n} 次（申诉撤销 {x} 次不计）", n=a.bad_reviews, x=a.annulled)),
    )),
    (tr("投诉与培训"), (
        (tr("投诉"), lambda a: tr("{n} 件", n=a.complaints)),
        (tr("投诉成立"), lambda a: tr("{n} 件", n=a.complaints_upheld)),
        (tr("培训"), lambda a: tr("{n} 次，{h:g} 学时", n=a.trainings, h=a.training_hours)),
    )),
)  # fmt: skip

TRAINING_COLUMNS = (
    Column[TrainingView](tr("日期"), lambda t: str(t.held_on)),
    Column[TrainingView](tr("培训内容"), lambda t: t.subject),
    Column[TrainingView](tr("学时"), lambda t: f"{t.hours:g}"),
    Column[TrainingView](tr("培训单位"), lambda t: t.provider),
)
MERIT_COLUMNS = (
    Column[MeritView](tr("期间"), lambda m: f"{m.date_from} 至 {m.date_to}"),
    Column[MeritView](tr("结果"), lambda m: m.kind.label),
    Column[MeritView](tr("依据"), lambda m: "；".join(m.reasons)),
    Column[MeritView](tr("备注"), lambda m: m.note),
    Column[MeritView](tr("记录人"), lambda m: m.decided_by),
)


@dataclass(frozen=True)
class StaffPageData:
    assessment: Assessment
    trainings: list[TrainingView]
    merits: list[MeritView]


class FiguresPanel(QWidget):
    """The assessment as four labelled groups of figures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size:14pt; font-weight:bold;")
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout()
        for index, (group_title, figures) in enumerate(FIGURES):
            box = QGroupBox(group_title, self)
            inner = QGridLayout(box)
            for row, (label, _text) in enumerate(figures):
                value = QLabel("—", box)
                value.setStyleSheet("font-size:12pt; font-weight:bold;")
                value.setAlignment(Qt.AlignmentFlag.AlignRight)
                inner.addWidget(QLabel(label, box), row, 0)
                inner.addWidget(value, row, 1)
                self.values[label] = value
            grid.addWidget(box, index // 2, index % 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(grid)
        layout.addStretch(1)

    def show_assessment(self, a: Assessment) -> None:
        self.title.setText(tr("{n}（{f} 至 {t}）", n=a.display_name, f=a.date_from, t=a.date_to))
        for _group, figures in FIGURES:
            for label, text in figures:
                self.values[label].setText(text(a))

    def value(self, label: str) -> str:
        return self.values[label].text()


class StaffAssessmentWidget(QWidget):
    """人员考核: choose a staff member and a period; figures, training and merits."""

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
        self.records = services.staff_records
        self.banner = BannerLabel(self)
        self.staff_box = QComboBox(self)
        self.date_from, self.date_to = DateEdit(self), DateEdit(self)
        self.show_button = shortcut_button(tr("查看"), "Ctrl+R", self)
        self.month_button = shortcut_button(tr("本月"), "Ctrl+M", self)
        self.last_month_button = shortcut_button(tr("上月"), "Ctrl+B", self)
        self.figures = FiguresPanel(self)
        self.training_model = RowsTableModel(TRAINING_COLUMNS)
        self.training_table = AdminTableView(self.training_model, self)
        self.merit_model = RowsTableModel(MERIT_COLUMNS)
        self.merit_table = AdminTableView(self.merit_model, self)
        self.add_training_button = shortcut_button(tr("新增培训记录"), "Ctrl+N", self)
        self.propose_button = shortcut_button(tr("依据考核生成奖惩建议"), "Ctrl+G", self)
        self.training_form, self.merit_form = TrainingForm(self), MeritForm(self)
        self.data: StaffPageData | None = None
        self._pending_info = ""
        self._build()
        self._connect()
        self._set_period(*month_of(self.records.today()))
        self.runner.run(
            lambda: self.records.staff_choices(self.actor), self._on_staff, self._failed
        )

    def _build(self) -> None:
        bar = QHBoxLayout()
        for widget in (QLabel(tr("工作人员"), self), self.staff_box, QLabel(tr("期间"), self),
                       self.date_from, QLabel(tr("至"), self), self.date_to, self.show_button,
                       self.month_button, self.last_month_button):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        self.staff_box.setMinimumWidth(160)
        right = QVBoxLayout()
        for title, table, button in (
            (tr("培训记录"), self.training_table, self.add_training_button),
            (tr("奖惩记录"), self.merit_table, self.propose_button),
        ):
            header = QHBoxLayout()
            label = QLabel(title, self)
            label.setStyleSheet("font-weight:bold;")
            header.addWidget(label, 1)
            header.addWidget(button)
            right.addLayout(header)
            right.addWidget(table, 1)
        right.addWidget(self.training_form)
        right.addWidget(self.merit_form)
        self.training_form.hide()
        self.merit_form.hide()
        body = QHBoxLayout()
        body.addWidget(self.figures, 5)
        body.addLayout(right, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        chain_tab_order([self.staff_box, self.date_from, self.date_to, self.show_button,
                         self.training_table, self.add_training_button, self.merit_table,
                         self.propose_button])  # fmt: skip

    def _connect(self) -> None:
        self.show_button.clicked.connect(self.reload)
        self.month_button.clicked.connect(lambda: self._period_of(self.records.today()))
        self.last_month_button.clicked.connect(
            lambda: self._period_of(pydate(self.date_from.date()).replace(day=1) - timedelta(1))
        )
        self.staff_box.activated.connect(lambda _i: self.reload())
        self.add_training_button.clicked.connect(self._open_training)
        self.propose_button.clicked.connect(self._propose)
        self.training_form.sig_submitted.connect(self._save_training)
        self.merit_form.sig_submitted.connect(self._record_merit)
        for form in (self.training_form, self.merit_form):
            form.sig_cancelled.connect(self._close_forms)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self._close_forms)

    # Loading --------------------------------------------------------------------------------

    def staff(self) -> str | None:
        data = self.staff_box.currentData()
        return data if isinstance(data, str) else None

    def period(self) -> tuple[date, date]:
        return pydate(self.date_from.date()), pydate(self.date_to.date())

    def _set_period(self, first: date, last: date) -> None:
        self.date_from.setDate(qdate(first))
        self.date_to.setDate(qdate(last))

    def _period_of(self, day: date) -> None:
        self._set_period(*month_of(day))
        self.reload()

    def _on_staff(self, choices: list[tuple[str, str]]) -> None:
        self.staff_box.clear()
        for username, name in choices:
            self.staff_box.addItem(tr("{n}（{u}）", n=name, u=username), username)
        self.reload()

    def reload(self) -> None:
        staff = self.staff()
        if staff is None:
            self.banner.show_info(tr("还没有可考核的工作人员"))
            return
        date_from, date_to = self.period()
        self.runner.run(
            lambda: self._load(staff, date_from, date_to), self._on_loaded, self._failed
        )

    def _load(self, staff: str, date_from: date, date_to: date) -> StaffPageData:
        return StaffPageData(
            self.services.assessment.assess(self.actor, staff, date_from, date_to),
            self.records.trainings(self.actor, staff=staff),
            self.records.merits(self.actor, staff=staff),
        )

    def _on_loaded(self, data: StaffPageData) -> None:
        self.data = data
        if self._pending_info:
            self.banner.show_info(self._pending_info)
        else:
            self.banner.clear()
        self._pending_info = ""
        self.figures.show_assessment(data.assessment)
        self.training_model.set_rows(data.trainings)
        self.merit_model.set_rows(data.merits)
        for table in (self.training_table, self.merit_table):
            table.resizeColumnsToContents()
            table.horizontalHeader().setStretchLastSection(True)

    def _failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner)

    # Training and merits --------------------------------------------------------------------

    def _close_forms(self) -> None:
        self.training_form.hide()
        self.merit_form.hide()
        self.staff_box.setFocus()

    def _open_training(self) -> None:
        if self.staff() is None:
            return
        self.merit_form.hide()
        self.training_form.prepare(self.staff_box.currentText(), self.records.today())
        self.training_form.show()
        self.training_form.open()

    def _save_training(self) -> None:
        staff = self.staff()
        if staff is None:
            return
        held_on, subject, hours, provider = self.training_form.values()
        self.runner.run(
            lambda: self.records.add_training(self.actor, staff, held_on, subject, hours, provider),
            lambda view: self._done(tr("已登记培训：{s}", s=view.subject)),
            lambda exc: self._form_failed(self.training_form, exc),
        )

    def _propose(self) -> None:
        staff = self.staff()
        if staff is None:
            return
        date_from, date_to = self.period()
        self.runner.run(
            lambda: self.records.propose_merit(self.actor, staff, date_from, date_to),
            self._on_proposal,
            self._failed,
        )

    def _on_proposal(self, proposal: MeritProposal) -> None:
        self.training_form.hide()
        self.merit_form.prepare(proposal)
        self.merit_form.show()
        self.merit_form.open()

    def _record_merit(self) -> None:
        proposal = self.merit_form.proposal
        if proposal is None:
            return
        note = self.merit_form.note.text()
        self.runner.run(
            lambda: self.records.record_merit(self.actor, proposal, note),
            lambda view: self._done(tr("已记录：{k}", k=view.kind.label)),
            lambda exc: self._form_failed(self.merit_form, exc),
        )

    def _form_failed(self, form: TrainingForm | MeritForm, exc: Exception) -> None:
        if isinstance(exc, CounterError):
            form.show_failure(exc)
            return
        self._failed(exc)

    def _done(self, message: str) -> None:
        self._close_forms()
        self._pending_info = message
        self.reload()
