"""Sync between counters and the central PostgreSQL: push 10,000 outbox ops (1,000 local
transactions of 10 ``case_event`` inserts), pull 100,000 rows into a joining counter (with the
cost of ``sync_hello`` at that size beside it), and a case received at counter A -> seen in
counter B's SQLite with both ``SyncWorker``s running (as the UI runs them, and with A's worker
woken by ``request()`` after the change).

Floors, measured in the same run: a psycopg ``executemany`` of the same INSERTs into an
identical table in one transaction; a ``sqlite3`` ``executemany`` of the same rows into a fresh
file (WAL, synchronous=FULL) in one transaction; one INSERT + commit on the central and a
SELECT that sees it from a second connection.
"""

from __future__ import annotations

import os

os.environ.setdefault("COUNTER_PASSWORD_HASH", "fast")  # creating users quickly, as tests do

import random
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.engine import make_url

from benchmarks.common import Timing, goal, report, report_rate, time_calls
from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.hall.settings import HallSettings
from counter_app.sync.config import CentralConfig
from counter_app.sync.worker import SyncWorker
from db.engine import make_engine
from db.ids import new_uuid7, utc_now
from db.migrate import upgrade
from db.models import Case, CaseEvent
from db.sync import outbox, pull_pages
from db.sync.client import SyncClient
from tests.cases.reception.support import form
from tests.support.pgserver import PgServer

PUSH_ROWS, PUSH_PER_TXN = 10_000, 10
PULL_ROWS, PULL_PER_SEQ = 100_000, 10
LIVE_ROUNDS = 50
FLOOR_REPEAT = 3
POLL = 0.005
PASSWORD = "admin2026ok"
# The business date: a Friday inside the years chinesecalendar knows (as the tests fix it).
TODAY = date(2026, 11, 27)
EVENT_COLUMNS = ("id", "case_id", "at", "actor", "action", "from_status", "to_status", "note")


@dataclass
class Counter:
    code: str
    services: Services
    admin: Actor


class Hall:
    """A central database on the throwaway server and counters on SQLite copies of a template."""

    def __init__(self, server: PgServer, name: str, folder: Path, template: Path) -> None:
        self.url = server.create_database(name)
        self.central = make_engine(self.url)
        upgrade(self.central)
        self.folder = folder
        self.template = template
        self.counters: list[Counter] = []

    def config(self) -> CentralConfig:
        url = make_url(self.url)
        return CentralConfig(
            host=str(url.host),
            port=int(url.port or 5432),
            database=str(url.database),
            user=str(url.username),
            sslmode="disable",
        )

    def open(self, code: str) -> Services:
        path = self.folder / f"{self.url.rsplit('/', 1)[1]}-{code}.db"
        shutil.copyfile(self.template, path)
        return Services.open(f"sqlite+pysqlite:///{path}", today=lambda: TODAY)

    def found(self, code: str) -> Counter:
        services = self.open(code)
        admin = services.hall.first_run(
            HallSettings(hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code=code),
            "admin",
            "王管理",
            PASSWORD,
        )
        services.sync.configure(admin, self.config(), "")
        return self._add(code, services)

    def join(self, code: str, services: Services | None = None) -> Counter:
        services = services or self.open(code)
        services.sync.join(self.config(), "", counter_code=code)
        return self._add(code, services)

    def _add(self, code: str, services: Services) -> Counter:
        counter = Counter(code, services, services.staff.login("admin", PASSWORD))
        self.counters.append(counter)
        return counter

    def close(self) -> None:
        for counter in self.counters:
            counter.services.close()
        self.central.dispose()


def _conninfo(url: str) -> str:
    return url.replace("+psycopg", "")


def _client(counter: Counter) -> SyncClient:
    central = counter.services.sync.central_engine()
    assert central is not None
    return SyncClient(counter.services.db.engine, central, counter.code)


def _receive_one(counter: Counter, number: int = 1) -> uuid.UUID:
    case = counter.services.reception.receive(counter.admin, form(counter.services, number))
    return uuid.UUID(case.id)


