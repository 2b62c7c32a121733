"""The figures of an improvement report (8.4.2), gathered with GROUP BY queries that read the
same on SQLite and PostgreSQL: evaluations per level beside the period before, bad reviews and
their rectification, complaints by cause, result and channel, suggestions, overdue cases by
catalogue item, and the actions of the period before.

A timestamp's day is the hall's day (China Standard Time, UTC+8): ``hall_day`` compiles to
``date(x, '+8 hours')`` on SQLite and to a cast of the UTC wall time plus eight hours on
PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, case, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from counter_app.cases.rules.states import CaseState
from counter_app.i18n import tr
from counter_app.supervision.reporting.views import (
    ActionView,
    Count,
    LevelCount,
    OverdueItem,
    ReportFigures,
)
from counter_app.supervision.rules.complaints import CHANNEL_LABELS, OPEN_STATES, Cause, Channel
from counter_app.supervision.rules.complaints import Kind as ComplaintKind
from counter_app.supervision.rules.evaluation import (
    FOLLOWUP_LABELS,
    LEVELS_BEST_FIRST,
    OPEN_FOLLOWUP,
    SOURCE_LABELS,
    FollowupState,
    Level,
)
from counter_app.supervision.rules.periods import Period
from db.models import Case, CaseEvent, CaseItem, Staff
from db.models.supervision import (
    Complaint,
    Evaluation,
    EvaluationFollowup,
    ImprovementAction,
    ImprovementReport,
)

DECIDED = (CaseState.APPROVED.value, CaseState.REJECTED.value)
RUNNING = (CaseState.RECEIVED.value, CaseState.UNDER_EXAMINATION.value, CaseState.FORWARDED.value)
ANNULLED = FollowupState.ANNULLED.value


class hall_day(FunctionElement[date]):
    """The hall's calendar day of a UTC timestamp column."""

    type = Date()
    inherit_cache = True


@compiles(hall_day, "sqlite")
def _hall_day_sqlite(element: hall_day, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '+8 hours')"


