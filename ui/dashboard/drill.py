"""The list behind a number: the visits (tickets), the cases, the ratings or the complaints
a cell of the period table (or a tile of today) counted, from ``ReportService.tickets`` /
``.cases`` / ``.evaluations`` / ``.complaints`` / ``.open_bad_reviews`` / ``.open_complaints``
with the row's key and the column's measure (drill_reviews.py for the last four). Enter on a
case opens it (the reception's case view); on a ticket, its times; on a rating, its details
(never who rated); on a complaint, its record and history as 投诉咨询 shows it. Names masked;
显示完整信息 asks the service to reveal them (audited). Esc goes back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.roles import Actor, Role
from counter_app.i18n import tr
from counter_app.reports.drill_reviews import ComplaintEntry, EvaluationRow
from counter_app.reports.rules.views import TOTAL_KEY, By, CaseRow, TicketRow
from ui.admin.common import AdminTableView, RowsTableModel, show_failure
from ui.dashboard import drill_reviews as reviews
from ui.dashboard.drill_columns import case_columns, ticket_columns, ticket_text
from ui.dashboard.models import DrillTarget
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services
    from ui.reception.case_dialog import CaseDialog

LIMIT = 500


def filters_for(target: DrillTarget) -> dict[str, Any] | None:
    """The drill-down call's filter for the row (None: the row has no list, e.g. 无事项)."""
    if target.key == TOTAL_KEY:
        return {}
    if target.by is By.ITEM:
        return {"item": int(target.key)} if target.key.isdigit() else None
    return {target.by.value: target.key}


