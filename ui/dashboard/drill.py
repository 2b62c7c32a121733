"""The list behind a number: the visits (tickets) or the cases a cell of the period table
counted, from ``ReportService.tickets`` / ``.cases`` with the row's key and the column's
measure. Enter on a case opens it (the reception's case view); on a ticket, its times.
Names masked; 显示完整信息 asks the service to reveal them (audited). Esc goes back."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.cases.rules.states import CaseState
from counter_app.core.roles import Actor, Role
from counter_app.i18n import tr
from counter_app.reports.rules.views import TOTAL_KEY, By, CaseRow, TicketRow
from ui.admin.common import AdminTableView, Column, RowsTableModel, show_failure
from ui.dashboard.models import DrillTarget
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services
    from ui.reception.case_dialog import CaseDialog

LIMIT = 500
OUTCOMES = {
    "finish": tr("办结"),
    "no_show": tr("过号"),
    "hold": tr("挂起"),
    "transfer": tr("转移"),
    "": tr("未结束"),
}
DECISIONS = {"approve": tr("准予"), "rejected": tr("不予许可")}


def _minutes(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds / 60:.1f}"


def _status(value: str) -> str:
    try:
        return CaseState(value).label
    except ValueError:
        return value


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


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
        self.ticket_model = RowsTableModel(self._ticket_columns())
        self.case_model = RowsTableModel(self._case_columns())
        self.ticket_table = AdminTableView(self.ticket_model, self)
        self.case_table = AdminTableView(self.case_model, self)
        self.case_table.hide()
        self.table = self.ticket_table
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("background:#f5f7fa; padding:6px;")
        self.detail.hide()
        self.back_button = shortcut_button(tr("返回"), "Esc", self)
        self.reveal_button = shortcut_button(tr("显示完整信息"), "Ctrl+Shift+V", self)
        self.reveal_button.setVisible(False)
        hint = QLabel(tr("Enter：打开案件或查看叫号时间"), self)
        hint.setStyleSheet("color:#555;")
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.reveal_button)
        head.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(self.ticket_table, 1)
        layout.addWidget(self.case_table, 1)
        layout.addWidget(self.detail)
        layout.addWidget(hint)
        self.back_button.clicked.connect(self.sig_back.emit)
        self.reveal_button.clicked.connect(lambda: self._load(reveal=True))
        for table in (self.ticket_table, self.case_table):
            table.sig_row_activated.connect(self.open_row)

    def _ticket_columns(self) -> tuple[Column[TicketRow], ...]:
        t = self._time
        return (
            Column[TicketRow](tr("号码"), lambda r: r.number),
            Column[TicketRow](tr("日期"), lambda r: r.day.isoformat()),
            Column[TicketRow](tr("窗口"), lambda r: r.window),
            Column[TicketRow](tr("工作人员"), lambda r: r.staff),
            Column[TicketRow](tr("类别"), lambda r: r.category),
            Column[TicketRow](tr("排队"), lambda r: t(r.queued_at)),
            Column[TicketRow](tr("叫号"), lambda r: t(r.called_at)),
            Column[TicketRow](tr("开始办理"), lambda r: t(r.started_at)),
            Column[TicketRow](tr("结束"), lambda r: t(r.ended_at)),
            Column[TicketRow](tr("等候(分)"), lambda r: _minutes(r.wait_s)),
            Column[TicketRow](tr("办理(分)"), lambda r: _minutes(r.service_s)),
            Column[TicketRow](tr("到窗(分)"), lambda r: _minutes(r.walk_s)),
            Column[TicketRow](tr("重呼"), lambda r: str(r.recalls)),
            Column[TicketRow](tr("结果"), lambda r: OUTCOMES.get(r.outcome, r.outcome)),
        )

    def _case_columns(self) -> tuple[Column[CaseRow], ...]:
        return (
            Column[CaseRow](tr("案件编号"), lambda r: r.number),
            Column[CaseRow](tr("状态"), lambda r: _status(r.status)),
            Column[CaseRow](tr("受理日期"), lambda r: r.received_on.isoformat()),
            Column[CaseRow](tr("受理人"), lambda r: r.received_by),
            Column[CaseRow](tr("承诺办结"), lambda r: _day(r.promised_on)),
            Column[CaseRow](tr("决定日期"), lambda r: _day(r.decided_on)),
            Column[CaseRow](tr("决定"), lambda r: DECISIONS.get(r.decision, r.decision)),
            Column[CaseRow](tr("决定人"), lambda r: r.decided_by),
            Column[CaseRow](tr("窗口"), lambda r: r.window),
            Column[CaseRow](tr("申请人"), lambda r: r.applicant),
            Column[CaseRow](tr("事项"), lambda r: r.items),
        )

    def _time(self, moment: datetime | None) -> str:
        return "" if moment is None else (moment + self.offset).strftime("%H:%M:%S")

    # -- loading ---------------------------------------------------------------------------
    def open(self, target: DrillTarget, start: date, end: date) -> None:
        """Show the list behind ``target`` for ``start``..``end`` (loaded by the runner)."""
        self.target, self.period, self.revealed = target, (start, end), False
        self.detail.hide()
        self.banner.clear()
        tickets = target.kind == "tickets"
        self.ticket_model.set_rows([])
        self.case_model.set_rows([])
        self.table = self.ticket_table if tickets else self.case_table
        self.ticket_table.setVisible(tickets)
        self.case_table.setVisible(not tickets)
        self.reveal_button.setVisible(
            target.kind == "cases" and Role.SUPERVISOR in self.actor.roles
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
        found = filters_for(target)
        if found is None:
            self.title.setText(tr("{r} · {h}", r=target.label, h=target.header))
            self.banner.show_info(tr("这一行没有可列出的明细"))
            return
        reports, actor = self.services.reports, self.actor
        start, end = period

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

    def _loaded(self, rows: list[TicketRow] | list[CaseRow], reveal: bool) -> None:
        target, period = self.target, self.period
        if target is None or period is None:
            return
        self.revealed = reveal
        if target.kind == "tickets":
            self.ticket_model.set_rows([r for r in rows if isinstance(r, TicketRow)])
        else:
            self.case_model.set_rows([r for r in rows if isinstance(r, CaseRow)])
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        more = tr("（达到上限，可能还有更多）") if len(rows) >= LIMIT else ""
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
    def rows(self) -> list[TicketRow] | list[CaseRow]:
        if self.target is not None and self.target.kind == "cases":
            return self.case_model.rows()
        return self.ticket_model.rows()

    def open_row(self, row: int) -> None:
        if self.target is None:
            return
        if self.target.kind == "cases":
            self.open_case(self.case_model.row_at(row).number)
            return
        self.show_ticket(self.ticket_model.row_at(row))

    def open_case(self, number: str) -> None:
        from ui.reception.case_dialog import CaseDialog

        if self.case_dialog is None:
            self.case_dialog = CaseDialog(self.services, self.actor, self.runner, self)
            self.case_dialog.sig_load_failed.connect(self.banner.show_error)
        self.case_dialog.load(number)

    def show_ticket(self, r: TicketRow) -> None:
        t = self._time
        self.detail.setText(
            tr(
                "{n}（{d}，{c} 类）：排队 {q} → 叫号 {k}（{w} 号窗口，{s}）→ 开始 {b} → 结束 {e}；"
                "等候 {wm} 分，办理 {sm} 分，到窗 {am} 分，重呼 {r} 次；结果：{o}",
                n=r.number,
                d=r.day.isoformat(),
                c=r.category,
                q=t(r.queued_at) or "—",
                k=t(r.called_at) or "—",
                w=r.window or "—",
                s=r.staff or "—",
                b=t(r.started_at) or "—",
                e=t(r.ended_at) or "—",
                wm=_minutes(r.wait_s) or "—",
                sm=_minutes(r.service_s) or "—",
                am=_minutes(r.walk_s) or "—",
                r=r.recalls,
                o=OUTCOMES.get(r.outcome, r.outcome),
            )
        )
        self.detail.show()
