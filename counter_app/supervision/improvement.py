"""The month's or quarter's improvement report (8.4.2) and its follow-up actions.

``figures`` sums up the period (report_figures.py: GROUP BY queries); the supervisor writes
the analysis and the actions, which are then tracked to done; ``report_pdf`` prints it all.
Supervisor only; every change audited in its own transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.supervision.report_figures import action_view, gather, report_row
from counter_app.supervision.reporting.printout import report_document
from counter_app.supervision.reporting.views import ActionView, ReportFigures
from counter_app.supervision.rules.periods import Period, parse_period
from db.engine import Database
from db.ids import utc_now
from db.models.supervision import ImprovementAction, ImprovementReport, SupervisionStep
from printers.pdf.supervision.improvement_report import render_supervision_report

ANALYSIS_MAX = 5000
ACTION_MAX = 500
OWNER_MAX = 32
RESULT_MAX = 1000
STALE = tr("记录已被他人修改，请刷新后重试")


def _text(value: str, field: str, limit: int, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise CounterError(tr("请填写{w}", w=what), field)
    if len(text) > limit:
        raise CounterError(tr("{w}不能超过 {n} 字", w=what, n=limit), field)
    return text


class ImprovementService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today

    def figures(self, actor: Actor, period: str) -> ReportFigures:
        """Every figure of a month ``2026-11`` or a quarter ``2026-Q4``, with the analysis
        and actions saved for it and the actions of the period before."""
        require(actor, Role.SUPERVISOR)
        parsed = parse_period(period)
        with self._db.read() as session:
            return gather(session, parsed, self._today())

    def save_analysis(
        self, actor: Actor, period: str, analysis: str, row_version: int
    ) -> ReportFigures:
        """Save the supervisor's analysis; ``row_version`` 0 for a report not saved yet."""
        require(actor, Role.SUPERVISOR)
        parsed = parse_period(period)
        text = (analysis or "").strip()
        if len(text) > ANALYSIS_MAX:
            raise CounterError(tr("分析不能超过 {n} 字", n=ANALYSIS_MAX), "analysis")
        with self._db.write() as session:
            report = report_row(session, parsed.key)
            if (report.row_version if report else 0) != row_version:
                raise CounterError(STALE, "analysis")
            before = {"analysis": report.analysis} if report else None
            report = report or self._new_report(session, actor, parsed)
            report.analysis, report.author = text, actor.username
            report.row_version += 1 if before is not None else 0
            session.flush()
            audit.record(
                session,
                actor.username,
                "improvement_analysis",
                "improvement_report",
                str(report.id),
                before=before,
                after={"period": parsed.key, "analysis": text},
            )
            return gather(session, parsed, self._today())

    def add_action(
        self, actor: Actor, period: str, text: str, owner: str, due_date: date | None
    ) -> ActionView:
        """A follow-up action of the period's report (the report is created if needed)."""
        require(actor, Role.SUPERVISOR)
        parsed = parse_period(period)
        what = _text(text, "text", ACTION_MAX, tr("整改措施"))
        who = _text(owner, "owner", OWNER_MAX, tr("责任人"))
        if due_date is None:
            raise CounterError(tr("请填写完成期限"), "due_date")
        if due_date < self._today():
            raise CounterError(tr("完成期限不能早于今天"), "due_date")
        with self._db.write() as session:
            report = report_row(session, parsed.key) or self._new_report(session, actor, parsed)
            action = ImprovementAction(report_id=report.id, text=what, owner=who, due_date=due_date)
            session.add(action)
            session.flush()
            self._step(session, actor, action, "open", what)
            audit.record(
                session,
                actor.username,
                "improvement_action_add",
                "improvement_action",
                str(action.id),
                after={"period": parsed.key, "text": what, "owner": who, "due": due_date},
            )
            return action_view(action, parsed.key, self._today())

    def complete_action(
        self, actor: Actor, action_id: str, result: str, row_version: int
    ) -> ActionView:
        """Mark an open action done with what was achieved."""
        require(actor, Role.SUPERVISOR)
        what = _text(result, "result", RESULT_MAX, tr("完成情况"))
        with self._db.write() as session:
            action = self._action(session, action_id)
            if action.state == "done":
                raise CounterError(tr("该措施已标记完成"), "result")
            if action.row_version != row_version:
                raise CounterError(STALE, "result")
            action.state, action.result = "done", what
            action.done_at, action.done_by = utc_now(), actor.username
            action.row_version += 1
            self._step(session, actor, action, "done", what)
            audit.record(
                session,
                actor.username,
                "improvement_action_done",
                "improvement_action",
                str(action.id),
                before={"state": "open"},
                after={"state": "done", "result": what},
            )
            period = session.scalar(
                select(ImprovementReport.period).where(ImprovementReport.id == action.report_id)
            )
            session.flush()
            return action_view(action, period or "", self._today())

    def actions(self, actor: Actor, open_only: bool = False) -> tuple[ActionView, ...]:
        """Every action of every report, open ones first by due date; overdue ones flagged."""
        require(actor, Role.SUPERVISOR)
        query = (
            select(ImprovementAction, ImprovementReport.period)
            .join(ImprovementReport, ImprovementReport.id == ImprovementAction.report_id)
            .where(ImprovementAction.deleted.is_(False))
        )
        if open_only:
            query = query.where(ImprovementAction.state == "open")
        today = self._today()
        with self._db.read() as session:
            views = [action_view(a, period, today) for a, period in session.execute(query)]
        far = date.max
        views.sort(key=lambda a: (a.state != "open", a.due_date or far, a.period, a.text))
        return tuple(views)

    def report_pdf(self, actor: Actor, period: str) -> bytes:
        """The A4 report: heading, figures with a chart, analysis, actions, who printed it."""
        require(actor, Role.SUPERVISOR)
        parsed = parse_period(period)
        settings = self._hall.settings()
        printed_at = datetime.now().astimezone()
        with self._db.write() as session:
            figures = gather(session, parsed, self._today())
            audit.record(
                session,
                actor.username,
                "improvement_report_print",
                "improvement_report",
                parsed.key,
            )
        name = actor.display_name or actor.username
        return render_supervision_report(report_document(figures, settings, name, printed_at))

    def _new_report(self, session: Session, actor: Actor, period: Period) -> ImprovementReport:
        report = ImprovementReport(period=period.key, analysis="", author=actor.username)
        session.add(report)
        session.flush()
        return report

    def _action(self, session: Session, action_id: str) -> ImprovementAction:
        try:
            key = uuid.UUID(str(action_id))
        except ValueError:
            key = None
        action = session.get(ImprovementAction, key) if key else None
        if action is None or action.deleted:
            raise CounterError(tr("找不到该整改措施"), "action")
        return action

    def _step(
        self, session: Session, actor: Actor, action: ImprovementAction, step: str, text: str
    ) -> None:
        session.add(
            SupervisionStep(
                subject="action", subject_id=action.id, step=step, actor=actor.username, text=text
            )
        )
