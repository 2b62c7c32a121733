"""The assessment per staff member: figures worked out by hand on a small data set, the same
numbers on SQLite and PostgreSQL, and the refusals."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from db.engine import Database
from db.models.approval import CaseDecision
from db.models.queue import QueueTicket
from db.models.reception import Applicant, Case
from db.models.staff import Staff
from db.models.supervision import (
    Complaint,
    Evaluation,
    EvaluationFollowup,
    TrainingRecord,
)
from tests.conftest import TODAY

BOSS = Actor("zhao", "赵科长", frozenset({Role.SUPERVISOR}))
CLERK = Actor("li", "李受理", frozenset({Role.RECEPTION}))
NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)
CHINA = timedelta(hours=8)


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


class Loader:
    """Adds rows of every kind the assessment reads, with the few columns that matter."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.n = 0

    def _key(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n:04d}"

    def staff(self, username: str, name: str, roles: tuple[str, ...] = ("reception",)) -> None:
        with self.db.write() as s:
            s.add(Staff(username=username, display_name=name, roles=list(roles), password_hash="x"))

    def applicant(self, name: str = "王五", kind: str = "person") -> uuid.UUID:
        with self.db.write() as s:
            row = Applicant(kind=kind, name=name, id_type="resident_id", id_number=self._key("ID"))
            s.add(row)
            s.flush()
            return row.id

    def case(
        self, applicant: uuid.UUID, by: str, on: date, promised: date | None = None
    ) -> uuid.UUID:
        with self.db.write() as s:
            row = Case(
                number=self._key("LYG-C"),
                status="received",
                applicant_id=applicant,
                received_on=on,
                received_by=by,
                counter_code="W03",
                draft_key=self._key("d"),
                promised_on=promised,
            )
            s.add(row)
            s.flush()
            return row.id

    def decision(self, case_id: uuid.UUID, kind: str, by: str, at: datetime) -> None:
        with self.db.write() as s:
            s.add(CaseDecision(case_id=case_id, kind=kind, decided_by=by, decided_at=at))

    def ticket(
        self,
        by: str,
        day: date,
        state: str,
        issued: datetime,
        wait_s: int,
        service: tuple[int, int] | None = None,
    ) -> None:
        """``service``: (seconds from the call to the start, seconds of service)."""
        called = issued + timedelta(seconds=wait_s)
        started = finished = None
        if service is not None:
            started = called + timedelta(seconds=service[0])
            finished = started + timedelta(seconds=service[1])
        elif state == "no_show":
            finished = called + timedelta(minutes=3)
        with self.db.write() as s:
            self.n += 1
            s.add(
                QueueTicket(
                    business_date=day,
                    category_code="A",
                    seq=self.n,
                    number=f"A{self.n:03d}",
                    state=state,
                    place_key=self.n,
                    window_no="3",
                    issued_at=issued,
                    first_called_at=called,
                    called_at=called,
                    service_started_at=started,
                    finished_at=finished,
                    called_by=by,
                )
            )

    def rating(
        self, staff: str, day: date, level: int, source: str = "screen", followup: str = ""
    ) -> None:
        with self.db.write() as s:
            row = Evaluation(
                service_key=self._key("t:"),
                source=source,
                level=level,
                business_date=day,
                staff=staff,
                window_no="3",
            )
            s.add(row)
            s.flush()
            if followup:
                s.add(
                    EvaluationFollowup(
                        evaluation_id=row.id, state=followup, opened_on=day, due_date=day
                    )
                )

    def complaint(
        self, staff: str, day: date, upheld: bool | None, kind: str = "complaint"
    ) -> None:
        with self.db.write() as s:
            s.add(
                Complaint(
                    number=self._key("TS"),
                    kind=kind,
                    channel="phone",
                    about_staff=staff,
                    text="态度不好",
                    business_date=day,
                    due_date=day,
                    upheld=upheld,
                )
            )

    def training(self, staff: str, day: date, hours: float, deleted: bool = False) -> None:
        with self.db.write() as s:
            s.add(
                TrainingRecord(
                    staff=staff, held_on=day, subject="业务培训", hours=hours, deleted=deleted
                )
            )


