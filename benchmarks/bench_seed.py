"""Bulk demo seed (issue 17): rows per second of ``seed_demo(method="bulk")`` on SQLite.

A fresh database of ``BENCH_SEED_CASES`` cases (default 20,000; the cached 1M-case database of
bench_reception is not rebuilt for this). The rows counted are those the seed writes in bulk:
the case tables and the queue history it simulates for their days (queue_ticket,
queue_event). Floor, same run: the very rows the seed wrote, read back and inserted with the
driver's raw ``executemany`` into an empty database of the same schema (WAL,
synchronous=FULL, foreign keys on, as the app's connections), one transaction per 5,000
cases' worth of rows (the queue's rows with the part holding their day's first case). Where
the seed's time goes is printed beside it (a cProfile-free split: planning the cases, the
queue history and supervision records, and writing the case rows, the driver's
``executemany`` part of it measured on its own).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from benchmarks.common import goal, report_rate
from counter_app.container import Services
from counter_app.demo import bulk, queue_history
from counter_app.demo.seed import seed_demo
from counter_app.hall.settings import HallSettings
from db.engine import sqlite_url

CASES = int(os.environ.get("BENCH_SEED_CASES", "20000"))
BATCH_CASES = 5_000
QUEUE_TABLES = ("queue_ticket", "queue_event")  # the queue history the seed writes


def _seed(path: Path) -> tuple[int, float, dict[str, float]]:
    """Seed ``path``; returns (rows, seconds, seconds spent per part: the case rows' writing,
    the driver's executemany of every table, the queue visits derived, the commits)."""
    services = Services.open(sqlite_url(path))
    settings = HallSettings(
        hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W03"
    )
    services.hall.first_run(settings, "admin", "王管理", "admin2026ok")
    spent = {"write": 0.0, "driver": 0.0, "visits": 0.0, "commit": 0.0}
    names = queue_history.__dict__  # refresh_local as the queue history calls it
    originals = (bulk.BulkWriter.write, names["refresh_local"])
    dialect = services.db.engine.dialect

    inside: list[str] = []  # the visits' own commits are counted in the visits

    def timed(part: str, call: Any) -> Any:
        def run(*args: Any) -> Any:
            if part == "commit" and inside:
                return call(*args)
            started = time.perf_counter()
            inside.append(part)
            try:
                return call(*args)
            finally:
                inside.pop()
                spent[part] += time.perf_counter() - started

        return run

    def before(conn: Any, *_args: Any) -> None:
        conn.info["bench_seed_t0"] = time.perf_counter()

    def after(conn: Any, _cursor: Any, _stmt: Any, _params: Any, _ctx: Any, many: bool) -> None:
        if many:
            spent["driver"] += time.perf_counter() - conn.info.pop("bench_seed_t0")

    event.listen(services.db.engine, "before_cursor_execute", before)
    event.listen(services.db.engine, "after_cursor_execute", after)
    bulk.BulkWriter.write = timed("write", originals[0])  # type: ignore[method-assign]
    names["refresh_local"] = timed("visits", originals[1])
    dialect.do_commit = timed("commit", dialect.do_commit)  # type: ignore[method-assign]
    try:
        result = seed_demo(services, CASES, seed=2026, method="bulk")
    finally:
        bulk.BulkWriter.write, names["refresh_local"] = originals  # type: ignore[method-assign]
        del dialect.do_commit
        services.close()
    rows = result.rows + result.queue.tickets + result.queue.events
    return rows, result.seconds, spent


def _floor(seeded: Path, empty: Path) -> tuple[int, float]:
    """The seeded rows of the case tables inserted again with raw ``executemany``, a case's
    rows in the same transaction as the case (its applicant with its first case)."""
    Services.open(sqlite_url(empty)).close()  # the same schema, migrated
    source = sqlite3.connect(seeded)
    target = sqlite3.connect(empty, isolation_level=None)
    batches = max(1, CASES // BATCH_CASES)
    cases = source.execute('SELECT id, applicant_id FROM "cases" ORDER BY rowid').fetchall()
    part_of = {cid: i * batches // len(cases) for i, (cid, _) in enumerate(cases)}
    first_case: dict[Any, int] = {}
    for cid, applicant in cases:
        first_case.setdefault(applicant, part_of[cid])
    parts: list[dict[str, list[Any]]] = [{name: [] for name in bulk.TABLES} for _ in range(batches)]
    for name in bulk.TABLES:
        cursor = source.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
        columns = [d[0] for d in cursor.description]
        key = columns.index("id" if name in ("applicant", "cases") else "case_id")
        where = first_case if name == "applicant" else part_of
        for row in cursor:
            parts[where.get(row[key], 0)][name].append(row)
    day_part: dict[str, int] = {}  # a queue day goes with the part of its first case
    for day, cid in source.execute('SELECT received_on, id FROM "cases" ORDER BY rowid'):
        day_part.setdefault(day, part_of[cid])
    for name in QUEUE_TABLES:
        for part in parts:
            part[name] = []
        cursor = source.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
        key = [d[0] for d in cursor.description].index("business_date")
        for row in cursor:
            parts[day_part.get(row[key], 0)][name].append(row)
    items = source.execute("SELECT * FROM catalog_item").fetchall()  # what case items name
    source.close()
    marks = ", ".join("?" * len(items[0]))
    target.execute("DELETE FROM catalog_item_version")  # this catalogue's ids, not the seed's
    target.execute("DELETE FROM catalog_item")
    target.executemany(f"INSERT INTO catalog_item VALUES ({marks})", items)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        target.execute(f"PRAGMA {pragma}")
    total = 0
    started = time.perf_counter()
    for part in parts:
        target.execute("BEGIN IMMEDIATE")
        for name, rows in part.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                target.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
                total += len(rows)
        target.execute("COMMIT")
    seconds = time.perf_counter() - started
    target.close()
    return total, seconds


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="counter-bench-seed-"))
    rows, seconds, spent = _seed(folder / "seeded.db")
    floor_rows, floor_seconds = _floor(folder / "seeded.db", folder / "floor.db")
    ours, floor = rows / seconds, floor_rows / floor_seconds
    report_rate(
        f"bulk demo seed, {CASES:,} cases",
        ours,
        floor,
        "rows/s",
        note=f"{rows:,} case and queue rows in {seconds:.1f} s; floor: the same rows, raw "
        "executemany",
    )
    python = seconds - spent["driver"] - spent["visits"] - spent["commit"]
    breakdown = (
        f"of {seconds:.1f} s: the driver's executemany {spent['driver']:.1f} s (the floor "
        f"inserts the same rows in {floor_seconds:.1f} s), commits {spent['commit']:.1f} s, "
        f"deriving the queue's visits (SQL, db/visits.py, its commits included) "
        f"{spent['visits']:.1f} s; Python "
        f"{python:.1f} s: planning cases, simulating the queue, building and converting rows "
        f"(the case rows' writing, driver included, {spent['write']:.1f} s)"
    )
    print(f"  where the seed's time goes: {breakdown}", flush=True)
    goal(
        "bulk demo seed",
        ours,
        floor,
        "rows/s",
        ">= 50% of floor",
        ours >= 0.5 * floor,
        cause=breakdown,
    )
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
