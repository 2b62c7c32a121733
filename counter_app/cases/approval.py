"""Approval (审批): the work list, examination and decisions with all reasons at once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.cases.reception import local_today
from counter_app.cases.rules.approval import (
    RepeatedReasons,
    check_result,
    clean_reasons,
    repeated_reasons,
)
from counter_app.cases.rules.states import CaseState, transition
from counter_app.cases.store import add_event, close_pauses, get_case, pauses_of
from counter_app.cases.views import CaseView, case_view
from counter_app.cases.worklist import (
    OPEN_STATES,
    WorkList,
    WorkQuery,
    load_worklist,
)
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.hall.calendar import load_calendar
from counter_app.hall.rules.working_days import Pause
from counter_app.i18n import tr
from db.engine import Database
from db.models import (
    Case,
    CaseDecision,
    CaseExtension,
    CaseItem,
    CasePause,
    CatalogItemVersion,
)

DECIDERS = frozenset({Role.ADMINISTRATIVE, Role.PROFESSIONAL, Role.SUPERVISOR})


@dataclass(frozen=True)
class DecisionView:
    kind: str
    reasons: tuple[str, ...]
    repeated_reasons: tuple[str, ...]
    result_number: str
    document_number: str
    authority: str
    resubmit_by: date | None
    decided_by: str
    decided_at: datetime


def _decision_view(row: CaseDecision) -> DecisionView:
    return DecisionView(
        row.kind,
        tuple(row.reasons),
        tuple(row.repeated_reasons),
        row.result_number,
        row.document_number,
        row.authority,
        row.resubmit_by,
        row.decided_by,
        row.decided_at,
    )


def _require_decider(actor: Actor) -> None:
    if not DECIDERS & actor.roles:
        raise CounterError(tr("审批须由审批（行政）、专业人员或科长办理"), "case")


class ApprovalService:
    def __init__(self, database: Database, today: Callable[[], date] = local_today) -> None:
        self._db, self._today = database, today

    def worklist(
        self,
        actor: Actor,
        statuses: tuple[CaseState, ...] = OPEN_STATES,
        item_numbers: tuple[int, ...] = (),
        due_by: date | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> WorkList:
        """Open cases for the officer's items, most urgent first, with counts per status."""
        query = WorkQuery(statuses, item_numbers, due_by, limit, offset)
        with self._db.read() as session:
            return load_worklist(session, actor, query, self._today())

    def start_examination(self, actor: Actor, case_id: str, row_version: int) -> CaseView:
        _require_decider(actor)
        return self._move(
            actor, case_id, row_version, CaseState.UNDER_EXAMINATION, "examine", tr("开始审查")
        )

    def approve(
        self, actor: Actor, case_id: str, row_version: int, result: str, document_number: str = ""
    ) -> CaseView:
        """Record the result; the case goes to delivery. The four-eyes rule applies per item."""
        _require_decider(actor)
        with self._db.write() as session:
            case = get_case(session, case_id, row_version)
            _check_four_eyes(session, case, actor)
            numbers = _item_numbers(session, case)
            checked = check_result(numbers, result)
            decision = CaseDecision(
                case_id=case.id,
                kind="approve",
                result_number=checked,
                document_number=document_number.strip(),
                decided_by=actor.username,
            )
            self._decide(
                session, case, actor, CaseState.APPROVED, decision, tr("准予，结果：{r}", r=checked)
            )
            case.result = checked
            return case_view(session, case)

    def reject(
        self,
        actor: Actor,
        case_id: str,
        row_version: int,
        reasons: tuple[str, ...],
        confirm_repeats: bool = False,
    ) -> CaseView:
        """不予许可 with ALL reasons in one decision."""
        return self._refuse(
            actor, case_id, row_version, reasons, confirm_repeats, CaseState.REJECTED, 0
        )

    def return_for_correction(
        self,
        actor: Actor,
        case_id: str,
        row_version: int,
        reasons: tuple[str, ...],
        resubmit_days: int = 15,
        confirm_repeats: bool = False,
    ) -> CaseView:
        """退回补正: every reason at once; the clock pauses until the applicant resubmits."""
        return self._refuse(
            actor,
            case_id,
            row_version,
            reasons,
            confirm_repeats,
            CaseState.RETURNED_FOR_CORRECTION,
            resubmit_days,
        )

    def _refuse(
        self,
        actor: Actor,
        case_id: str,
        row_version: int,
        reasons: tuple[str, ...],
        confirm_repeats: bool,
        target: CaseState,
        resubmit_days: int,
    ) -> CaseView:
        _require_decider(actor)
        clean = clean_reasons(reasons)
        if not clean:
            raise CounterError(tr("请写明理由（可从事项的理由清单中选择，并可补充）"), "reasons")
        with self._db.write() as session:
            case = get_case(session, case_id, row_version)
            repeated = repeated_reasons(clean, _earlier_reasons(session, case))
            if repeated and not confirm_repeats:
                raise RepeatedReasons(repeated)
            today = self._today()
            decision = CaseDecision(
                case_id=case.id,
                kind=target.value,
                reasons=list(clean),
                repeated_reasons=list(repeated),
                decided_by=actor.username,
            )
            if target is CaseState.RETURNED_FOR_CORRECTION:
                decision.resubmit_by = load_calendar(session).add_working_days(today, resubmit_days)
                session.add(CasePause(case_id=case.id, reason="correction", start_on=today))
            case.reasons = list(clean)
            self._decide(session, case, actor, target, decision, "；".join(clean))
            if repeated:
                audit.record(
                    session,
                    actor.username,
                    "repeat_reason_override",
                    "case",
                    str(case.id),
                    after={"repeated": list(repeated)},
                )
            return case_view(session, case)

    def resubmitted(self, actor: Actor, case_id: str, row_version: int) -> CaseView:
        """The corrected materials arrived: examination continues, the pause ends."""
        with self._db.write() as session:
            case = get_case(session, case_id, row_version)
            today = self._today()
            close_pauses(session, case, today)
            self._recompute_promised(session, case, today)
            old = case.status
            case.status = transition(CaseState(old), CaseState.UNDER_EXAMINATION).value
            case.row_version += 1
            add_event(
                session,
                case,
                actor,
                "resubmitted",
                old,
                case.status,
                tr("补正材料已收到，继续审查"),
            )
            audit.record(session, actor.username, "case_resubmitted", "case", str(case.id))
            return case_view(session, case)

    def forward(
        self, actor: Actor, case_id: str, row_version: int, authority: str, note: str = ""
    ) -> CaseView:
        """Handled elsewhere (CNIPA, customs, court...): the hall tracks it until the answer."""
        _require_decider(actor)
        if not authority.strip():
            raise CounterError(tr("请填写转送的机关"), "authority")
        with self._db.write() as session:
            case = get_case(session, case_id, row_version)
            decision = CaseDecision(
                case_id=case.id,
                kind="forward",
                authority=authority.strip(),
                note=note.strip(),
                decided_by=actor.username,
            )
            case.external_authority = authority.strip()
            self._decide(
                session,
                case,
                actor,
                CaseState.FORWARDED,
                decision,
                tr("转送{a}", a=authority.strip()),
            )
            return case_view(session, case)

    def _move(
        self,
        actor: Actor,
        case_id: str,
        row_version: int,
        target: CaseState,
        action: str,
        note: str,
    ) -> CaseView:
        with self._db.write() as session:
            case = get_case(session, case_id, row_version)
            old = case.status
            case.status = transition(CaseState(old), target).value
            case.row_version += 1
            add_event(session, case, actor, action, old, case.status, note)
            audit.record(
                session,
                actor.username,
                f"case_{action}",
                "case",
                str(case.id),
                before={"status": old},
                after={"status": case.status},
            )
            return case_view(session, case)

    def _decide(
        self,
        session: Session,
        case: Case,
        actor: Actor,
        target: CaseState,
        decision: CaseDecision,
        note: str,
    ) -> None:
        old = case.status
        case.status = transition(CaseState(old), target).value
        case.row_version += 1
        session.add(decision)
        add_event(session, case, actor, decision.kind, old, case.status, note)
        audit.record(
            session,
            actor.username,
            f"case_{decision.kind}",
            "case",
            str(case.id),
            before={"status": old},
            after={"status": case.status, "note": note},
        )

    def _recompute_promised(self, session: Session, case: Case, today: date) -> None:
        if not case.time_limit_days:
            return
        pauses = [Pause(p.start_on, p.end_on or today) for p in pauses_of(session, case)]
        extra = _extension_days(session, case)
        case.promised_on = load_calendar(session).add_working_days(
            case.received_on, case.time_limit_days + extra, pauses
        )

    def decisions(self, case_id: str) -> list[DecisionView]:
        with self._db.read() as session:
            rows = session.scalars(
                select(CaseDecision)
                .where(CaseDecision.case_id == uuid.UUID(case_id))
                .order_by(CaseDecision.id)
            )
            return [_decision_view(r) for r in rows]

    def reason_choices(self, case_id: str) -> tuple[str, ...]:
        """The reason lists of the case's items, as they were when it was received."""
        with self._db.read() as session:
            rows = session.execute(
                select(CatalogItemVersion.rejection_reasons)
                .join(
                    CaseItem,
                    (CaseItem.item_id == CatalogItemVersion.item_id)
                    & (CaseItem.item_version == CatalogItemVersion.version),
                )
                .where(CaseItem.case_id == uuid.UUID(case_id))
            )
            return tuple(dict.fromkeys(r for (reasons,) in rows for r in reasons))


