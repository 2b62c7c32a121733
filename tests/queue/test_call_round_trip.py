"""call_next in one round trip on PostgreSQL (queue_call_next, migration 0017), in one
transaction on SQLite, with the index its current-ticket lookup needs (docs/decisions/0018)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, text

from counter_app.core.errors import CounterError
from counter_app.queue.rules.tickets import TicketState
from db.models.queue import QueueEvent
from tests.queue.conftest import CLERK, Hall


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """Every statement the engine sends while inside (BEGIN/COMMIT of SQLite included)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _events(hall: Hall) -> list[tuple[str, str]]:
    with hall.services.db.read() as session:
        rows = session.execute(select(QueueEvent.kind, QueueEvent.number).order_by(QueueEvent.seq))
        return [(k, n) for k, n in rows if k in ("call", "finish")]


def test_finish_and_call_are_one_statement_on_postgres(queue_pg_url: str) -> None:
    from tests.queue.conftest import open_hall

    hall = open_hall(queue_pg_url)
    try:
        q = hall.queue
        q.open_window(CLERK, "1")
        for category in "AAB":
            q.issue(category)
        first = q.call_next(CLERK, "1")
        assert first is not None and first.number == "A001"
        hall.clock.advance(minutes=4)
        with statements(hall.services.db.engine) as sent:
            second = q.call_next(CLERK, "1")
        assert [s.split("(")[0].strip() for s in sent] == ["SELECT * FROM queue_call_next"]
        assert second is not None and second.number == "A002"
        assert second.state is TicketState.CALLED and second.window == "1"
        assert second.category_name and second.called_at == hall.clock.now
        done = q.ticket(first.id)
        assert done.state is TicketState.DONE and done.finished_at == hall.clock.now
        # Served without pressing "start": the service counts from the call.
        assert done.service_started_at == first.called_at
        assert _events(hall) == [("call", "A001"), ("finish", "A001"), ("call", "A002")]
    finally:
        hall.services.close()


def test_sqlite_writes_finish_and_call_in_one_transaction(hall: Hall) -> None:
    q = hall.queue
    q.open_window(CLERK, "1")
    q.issue("A")
    q.issue("B")
    q.call_next(CLERK, "1")
    with statements(hall.services.db.engine) as sent:
        q.call_next(CLERK, "1")
    writes = [s for s in sent if not s.startswith(("SELECT", "BEGIN", "COMMIT", "ROLLBACK"))]
    assert sent.count("BEGIN IMMEDIATE") == 1  # one write transaction (commit: the driver's)
    assert [w.split()[0] for w in writes] == ["UPDATE", "UPDATE", "INSERT"]
    assert _events(hall)[-2:] == [("finish", "A001"), ("call", "B001")]


def test_sqlite_claim_returns_the_category_name_without_another_query(hall: Hall) -> None:
    q = hall.queue
    q.open_window(CLERK, "1")
    q.issue("B")
    names = {c.code: c.name for c in q.categories()}
    with statements(hall.services.db.engine) as sent:
        called = q.call_next(CLERK, "1")
    assert called is not None and called.category_name == names["B"] != "B"
    after_begin = sent[sent.index("BEGIN IMMEDIATE") :]
    assert not [s for s in after_begin if s.startswith("SELECT")]  # the name came with the claim


@pytest.mark.parametrize("state", ["paused", "closed", "missing"])
def test_a_window_that_cannot_call_changes_nothing(any_hall: Hall, state: str) -> None:
    q = any_hall.queue
    q.open_window(CLERK, "1")
    q.issue("A")
    current = q.call_next(CLERK, "1")
    assert current is not None
    q.issue("A")
    window = "1"
    if state == "paused":
        q.pause_window(CLERK, "1", "午休")
    elif state == "closed":
        current = q.finish(CLERK, "1", current.id)  # a window closes with nobody at it
        q.close_window(CLERK, "1")
    else:
        window = "9"
    with pytest.raises(CounterError) as raised:
        q.call_next(CLERK, window)
    expected = {"paused": "已暂停（午休）", "closed": "还没有开窗", "missing": "没有 9 号窗口"}
    assert expected[state] in raised.value.message
    assert q.ticket(current.id).state is current.state  # not finished by the refused call
    assert [t.state for t in q.tickets()].count(TicketState.WAITING) == 1  # nobody called


def test_the_current_ticket_is_found_by_its_index(hall: Hall) -> None:
    with hall.services.db.engine.connect() as conn:
        plan = conn.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT id FROM queue_ticket WHERE window_no = '1' "
                "AND state IN ('called', 'serving') ORDER BY called_at DESC LIMIT 1"
            )
        ).all()
    assert any("ix_queue_ticket_at_window" in str(row[-1]) for row in plan), plan


def test_the_function_runs_with_the_callers_rights(queue_pg_url: str) -> None:
    """SECURITY INVOKER: a counter's own table rights and the queue's guards of
    central_roles.py (one row per UPDATE, an append-only log) apply to what it does."""
    from tests.queue.conftest import open_hall

    hall = open_hall(queue_pg_url)
    try:
        with hall.services.db.engine.connect() as conn:
            definer = conn.execute(
                text("SELECT prosecdef FROM pg_proc WHERE proname = 'queue_call_next'")
            ).scalar_one()
        assert definer is False
    finally:
        hall.services.close()
