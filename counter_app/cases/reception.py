"""Reception (受理): receive a case, take the supplement, refuse; find applicants and cases."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.cases.numbering import next_number
from counter_app.cases.rules.reception import (
    MaterialLine,
    Outcome,
    ReceptionInput,
    case_number,
    check_agent,
    check_applicant,
    check_competent_authority,
    check_outcome,
    missing,
)
from counter_app.cases.rules.states import CaseState, transition
from counter_app.cases.store import (
    add_event,
    case_by_number,
    close_pauses,
    get_case,
    items_for,
    pauses_of,
    upsert_applicant,
)
from counter_app.cases.views import ApplicantView, CaseView, applicant_view, case_view
from counter_app.core.errors import CounterError
from counter_app.core.normalize import compact
from counter_app.core.roles import Actor, Role
from counter_app.hall.calendar import load_calendar
from counter_app.hall.rules.catalog import ItemView
from counter_app.hall.rules.working_days import Pause
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.identity.identifiers import validate_credit_code
from counter_app.integrity.checks import refuse_restricted
from db.engine import Database
from db.models import Applicant, Case, CaseItem, CaseMaterial, CasePause

INITIAL_STATE = {
    Outcome.ACCEPT: CaseState.RECEIVED,
    Outcome.INCOMPLETE: CaseState.AWAITING_SUPPLEMENT,
    Outcome.REFUSE: CaseState.REFUSED,
}
VIEW_ROLES = frozenset({Role.RECEPTION, Role.ADMINISTRATIVE, Role.PROFESSIONAL, Role.SUPERVISOR})


def local_today() -> date:
    return date.today()


class ReceptionService:
    def __init__(
        self, database: Database, hall: HallService, today: Callable[[], date] = local_today
    ) -> None:
        self._db = database
        self._hall = hall
        self._today = today

    def today(self) -> date:
        """The business date this service works on."""
        return self._today()

    def receive(self, actor: Actor, data: ReceptionInput) -> CaseView:
        """Check everything, then save the whole case in one transaction or nothing.

        A second call with the same ``draft_key`` (double click, repeated scan) returns the
        case the first call made.
        """
        applicant = check_applicant(data.applicant)
        agent = check_agent(data.agent) if data.agent else None
        check_outcome(data)
        settings = self._hall.settings()
        with self._db.write() as session:
            existing = session.scalar(select(Case).where(Case.draft_key == data.draft_key))
            if existing is not None:
                return case_view(session, existing)
            items = items_for(session, data.item_ids)
            today = self._today()
            if data.outcome is not Outcome.REFUSE:  # 不予受理 stays open to the staff
                codes = (applicant.id_number, agent.agency_code if agent else "")
                refuse_restricted(session, codes, {i.number: i.name for i in items}, today)
            case = Case(
                number=case_number(
                    settings.hall_code,
                    today,
                    settings.counter_code,
                    next_number(session, settings.counter_code, today, "case"),
                ),
                status=INITIAL_STATE[data.outcome].value,
                applicant_id=upsert_applicant(session, actor, applicant).id,
                agent=asdict(agent) if agent else None,
                received_on=today,
                received_by=actor.username,
                counter_code=settings.counter_code,
                time_limit_days=_time_limit(items),
                reasons=[r.strip() for r in data.reasons if r.strip()],
                notes=data.notes.strip(),
                draft_key=data.draft_key,
                ticket_id=uuid.UUID(data.ticket_id) if data.ticket_id else None,
            )
            session.add(case)
            session.flush()
            _add_items(session, case, items)
            _add_materials(session, case, data.materials)
            self._start_clock(session, case, data, today)
            note = _outcome_note(data)
            add_event(session, case, actor, "receive", "", case.status, note, _refusal(data))
            audit.record(
                session,
                actor.username,
                "case_receive",
                "case",
                str(case.id),
                after={"number": case.number, "status": case.status},
            )
            return case_view(session, case)

    def _start_clock(self, session: Session, case: Case, data: ReceptionInput, today: date) -> None:
        calendar = load_calendar(session)
        if data.outcome is Outcome.INCOMPLETE:
            session.add(CasePause(case_id=case.id, reason="supplement", start_on=today))
            case.supplement_deadline = calendar.add_working_days(today, data.supplement_days)
        elif data.outcome is Outcome.ACCEPT and case.time_limit_days:
            case.promised_on = calendar.add_working_days(today, case.time_limit_days)

    def supplement(
        self, actor: Actor, case_id: str, materials: tuple[MaterialLine, ...], row_version: int
    ) -> CaseView:
        """The applicant brought materials: tick them; when complete the case is received.

        The same case continues; the days spent waiting do not count against the deadline.
        """
        with self._db.write() as session:
            case = get_case(session, case_id, row_version)
            if case.status != CaseState.AWAITING_SUPPLEMENT:
                raise CounterError(tr("该案件不在待补正状态，无需补正"), "materials")
            _replace_materials(session, case, materials)
            case.row_version += 1
            if missing(materials):
                add_event(
                    session,
                    case,
                    actor,
                    "supplement_partial",
                    case.status,
                    case.status,
                    tr("仍缺：{m}", m="、".join(m.name for m in missing(materials))),
                )
                return case_view(session, case)
            self._complete(session, case, actor)
            return case_view(session, case)

    def _complete(self, session: Session, case: Case, actor: Actor) -> None:
        today = self._today()
        close_pauses(session, case, today)
        old = case.status
        case.status = transition(CaseState(old), CaseState.RECEIVED).value
        if case.time_limit_days:
            pauses = [Pause(p.start_on, p.end_on or today) for p in pauses_of(session, case)]
            calendar = load_calendar(session)
            case.promised_on = calendar.add_working_days(
                case.received_on, case.time_limit_days, pauses
            )
        add_event(
            session, case, actor, "supplement_complete", old, case.status, tr("材料补齐，予以受理")
        )
        audit.record(
            session,
            actor.username,
            "case_supplement",
            "case",
            str(case.id),
            before={"status": old},
            after={"status": case.status, "promised_on": str(case.promised_on)},
        )

    def refuse_pending(
        self,
        actor: Actor,
        case_id: str,
        reasons: tuple[str, ...],
        row_version: int,
        competent_authority: str = "",
    ) -> CaseView:
        """A case waiting for a supplement is refused (e.g. the deadline passed); a matter
        outside this office's powers names the ``competent_authority``."""
        clean = tuple(r.strip() for r in reasons if r.strip())
        if not clean:
            raise CounterError(tr("不予受理须写明理由"), "reasons")
        authority = check_competent_authority(clean, competent_authority)
        with self._db.write() as session:
            case = get_case(session, case_id, row_version)
            if case.status != CaseState.AWAITING_SUPPLEMENT:
                raise CounterError(tr("只有待补正的案件可以在此不予受理"), "reasons")
            old = case.status
            case.status = transition(CaseState(old), CaseState.REFUSED).value
            case.reasons = list(clean)
            case.row_version += 1
            close_pauses(session, case, self._today())
            data = {"competent_authority": authority} if authority else None
            add_event(session, case, actor, "refuse", old, case.status, "；".join(clean), data)
            audit.record(
                session,
                actor.username,
                "case_refuse",
                "case",
                str(case.id),
                before={"status": old},
                after={"status": case.status},
            )
            return case_view(session, case)

    def open_case(self, actor: Actor, number_or_id: str, reveal: bool = False) -> CaseView:
        """The case a scan or a typed number names; ``reveal`` shows personal data (audited)."""
        if reveal and not VIEW_ROLES & actor.roles:
            raise CounterError(tr("您的角色不能查看完整的个人信息"), "reveal")
        with self._db.write() if reveal else self._db.read() as session:
            case = case_by_number(session, number_or_id)
            if reveal:
                audit.record(
                    session,
                    actor.username,
                    "view_personal_data",
                    "case",
                    str(case.id),
                    after={"number": case.number},
                )
            return case_view(session, case, reveal)

    def find_applicant(self, actor: Actor, id_number: str) -> ApplicantView | None:
        """A returning applicant by ID number or credit code (as typed: normalised here),
        in full to fill the reception form: a reception role only, and every hit audited."""
        if Role.RECEPTION not in actor.roles:
            raise CounterError(tr("您的角色不能查看完整的个人信息"), "id_number")
        value = compact(id_number)
        if not value:
            return None
        credit = validate_credit_code(value)
        key = credit.value if credit.ok else value
        with self._db.write() as session:
            row = session.scalar(select(Applicant).where(Applicant.id_number == key))
            if row is None:
                return None
            audit.record(
                session,
                actor.username,
                "view_personal_data",
                "applicant",
                str(row.id),
                after={"found_by": "id_number"},
            )
            return applicant_view(row, reveal=True)


