"""The approval work list over 1,000,000 cases (10,000 open), and delivering a case.

Uses the database that ``bench_reception`` builds and caches (``BENCH_CASES`` cases). Cases
beyond the first 10,000 open ones are closed once, so the list has exactly 10,000 to sort.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import replace
from datetime import date

from benchmarks import bench_reception
from benchmarks.common import report, time_calls
from counter_app.cases.rules.delivery import ContentLine, MailInput
from counter_app.cases.worklist import OPEN_STATES
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from db.engine import sqlite_url

OPEN = 10_000
OFFICER = Actor("bench-officer", "审批", frozenset({Role.ADMINISTRATIVE}))
CLERK = Actor("bench-clerk", "送达", frozenset({Role.RECEPTION}))
MAIL = MailInput(
    "王五",
    "13812345678",
    "江苏省",
    "连云港市",
    "海州区",
    "朝阳东路 1 号",
    "222000",
    (ContentLine("证书", 1, True),),
    "EA123456785CN",
)
STATES = tuple(s.value for s in OPEN_STATES)
MARKS = ",".join("?" for _ in STATES)
RAW_PAGE = (
    f"SELECT id, number, status, applicant_id, received_on, promised_on FROM cases "
    f"WHERE status IN ({MARKS}) ORDER BY promised_on IS NULL, promised_on, received_at "
    "LIMIT 50"
)
RAW_COUNTS = f"SELECT status, count(*) FROM cases WHERE status IN ({MARKS}) GROUP BY status"


def keep_open(conn: sqlite3.Connection, count: int) -> int:
    """Exactly ``count`` open cases: extra ones closed, missing ones re-opened from closed
    ones (a benchmark database only: those cases' histories no longer match their state)."""
    total = conn.execute(f"SELECT count(*) FROM cases WHERE status IN ({MARKS})", STATES)
    current = int(total.fetchone()[0])
    if current > count:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            f"UPDATE cases SET status = 'closed' WHERE status IN ({MARKS}) AND id NOT IN "
            f"(SELECT id FROM cases WHERE status IN ({MARKS}) ORDER BY id LIMIT ?)",
            (*STATES, *STATES, count),
        )
        conn.execute("COMMIT")
        current = count
    if current < count:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "UPDATE cases SET status = 'received' WHERE id IN "
            "(SELECT id FROM cases WHERE status = 'closed' ORDER BY id LIMIT ?)",
            (count - current,),
        )
        conn.execute("COMMIT")
        current = count
    return current


def raw_worklist(conn: sqlite3.Connection) -> None:
    conn.execute(RAW_PAGE, STATES).fetchall()
    conn.execute(RAW_COUNTS, STATES).fetchall()


def approved_ids(conn: sqlite3.Connection, count: int) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT id, row_version FROM cases WHERE status = 'approved' LIMIT ?", (count,)
    ).fetchall()
    return [(str(uuid.UUID(hex=r[0])), int(r[1])) for r in rows]


def main() -> None:
    path = bench_reception.database_path()
    bench_reception.build(path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    opened = keep_open(conn, OPEN)
    services = Services.open(sqlite_url(path))
    try:
        ours = time_calls(lambda: services.approval.worklist(OFFICER), repeat=100)
        floor = time_calls(lambda: raw_worklist(conn), repeat=100)
        note = f"{opened:,} open of the database's cases; page of 50 + counts per status"
        report("approval work list, first page, p50", ours.p50, floor.p50, note=note)
        report("approval work list, first page, p99", ours.p99, floor.p99)
        cases = approved_ids(conn, 100)
        delivery = services.delivery
        queue = iter(cases)

        def deliver() -> None:
            case_id, version = next(queue)
            delivery.send_mail(CLERK, case_id, version, replace(MAIL))

        sent = time_calls(deliver, repeat=len(cases) - 3, warmup=3)
        insert = bench_reception.floor_insert(path.parent)
        report(
            "deliver a case by mail (state, stub, history, audit), p50",
            sent.p50,
            insert.p50,
            note=f"p99 {sent.p99 * 1000:.1f} ms; floor raw insert+commit",
        )
    finally:
        services.close()
        conn.close()
    print(f"   (cases mailed today {date.today()}: {len(cases)})")


if __name__ == "__main__":
    main()
