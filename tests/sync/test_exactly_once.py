"""Exactly once, counted (issue 12 point 10): the same batch pushed twice, and pushed again
after a lost answer while another counter moved the case on, leaves every row once on the
central and at the other counter, the bookkeeping (sync_row, server_seq, sync_applied_op)
untouched by the replay, and no conflict. The ``duplicate`` flag is checked last: the rows
are what matter.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, text

from counter_app.cases.payments import FeeLine
from counter_app.cases.rules.states import CaseState
from counter_app.core.roles import Role
from db.sync import outbox
from db.sync.client import SyncClient
from db.sync.tables import PULLED
from tests.cases.reception.support import form, received
from tests.sync.checker import assert_converged
from tests.sync.conftest import Counter, Hall, add_staff

# The tables a reception with a supplement, a payment and an approval writes.
CASE_TABLES = (
    "applicant",
    "cases",
    "case_item",
    "case_material",
    "case_event",
    "case_pause",
    "payment",
    "case_decision",
)


def _client(counter: Counter, hall: Hall) -> SyncClient:
    return SyncClient(counter.services.db.engine, hall.central, counter.code)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t: int(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one())
            for t in CASE_TABLES
        }


def _bookkeeping(central: Engine) -> dict[str, Any]:
    """What the central keeps about the rows: numbers, op ids, conflicts."""
    with central.connect() as conn:
        return {
            "seq": conn.execute(text("SELECT seq FROM sync_meta")).scalar_one(),
            "rows": conn.execute(
                text("SELECT tbl, key, server_seq FROM sync_row ORDER BY tbl, key")
            ).all(),
            "ops": conn.execute(
                text("SELECT op_id::text, result FROM sync_applied_op ORDER BY op_id")
            ).all(),
            "conflicts": conn.execute(text("SELECT count(*) FROM sync_conflict")).scalar_one(),
        }


def _events(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT action FROM case_event ORDER BY id")).scalars())


def replay_after_a_lost_answer(hall: Hall) -> None:
    """The scenario; also run against hand-made faults of the central's SQL
    (test_apply_mutations.py), where it must fail."""
    a, b = hall.counter("W01"), hall.counter("W02")
    clerk = add_staff(a, "li", Role.RECEPTION, "recept2026")
    add_staff(a, "zhou", Role.ADMINISTRATIVE, "zhou2026ok")
    hall.sync_all()
    # At A: received with a material missing, completed the next visit, paid: inserts and
    # updates of the same rows in one batch.
    waiting = a.services.reception.receive(clerk, form(a.services, 11, lacking=1))
    complete = tuple(received(m.line) for m in waiting.materials)
    case = a.services.reception.supplement(clerk, waiting.id, complete, waiting.row_version)
    # Cents that are not zero: checker.py reads the central's numeric through a JSON float,
    # so 100.00 would come back as "100.0" and differ from the counters' "100.00".
    fee = (FeeLine("登记费", Decimal("85.15")),)
    a.services.payments.record(clerk, case.id, fee, "cash")
    client = _client(a, hall)
    with a.services.db.engine.connect() as conn:
        commands = outbox.read_commands(conn, 100)
    assert len(commands) >= 3
    op_ids = sorted(c.op_id for c in commands)

    first = client._push_commands(commands)
    after_first = _bookkeeping(hall.central)
    counts_first = _counts(hall.central)
    second = client._push_commands(commands)  # the same batch again, at once
    assert _counts(hall.central) == counts_first
    assert _bookkeeping(hall.central) == after_first, "a plain replay changed the bookkeeping"

    # The answer never reached A: its outbox still holds the batch. Meanwhile B takes the
    # case from the central and approves it.
    assert client.pending() == len(commands)
    report = b.sync()
    assert report is not None and not report.conflicts
    zhou = b.services.staff.login("zhou", "zhou2026ok")
    at_b = b.services.approval.start_examination(zhou, case.id, case.row_version)
    b.services.approval.approve(zhou, at_b.id, at_b.row_version, "登记号 2026-0001")
    report = b.sync()
    assert report is not None and not report.conflicts
    before_replay = _bookkeeping(hall.central)
    counts = _counts(hall.central)

    # A comes back and sends the batch a third time, from its outbox.
    report = a.sync()
    assert report is not None and report.conflicts == [], report.conflicts
    assert report.pushed == len(commands)
    assert client.pending() == 0 and a.services.sync.status().parked == 0
    assert _counts(hall.central) == counts
    after_replay = _bookkeeping(hall.central)
    assert after_replay["conflicts"] == 0
    assert after_replay["seq"] == before_replay["seq"], "the replay numbered rows again"
    assert after_replay["rows"] == before_replay["rows"], "the replay touched sync_row"
    assert after_replay["ops"] == before_replay["ops"]
    report = b.sync()
    assert report is not None and report.pulled == 0, "B was handed the replay's rows again"

    hall.sync_all()
    converged = assert_converged(hall.central, *hall.engines())
    # Counted: each row once, on the central and at both counters.
    expected = {
        "applicant": 1,
        "cases": 1,
        "case_item": 1,
        "case_pause": 1,
        "payment": 1,
        "case_decision": 1,
    }
    for engine in (hall.central, a.services.db.engine, b.services.db.engine):
        have = _counts(engine)
        assert {t: have[t] for t in expected} == expected
        assert have["case_material"] == len(complete)
        assert _events(engine) == [
            "receive",
            "supplement_complete",
            "payment",
            "examine",
            "approve",
        ]
    assert {t: converged[t] for t in CASE_TABLES} == _counts(hall.central)
    # One live sync_row per shared row (tombstones of deleted rows stay), each numbered;
    # every op of A's batch recorded once, as applied.
    with hall.central.connect() as conn:
        per_table = dict(
            conn.execute(
                text("SELECT tbl, count(*) FROM sync_row WHERE NOT deleted GROUP BY tbl")
            ).all()
        )
        unnumbered = conn.execute(
            text("SELECT count(*) FROM sync_row WHERE server_seq IS NULL")
        ).scalar_one()
        ops = conn.execute(
            text(
                "SELECT op_id::text, result FROM sync_applied_op "
                "WHERE op_id::text = ANY (:ids) ORDER BY op_id"
            ),
            {"ids": op_ids},
        ).all()
    for spec in PULLED:
        assert per_table.get(spec.name, 0) == converged[spec.name], spec.name
    assert unnumbered == 0
    assert [(op, result) for op, result in ops] == [(op, "applied") for op in op_ids]
    for counter in (a, b):
        view = counter.services.reception.open_case(counter.admin, case.number)
        assert view.status is CaseState.APPROVED
        assert len(view.payments) == 1
    # Last, the flag: the second push and the replay were answered as duplicates.
    assert [r["result"] for r in first] == ["applied"] * len(commands)
    assert [r["result"] for r in second] == ["applied"] * len(commands)
    assert all(r.get("duplicate") for r in second)


def test_a_batch_replayed_after_a_lost_answer_is_applied_exactly_once(hall: Hall) -> None:
    replay_after_a_lost_answer(hall)