def _time_limit(items: list[ItemView]) -> int | None:
    """A bundle is done when its slowest item is: the longest time limit that is known."""
    limits = [i.content.time_limit_days for i in items if i.content.time_limit_days]
    return max(limits) if limits else None


def _outcome_note(data: ReceptionInput) -> str:
    if data.outcome is Outcome.INCOMPLETE:
        return tr("材料不全，一次性告知：{m}", m="、".join(m.name for m in missing(data.materials)))
    if data.outcome is Outcome.REFUSE:
        return tr("不予受理：{r}", r="；".join(data.reasons))
    return tr("材料齐全，予以受理")


def _refusal(data: ReceptionInput) -> dict[str, str] | None:
    """What the refusal event keeps beside its note: the body to apply to, if named."""
    authority = data.competent_authority.strip()
    if data.outcome is Outcome.REFUSE and authority:
        return {"competent_authority": authority}
    return None


def _add_items(session: Session, case: Case, items: list[ItemView]) -> None:
    for position, item in enumerate(items):
        session.add(
            CaseItem(
                case_id=case.id,
                item_id=uuid.UUID(item.id),
                item_version=item.version,
                item_number=item.number,
                item_name=item.name,
                position=position,
            )
        )


def _material_row(case: Case, position: int, m: MaterialLine) -> CaseMaterial:
    return CaseMaterial(
        case_id=case.id,
        name=m.name.strip(),
        requirement=m.requirement,
        original_required=m.original_required,
        copies_required=m.copies_required,
        received=m.received,
        received_copies=m.received_copies,
        received_original=m.received_original,
        extra=m.extra,
        for_items=list(m.for_items),
        position=position,
    )


def _add_materials(session: Session, case: Case, materials: tuple[MaterialLine, ...]) -> None:
    for position, m in enumerate(materials):
        session.add(_material_row(case, position, m))


def _replace_materials(session: Session, case: Case, materials: tuple[MaterialLine, ...]) -> None:
    for row in session.scalars(select(CaseMaterial).where(CaseMaterial.case_id == case.id)):
        session.delete(row)
    session.flush()
    _add_materials(session, case, materials)