def _item_numbers(session: Session, case: Case) -> tuple[int, ...]:
    return tuple(session.scalars(select(CaseItem.item_number).where(CaseItem.case_id == case.id)))


def _check_four_eyes(session: Session, case: Case, actor: Actor) -> None:
    flags = session.scalars(
        select(CatalogItemVersion.four_eyes)
        .join(
            CaseItem,
            (CaseItem.item_id == CatalogItemVersion.item_id)
            & (CaseItem.item_version == CatalogItemVersion.version),
        )
        .where(CaseItem.case_id == case.id)
    )
    if any(flags) and case.received_by == actor.username:
        raise CounterError(
            tr("该事项实行“受审分离”：受理人不能审批本案，请转交其他审批人员"), "case"
        )


def _earlier_reasons(session: Session, case: Case) -> tuple[str, ...]:
    rows = session.scalars(
        select(CaseDecision.reasons).where(
            CaseDecision.case_id == case.id,
            CaseDecision.kind.in_(
                [CaseState.REJECTED.value, CaseState.RETURNED_FOR_CORRECTION.value]
            ),
        )
    )
    return tuple(r for reasons in rows for r in reasons)


def _extension_days(session: Session, case: Case) -> int:
    total = session.scalar(
        select(func.sum(CaseExtension.working_days)).where(CaseExtension.case_id == case.id)
    )
    return int(total or 0)
