"""Deadlines (R-APR-4): extensions with reason and approver, the overdue list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counter_app.audit import trail as audit
from counter_app.cases.reception import local_today
from counter_app.cases.rules.states import CaseState
from counter_app.cases.store import add_event, get_case
from counter_app.cases.views import CaseView, case_view
from counter_app.cases.worklist import OPEN_STATES, WorkList, WorkQuery, load_worklist
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.calendar import load_calendar
from counter_app.i18n import tr
from db.engine import Database
from db.models import CaseExtension

MAX_EXTENSION = 60


class DeadlineService:
    def __init__(self, database: Database, today: Callable[[], date] = local_today) -> None:
        self._db, self._today = database, today

    def extend(
        self,
        supervisor: Actor,
        case_id: str,
        row_version: int,
        working_days: int,
        reason: str,
        requested_by: str,
    ) -> CaseView:
        """Move the promised date by ``working_days``; approved by a supervisor, reason kept."""
        require(supervisor, Role.SUPERVISOR)
        if not 0 < working_days <= MAX_EXTENSION:
            raise CounterError(tr("延长天数应在 1 到 {n} 个工作日之间", n=MAX_EXTENSION), "days")
        if not reason.strip():
            raise CounterError(tr("延长办理期限须写明理由"), "reason")
        with self._db.write() as session:
            case = get_case(session, case_id, row_version)
            running = case.status != CaseState.RETURNED_FOR_CORRECTION
            if case.status not in OPEN_STATES or case.promised_on is None or not running:
                raise CounterError(
                    tr("只有审查中且已有承诺日期的案件可以延期（退回补正期间期限本就暂停）"), "case"
                )
            old = case.promised_on
            case.promised_on = load_calendar(session).add_working_days(old, working_days)
            case.row_version += 1
            session.add(
                CaseExtension(
                    case_id=case.id,
                    working_days=working_days,
                    reason=reason.strip(),
                    requested_by=requested_by,
                    approved_by=supervisor.username,
                    old_promised_on=old,
                    new_promised_on=case.promised_on,
                )
            )
            add_event(
                session,
                case,
                supervisor,
                "extend",
                case.status,
                case.status,
                tr(
                    "延期 {d} 个工作日至 {p}：{r}",
                    d=working_days,
                    p=case.promised_on,
                    r=reason.strip(),
                ),
            )
            audit.record(
                session,
                supervisor.username,
                "case_extend",
                "case",
                str(case.id),
                before={"promised_on": str(old)},
                after={"promised_on": str(case.promised_on), "reason": reason},
            )
            return case_view(session, case)

    def overdue(self, supervisor: Actor, limit: int = 200) -> WorkList:
        """Every open case past its promised date, across all items (the supervisor's list)."""
        require(supervisor, Role.SUPERVISOR)
        yesterday = date.fromordinal(self._today().toordinal() - 1)
        running = tuple(s for s in OPEN_STATES if s is not CaseState.RETURNED_FOR_CORRECTION)
        query = WorkQuery(statuses=running, item_numbers=(), due_by=yesterday, limit=limit)
        with self._db.read() as session:
            return load_worklist(session, _all_items(supervisor), query, self._today())


def _all_items(actor: Actor) -> Actor:
    """The supervisor sees every item: an actor with no officer scope."""
    return Actor(username="", display_name=actor.display_name, roles=actor.roles)
