"""Visits per matter (R-REC-8, 最多跑一次): matters that took more than one visit, with why.

A visit is derived from the case history (``case_event``), never typed: the reception itself
(``receive``), each supplement handed in at the window (``supplement_partial``,
``supplement_complete``, and ``resubmitted`` when corrected materials came back after a
return for correction), and the pickup of the results at the window (``collected``). Mail
delivery is not a visit. A matter is a case received in the period (``received_on``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Subquery, case, func, select
from sqlalchemy.orm import Session

from counter_app.core.roles import Actor, Role, require
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.identity.masking import mask_name
from counter_app.supervision.rules.assessment_rules import check_period, percent
from db.engine import Database
from db.models.reception import Applicant, Case, CaseEvent, CaseItem

RECEPTION = ("receive",)
SUPPLEMENTS = ("supplement_partial", "supplement_complete", "resubmitted")
PICKUPS = ("collected",)
VISIT_ACTIONS = RECEPTION + SUPPLEMENTS + PICKUPS
LIST_LIMIT = 1000


@dataclass(frozen=True)
class VisitRow:
    case_id: str
    number: str
    received_on: date
    item: str
    applicant: str  # masked when a person
    visits: int
    supplements: int
    pickups: int

    @property
    def why(self) -> str:
        """E.g. "补正 1 次、窗口领取"."""
        parts = [tr("补正 {n} 次", n=self.supplements)] if self.supplements else []
        if self.pickups:
            parts.append(
                tr("窗口领取") if self.pickups == 1 else tr("窗口领取 {n} 次", n=self.pickups)
            )
        return "、".join(parts)


@dataclass(frozen=True)
class VisitCounts:
    date_from: date
    date_to: date
    matters: int
    one_visit: int
    more_visits: int
    visits: int
    supplements: int
    pickups: int

    @property
    def one_visit_share(self) -> float | None:
        """Matters done in one visit over all matters, per cent (None: no matter)."""
        return percent(self.one_visit, self.matters)


def _per_case(p: tuple[date, date]) -> Subquery:
    """One row per case received in the period: its visits, supplements and pickups."""
    action = CaseEvent.action
    return (
        select(
            Case.id.label("case_id"),
            func.count(CaseEvent.id).label("visits"),
            func.coalesce(func.sum(case((action.in_(SUPPLEMENTS), 1), else_=0)), 0).label("sup"),
            func.coalesce(func.sum(case((action.in_(PICKUPS), 1), else_=0)), 0).label("pick"),
        )
        .join(CaseEvent, (CaseEvent.case_id == Case.id) & action.in_(VISIT_ACTIONS))
        .where(Case.received_on.between(*p), Case.deleted.is_(False))
        .group_by(Case.id)
        .subquery()
    )


def _first_item(case_id: Any) -> Any:
    return (
        select(CaseItem.item_name)
        .where(CaseItem.case_id == case_id)
        .order_by(CaseItem.position, CaseItem.item_number)
        .limit(1)
        .scalar_subquery()
    )


def _item_count(case_id: Any) -> Any:
    return select(func.count()).where(CaseItem.case_id == case_id).scalar_subquery()


def _applicant(name: str, kind: str) -> str:
    return mask_name(name) if kind == "person" else name


def _item(first: str | None, count: int) -> str:
    if first is None:
        return ""
    return first if count <= 1 else tr("{i} 等 {n} 项", i=first, n=count)


class VisitService:
    def __init__(self, database: Database, hall: HallService, today: Callable[[], date]) -> None:
        self._db, self._hall, self._today = database, hall, today

    def over_one_visit(
        self, actor: Actor, date_from: date, date_to: date, limit: int = LIST_LIMIT
    ) -> list[VisitRow]:
        """Matters received in the period that took more than one visit, most visits first."""
        require(actor, Role.SUPERVISOR)
        check_period(date_from, date_to)
        per = _per_case((date_from, date_to))
        q = (
            select(
                Case.id,
                Case.number,
                Case.received_on,
                _first_item(Case.id),
                _item_count(Case.id),
                Applicant.name,
                Applicant.kind,
                per.c.visits,
                per.c.sup,
                per.c.pick,
            )
            .join(per, per.c.case_id == Case.id)
            .join(Applicant, Applicant.id == Case.applicant_id)
            .where(per.c.visits > 1)
            .order_by(per.c.visits.desc(), Case.received_on, Case.number)
            .limit(limit)
        )
        with self._db.read() as session:
            return [
                VisitRow(
                    str(r[0]),
                    r[1],
                    r[2],
                    _item(r[3], int(r[4])),
                    _applicant(r[5], r[6]),
                    int(r[7]),
                    int(r[8]),
                    int(r[9]),
                )
                for r in session.execute(q)
            ]

    def visit_counts(self, actor: Actor, date_from: date, date_to: date) -> VisitCounts:
        """The period's figures: matters, how many done in one visit, visits by kind."""
        require(actor, Role.SUPERVISOR)
        check_period(date_from, date_to)
        with self._db.read() as session:
            return VisitCounts(date_from, date_to, *_totals(session, (date_from, date_to)))


def _totals(session: Session, p: tuple[date, date]) -> tuple[int, ...]:
    per = _per_case(p)
    q = select(
        func.count(),
        func.coalesce(func.sum(case((per.c.visits <= 1, 1), else_=0)), 0),
        func.coalesce(func.sum(case((per.c.visits > 1, 1), else_=0)), 0),
        func.coalesce(func.sum(per.c.visits), 0),
        func.coalesce(func.sum(per.c.sup), 0),
        func.coalesce(func.sum(per.c.pick), 0),
    ).select_from(per)
    row = session.execute(q).one()
    return tuple(int(v) for v in row)
