"""查询办理进度 on a hall kiosk (issue 15): its account pulls no cases, so the central answers
each look-up (db/sync/central_kiosk.py) — masked, only for the phone's last four or the
notice's key, with the tries counted by the central: a script holding the kiosk's password
meets the same lock as the kiosk's screen, and reads nothing else. Roles are cluster-wide:
the codes here (KP*) are this file's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.engine import make_url

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Role
from counter_app.kiosk.progress import UNAVAILABLE, CaseProgress, ProgressLookup
from counter_app.kiosk.scan import case_key
from db.engine import make_engine
from db.models import Case
from db.sync import roles
from tests.cases.reception.support import PERSON, form
from tests.sync.conftest import Counter, Hall, add_staff


def _as_url(hall: Hall, role: str) -> str:
    return make_url(hall.central_url).set(username=role, password=None).render_as_string(False)


def _receive(counter: Counter, lacking: int = 0) -> tuple[str, str]:
    clerk = add_staff(counter, "kpli", Role.RECEPTION, "recept2026")
    data = form(counter.services, 11, applicant=PERSON, lacking=lacking)
    number = counter.services.reception.receive(clerk, data).number
    with counter.services.db.read() as session:
        key = case_key(session.scalars(select(Case.id).where(Case.number == number)).one())
    counter.sync()
    return number, key


@pytest.fixture
def kiosk(hall: Hall, tmp_path: Path) -> Iterator[tuple[ProgressLookup, Engine, str]]:
    with hall.central.begin() as conn:
        role = roles.grant(conn, "kiosk", "KP1", "")
    engine = make_engine(_as_url(hall, role))
    local = Services.open(f"sqlite+pysqlite:///{tmp_path / 'kiosk.db'}")
    lookup = ProgressLookup(
        local.db, lambda: local.db, "KP1", cases_here=False, central=lambda: engine
    )
    yield lookup, engine, role
    local.close()
    engine.dispose()


def test_the_central_answers_a_kiosk_masked_for_the_phone_or_the_key(
    hall: Hall, kiosk: tuple[ProgressLookup, Engine, str]
) -> None:
    counter = hall.counter("KPA")
    number, key = _receive(counter, lacking=1)
    lookup, _engine, role = kiosk
    found = lookup.typed(number.lower(), "5678")
    assert isinstance(found, CaseProgress)
    assert (found.number, found.applicant) == (number, "王*")
    assert "补交" in found.plain and len(found.missing) == 1 and found.supplement_by
    assert "13812345678" not in repr(found)
    assert lookup.scanned(f"{number}#{key}").number == number
    assert lookup.needs_phone(number) == number  # the barcode alone proves nothing
    with hall.central.connect() as conn:
        tries = conn.execute(
            text("SELECT how, right_answer FROM kiosk_lookup WHERE device = :r ORDER BY id"),
            {"r": role},
        ).all()
    assert [tuple(t) for t in tries] == [("typed", True), ("scan", True)]


def test_five_wrong_answers_lock_the_kiosks_account_on_the_central(
    hall: Hall, kiosk: tuple[ProgressLookup, Engine, str]
) -> None:
    counter = hall.counter("KPB")
    number, key = _receive(counter)
    lookup, _engine, role = kiosk
    for left in (4, 3, 2, 1):
        with pytest.raises(CounterError, match=f"还可试 {left} 次"):
            lookup.typed(number, "0000")
    # A script with the kiosk's password, straight at the function: the same count.
    url = make_url(hall.central_url)
    script = psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=role, autocommit=True
    )
    reply = script.execute("SELECT kiosk_case_progress(%s, %s, '')", (number, "1111")).fetchone()
    assert reply is not None and reply[0]["status"] == "locked"
    reply = script.execute("SELECT kiosk_case_progress(%s, '5678', '')", (number,)).fetchone()
    assert reply is not None and reply[0]["status"] == "locked"  # even the right answer
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        script.execute("SELECT count(*) FROM cases")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        script.execute("DELETE FROM kiosk_lock")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        script.execute("SELECT * FROM kiosk_lookup")
    script.close()
    with pytest.raises(CounterError, match="暂停到") as caught:
        lookup.scanned(f"{number}#{key}")  # this screen knows it is locked too
    assert caught.value.field == "locked"
    with hall.central.begin() as conn:  # fifteen minutes later
        conn.execute(text("UPDATE kiosk_lock SET until = now() - interval '1 second'"))
    lookup.lockout.lock_until("KP1", lookup.clock())  # the screen's own lock ends too
    assert lookup.typed(number, "5678").number == number
    with pytest.raises(CounterError, match="还可试 4 次"):  # the count starts afresh
        lookup.typed(number, "0000")


def test_a_walk_through_existing_numbers_is_stopped_too(
    hall: Hall, kiosk: tuple[ProgressLookup, Engine, str]
) -> None:
    counter = hall.counter("KPC")
    number, _key = _receive(counter)
    _lookup, engine, _role = kiosk
    with engine.begin() as conn:
        replies = [
            conn.execute(text("SELECT kiosk_case_progress(:n, '5678', '')"), {"n": number}).scalar()
            for _ in range(61)
        ]
    assert [r["status"] for r in replies[:60]] == ["ok"] * 60
    assert replies[60]["status"] == "locked"


def test_a_central_that_is_gone_says_so_kindly(hall: Hall, tmp_path: Path) -> None:
    local = Services.open(f"sqlite+pysqlite:///{tmp_path / 'kiosk.db'}")
    gone = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    lookup = ProgressLookup(
        local.db, lambda: local.db, "KP9", cases_here=False, central=lambda: gone
    )
    with pytest.raises(CounterError) as caught:
        lookup.typed("LYG-20260101-W03-0001", "5678")
    assert caught.value.message == UNAVAILABLE and caught.value.field == "unavailable"
    local.close()