def load_dataset(db: Database) -> None:
    """The hand-made November of 李受理 (li), with rows that must NOT count beside each kind.
    The expected figures are in ``test_figures_worked_out_by_hand``."""
    ld = Loader(db)
    ld.staff("li", "李受理")
    ld.staff("wu", "吴审批", ("administrative",))
    ld.staff("admin2", "系统管理员", ("administrator",))
    person = ld.applicant()
    # Received: three in November by li; one in October and one by wu do not count.
    for day in (2, 10, 20):
        ld.case(person, "li", date(2026, 11, day))
    ld.case(person, "li", date(2026, 10, 31))
    other = ld.case(person, "wu", date(2026, 11, 3))
    # Decisions (the hall at UTC+8).
    d1 = ld.case(person, "wu", date(2026, 11, 1), promised=date(2026, 11, 10))
    ld.decision(d1, "approve", "li", utc(11, 10, 15, 30))  # local 11-10 23:30: on time
    d2 = ld.case(person, "wu", date(2026, 11, 1), promised=date(2026, 11, 12))
    ld.decision(d2, "rejected", "li", utc(11, 12, 17))  # local 11-13 01:00: one day late
    d3 = ld.case(person, "wu", date(2026, 11, 1))
    ld.decision(d3, "approve", "li", utc(11, 15, 2))  # no promised date
    ld.decision(d3, "forward", "li", utc(11, 14, 2))  # not a decision counted
    d5 = ld.case(person, "wu", date(2026, 10, 20), promised=date(2026, 11, 5))
    ld.decision(d5, "approve", "li", utc(10, 31, 20))  # local 11-01 04:00: in, on time
    ld.decision(other, "approve", "li", utc(11, 30, 17))  # local 12-01: outside
    ld.decision(other, "approve", "wu", utc(11, 20, 3))  # wu's
    # Tickets li called: waits 300, 900, 60, 600; services 600, 240, 1800.
    nov2 = date(2026, 11, 2)
    ld.ticket("li", nov2, "done", utc(11, 2, 1), 300, (60, 600))
    ld.ticket("li", nov2, "done", utc(11, 2, 2), 900, (60, 240))
    ld.ticket("li", nov2, "done", utc(11, 2, 3), 60, (0, 1800))
    ld.ticket("li", nov2, "no_show", utc(11, 2, 4), 600)
    ld.ticket("li", date(2026, 10, 30), "done", utc(10, 30, 1), 5000, (0, 5000))
    for wait, service in ((7, 7), (100, 50), (20, 9)):  # wu's: medians 20 and 9
        ld.ticket("wu", nov2, "done", utc(11, 2, 5), wait, (3, service))
    # Ratings of li: 5 5 5 4 3 2 1, a 1 annulled on appeal; a self-evaluation, October, wu's.
    for level in (5, 5, 5, 4, 3, 2, 1):
        ld.rating("li", date(2026, 11, 9), level, followup="verify" if level < 3 else "")
    ld.rating("li", date(2026, 11, 9), 1, followup="annulled")
    ld.rating("li", date(2026, 11, 9), 1, source="self")
    ld.rating("li", date(2026, 10, 9), 1)
    ld.rating("wu", date(2026, 11, 9), 5)
    # Complaints about li: three in November, one upheld; a suggestion and October's do not.
    for upheld in (True, False, None):
        ld.complaint("li", date(2026, 11, 11), upheld)
    ld.complaint("li", date(2026, 11, 11), True, kind="suggestion")
    ld.complaint("li", date(2026, 10, 11), True)
    # Training: 3.5 h + 2 h in November; October's and a removed one do not count.
    ld.training("li", date(2026, 11, 5), 3.5)
    ld.training("li", date(2026, 11, 20), 2)
    ld.training("li", date(2026, 10, 5), 1)
    ld.training("li", date(2026, 11, 6), 4, deleted=True)


@pytest.fixture
def loaded(services: Services) -> Services:
    load_dataset(services.db)
    services.assessment.utc_offset = CHINA
    return services


