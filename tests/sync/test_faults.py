"""Faults with real servers: replays, the central stopped mid-push, a client killed mid-sync,
thousands of changes made offline, a central restored from backup, version and clock checks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from counter_app.core.errors import CounterError
from db.engine import make_engine
from db.sync import outbox
from db.sync.client import SyncClient, SyncRefused
from tests.cases.reception.support import form
from tests.support.pgserver import PgServer
from tests.sync.checker import assert_converged
from tests.sync.conftest import Counter, Hall


def _client(counter: Counter, hall: Hall) -> SyncClient:
    return SyncClient(counter.services.db.engine, hall.central, counter.code)


def _holidays(counter: Counter, count: int, start: int = 0) -> None:
    """``count`` small shared changes in ``count`` local transactions (holiday overrides)."""
    from datetime import date, timedelta

    from db.models import HolidayOverride

    first = date(2027, 1, 1)
    for n in range(start, start + count):
        with counter.services.db.write() as session:
            session.add(
                HolidayOverride(day=first + timedelta(days=n), is_workday=n % 2 == 0, note=f"{n}")
            )


def test_the_same_batch_pushed_twice_is_applied_once(hall: Hall) -> None:
    a, b = hall.counter("W01"), hall.counter("W02")
    a.services.reception.receive(a.admin, form(a.services, 1))
    client = _client(a, hall)
    with a.services.db.engine.connect() as conn:
        commands = outbox.read_commands(conn, 100)
    first = client._push_commands(commands)
    # The acknowledgement was lost (crash before the outbox was cleared): send again.
    second = client._push_commands(commands)
    assert [r["result"] for r in first] == ["applied"]
    assert [r["result"] for r in second] == ["applied"] and second[0]["duplicate"]
    report = a.sync()
    assert report is not None and report.pushed == 1 and not report.conflicts
    hall.sync_all()
    counts = assert_converged(hall.central, *hall.engines())
    assert counts["cases"] == 1
    with hall.central.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sync_applied_op")).scalar_one() >= 1
    assert b.services.reception.open_case(
        b.admin, a.services.reception.open_case(a.admin, _only_case_number(a)).number
    )


def _only_case_number(counter: Counter) -> str:
    with counter.services.db.engine.connect() as conn:
        return str(conn.execute(text("SELECT number FROM cases")).scalar_one())


def test_central_stopped_mid_push_then_restarted_loses_nothing(
    stoppable_hall: Hall, own_server: PgServer
) -> None:
    hall = stoppable_hall
    a = hall.counter("W01")
    hall.counter("W02")
    _holidays(a, 3000)
    client = _client(a, hall)
    client.push_batch = 50

    import threading

    errors: list[BaseException] = []
    # The server stops while the push is under way: after five batches went through, before
    # the sixth (not after a fixed delay: a fast push could be over by then).
    reached, stopped = threading.Event(), threading.Event()
    send = client._push_commands
    calls: list[int] = []

    def cut_after_five(commands: list[outbox.Command]) -> list[dict[str, object]]:
        calls.append(len(commands))
        if len(calls) == 6:
            reached.set()
            stopped.wait(60)
        return send(commands)

    client._push_commands = cut_after_five  # type: ignore[method-assign]

    def push() -> None:
        try:
            client.push()
        except BaseException as exc:  # the server goes away under it
            errors.append(exc)

    worker = threading.Thread(target=push)
    worker.start()
    assert reached.wait(60)
    own_server.stop("immediate")
    stopped.set()
    worker.join(60)
    assert errors, "the push should have been cut off"
    # Offline: the counter keeps working; numbers carry the counter code.
    case = a.services.reception.receive(a.admin, form(a.services, 2))
    assert "-W01-" in case.number
    with pytest.raises(OperationalError):
        a.sync()
    assert a.services.sync.status().state == "offline"
    assert a.services.sync.status().pending > 0
    own_server.restart()
    hall.central.dispose()  # drop dead pooled connections
    hall.sync_all()
    counts = assert_converged(hall.central, *hall.engines())
    assert counts["holiday_override"] == 3000 and counts["cases"] == 1
    assert a.services.sync.status().state == "online"


# Killed at the worst moment, whatever the push's speed: the central has applied the third
# batch, the PC has not yet written that it was sent (the next sync sends it again).
KILL_SCRIPT = """
import sys, time
from db.engine import make_engine
from db.sync.client import SyncClient
client = SyncClient(make_engine(sys.argv[1]), make_engine(sys.argv[2]), "W01", push_batch=20)
send, calls = client._push_commands, []
def hold_after_third(commands):
    results = send(commands)
    calls.append(1)
    if len(calls) == 3:
        print("applied", flush=True)
        time.sleep(600)
    return results
