"""A crash or power cut while saving leaves the whole case or nothing (issue 3, "Bad input").

A child process receives cases in a loop; the test kills it with SIGKILL at random moments,
many times. Afterwards the SQLite file is intact, every case has all its items, materials and
its history row, and the numbers have neither duplicates nor gaps.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import time
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

from counter_app.audit import trail as audit
from counter_app.cases.reception import ReceptionService
from counter_app.cases.rules.reception import ReceptionInput
from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.hall.settings import HallService
from db.engine import Database
from tests.cases.reception.support import PERSON, form

DAY = date(2026, 3, 2)
KILLS = 10


def _receive_forever(url: str, actor: Actor, templates: list[ReceptionInput], marks: int) -> None:
    """The child: a fresh engine (nothing shared with the parent), cases until killed.

    It writes "b" to ``marks`` before each save and "e" after it, so the parent can tell
    whether its kill landed inside a save."""
    database = Database.open(url)
    reception = ReceptionService(database, HallService(database), lambda: DAY)
    for index in range(1_000_000):
        data = replace(templates[index % len(templates)], draft_key=str(uuid.uuid4()))
        os.write(marks, b"b")
        reception.receive(actor, data)
        os.write(marks, b"e")


def test_killing_the_process_mid_save_leaves_whole_cases_or_nothing(
    services: Services, reception_user: Actor, sqlite_url: str
) -> None:
    templates = [
        form(services, 11, 12, 13),  # bundle: 3 items
        form(services, 1, 5, lacking=2),  # one-time notice, 2 items
        form(services, 14, applicant=PERSON),
    ]
    shapes = {(len(t.item_ids), len(t.materials)) for t in templates}
    services.close()  # nothing of ours open while the children write
    rng = random.Random(20261128)
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    mid_save = 0
    for _ in range(KILLS):
        read_end, write_end = os.pipe()
        child = context.Process(
            target=_receive_forever, args=(sqlite_url, reception_user, templates, write_end)
        )
        child.start()
        os.close(write_end)
        time.sleep(rng.uniform(0.15, 0.6))
        assert child.pid is not None and child.is_alive(), "the child stopped by itself"
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        assert child.exitcode == -signal.SIGKILL
        marks = b""
        while chunk := os.read(read_end, 65536):
            marks += chunk
        os.close(read_end)
        mid_save += marks.endswith(b"b")
    assert time.perf_counter() - started < 30
    assert mid_save >= KILLS // 2, f"only {mid_save} of {KILLS} kills landed inside a save"

    path = Path(sqlite_url.split("///", 1)[1])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        cases = conn.execute(
            "SELECT c.id, c.number,"
            " (SELECT count(*) FROM case_item i WHERE i.case_id = c.id),"
            " (SELECT count(*) FROM case_material m WHERE m.case_id = c.id),"
            " (SELECT count(*) FROM case_event e WHERE e.case_id = c.id AND e.action = 'receive')"
            " FROM cases c"
        ).fetchall()
        (last,) = conn.execute(
            "SELECT last FROM daily_counter WHERE kind = 'case' AND business_date = ?",
            (DAY.isoformat(),),
        ).fetchone()
        audits = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'case_receive'")
        (receive_audits,) = audits.fetchone()
    assert len(cases) >= KILLS, "too few cases were saved to prove anything"
    for _id, number, item_count, material_count, history in cases:
        assert (item_count, material_count) in shapes, number
        assert history == 1, number
    numbers = sorted(int(number.rsplit("-", 1)[1]) for _id, number, *_ in cases)
    assert numbers == list(range(1, len(cases) + 1))  # no duplicate, no gap
    assert last == len(cases)  # the counter moved only with a saved case
    assert receive_audits == len(cases)
    reopened = Services.open(sqlite_url)
    try:
        assert audit.verify(reopened.db).ok
    finally:
        reopened.close()