class DrillPage(QWidget):
    sig_back = Signal()
    """The user left the list (Esc or 返回)."""

    def __init__(
        self, services: Services, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services, self.actor, self.runner = services, actor, runner
        self.offset: timedelta = services.reports.reader.offset
        self.target: DrillTarget | None = None
        self.period: tuple[date, date] | None = None
        self.revealed = False
        self.case_dialog: CaseDialog | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size:14pt; font-weight:bold;")
        self.title.setWordWrap(True)
        self.banner = BannerLabel(self)
        clock = reviews.Clock(self.offset)
        self.ticket_model = RowsTableModel(ticket_columns(self._time))
        self.case_model = RowsTableModel(case_columns())
        self.evaluation_model = RowsTableModel(
            reviews.evaluation_columns(clock), reviews.evaluation_colour
        )
        self.complaint_model = RowsTableModel(
            reviews.complaint_columns(clock), reviews.complaint_colour
        )
        self.models: dict[str, RowsTableModel[Any]] = {
            "tickets": self.ticket_model,
            "cases": self.case_model,
            "evaluations": self.evaluation_model,
            "complaints": self.complaint_model,
        }
        self.tables = {kind: AdminTableView(model, self) for kind, model in self.models.items()}
        self.ticket_table, self.case_table = self.tables["tickets"], self.tables["cases"]
        for table in self.tables.values():
            table.hide()
        self.table = self.ticket_table
        self.clock = clock
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("background:#f5f7fa; padding:6px; font-size:11pt;")
        self.detail_box = QScrollArea(self)  # a complaint's history can be long
        self.detail_box.setWidgetResizable(True)
        inner = QWidget(self.detail_box)  # a layout gives the wrapped text its height
        inner.setObjectName("detail")
        inner.setStyleSheet("QWidget#detail { background:#f5f7fa; }")
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.detail)
        column.addStretch(1)
        self.detail_box.setWidget(inner)
        self.detail_box.setMaximumHeight(200)
        self.detail_box.setFrameShape(QFrame.Shape.NoFrame)
        self.detail_box.hide()
        self.back_button = shortcut_button(tr("返回"), "Esc", self)
        self.reveal_button = shortcut_button(tr("显示完整信息"), "Ctrl+Shift+V", self)
        self.reveal_button.setVisible(False)
        hint = QLabel(tr("Enter：打开案件，或查看叫号时间、评价、投诉的详情"), self)
        hint.setStyleSheet("color:#555;")
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.reveal_button)
        head.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        for table in self.tables.values():
            layout.addWidget(table, 1)
        layout.addWidget(self.detail_box)
        layout.addWidget(hint)
        self.back_button.clicked.connect(self.sig_back.emit)
        self.reveal_button.clicked.connect(lambda: self._load(reveal=True))
        for table in self.tables.values():
            table.sig_row_activated.connect(self.open_row)

    def _time(self, moment: datetime | None) -> str:
        return "" if moment is None else (moment + self.offset).strftime("%H:%M:%S")

    # -- loading ---------------------------------------------------------------------------
    def open(self, target: DrillTarget, start: date, end: date) -> None:
        """Show the list behind ``target`` for ``start``..``end`` (loaded by the runner)."""
        self.target, self.period, self.revealed = target, (start, end), False
        self.detail_box.hide()
        self.banner.clear()
        shown = reviews.table_of(target.kind)
        for kind, table in self.tables.items():
            self.models[kind].set_rows([])
            table.setVisible(kind == shown)
        self.table = self.tables[shown]
        self.reveal_button.setVisible(
            shown in ("cases", "complaints") and Role.SUPERVISOR in self.actor.roles
        )
        self.reveal_button.setEnabled(True)
        self.title.setText(
            tr("{r} · {h} · {a} 至 {b}：读取中…", r=target.label, h=target.header, a=start, b=end)
        )
        self._load()

    def _load(self, reveal: bool = False) -> None:
        target, period = self.target, self.period
        if target is None or period is None:
            return
        reports, actor = self.services.reports, self.actor
        start, end = period
        if reviews.table_of(target.kind) in ("evaluations", "complaints"):
            self.runner.run(
                lambda: reviews.fetch(reports, actor, target, start, end, reveal, LIMIT),
                lambda rows: self._loaded(rows, reveal),
                self._failed,
            )
            return
        found = filters_for(target)
        if found is None:
            self.title.setText(tr("{r} · {h}", r=target.label, h=target.header))
            self.banner.show_info(tr("这一行没有可列出的明细"))
            return

        def work() -> list[TicketRow] | list[CaseRow]:
            if target.kind == "tickets":
                return reports.tickets(
                    actor, start, end, measure=target.measure, limit=LIMIT, **found
                )
            return reports.cases(
                actor,
                start,
                end,
                outcome=target.measure or "received",
                reveal=reveal,
                limit=LIMIT,
                **found,
            )

        self.runner.run(work, lambda rows: self._loaded(rows, reveal), self._failed)

    def _loaded(self, rows: list[Any], reveal: bool) -> None:
        target, period = self.target, self.period
        if target is None or period is None:
            return
        self.revealed = reveal
        self.models[reviews.table_of(target.kind)].set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        more = tr("（达到上限，可能还有更多）") if len(rows) >= LIMIT else ""
        if target.kind in reviews.OPEN_KINDS:
            today = self.services.reports.business_date()
            self.title.setText(reviews.open_title(target, rows, today, more))
        else:
            self.title.setText(
                tr(
                    "{r} · {h} · {a} 至 {b}：{n} 条{m}",
                    r=target.label,
                    h=target.header,
                    a=period[0],
                    b=period[1],
                    n=len(rows),
                    m=more,
                )
            )
        if reveal:
            self.reveal_button.setEnabled(False)
            self.banner.show_info(tr("已显示完整信息（已记录查看）"))
        if rows:
            self.table.select_source_row(0)
        self.table.setFocus()

    def _failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner)

    # -- opening a row ------------------------------------------------------------------------
    def rows(self) -> list[Any]:
        kind = "tickets" if self.target is None else reviews.table_of(self.target.kind)
        return self.models[kind].rows()

    def open_row(self, row: int) -> None:
        if self.target is None:
            return
        opened = self.models[reviews.table_of(self.target.kind)].row_at(row)
        if isinstance(opened, CaseRow):
            self.open_case(opened.number)
        elif isinstance(opened, TicketRow):
            self.show_ticket(opened)
        elif isinstance(opened, EvaluationRow):
            self._show_detail(reviews.evaluation_detail(opened, self.clock))
        elif isinstance(opened, ComplaintEntry):
            self.show_complaint(opened)

    def _show_detail(self, text: str, rich: bool = False) -> None:
        self.detail.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.detail.setText(text)
        self.detail_box.setMinimumHeight(170 if rich else 0)  # a record: room for it
        self.detail_box.show()

    def show_complaint(self, row: ComplaintEntry) -> None:
        """The complaint's record and history as 投诉咨询 shows them (masked unless this list
        was revealed); a complaint this PC does not hold yet: what the list knows."""
        from ui.supervisor.complaints import detail_html

        complaints, actor, reveal = self.services.complaints, self.actor, self.revealed
        summary = reviews.complaint_summary(row, self.clock)
        self._show_detail(summary)
        self.runner.run(
            lambda: complaints.get(actor, row.complaint_id, reveal=reveal),
            lambda detail: self._show_detail(detail_html(detail), rich=True),
            lambda _exc: self._show_detail(summary),
        )

    def open_case(self, number: str) -> None:
        from ui.reception.case_dialog import CaseDialog

        if self.case_dialog is None:
            self.case_dialog = CaseDialog(self.services, self.actor, self.runner, self)
            self.case_dialog.sig_load_failed.connect(self.banner.show_error)
        self.case_dialog.load(number)

    def show_ticket(self, r: TicketRow) -> None:
        self._show_detail(ticket_text(r, self._time))