client._push_commands = hold_after_third
print("start", flush=True)
client.sync()
print("done", flush=True)
"""


def test_a_client_killed_mid_sync_repeats_nothing_and_loses_nothing(hall: Hall) -> None:
    a = hall.counter("W01")
    hall.counter("W02")
    _holidays(a, 2000)
    local_url = str(a.services.db.engine.url)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, local_url, hall.central_url],
        stdout=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "start"
    assert proc.stdout.readline().strip() == "applied"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    with a.services.db.engine.connect() as conn:
        left = outbox.pending_count(conn)
    assert left > 0  # it was cut off part-way
    hall.sync_all()
    counts = assert_converged(hall.central, *hall.engines())
    assert counts["holiday_override"] == 2000


def test_ten_thousand_changes_made_offline_arrive_in_order(hall: Hall) -> None:
    a, b = hall.counter("W01"), hall.counter("W02")
    _holidays(a, 10_000)
    # The last change to a row wins on every PC: edit some of them again, still offline.
    from db.models import HolidayOverride

    with a.services.db.write() as session:
        for row in session.query(HolidayOverride).limit(100):
            row.note = "改"
    started = time.perf_counter()
    hall.sync_all()
    elapsed = time.perf_counter() - started
    counts = assert_converged(hall.central, *hall.engines())
    assert counts["holiday_override"] == 10_000
    with b.services.db.engine.connect() as conn:
        changed = conn.execute(
            text("SELECT count(*) FROM holiday_override WHERE note = '改'")
        ).scalar_one()
    assert changed == 100
    assert elapsed < 120


def test_a_central_restored_from_backup_gets_back_what_it_lost(hall: Hall) -> None:
    a, b = hall.counter("W01"), hall.counter("W02")
    a.services.reception.receive(a.admin, form(a.services, 1))
    hall.sync_all()
    # Back up the central (its shared rows) ... work goes on ...
    with hall.central.connect() as conn:
        seq_at_backup = conn.execute(text("SELECT seq FROM sync_meta")).scalar_one()
    case = b.services.reception.receive(b.admin, form(b.services, 3))
    hall.sync_all()
    # ... then the central is restored from the backup: B's case is gone from it.
    with hall.central.begin() as conn:
        rows = conn.execute(
            text("SELECT tbl, key FROM sync_row WHERE server_seq > :s"), {"s": seq_at_backup}
        ).all()
        for tbl in ("case_event", "case_item", "case_material", "cases"):
            conn.execute(
                text(
                    f"DELETE FROM {tbl} WHERE {'id' if tbl == 'cases' else 'case_id'}"
                    " IN (SELECT id FROM cases WHERE number = :n)"
                ),
                {"n": case.number},
            )
        conn.execute(text("DELETE FROM sync_row WHERE server_seq > :s"), {"s": seq_at_backup})
        conn.execute(text("UPDATE sync_meta SET seq = :s"), {"s": seq_at_backup})
        conn.execute(text("SELECT sync_new_epoch()"))  # what `counter-admin sync new-epoch` does
    assert rows
    report = b.sync()
    assert report is not None and "从备份恢复" in report.full_resync
    hall.sync_all()
    assert_converged(hall.central, *hall.engines())
    assert a.services.reception.open_case(a.admin, case.number).number == case.number


def test_schema_mismatch_and_clock_skew_are_refused_in_chinese(
    hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = hall.counter("W01")
    a.services.reception.receive(a.admin, form(a.services, 1))
    with hall.central.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    with pytest.raises(SyncRefused) as info:
        a.sync()
    assert "版本不一致" in str(info.value)
    assert a.services.sync.status().state == "refused"
    assert a.services.sync.status().pending == 1  # kept, not lost
    with hall.central.begin() as conn:
        conn.execute(
            text("UPDATE alembic_version SET version_num = :v"),
            {"v": __import__("db.migrations").migrations.HEAD},
        )
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 600)
    with pytest.raises(SyncRefused) as info:
        a.sync()
    assert "时钟" in str(info.value) and "600" in str(info.value)
    monkeypatch.setattr(time, "time", real)
    a.sync()
    assert a.services.sync.status().pending == 0


def test_a_counter_role_may_only_sync(hall: Hall) -> None:
    from db.sync import roles

    a = hall.counter("W01")
    with hall.central.begin() as conn:
        name = roles.grant(conn, "counter", "W02", "s3cret-w02")
    assert name == "counter_w02"
    url = hall.central_url.replace("postgres@", f"{name}:s3cret-w02@")
    engine = make_engine(url)
    try:
        with engine.connect() as conn, pytest.raises(Exception) as info:
            conn.execute(text("SELECT count(*) FROM cases"))
        assert "permission denied" in str(info.value)
        with engine.connect() as conn, pytest.raises(Exception) as info:
            conn.execute(text("SELECT sync_push('W01', '[]'::jsonb)"))
        assert "不能代表窗口" in str(info.value)
        with engine.connect() as conn:
            hello = conn.execute(text("SELECT sync_hello('W02')")).scalar_one()
        assert hello["schema"]
    finally:
        engine.dispose()
    with hall.central.begin() as conn:
        roles.revoke(conn, "counter", "W02")
    with pytest.raises(CounterError):
        a.services.sync.resolve(a.admin, 1, "keep")  # an administrator is not a supervisor
