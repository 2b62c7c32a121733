"""人员考核: one staff member's assessment over a year (250 working days x 80 services a day at
their window, with the cases, decisions and ratings to match, beside three colleagues with as
much) on SQLite: ``assess()`` and the page's first paint (built, loaded, grabbed offscreen)
beside the floor, the same aggregates as hand-written SQL on the raw sqlite3 connection."""

from __future__ import annotations

import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from benchmarks.common import report, time_calls
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from db.ids import new_uuid7
from db.models.approval import CaseDecision
from db.models.queue import QueueTicket
from db.models.reception import Applicant, Case
from db.models.staff import Staff
from db.models.supervision import Complaint, Evaluation, TrainingRecord

DAYS, PER_DAY, CASES_PER_DAY = 250, 80, 30
STAFF = ("bench", "qian", "sun", "zhou")
BOSS = Actor("boss", "科长", frozenset({Role.SUPERVISOR}))
FIRST = date(2025, 1, 2)
RANGE = {"f": FIRST.isoformat(), "t": (FIRST + timedelta(days=365)).isoformat()}

# The floor: the same figures, hand-written, run on the raw sqlite3 connection.
FLOOR_SQL = (
    "SELECT count(*) FROM cases WHERE received_by = :s AND received_on BETWEEN :f AND :t",
    "SELECT count(*), sum(d.kind = 'approve'), sum(d.kind = 'rejected'),"
    " sum(c.promised_on IS NOT NULL), sum(date(d.decided_at, '+480 minutes') <= c.promised_on),"
    " sum(date(d.decided_at, '+480 minutes') > c.promised_on)"
    " FROM case_decision d JOIN cases c ON c.id = d.case_id WHERE d.decided_by = :s"
    " AND d.kind IN ('approve', 'rejected') AND d.decided_at >= :f AND d.decided_at < :t",
    "SELECT sum(state = 'done'), sum(state = 'no_show'),"
    " avg((julianday(first_called_at) - julianday(issued_at)) * 86400),"
    " avg(CASE WHEN state = 'done' THEN (julianday(finished_at)"
    " - julianday(service_started_at)) * 86400 END)"
    " FROM queue_ticket WHERE called_by = :s AND business_date BETWEEN :f AND :t",
    "SELECT avg(v) FROM (SELECT v, row_number() OVER (ORDER BY v) rn, count(*) OVER () n FROM"
    " (SELECT (julianday(first_called_at) - julianday(issued_at)) * 86400 v FROM queue_ticket"
    " WHERE called_by = :s AND business_date BETWEEN :f AND :t)) WHERE rn IN ((n+1)/2, (n+2)/2)",
    "SELECT avg(v) FROM (SELECT v, row_number() OVER (ORDER BY v) rn, count(*) OVER () n FROM"
    " (SELECT (julianday(finished_at) - julianday(service_started_at)) * 86400 v"
    " FROM queue_ticket WHERE called_by = :s AND business_date BETWEEN :f AND :t"
    " AND state = 'done')) WHERE rn IN ((n+1)/2, (n+2)/2)",
    "SELECT sum(e.level = 5 AND f.state IS NOT 'annulled'), sum(e.level = 4 AND f.state IS NOT"
    " 'annulled'), sum(e.level = 3 AND f.state IS NOT 'annulled'), sum(e.level = 2 AND f.state"
    " IS NOT 'annulled'), sum(e.level = 1 AND f.state IS NOT 'annulled'),"
    " sum(f.state = 'annulled') FROM evaluation e LEFT JOIN evaluation_followup f"
    " ON f.evaluation_id = e.id WHERE e.staff = :s AND e.business_date BETWEEN :f AND :t"
    " AND e.source != 'self'",
    "SELECT count(*), sum(upheld) FROM complaint WHERE about_staff = :s AND kind = 'complaint'"
    " AND business_date BETWEEN :f AND :t",
    "SELECT count(*), sum(hours) FROM training_record WHERE staff = :s"
    " AND held_on BETWEEN :f AND :t AND NOT deleted",
)


