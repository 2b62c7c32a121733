"""Demo data: consistent on both databases, by either path, and the counter carries on after it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from counter_app.cases.reception import ReceptionService
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.demo.seed import seed_demo
from counter_app.hall.settings import HallSettings
from db.models import Case
from tests.cases.reception.support import form
from tests.conftest import ADMIN_PASSWORD
from tests.demo.checks import assert_consistent

CLERK = Actor("li", "李受理", frozenset({Role.RECEPTION}))
LAST_DAY = date(2026, 11, 27)


@pytest.fixture
def hall(any_url: str, hall_settings: HallSettings) -> Iterator[Services]:
    services = Services.open(any_url)
    services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
    yield services
    services.close()


def _max_seq(services: Services, day: date, counter: str) -> int:
    prefix = f"LYG-{day:%Y%m%d}-{counter}-"
    with services.db.read() as session:
        numbers = session.scalars(select(Case.number).where(Case.number.like(prefix + "%")))
        return max((int(n.rsplit("-", 1)[1]) for n in numbers), default=0)


@pytest.mark.parametrize("method", ["bulk", "service"])
def test_seeding_200_cases_gives_consistent_data(hall: Services, method: str) -> None:
    cases = 200 if method == "bulk" else 60
    result = seed_demo(hall, cases, seed=11, method=method, today=date(2026, 11, 28))
    assert (result.cases, result.method, result.last_day) == (cases, method, LAST_DAY)
    assert result.rows > cases * 5
    statuses = assert_consistent(hall)
    assert sum(statuses.values()) == cases
    assert dict(statuses) == result.by_status
    assert statuses.most_common(1)[0][0] == "delivered"
    assert {"received", "under_examination", "approved"} <= set(statuses)
    if method == "bulk":
        assert {"awaiting_supplement", "refused"} <= set(statuses)
    counters = _counters(hall)
    assert counters == ({"W03"} if method == "service" else {"W03", "W01", "W02", "W05"})
    # The window carries on: the next case of the last seeded day gets the next number.
    expected = _max_seq(hall, LAST_DAY, "W03") + 1
    view = ReceptionService(hall.db, hall.hall, lambda: LAST_DAY).receive(CLERK, form(hall, 11))
    assert view.number == f"LYG-20261127-W03-{expected:04d}"
    # A seeded case opens by its number and its documents render.
    seeded = hall.reception.open_case(CLERK, _one(hall, "received"))
    assert seeded.items and seeded.materials and seeded.events
    doc = hall.documents.render(CLERK, seeded.number, "acceptance")
    assert doc.pdf.startswith(b"%PDF")


def _counters(services: Services) -> set[str]:
    with services.db.read() as session:
        return set(session.scalars(select(Case.counter_code).distinct()))


def _one(services: Services, status: str) -> str:
    with services.db.read() as session:
        number = session.scalar(
            select(Case.number)
            .where(Case.status == status, Case.promised_on.is_not(None))
            .order_by(Case.number)
            .limit(1)
        )
    assert number is not None
    return number


def test_seeding_again_continues_the_numbers(services: Services, admin: Actor) -> None:
    seed_demo(services, 150, seed=1, method="bulk", today=date(2026, 11, 28))
    seed_demo(services, 150, seed=1, method="bulk", today=date(2026, 11, 28), batch_size=40)
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 300
    assert_consistent(services)


def test_the_same_seed_gives_the_same_people(
    tmp_path: object, hall_settings: HallSettings, sqlite_url: str
) -> None:
    names = []
    for index in range(2):
        url = sqlite_url.replace("counter.db", f"seed{index}.db")
        services = Services.open(url)
        services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
        seed_demo(services, 30, seed=5, method="bulk", today=date(2026, 11, 28))
        with services.db.read() as session:
            names.append(session.scalars(select(Case.number).order_by(Case.number)).all())
        services.close()
    assert names[0] == names[1]


def test_a_database_that_is_not_set_up_is_refused(services: Services) -> None:
    with pytest.raises(CounterError, match="尚未完成初始设置"):
        seed_demo(services, 10)
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 0


def test_a_bad_case_count_is_refused(services: Services, admin: Actor) -> None:
    with pytest.raises(CounterError, match="案件数"):
        seed_demo(services, 0)