def test_figures_worked_out_by_hand(loaded: Services) -> None:
    a = loaded.assessment.assess(BOSS, "li", NOV1, NOV30)
    assert (a.staff, a.display_name) == ("li", "李受理")
    assert a.received == 3
    assert (a.decided, a.approved, a.rejected) == (4, 3, 1)
    assert (a.with_deadline, a.on_time, a.late, a.on_time_rate) == (3, 2, 1, 66.7)
    assert (a.tickets_served, a.no_shows) == (3, 1)
    assert (a.wait_avg_s, a.wait_median_s) == (465.0, 450.0)
    assert (a.service_avg_s, a.service_median_s) == (880.0, 600.0)
    assert a.levels == {5: 3, 4: 1, 3: 1, 2: 1, 1: 1}
    assert (a.evaluations, a.satisfaction_rate) == (7, 57.1)
    assert (a.bad_reviews, a.annulled) == (2, 1)
    assert (a.complaints, a.complaints_upheld) == (3, 1)
    assert (a.trainings, a.training_hours) == (2, 5.5)


def test_the_hall_offset_decides_the_day_of_a_decision(loaded: Services) -> None:
    """At UTC the decision of 17:00 UTC on 11-12 is on its promised day, the one of 20:00 UTC
    on 10-31 falls outside November and the one of 17:00 UTC on 11-30 inside."""
    loaded.assessment.utc_offset = timedelta(0)
    a = loaded.assessment.assess(BOSS, "li", NOV1, NOV30)
    assert (a.decided, a.with_deadline, a.on_time, a.late) == (4, 2, 2, 0)


def test_an_odd_number_of_values_has_its_middle_as_median(loaded: Services) -> None:
    a = loaded.assessment.assess(BOSS, "wu", NOV1, NOV30)
    assert (a.tickets_served, a.wait_median_s, a.service_median_s) == (3, 20.0, 9.0)
    assert (a.received, a.decided, a.evaluations, a.satisfaction_rate) == (4, 1, 1, 100.0)


def test_assess_all_has_one_row_per_staff_member_and_agrees(loaded: Services) -> None:
    rows = loaded.assessment.assess_all(BOSS, NOV1, NOV30)
    assert [r.staff for r in rows] == ["li", "wu"]  # the administrator-only account is not
    assert rows[0] == loaded.assessment.assess(BOSS, "li", NOV1, NOV30)
    assert rows[1] == loaded.assessment.assess(BOSS, "wu", NOV1, NOV30)


def test_a_period_without_records_is_all_zero(loaded: Services) -> None:
    a = loaded.assessment.assess(BOSS, "li", date(2026, 1, 1), date(2026, 1, 31))
    assert (a.received, a.decided, a.tickets_served, a.evaluations) == (0, 0, 0, 0)
    assert (a.wait_avg_s, a.satisfaction_rate, a.on_time_rate) == (None, None, None)


def test_refusals(loaded: Services) -> None:
    with pytest.raises(CounterError) as info:
        loaded.assessment.assess(CLERK, "li", NOV1, NOV30)
    assert "科长" in info.value.message
    with pytest.raises(CounterError) as info:
        loaded.assessment.assess(BOSS, "nobody", NOV1, NOV30)
    assert info.value.field == "staff"
    with pytest.raises(CounterError) as info:
        loaded.assessment.assess(BOSS, "li", NOV30, NOV1)
    assert info.value.field == "date_to"


@pytest.fixture
def pg_services(pg_url: str) -> Iterator[Services]:
    services = Services.open(pg_url, today=lambda: TODAY)
    yield services
    services.close()


def test_sqlite_and_postgresql_give_the_same_numbers(
    loaded: Services, pg_services: Services
) -> None:
    load_dataset(pg_services.db)
    pg_services.assessment.utc_offset = CHINA
    for period in ((NOV1, NOV30), (date(2026, 10, 1), NOV30)):
        lite = loaded.assessment.assess_all(BOSS, *period)
        pg = pg_services.assessment.assess_all(BOSS, *period)
        assert [a.figures() for a in pg] == [a.figures() for a in lite]
    assert pg_services.assessment.assess(BOSS, "li", NOV1, NOV30).late == 1
