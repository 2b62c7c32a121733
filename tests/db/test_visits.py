"""The queue's visits table (db/visits.py, migration 0014): derived from the log whatever the
order its lines arrive in, the same as the queue's own Python rules (queue/rules/times.py), on
SQLite and PostgreSQL; kept up when lines are added or removed after a refresh; on the
central, no account writes it and only supervisors' accounts refresh it. Roles are
cluster-wide: the codes here (VZ*) are this file's own."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from counter_app.queue.rules.tickets import EventKind
from counter_app.queue.rules.times import LogLine, Visit, visits
from db import migrate
from db import visits as derived
from db.engine import make_engine
from db.models.queue import QueueEvent, QueueVisit
from db.sync import roles

K = EventKind
DAY = date(2026, 3, 2)
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def _history(rnd: random.Random, ticket: uuid.UUID, number: str) -> list[LogLine]:
    """One ticket's log as the queue writes it, with the odd line a real log has (a start
    before any call, a second end)."""
    at = T0 + timedelta(seconds=rnd.randrange(0, 3600) + rnd.choice((0, 0.25, 0.5, 0.75)))
    lines: list[LogLine] = []

    def add(kind: EventKind, window: str = "", staff: str = "") -> None:
        nonlocal at
        lines.append(LogLine(ticket, number, kind, at, window, staff))
        at += timedelta(seconds=rnd.randrange(1, 900) + rnd.choice((0, 0.5, 0.25)))

    add(K.ISSUE)
    if rnd.random() < 0.05:
        add(K.START)  # stray: no visit is open
    opener = K.CALL
    for _ in range(rnd.randrange(1, 4)):
        window = rnd.choice(("01", "02", "03"))
        add(opener, window, f"s{window}")
        for _ in range(rnd.choice((0, 0, 0, 1, 2))):
            add(K.RECALL, window, f"s{window}")
        if rnd.random() < 0.8:
            add(K.START, window, f"s{window}")
        end = rnd.choice((K.FINISH, K.FINISH, K.NO_SHOW, K.HOLD, K.TRANSFER, None))
        if end is None:
            return lines  # still being served
        add(end, window, f"s{window}")
        if rnd.random() < 0.05:
            add(K.FINISH, window, f"s{window}")  # a second end is ignored
        if end is K.FINISH:
            return lines
        if end is K.NO_SHOW:
            if rnd.random() < 0.5:
                return lines
            add(K.REQUEUE)
        opener = K.CALL_BACK if end is K.HOLD else K.CALL
    return lines


def _log(seed: int, tickets: int) -> tuple[list[LogLine], list[LogLine]]:
    """Each ticket's log cut at a random point (what a database holds at some moment) and
    the rest, both shuffled: lines reach a database in any order (sync, merges)."""
    rnd = random.Random(seed)
    first: list[LogLine] = []
    rest: list[LogLine] = []
    for n in range(tickets):
        history = _history(rnd, uuid.uuid4(), f"A{n:03d}")
        cut = rnd.randrange(1, len(history) + 1)
        first += history[:cut]
        rest += history[cut:]
    rnd.shuffle(first)
    rnd.shuffle(rest)
    return first, rest


def _insert(engine: Engine, lines: list[LogLine]) -> None:
    with engine.begin() as conn:
        for line in lines:
            conn.execute(
                QueueEvent.__table__.insert().values(
                    at=line.at,
                    business_date=DAY,
                    kind=line.kind.value,
                    ticket_id=line.ticket_id,
                    number=line.number,
                    category_code="A",
                    window_no=line.window,
                    staff=line.staff,
                    note="",
                )
            )


def _refresh(engine: Engine) -> None:
    while True:
        with engine.begin() as conn:
            if derived.refresh_batch(conn, 7) == 0:  # small batches: several rounds
                return


def _table(engine: Engine) -> dict[tuple[uuid.UUID, datetime], QueueVisit]:
    with engine.connect() as conn:
        rows = conn.execute(select(QueueVisit)).all()
    return {(r.ticket_id, r.called_at): r for r in rows}


def _assert_same(expected: list[Visit], table: dict[tuple[uuid.UUID, datetime], QueueVisit]):
    assert len(table) == len(expected)
    for v in expected:
        row = table[(v.ticket_id, v.called_at)]
        assert (row.window_no, row.staff, row.number) == (v.window, v.staff, v.number)
        assert (row.queued_at, row.started_at, row.ended_at) == (
            v.queued_at,
            v.started_at,
            v.ended_at,
        )
        assert row.outcome == (v.outcome.value if v.outcome else "")
        assert row.served == (v.outcome is K.FINISH)
        assert row.no_show == (v.outcome is K.NO_SHOW)
        assert row.wait_s is not None and abs(row.wait_s - v.wait_seconds) <= 0.5
        service = v.service_seconds
        assert (row.service_s is None) == (service is None)
        if service is not None and row.service_s is not None:
            assert abs(row.service_s - service) <= 0.5


@pytest.fixture
def engine(any_url: str) -> Iterator[Engine]:
    eng = make_engine(any_url)
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


def test_the_table_is_the_queue_rules_visits_whatever_the_arrival_order(engine: Engine) -> None:
    first, rest = _log(seed=11, tickets=60)
    _insert(engine, first)
    _refresh(engine)
    _assert_same(visits(first), _table(engine))
    _insert(engine, rest)  # the rest arrives after a refresh
    _refresh(engine)
    _assert_same(visits(first + rest), _table(engine))
    with engine.connect() as conn:
        assert not derived.pending(conn)


def test_removed_log_lines_remove_their_visits(engine: Engine) -> None:
    first, rest = _log(seed=5, tickets=20)
    lines = first + rest
    _insert(engine, lines)
    _refresh(engine)
    gone = lines[0].ticket_id
    with engine.begin() as conn:  # a degraded-mode merge deletes the local copy
        conn.execute(delete(QueueEvent).where(QueueEvent.ticket_id == gone))
    with engine.connect() as conn:
        assert derived.pending(conn)
    _refresh(engine)
    kept = [line for line in lines if line.ticket_id != gone]
    _assert_same(visits(kept), _table(engine))


def _as(url: str, role: str) -> Engine:
    return make_engine(make_url(url).set(username=role, password=None).render_as_string(False))


def test_on_the_central_no_account_writes_visits_and_only_supervisors_refresh(
    pg_url: str,
) -> None:
    owner = make_engine(pg_url)
    migrate.upgrade(owner)
    with owner.begin() as conn:
        kiosk = roles.grant(conn, "kiosk", "VZK1", "")
        counter = roles.grant(conn, "counter", "VZC1", "")
        boss = roles.grant(conn, "supervisor", "VZS1", "")
    ticket = uuid.uuid4()
    with _as(pg_url, kiosk).begin() as conn:  # a kiosk's issue line marks the ticket
        conn.execute(
            text(
                "INSERT INTO queue_event (at, business_date, kind, ticket_id, number, "
                "category_code, window_no, staff, note) "
                "VALUES (:at, :d, 'issue', :t, 'A001', 'A', '', '', '')"
            ),
            {"at": T0, "d": DAY, "t": ticket},
        )
    for role in (kiosk, counter):
        eng = _as(pg_url, role)
        for sql in (
            "INSERT INTO queue_visit (ticket_id, vno, day, number, window_no, staff, category, "
            "recalls, outcome, served, no_show, wait_s) VALUES "
            f"('{ticket}', 1, '2026-03-02', 'A001', '01', 'x', 'A', 0, 'finish', 1, 0, 1)",
            f"DELETE FROM queue_visit_dirty WHERE ticket_id = '{ticket}'",
            "SELECT queue_visit_refresh(10)",
        ):
            with pytest.raises(ProgrammingError, match="permission denied"), eng.begin() as c:
                c.execute(text(sql))
        eng.dispose()
    _insert(owner, [LogLine(ticket, "A001", K.CALL, T0 + timedelta(minutes=5), "01", "li")])
    supervisor = _as(pg_url, boss)
    with supervisor.begin() as conn:
        assert derived.refresh_batch(conn) == 1
    with supervisor.connect() as conn:
        wait = conn.execute(text("SELECT wait_s FROM queue_visit")).scalar_one()
    assert wait == 300
    supervisor.dispose()
    owner.dispose()


def test_the_central_function_is_the_sql_of_this_version(pg_url: str) -> None:
    """Migration 0014 froze ``refresh_function()`` into the central: a change to the visits'
    SQL needs a migration that replaces it (this test then compares with the new one)."""
    owner = make_engine(pg_url)
    migrate.upgrade(owner)
    with owner.connect() as conn:
        body = conn.execute(
            text("SELECT prosrc FROM pg_proc WHERE proname = 'queue_visit_refresh'")
        ).scalar_one()
    owner.dispose()
    expected = derived.refresh_function().split("AS $f$", 1)[1].split("$f$;", 1)[0]
    assert body == expected