def _rows(rng: random.Random) -> dict[Any, list[dict[str, Any]]]:
    applicant = new_uuid7()
    out: dict[Any, list[dict[str, Any]]] = {
        Applicant: [
            {"id": applicant, "kind": "person", "name": "王五", "id_type": "resident_id",
             "id_number": "11010519491231002X"},
        ],
        Case: [], CaseDecision: [], QueueTicket: [], Evaluation: [], Complaint: [],
        TrainingRecord: [],
    }  # fmt: skip
    seq = 0
    for d in range(DAYS):
        day = FIRST + timedelta(days=d * 365 // DAYS)
        opening = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)
        for staff in STAFF:
            for i in range(PER_DAY):
                seq += 1
                issued = opening + timedelta(minutes=i * 6)
                called = issued + timedelta(seconds=rng.randint(30, 1800))
                done = rng.random() > 0.04
                ticket = new_uuid7()
                out[QueueTicket].append({
                    "id": ticket, "business_date": day, "category_code": "A", "seq": seq,
                    "number": f"A{seq}", "state": "done" if done else "no_show",
                    "place_key": seq, "window_no": "3", "issued_at": issued,
                    "first_called_at": called, "called_at": called,
                    "service_started_at": called if done else None,
                    "finished_at": called + timedelta(seconds=rng.randint(120, 1500)),
                    "called_by": staff,
                })  # fmt: skip
                if done and rng.random() < 0.8:
                    out[Evaluation].append({
                        "id": new_uuid7(), "service_key": f"t:{ticket}", "source": "screen",
                        "level": rng.choices((5, 4, 3, 2, 1), (80, 14, 4, 1, 1))[0],
                        "business_date": day, "staff": staff, "window_no": "3",
                        "ticket_id": ticket, "reasons": [], "case_ids": [],
                    })  # fmt: skip
            for i in range(CASES_PER_DAY):
                case = new_uuid7()
                promised = day + timedelta(days=rng.randint(5, 20))
                out[Case].append({
                    "id": case, "number": f"LYG-{staff}-{day}-{i}", "status": "approved",
                    "applicant_id": applicant, "received_on": day, "received_by": staff,
                    "counter_code": "W03", "draft_key": f"{case}", "promised_on": promised,
                    "reasons": [],
                })  # fmt: skip
                decided = opening + timedelta(days=rng.randint(1, 22), hours=3)
                out[CaseDecision].append({
                    "id": new_uuid7(), "case_id": case, "decided_by": staff,
                    "kind": "approve" if rng.random() > 0.1 else "rejected",
                    "decided_at": decided, "reasons": [], "repeated_reasons": [],
                })  # fmt: skip
        if d % 20 == 0:
            for staff in STAFF:
                out[Complaint].append({
                    "id": new_uuid7(), "number": f"TS-{day}-{staff}", "channel": "phone",
                    "about_staff": staff, "text": "等候时间长", "business_date": day,
                    "due_date": day, "upheld": rng.random() < 0.3,
                })  # fmt: skip
                out[TrainingRecord].append(
                    {"id": new_uuid7(), "staff": staff, "held_on": day, "subject": "业务培训",
                     "hours": 2.5}
                )  # fmt: skip
    return out


def _seed(services: Services) -> int:
    rows = _rows(random.Random(13))
    with services.db.write() as s:
        for username in (*STAFF, BOSS.username):
            s.add(Staff(username=username, display_name=username, roles=["reception"],
                        password_hash="x"))  # fmt: skip
        s.flush()
        for model, batch in rows.items():
            for start in range(0, len(batch), 5000):
                s.execute(insert(model), batch[start : start + 5000])
    return sum(len(batch) for batch in rows.values())


def _floor(services: Services) -> list[tuple[Any, ...]]:
    raw = services.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        params = {"s": "bench", **RANGE}
        return [cursor.execute(sql, params).fetchone() for sql in FLOOR_SQL]
    finally:
        raw.close()


def _first_paint(services: Services) -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.supervisor.staff_page import StaffAssessmentWidget
    from ui.tasks import SyncRunner

    app = QApplication.instance() or QApplication(["bench"])
    assert app is not None
    started = time.perf_counter()
    page = StaffAssessmentWidget(services, BOSS, SyncRunner())
    index = page.staff_box.findData("bench")
    page.staff_box.setCurrentIndex(index)
    page.date_from.setDate(page.date_from.date().fromString(RANGE["f"], "yyyy-MM-dd"))
    page.date_to.setDate(page.date_to.date().fromString(RANGE["t"], "yyyy-MM-dd"))
    page.reload()
    page.resize(1366, 768)
    page.grab()
    elapsed = time.perf_counter() - started
    page.deleteLater()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+pysqlite:///{Path(folder) / 'bench.db'}"
        services = Services.open(url, today=lambda: FIRST + timedelta(days=364))
        try:
            started = time.perf_counter()
            count = _seed(services)
            seeded = time.perf_counter() - started
            services.assessment.utc_offset = timedelta(hours=8)
            span = date.fromisoformat(RANGE["f"]), date.fromisoformat(RANGE["t"])
            a = services.assessment.assess(BOSS, "bench", *span)
            floor_rows = _floor(services)
            assert floor_rows[0][0] == a.received and floor_rows[2][0] == a.tickets_served
            note = f"{a.tickets_served + a.no_shows} tickets, {a.received} cases of theirs; "
            note += f"{count} rows seeded in {seeded:.1f} s"
            ours = time_calls(lambda: services.assessment.assess(BOSS, "bench", *span), 10)
            floor = time_calls(lambda: _floor(services), 10)
            report("assessment: assess() one staff, a year (SQLite)", ours.p50, floor.p50,
                   note=note)  # fmt: skip
            paints = [_first_paint(services) for _ in range(5)]
            paint = sorted(paints)[len(paints) // 2]
            report("assessment: staff page first paint, a year (SQLite)", paint, floor.p50,
                   note="built with this month, then the year loaded; grabbed")  # fmt: skip
        finally:
            services.close()


if __name__ == "__main__":
    main()
