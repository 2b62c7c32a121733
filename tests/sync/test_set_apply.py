"""Set-based apply on the central (migration 0017, db/sync/central_bulk.py): runs of plain
inserts one statement per table, with the per-command path's answers whenever a run cannot
go whole; the outbox read straight into wire form (codec.raw_to_wire)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Engine,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    Uuid,
    text,
)
from sqlalchemy.dialects import sqlite

from db.base import UTCDateTime
from db.sync.codec import raw_to_python, raw_to_wire, to_wire
from db.sync.tables import SYNCED
from tests.sync.conftest import Hall

_SQLITE = sqlite.dialect()


def _samples(column_type: Any) -> list[Any]:
    if isinstance(column_type, UTCDateTime):
        return [
            datetime(2026, 11, 27, 2, 3, 4, tzinfo=UTC),
            datetime(2026, 11, 27, 2, 3, 4, 120, tzinfo=UTC),
            datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        ]
    if isinstance(column_type, Uuid):
        return [uuid.UUID("0190f5e2-7c3a-7d11-8e0f-0123456789ab"), uuid.uuid4()]
    if isinstance(column_type, Boolean):
        return [True, False]
    if isinstance(column_type, Date):
        return [date(2026, 2, 28), date(2000, 1, 1)]
    if isinstance(column_type, Numeric):
        return [Decimal("12.50"), 3.25]
    if isinstance(column_type, JSON):
        return [{"批": 1, "line": [1, 2]}, ["a"], "x"]
    if isinstance(column_type, LargeBinary):
        return []
    if isinstance(column_type, Float):
        return [2.5, 0.0, 7]
    if isinstance(column_type, Integer):
        return [7, 0, -3]
    return ["文本", "", "A001"]


def test_the_short_way_to_the_wire_is_the_long_way_for_every_shared_column() -> None:
    checked = 0
    for spec in SYNCED:
        for column in spec.table.columns:
            processor = column.type.dialect_impl(_SQLITE).bind_processor(_SQLITE)
            for value in _samples(column.type):
                stored = processor(value) if processor else value
                raw = json.loads(json.dumps(stored))  # as the capture trigger's JSON holds it
                expected = to_wire(raw_to_python(spec.table, column.name, raw))
                assert raw_to_wire(spec.table, column.name, raw) == expected, (spec.name, column)
                checked += 1
            assert raw_to_wire(spec.table, column.name, None) is None
    assert checked > 500


# -- on the central ------------------------------------------------------------------------


def _login(key: uuid.UUID, user: str = "wang", kind: str = "fail") -> dict[str, Any]:
    row = {"id": str(key), "username": user, "kind": kind}
    row |= {"at": "2026-11-27T02:00:00+00:00", "counter": "W09"}
    return {"t": "login_event", "k": str(key), "o": "i", "new": row}


def _op(*changes: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"op": str(uuid.uuid4()), "changes": list(changes), **extra}


def _push(central: Engine, ops: list[dict[str, Any]]) -> dict[str, str]:
    with central.begin() as conn:
        raw = conn.execute(
            text("SELECT sync_push('W09', CAST(:ops AS jsonb))::text"), {"ops": json.dumps(ops)}
        ).scalar_one()
    answer = json.loads(raw)
    return {
        r["op"]: ("duplicate" if r.get("duplicate") else r["result"]) for r in answer["results"]
    }


def _rows(central: Engine) -> dict[str, tuple[str, int]]:
    with central.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT t.id::text, t.username, (s.server_seq IS NOT NULL)::int FROM login_event t "
                "JOIN sync_row s ON s.tbl = 'login_event' AND s.key = t.id::text "
                "WHERE t.counter = 'W09'"
            )
        ).all()
    return {key: (user, numbered) for key, user, numbered in rows}


@pytest.mark.postgres
def test_which_commands_go_together(hall: Hall) -> None:
    one, two = uuid.uuid4(), uuid.uuid4()
    ops = [
        _op(_login(one)),  # a plain insert
        _op(_login(two), _login(uuid.uuid4())),  # two plain inserts
        _op({**_login(uuid.uuid4()), "o": "u", "old": {}}),  # an update
        _op(_login(uuid.uuid4()), mode="ensure"),  # a snapshot's
        _op(_login(uuid.uuid4()), outside=True),  # written outside the program
        _op({"t": "staff", "k": str(one), "o": "i", "new": {"id": str(one)}}),  # protected
        _op({**_login(uuid.uuid4()), "k": str(uuid.uuid4())}),  # key is not the row's
        _op({**_login(two), "o": "d", "old": {}}),  # touches a key another command inserts
        _op(),  # no changes
    ]
    with hall.central.connect() as conn:
        marks = conn.execute(
            text("SELECT sync_bulk_eligible(CAST(:ops AS jsonb))"), {"ops": json.dumps(ops)}
        ).scalar_one()
    assert marks == [True, False, False, False, False, False, False, False, False]


@pytest.mark.postgres
def test_a_run_that_cannot_go_whole_gets_the_answers_of_one_by_one(hall: Hall) -> None:
    hall.counter("W01")  # a founded hall
    central = hall.central
    keys = [uuid.uuid4() for _ in range(5)]
    first = [_op(_login(keys[0])), _op(_login(keys[1]))]
    assert set(_push(central, first).values()) == {"applied"}
    # A run of five with one row the central has with other content: that one is parked,
    # the other four are applied, each numbered for the pull.
    batch = [_op(_login(k)) for k in (keys[2], keys[3])]
    batch += [_op(_login(keys[1], user="li"))]
    batch += [_op(_login(k)) for k in (keys[4], uuid.UUID(int=keys[4].int ^ 1))]
    answers = _push(central, batch)
    assert [answers[op["op"]] for op in batch] == [
        "applied",
        "applied",
        "conflict",
        "applied",
        "applied",
    ]
    rows = _rows(central)
    assert len(rows) == 6 and rows[str(keys[1])] == ("wang", 1)
    assert all(numbered for _user, numbered in rows.values())
    with central.connect() as conn:
        parked = conn.execute(text("SELECT op_id::text FROM sync_conflict")).scalars().all()
    assert parked == [batch[2]["op"]]
    # The same batch again: every command answered from sync_applied_op, nothing twice.
    assert set(_push(central, batch).values()) == {"duplicate"}
    assert _rows(central) == rows


@pytest.mark.postgres
def test_a_plain_run_is_applied_whole_and_numbered_once(hall: Hall) -> None:
    hall.counter("W01")
    central = hall.central
    batch = [_op(_login(uuid.uuid4()), _login(uuid.uuid4())) for _ in range(50)]
    with central.connect() as conn:
        before = conn.execute(text("SELECT seq FROM sync_meta")).scalar_one()
    answers = _push(central, batch)
    assert list(answers.values()) == ["applied"] * 50
    with central.connect() as conn:
        seqs = conn.execute(
            text(
                "SELECT DISTINCT server_seq FROM sync_row WHERE tbl = 'login_event' "
                "AND data ->> 'counter' = 'W09'"
            )
        ).scalars()
        assert list(seqs) == [before + 1]  # one number for the push, taken last
        applied = conn.execute(text("SELECT count(*) FROM sync_applied_op")).scalar_one()
    assert applied >= 50
    assert len(_rows(central)) == 100
