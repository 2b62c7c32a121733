"""What seeded demo data must satisfy, checked through the database on either backend."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import select

from counter_app.audit import trail as audit
from counter_app.cases.rules.reception import (
    CASE_NUMBER,
    AgentInput,
    ApplicantInput,
    check_agent,
    check_applicant,
)
from counter_app.cases.rules.states import CaseState, can_transition
from counter_app.container import Services
from db.models import (
    Applicant,
    Case,
    CaseEvent,
    CaseItem,
    CaseMaterial,
    CasePause,
    DailyCounter,
    Payment,
)

RECEIPT = re.compile(
    r"^(?P<hall>[A-Z0-9]+)-(?P<day>\d{8})-(?P<counter>[A-Z0-9]+)-R(?P<seq>\d{4,})$"
)


def _numbers_match_counters(
    services: Services, kind: str, numbers: list[tuple[str, str, date, str]]
) -> None:
    """Per counter and day: numbers 1..last with no gap or duplicate, last in daily_counter."""
    pattern = CASE_NUMBER if kind == "case" else RECEIPT
    seqs: dict[tuple[str, date], list[int]] = defaultdict(list)
    for number, counter, day, hall in numbers:
        match = pattern.match(number)
        assert match, number
        assert match["hall"] == hall and match["counter"] == counter, number
        assert match["day"] == f"{day:%Y%m%d}", number
        seqs[(counter, day)].append(int(match["seq"]))
    with services.db.read() as session:
        last = {
            (r.counter_code, r.business_date): r.last
            for r in session.scalars(select(DailyCounter).where(DailyCounter.kind == kind))
        }
    assert set(last) == set(seqs)
    for key, values in seqs.items():
        assert sorted(values) == list(range(1, last[key] + 1)), key


def assert_consistent(services: Services) -> Counter[str]:
    """Every check of the seeded database; returns the cases per status."""
    hall = services.hall.settings().hall_code
    with services.db.read() as session:
        cases = session.scalars(select(Case)).all()
        items = Counter(session.scalars(select(CaseItem.case_id)))
        materials = Counter(session.scalars(select(CaseMaterial.case_id)))
        events: dict[object, list[CaseEvent]] = defaultdict(list)
        for event in session.scalars(select(CaseEvent).order_by(CaseEvent.id)):
            events[event.case_id].append(event)
        pauses = {p.case_id: p for p in session.scalars(select(CasePause))}
        payments = session.scalars(select(Payment)).all()
        applicants = session.scalars(select(Applicant)).all()
    assert len({c.number for c in cases}) == len(cases)
    _numbers_match_counters(
        services, "case", [(c.number, c.counter_code, c.received_on, hall) for c in cases]
    )
    case_by_id = {c.id: c for c in cases}
    _numbers_match_counters(
        services,
        "receipt",
        [(p.receipt_number, p.counter_code, p.business_date, hall) for p in payments],
    )
    for p in payments:
        assert p.business_date == case_by_id[p.case_id].received_on
    statuses: Counter[str] = Counter()
    for case in cases:
        statuses[case.status] += 1
        assert items[case.id] >= 1 and materials[case.id] >= 1, case.number
        history = events[case.id]
        assert history[0].action == "receive" and history[0].from_status == "", case.number
        state = history[0].to_status
        for event in history[1:]:
            assert event.from_status == state, case.number
            if event.to_status != state:
                assert can_transition(CaseState(state), CaseState(event.to_status)), case.number
            state = event.to_status
            assert event.at >= history[0].at
        assert state == case.status, case.number
        assert case.received_at.tzinfo is not None
        if case.status == CaseState.AWAITING_SUPPLEMENT:
            assert case.supplement_deadline and pauses[case.id].end_on is None, case.number
        if case.agent is not None:  # someone acted for the applicant, authorisation recorded
            agent = AgentInput(**case.agent)
            assert check_agent(agent) == agent, case.number
        if case.status == CaseState.REFUSED:
            assert case.reasons, case.number
        if case.time_limit_days and case.status not in ("awaiting_supplement", "refused"):
            assert case.promised_on and case.promised_on > case.received_on, case.number
    for row in applicants:
        data = ApplicantInput(
            row.kind,
            row.name,
            row.id_type,
            row.id_number,
            row.phone,
            row.address,
            row.postal_code,
            row.legal_representative,
            row.contact_name,
        )
        assert check_applicant(data) == data, row.id_number  # valid and already normalised
    assert audit.verify(services.db).ok
    return statuses