@compiles(hall_day, "postgresql")
def _hall_day_pg(element: hall_day, compiler: Any, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"CAST(({column} AT TIME ZONE 'UTC') + INTERVAL '8 hours' AS DATE)"


def rate(good: int, total: int) -> float | None:
    return good / total if total else None


def _in(column: Any, period: Period) -> ColumnElement[bool]:
    return and_(column >= period.first, column <= period.last)


def _not_annulled() -> ColumnElement[bool]:
    annulled = select(EvaluationFollowup.evaluation_id).where(
        EvaluationFollowup.state == ANNULLED, EvaluationFollowup.deleted.is_(False)
    )
    return Evaluation.id.not_in(annulled)


def level_counts(session: Session, period: Period) -> dict[int, int]:
    rows = session.execute(
        select(Evaluation.level, func.count())
        .where(_in(Evaluation.business_date, period), Evaluation.deleted.is_(False))
        .where(_not_annulled())
        .group_by(Evaluation.level)
    )
    return {int(level): int(n) for level, n in rows}


def _counts(rows: Iterable[Any]) -> dict[str, int]:
    return {str(key if key is not None else ""): int(n) for key, n in rows}


def source_counts(session: Session, period: Period) -> dict[str, int]:
    return _counts(
        session.execute(
            select(Evaluation.source, func.count())
            .where(_in(Evaluation.business_date, period), Evaluation.deleted.is_(False))
            .group_by(Evaluation.source)
        )
    )


def followup_counts(
    session: Session, period: Period, today: date
) -> tuple[dict[str, int], int, int]:
    """Bad reviews of the period per follow-up state ("none" without one), overdue, late."""
    bad = and_(
        _in(Evaluation.business_date, period),
        Evaluation.deleted.is_(False),
        Evaluation.level <= Level.DISSATISFIED.value,
    )
    joined = select(EvaluationFollowup.state, func.count()).select_from(Evaluation)
    joined = joined.outerjoin(
        EvaluationFollowup,
        and_(
            EvaluationFollowup.evaluation_id == Evaluation.id,
            EvaluationFollowup.deleted.is_(False),
        ),
    ).where(bad)
    states = _counts(session.execute(joined.group_by(EvaluationFollowup.state)))
    if "" in states:
        states["none"] = states.pop("")
    is_open = EvaluationFollowup.state.in_([s.value for s in OPEN_FOLLOWUP])
    late_close = and_(
        EvaluationFollowup.closed_at.is_not(None),
        hall_day(EvaluationFollowup.closed_at) > EvaluationFollowup.due_date,
        EvaluationFollowup.state == FollowupState.CLOSED.value,
    )
    row = session.execute(
        select(
            func.coalesce(
                func.sum(case((and_(is_open, EvaluationFollowup.due_date < today), 1), else_=0)), 0
            ),
            func.coalesce(func.sum(case((late_close, 1), else_=0)), 0),
        )
        .select_from(Evaluation)
        .join(EvaluationFollowup, EvaluationFollowup.evaluation_id == Evaluation.id)
        .where(bad, EvaluationFollowup.deleted.is_(False))
    ).one()
    return states, int(row[0]), int(row[1])


def _complaints(period: Period) -> ColumnElement[bool]:
    return and_(_in(Complaint.business_date, period), Complaint.deleted.is_(False))


def complaint_counts(session: Session, period: Period, today: date) -> dict[str, Any]:
    """Per kind; then, for complaints only, per cause, result and channel, overdue and late."""
    kinds = _counts(
        session.execute(
            select(Complaint.kind, func.count()).where(_complaints(period)).group_by(Complaint.kind)
        )
    )
    only = and_(_complaints(period), Complaint.kind == ComplaintKind.COMPLAINT.value)

    def per(column: Any) -> dict[str, int]:
        return _counts(session.execute(select(column, func.count()).where(only).group_by(column)))

    upheld = per(Complaint.upheld)  # keys "True"/"False"/"" (SQLite hands back 1/0)
    results = {
        "upheld": upheld.get("True", 0) + upheld.get("1", 0),
        "rejected": upheld.get("False", 0) + upheld.get("0", 0),
        "pending": upheld.get("", 0),
    }
    is_open = Complaint.state.in_([s.value for s in OPEN_STATES])
    late = and_(
        Complaint.replied_at.is_not(None), hall_day(Complaint.replied_at) > Complaint.due_date
    )
    row = session.execute(
        select(
            func.coalesce(
                func.sum(case((and_(is_open, Complaint.due_date < today), 1), else_=0)), 0
            ),
            func.coalesce(func.sum(case((late, 1), else_=0)), 0),
        ).where(only)
    ).one()
    return {
        "kinds": kinds,
        "causes": per(Complaint.cause),
        "results": results,
        "channels": per(Complaint.channel),
        "overdue": int(row[0]),
        "late": int(row[1]),
    }


def overdue_by_item(
    session: Session, period: Period, today: date
) -> tuple[tuple[OverdueItem, ...], int]:
    """Cases whose promised date fell in the period (and before today) per catalogue item:
    how many, and how many were decided after it or are still undecided and running."""
    first_decision = (
        select(CaseEvent.case_id, func.min(CaseEvent.at).label("at"))
        .where(CaseEvent.to_status.in_(DECIDED))
        .group_by(CaseEvent.case_id)
        .subquery()
    )
    late = or_(
        and_(first_decision.c.at.is_not(None), hall_day(first_decision.c.at) > Case.promised_on),
        and_(first_decision.c.at.is_(None), Case.status.in_(RUNNING)),
    )
    due = and_(
        _in(Case.promised_on, period),
        Case.promised_on < today,
        Case.deleted.is_(False),
        Case.status != CaseState.RETURNED_FOR_CORRECTION.value,
    )
    base = select(Case.id).outerjoin(first_decision, first_decision.c.case_id == Case.id).where(due)
    late_flag = case((late, 1), else_=0)
    rows = session.execute(
        select(
            CaseItem.item_number, func.min(CaseItem.item_name), func.count(), func.sum(late_flag)
        )
        .select_from(Case)
        .join(CaseItem, CaseItem.case_id == Case.id)
        .outerjoin(first_decision, first_decision.c.case_id == Case.id)
        .where(due)
        .group_by(CaseItem.item_number)
    )
    items = [
        OverdueItem(int(n), str(name), int(total), int(over or 0)) for n, name, total, over in rows
    ]
    items.sort(key=lambda i: (-i.overdue, i.item_number))
    distinct = session.scalar(select(func.count()).select_from(base.where(late).subquery()))
    return tuple(i for i in items if i.overdue), int(distinct or 0)


def action_views(
    session: Session, report_ids: dict[Any, str], today: date
) -> tuple[ActionView, ...]:
    if not report_ids:
        return ()
    rows = session.scalars(
        select(ImprovementAction)
        .where(
            ImprovementAction.report_id.in_(list(report_ids)), ImprovementAction.deleted.is_(False)
        )
        .order_by(ImprovementAction.created_at, ImprovementAction.id)
    )
    return tuple(action_view(a, report_ids[a.report_id], today) for a in rows)


def action_view(action: ImprovementAction, period: str, today: date) -> ActionView:
    overdue = action.state == "open" and action.due_date is not None and action.due_date < today
    return ActionView(
        str(action.id),
        period,
        action.text,
        action.owner,
        action.due_date,
        action.state,
        action.done_at.isoformat() if action.done_at else "",
        action.done_by,
        action.result,
        overdue,
        action.row_version,
    )


def report_row(session: Session, key: str) -> ImprovementReport | None:
    return session.scalar(
        select(ImprovementReport).where(
            ImprovementReport.period == key, ImprovementReport.deleted.is_(False)
        )
    )


def _display_name(session: Session, username: str) -> str:
    name = session.scalar(select(Staff.display_name).where(Staff.username == username))
    return name or username


def _breakdown(counts: dict[str, int], labels: dict[str, str]) -> tuple[Count, ...]:
    """Every known key in ``labels`` order (zeros kept), then unknown keys as they are."""
    known = [Count(k, label, counts.get(k, 0)) for k, label in labels.items()]
    extra = [Count(k, k or tr("未填"), n) for k, n in sorted(counts.items()) if k not in labels]
    return tuple(known + extra)


CAUSE_LABELS = {c.value: c.label for c in Cause} | {"": tr("未认定")}
RESULT_LABELS = {"upheld": tr("投诉成立"), "rejected": tr("投诉不成立"), "pending": tr("尚未认定")}
KIND_LABELS = {k.value: k.label for k in ComplaintKind}
CHANNEL_KEYS = {c.value: CHANNEL_LABELS[c] for c in Channel}
FOLLOWUP_KEYS = {s.value: FOLLOWUP_LABELS[s] for s in FollowupState} | {"none": tr("未建整改")}


def gather(session: Session, period: Period, today: date) -> ReportFigures:
    """Every figure of ``period`` (and the period before, for comparison)."""
    before = period.previous()
    now, then = level_counts(session, period), level_counts(session, before)
    levels = tuple(
        LevelCount(int(lv), lv.label, now.get(int(lv), 0), then.get(int(lv), 0))
        for lv in LEVELS_BEST_FIRST
    )
    total, previous_total = sum(now.values()), sum(then.values())
    good = sum(n for lv, n in now.items() if Level(lv).good)
    previous_good = sum(n for lv, n in then.items() if Level(lv).good)
    states, f_overdue, f_late = followup_counts(session, period, today)
    complaints = complaint_counts(session, period, today)
    items, overdue_cases = overdue_by_item(session, period, today)
    report, previous = report_row(session, period.key), report_row(session, before.key)
    return ReportFigures(
        period=period.key,
        period_label=period.label,
        first=period.first,
        last=period.last,
        previous_period=before.key,
        previous_label=before.label,
        levels=levels,
        evaluations=total,
        previous_evaluations=previous_total,
        satisfaction=rate(good, total),
        previous_satisfaction=rate(previous_good, previous_total),
        sources=_breakdown(
            source_counts(session, period), {s.value: n for s, n in SOURCE_LABELS.items()}
        ),
        bad_reviews=sum(states.values()),
        followups=tuple(c for c in _breakdown(states, FOLLOWUP_KEYS) if c.count),
        followups_overdue=f_overdue,
        followups_late=f_late,
        annulled=states.get(ANNULLED, 0),
        kinds=_breakdown(complaints["kinds"], KIND_LABELS),
        causes=tuple(c for c in _breakdown(complaints["causes"], CAUSE_LABELS) if c.count),
        results=_breakdown(complaints["results"], RESULT_LABELS),
        channels=_breakdown(complaints["channels"], CHANNEL_KEYS),
        complaints=complaints["kinds"].get(ComplaintKind.COMPLAINT.value, 0),
        complaints_overdue=complaints["overdue"],
        complaints_late=complaints["late"],
        suggestions=complaints["kinds"].get(ComplaintKind.SUGGESTION.value, 0),
        overdue_items=items,
        overdue_cases=overdue_cases,
        analysis=report.analysis if report else "",
        author=_display_name(session, report.author) if report else "",
        row_version=report.row_version if report else 0,
        previous_actions=action_views(
            session, {previous.id: before.key} if previous else {}, today
        ),
        actions=action_views(session, {report.id: period.key} if report else {}, today),
    )
