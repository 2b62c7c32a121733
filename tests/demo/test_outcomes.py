"""Demo cases carry what the approval and delivery services record (decisions, deliveries), in
bulk and through the services, so the dashboard's 准予 / 不予许可 / 送达 and on-time figures
are not zero on demo data."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.demo.seed import seed_demo
from counter_app.hall.settings import HallSettings
from counter_app.identity.checksums import s10_check
from db.models import Case, CaseDecision, CaseEvent, Delivery
from tests.conftest import ADMIN_PASSWORD

TODAY = date(2026, 11, 27)
CHIEF = Actor("chief", "钱科长", frozenset({Role.SUPERVISOR}))


@pytest.fixture
def hall(sqlite_url: str, hall_settings: HallSettings) -> Iterator[Services]:
    services = Services.open(sqlite_url, today=lambda: TODAY)
    services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)
    yield services
    services.close()


@pytest.mark.parametrize("method", ["bulk", "service"])
def test_decisions_and_deliveries_follow_the_history(hall: Services, method: str) -> None:
    seed_demo(hall, 150, seed=11, method=method, today=TODAY)
    with hall.db.read() as session:
        events = Counter(session.execute(select(CaseEvent.action)).scalars())
        kinds = Counter(session.execute(select(CaseDecision.kind)).scalars())
        deliveries = list(session.scalars(select(Delivery)))
        delivered_cases = session.scalar(
            select(func.count()).select_from(Case).where(Case.status == "delivered")
        )
    assert kinds["approve"] == events["approve"] > 0
    assert kinds["rejected"] == events["rejected"]
    assert len(deliveries) == events["pickup_ready"] + events["mailed"]
    finished = [d for d in deliveries if d.state in ("collected", "delivered")]
    assert len(finished) == events["collected"] + events["mail_delivered"]
    assert delivered_cases is not None and len(finished) >= delivered_cases
    for mail in (d for d in deliveries if d.method == "mail"):
        serial = mail.tracking_number[2:10]
        assert mail.tracking_number[10] == s10_check(serial) and mail.posted_on is not None
    table = hall.reports.period(CHIEF, TODAY - timedelta(days=40), TODAY, "window", compare=False)
    assert table.total.cases_approved > 0 and table.total.cases_delivered > 0
    assert table.total.on_time_rate is not None