# -- 1. push --------------------------------------------------------------------------------
def bench_push(server: PgServer, folder: Path, template: Path) -> None:
    hall = Hall(server, "bench_sync_push", folder, template)
    try:
        with hall.central.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            # Time per PL/pgSQL function (pg_stat_user_functions): the central's profile.
            conn.execute(text("ALTER DATABASE bench_sync_push SET track_functions = 'pl'"))
        hall.central.dispose()
        a = hall.found("W01")
        case_id = _receive_one(a)
        a.services.sync.run_once()
        base = utc_now()
        for txn in range(PUSH_ROWS // PUSH_PER_TXN):
            rows = [
                {
                    "id": new_uuid7(),
                    "case_id": case_id,
                    "at": base + timedelta(milliseconds=txn * PUSH_PER_TXN + i),
                    "actor": "admin",
                    "action": "note",
                    "note": f"补正材料第 {txn} 批第 {i} 份已收",
                    "data": {"batch": txn, "line": i},
                }
                for i in range(PUSH_PER_TXN)
            ]
            with a.services.db.write() as session:
                session.execute(insert(CaseEvent), rows)
        client = _client(a)
        commands = client.pending()
        central = _timed(SyncClient, "_push_commands")
        started = time.perf_counter()
        try:
            client.push()
        finally:
            central.restore()
        elapsed = time.perf_counter() - started
        assert client.pending() == 0, "outbox not empty after push"
        with hall.central.connect() as conn:
            arrived = conn.execute(
                text("SELECT count(*) FROM case_event WHERE action = 'note'")
            ).scalar_one()
        assert arrived == PUSH_ROWS, f"{arrived} of {PUSH_ROWS} rows reached the central"
        floor = _push_floor(hall.url)
        report_rate(
            f"sync push {PUSH_ROWS // 1000}k ops (case_event inserts): ops/s",
            PUSH_ROWS / elapsed,
            PUSH_ROWS / floor,
            "ops/s",
            f"{commands} local txns x {PUSH_PER_TXN} rows, push_batch 200; "
            f"floor: psycopg executemany, one txn, best of 3; push took {elapsed:.2f} s",
        )
        functions = _function_profile(hall, a)
        where = (
            f"sync_push on the central {central.spent:.2f} s of {elapsed:.2f} s ({functions}; "
            f"the rest of it the batches' JSON: encoding, sending, jsonb parsing, which commands "
            f"go together); the next batch read from the outbox meanwhile, and the answers' "
            f"local bookkeeping, outside it {elapsed - central.spent:.2f} s. The central writes "
            f"each row twice (the row, and its sync_row entry with the row's JSON, both "
            f"indexed) and each command's op id; the floor writes the row once"
        )
        print(f"    where the time goes: {where}", flush=True)
        ours, best = PUSH_ROWS / elapsed, PUSH_ROWS / floor
        met = ours >= 0.5 * best
        goal(
            "push 10k ops to the central", ours, best, "ops/s", ">= 50%", met, "" if met else where
        )
    finally:
        hall.close()


def _function_profile(hall: Hall, counter: Counter) -> str:
    """The sync functions' own time on the central (ms, PL/pgSQL only) since the hall began:
    the push's share dominates (the founding and the first sync are small)."""
    engine = counter.services.sync.central_engine()
    if engine is not None:
        engine.dispose()  # a backend's function statistics are flushed when it ends
    time.sleep(0.6)
    with hall.central.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT funcname, calls, self_time FROM pg_stat_user_functions "
                "WHERE funcname LIKE 'sync%' AND funcname NOT IN ('sync_pull_rows', 'sync_hello')"
                " ORDER BY self_time DESC LIMIT 4"
            )
        ).all()
    return ", ".join(f"{name} {calls}x self {ms:.0f} ms" for name, calls, ms in rows)


def _push_floor(url: str) -> float:
    """The same 10,000 rows as plain INSERTs into an identical table (indexes, FK), one txn;
    the best of ``FLOOR_REPEAT`` runs."""
    columns = ", ".join((*EVENT_COLUMNS, "data"))
    marks = ", ".join(["%s"] * (len(EVENT_COLUMNS) + 1))
    best = float("inf")
    with psycopg.connect(_conninfo(url)) as conn:
        conn.execute("CREATE TABLE bench_case_event (LIKE case_event INCLUDING ALL)")
        conn.execute("ALTER TABLE bench_case_event ADD FOREIGN KEY (case_id) REFERENCES cases (id)")
        conn.commit()
        rows = conn.execute(
            f"SELECT {columns} FROM case_event WHERE action = 'note' ORDER BY id"
        ).fetchall()
        conn.commit()
        params = [(*row[:-1], Jsonb(row[-1])) for row in rows]
        for _ in range(FLOOR_REPEAT):
            conn.execute("TRUNCATE bench_case_event")
            conn.commit()
            started = time.perf_counter()
            with conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO bench_case_event ({columns}) VALUES ({marks})", params
                )
            conn.commit()
            best = min(best, time.perf_counter() - started)
    return best


