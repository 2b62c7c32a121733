"""The columns of the visits' and the cases' lists behind a number, and a visit's times as
one line (the drill-down page, drill.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from counter_app.cases.rules.states import CaseState
from counter_app.i18n import tr
from counter_app.reports.rules.views import CaseRow, TicketRow
from ui.admin.common import Column

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


def ticket_columns(t: Callable[[datetime | None], str]) -> tuple[Column[TicketRow], ...]:
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


def case_columns() -> tuple[Column[CaseRow], ...]:
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


def ticket_text(r: TicketRow, t: Callable[[datetime | None], str]) -> str:
    """A visit's times in one line (the hall's clock)."""
    return tr(
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
