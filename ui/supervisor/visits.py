"""多次跑动 (最多跑一次, R-REC-8): for a period (this month by default), the share of matters
done in one visit and the matters that took more than one, with why. Counted from the case
history; loads through the runner. Keys: Ctrl+R 查看, Ctrl+M 本月, Ctrl+B 上月."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.supervision.visits import VisitCounts, VisitRow
from ui.admin.common import AdminTableView, Column, RowsTableModel, chain_tab_order, show_failure
from ui.supervisor.staff_page import month_of, rate
from ui.supervisor.training_form import DateEdit, pydate, qdate
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

COLUMNS = (
    Column[VisitRow](tr("案件编号"), lambda r: r.number),
    Column[VisitRow](tr("受理日期"), lambda r: str(r.received_on)),
    Column[VisitRow](tr("事项"), lambda r: r.item),
    Column[VisitRow](tr("申请人"), lambda r: r.applicant),
    Column[VisitRow](tr("跑动次数"), lambda r: str(r.visits)),
    Column[VisitRow](tr("原因"), lambda r: r.why),
)


@dataclass(frozen=True)
class VisitsData:
    counts: VisitCounts
    rows: list[VisitRow]


def summary_text(c: VisitCounts) -> str:
    return tr(
        "办件 {m} 件，一次办成 {o} 件（{s}）；跑动多次 {x} 件：补正 {p} 次，窗口领取 {k} 次",
        m=c.matters,
        o=c.one_visit,
        s=rate(c.one_visit_share),
        x=c.more_visits,
        p=c.supplements,
        k=c.pickups,
    )


class VisitsWidget(QWidget):
    """The period, the one-visit share, and the list of matters with more than one visit."""

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
        self.banner = BannerLabel(self)
        self.date_from, self.date_to = DateEdit(self), DateEdit(self)
        self.show_button = shortcut_button(tr("查看"), "Ctrl+R", self)
        self.month_button = shortcut_button(tr("本月"), "Ctrl+M", self)
        self.last_month_button = shortcut_button(tr("上月"), "Ctrl+B", self)
        self.share = QLabel("—", self)
        self.share.setStyleSheet("font-size:22pt; font-weight:bold; color:#1b5e20;")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = RowsTableModel(COLUMNS)
        self.table = AdminTableView(self.model, self)
        self.list_label = QLabel(self)
        self.list_label.setStyleSheet("font-weight:bold;")
        self._build()
        self.show_button.clicked.connect(self.reload)
        self.month_button.clicked.connect(lambda: self._period_of(self._today()))
        self.last_month_button.clicked.connect(
            lambda: self._period_of(pydate(self.date_from.date()).replace(day=1) - timedelta(1))
        )
        first, last = month_of(self._today())
        self.date_from.setDate(qdate(first))
        self.date_to.setDate(qdate(last))
        self.reload()

    def _today(self) -> date:
        return self.services.staff_records.today()

    def _build(self) -> None:
        bar = QHBoxLayout()
        for widget in (QLabel(tr("受理期间"), self), self.date_from, QLabel(tr("至"), self),
                       self.date_to, self.show_button, self.month_button,
                       self.last_month_button):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        figures = QHBoxLayout()
        caption = QLabel(tr("一次办成率"), self)
        caption.setStyleSheet("font-size:12pt;")
        figures.addWidget(caption)
        figures.addWidget(self.share)
        figures.addSpacing(24)
        figures.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addLayout(figures)
        layout.addWidget(self.list_label)
        layout.addWidget(self.table, 1)
        chain_tab_order([self.date_from, self.date_to, self.show_button, self.table])

    def _period_of(self, day: date) -> None:
        first, last = month_of(day)
        self.date_from.setDate(qdate(first))
        self.date_to.setDate(qdate(last))
        self.reload()

    def reload(self) -> None:
        date_from, date_to = pydate(self.date_from.date()), pydate(self.date_to.date())
        self.runner.run(
            lambda: self._load(date_from, date_to),
            self._on_loaded,
            lambda exc: show_failure(exc, self.banner),
        )

    def _load(self, date_from: date, date_to: date) -> VisitsData:
        visits = self.services.visits
        return VisitsData(
            visits.visit_counts(self.actor, date_from, date_to),
            visits.over_one_visit(self.actor, date_from, date_to),
        )

    def _on_loaded(self, data: VisitsData) -> None:
        self.banner.clear()
        self.share.setText(rate(data.counts.one_visit_share))
        self.summary.setText(summary_text(data.counts))
        self.list_label.setText(tr("跑动多次的办件 {n} 件（跑动次数多的在前）", n=len(data.rows)))
        self.model.set_rows(data.rows)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        if data.rows:
            self.table.select_source_row(0)