# -- 2. pull --------------------------------------------------------------------------------
def bench_pull(server: PgServer, folder: Path, template: Path) -> None:
    hall = Hall(server, "bench_sync_pull", folder, template)
    try:
        a = hall.found("W01")
        case_id = _receive_one(a)
        a.services.sync.run_once()
        _fill_central(hall.central, case_id, a.code)
        with hall.central.connect() as conn:
            waiting = conn.execute(
                text("SELECT count(*) FROM sync_row WHERE server_seq IS NOT NULL")
            ).scalar_one()
        joining = hall.open("W02")
        applying = _timed(pull_pages, "apply_page")
        fetching = _timed(pull_pages, "fetch_page")
        long_way = _timed(outbox, "apply_rows")
        commits = _timed(joining.db.engine.dialect, "do_commit")
        started = time.perf_counter()
        try:
            b = hall.join("W02", joining)
        finally:
            for timer in (applying, fetching, long_way, commits):
                timer.restore()
        elapsed = time.perf_counter() - started
        with b.services.db.read() as session:
            local = session.execute(text("SELECT count(*) FROM case_event")).scalar_one()
        assert local >= PULL_ROWS, f"only {local} case events at the joining counter"
        database = b.services.db.engine.url.database
        assert database is not None
        floor, floor_rows = _pull_floor(Path(database), folder)
        client = _client(b)
        hello = time_calls(client.hello, 20)
        with hall.central.connect() as conn:
            meta = time_calls(
                lambda: conn.execute(text("SELECT epoch, seq FROM sync_meta WHERE id = 1")).one(),
                20,
            )
        report_rate(
            f"sync pull {PULL_ROWS // 1000}k rows into SQLite (join): rows/s",
            waiting / elapsed,
            floor_rows / floor,
            "rows/s",
            f"{waiting} rows, pull_page {SyncClient.__init__.__kwdefaults__['pull_page']}; "
            "floor: sqlite3 executemany of the "
            f"{floor_rows} case_event rows, one txn, best of 3; join took {elapsed:.2f} s",
        )
        where = (
            f"of {elapsed:.2f} s: writing the pages (executemany of the typed rows, "
            f"apply_page) {applying.spent:.2f} s, of which rows the long way (apply_rows) "
            f"{long_way.spent:.2f} s; the local commits {commits.spent:.2f} s; "
            f"the central's pages (sync_pull_rows and its rows, fetched one page ahead "
            f"in a thread, overlapping the writes) {fetching.spent:.2f} s; the rest (waiting "
            f"for a page, hello, the join's other steps) "
            f"{elapsed - applying.spent - commits.spent:.2f} s"
        )
        print(f"    where the time goes: {where}", flush=True)
        ours, best = waiting / elapsed, floor_rows / floor
        met = ours >= 0.5 * best
        goal("pull into a joining PC", ours, best, "rows/s", ">= 50%", met, "" if met else where)
        report(
            f"sync hello (every sync) p50, {waiting // 1000}k rows on central",
            hello.p50,
            meta.p50,
            note="floor: SELECT epoch, seq FROM sync_meta",
        )
    finally:
        hall.close()


class _timed:
    """Wall time spent inside ``owner.name`` while installed (a profile too coarse to slow
    what it measures, unlike cProfile)."""

    def __init__(self, owner: Any, name: str) -> None:
        self.owner, self.name, self.spent = owner, name, 0.0
        self.original = getattr(owner, name)
        original = self.original

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - started

        setattr(owner, name, wrapper)

    def restore(self) -> None:
        setattr(self.owner, self.name, self.original)


def _fill_central(central: Engine, case_id: uuid.UUID, origin: str) -> None:
    """100,000 case events on the central as ``sync_push`` leaves them: the row, and its
    ``sync_row`` with ``data = to_jsonb(row)`` (UTC times) numbered ``PULL_PER_SEQ`` a seq."""
    with central.begin() as conn:
        conn.execute(text("SET LOCAL timezone = 'UTC'"))
        base = conn.execute(text("SELECT seq FROM sync_meta WHERE id = 1")).scalar_one()
        conn.execute(
            text(
                "WITH made AS ("
                " INSERT INTO case_event (id, case_id, at, actor, action, from_status,"
                "  to_status, note, data)"
                " SELECT gen_random_uuid(), CAST(:case AS uuid),"
                "  now() + make_interval(secs => g / 1000.0), 'admin', 'note', '', '',"
                "  '补正材料第 ' || g || ' 份已收', jsonb_build_object('line', g)"
                " FROM generate_series(1, :n) AS g RETURNING *)"
                " INSERT INTO sync_row (tbl, key, server_seq, data, deleted, origin)"
                " SELECT 'case_event', m.id::text,"
                "  :base + 1 + (row_number() OVER (ORDER BY m.at) - 1) / :per,"
                "  to_jsonb(m), false, :origin FROM made m"
            ),
            {
                "case": str(case_id),
                "n": PULL_ROWS,
                "base": base,
                "per": PULL_PER_SEQ,
                "origin": origin,
            },
        )
        conn.execute(
            text("UPDATE sync_meta SET seq = (SELECT max(server_seq) FROM sync_row) WHERE id = 1")
        )
        differ = conn.execute(
            text(
                "SELECT count(*) FROM sync_row s JOIN case_event t ON s.key = t.id::text "
                "WHERE s.tbl = 'case_event' AND s.data IS DISTINCT FROM to_jsonb(t)"
            )
        ).scalar_one()
        assert differ == 0, f"{differ} sync_row entries differ from to_jsonb(row)"
    # A long-running central has statistics (autovacuum); the bulk insert left them stale.
    with central.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE sync_row"))
        conn.execute(text("ANALYZE case_event"))


def _pull_floor(source: Path, folder: Path) -> tuple[float, int]:
    """The pulled case_event rows, as stored, into a fresh SQLite file with the same table and
    index, one txn; the best of ``FLOOR_REPEAT`` files."""
    with sqlite3.connect(source) as src:
        ddl = [
            str(sql)
            for (sql,) in src.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'case_event' "
                "AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC"
            )
        ]
        rows = src.execute("SELECT * FROM case_event").fetchall()
    src.close()
    marks = ", ".join(["?"] * len(rows[0]))
    best = float("inf")
    for attempt in range(FLOOR_REPEAT):
        conn = sqlite3.connect(folder / f"pull_floor_{attempt}.db", isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            for statement in ddl:
                conn.execute(statement)
            started = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(f"INSERT INTO case_event VALUES ({marks})", rows)
            conn.execute("COMMIT")
            best = min(best, time.perf_counter() - started)
        finally:
            conn.close()
    return best, len(rows)


# -- 3. A -> B, online ----------------------------------------------------------------------
def bench_live(server: PgServer, folder: Path, template: Path) -> None:
    hall = Hall(server, "bench_sync_live", folder, template)
    workers: list[SyncWorker] = []
    try:
        a = hall.found("W01")
        b = hall.join("W02")
        workers = [SyncWorker(c.services.sync, interval=5.0).start() for c in (a, b)]
        time.sleep(1.0)  # both listeners connected, first syncs done
        floor = _round_trip_floor(hall.url)
        as_is = _live_rounds(a, b, wake=None)
        woken = _live_rounds(a, b, wake=workers[0])
        for label, samples, note in (
            ("A change -> seen at B", as_is, "the commit wakes the worker"),
            ("A change + worker.request() -> seen at B", woken, "A's worker woken at once"),
        ):
            missed = sum(1 for s in samples if s is None)
            seen = [s for s in samples if s is not None]
            timing = Timing(seen)
            extra = f"; {missed} not seen in 10 s" if missed else ""
            report(f"sync {label} p50", timing.p50, floor.p50, note=note + extra)
            report(
                f"sync {label} p99",
                timing.p99,
                floor.p50,
                note="floor: INSERT+commit, SELECT from 2nd conn (p50)",
            )
    finally:
        for worker in workers:
            worker.stop()
        hall.close()


def _live_rounds(a: Counter, b: Counter, wake: SyncWorker | None) -> list[float | None]:
    samples: list[float | None] = []
    engine = b.services.db.engine
    number = 0
    for _ in range(LIVE_ROUNDS):
        number = number % 3 + 1
        time.sleep(random.uniform(0.0, 0.5))  # any phase of the workers
        case_id = _receive_one(a, number)
        started = time.perf_counter()
        if wake is not None:
            wake.request()
        query = select(Case.id).where(Case.id == case_id)
        found = False
        while time.perf_counter() - started < 10.0:
            with engine.connect() as conn:
                if conn.execute(query).first() is not None:
                    found = True
                    break
            time.sleep(POLL)
        samples.append(time.perf_counter() - started if found else None)
    return samples


def _round_trip_floor(url: str) -> Timing:
    with (
        psycopg.connect(_conninfo(url), autocommit=True) as writer,
        psycopg.connect(_conninfo(url), autocommit=True) as reader,
    ):
        writer.execute("CREATE TABLE bench_probe (id uuid PRIMARY KEY, note text)")

        def once() -> None:
            key = uuid.uuid4()
            writer.execute("INSERT INTO bench_probe VALUES (%s, 'x')", (key,))
            row = reader.execute("SELECT 1 FROM bench_probe WHERE id = %s", (key,)).fetchone()
            assert row is not None

        return time_calls(once, LIVE_ROUNDS)


@contextmanager
def _data_dir(folder: Path) -> Iterator[None]:
    previous = os.environ.get("COUNTER_DATA_DIR")
    os.environ["COUNTER_DATA_DIR"] = str(folder / "userdata")
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("COUNTER_DATA_DIR", None)
        else:
            os.environ["COUNTER_DATA_DIR"] = previous


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="counter-bench-sync-") as name, _data_dir(Path(name)):
        folder = Path(name)
        template = folder / "template.db"
        Services.open(f"sqlite+pysqlite:///{template}").close()
        server = PgServer().start()
        try:
            bench_push(server, folder, template)
            bench_pull(server, folder, template)
            bench_live(server, folder, template)
        finally:
            server.destroy()


if __name__ == "__main__":
    main()
