"""Reception among 1,000,000 cases (issue 3): receive a case and open a case by its number.

The database (``BENCH_CASES`` cases, default 1,000,000, made by ``seed_demo`` in bulk) is
built once and kept in the system temp dir, keyed by the schema head and the case count, so
reruns reuse it (each run adds the few hundred cases it receives). Floors, measured in the
same run: a raw ``sqlite3`` one-row insert + commit (WAL, synchronous=FULL), a bare reportlab
one-page PDF with the same embedded font, and a raw indexed ``SELECT`` by number.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import random
import sqlite3
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import event

from benchmarks.common import Timing, goal, report, time_calls
from benchmarks.receive_profile import ReceiveProfile, first_notice, profile_receive
from counter_app.cases.reception import ReceptionService
from counter_app.cases.reception_notice import ReceptionDesk
from counter_app.cases.rules.reception import (
    ApplicantInput,
    Outcome,
    ReceptionInput,
    merge_materials,
)
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.demo.plan import received
from counter_app.demo.seed import seed_demo
from counter_app.hall.settings import HallSettings
from db.engine import sqlite_url
from printers.resources import cjk_font_path

CASES = int(os.environ.get("BENCH_CASES", "1000000"))
RECEIVE_REPEAT = 200
PROFILE_REPEAT = 20
OPEN_REPEAT = 2000
FLOOR_FONT = "BenchCJK"
ACTOR = Actor("bench", "性能测试", frozenset({Role.RECEPTION}))
ORG = ApplicantInput(
    kind="organisation",
    name="连云港海晨新材料有限公司",
    id_type="credit_code",
    id_number="91110000600037341L",
    phone="0518-85551234",
    address="江苏省连云港市海州区朝阳东路 1 号",
    postal_code="222000",
    legal_representative="张三",
    contact_name="李四",
)


# The cached database is kept across schema changes (Services.open migrates it, in seconds);
# bump this when what the seed writes must change for the benchmarks.
SEED_FORMAT = "s1"


def database_path() -> Path:
    return Path(tempfile.gettempdir()) / f"counter-bench-reception-{SEED_FORMAT}-{CASES}.db"


def build(path: Path) -> dict[str, object]:
    """Make the database once; returns (and stores beside it) how the seeding went."""
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        meta: dict[str, object] = json.loads(meta_path.read_text(encoding="utf-8"))
        print(f"reusing {path} (seeded earlier in {meta['seconds']:.1f} s)", flush=True)
        return meta
    work = path.with_suffix(".building")
    for stale in (work, Path(f"{work}-wal"), Path(f"{work}-shm")):
        stale.unlink(missing_ok=True)
    services = Services.open(sqlite_url(work))
    settings = HallSettings(
        hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W03"
    )
    services.hall.first_run(settings, "admin", "王管理", "admin2026ok")
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 100_000 == 0 or done == total:
            rate = done / (time.perf_counter() - started)
            print(f"  seeded {done:>9,} / {total:,} cases ({rate:,.0f} cases/s)", flush=True)

    result = seed_demo(services, CASES, seed=2026, method="bulk", progress=progress)
    with services.db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    services.close()
    meta = {
        "cases": result.cases,
        "rows": result.rows,
        "seconds": result.seconds,
        "last_day": result.last_day.isoformat(),
    }
    print(
        f"seeding {result.cases:,} cases ({result.rows:,} rows) took {result.seconds:.1f} s"
        f" = {result.rows / result.seconds:,.0f} rows/s, {result.cases / result.seconds:,.0f}"
        " cases/s (floor, ARCHITECTURE.md: 59k rows/s Core executemany)",
        flush=True,
    )
    os.replace(work, path)
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return meta


def floor_insert(folder: Path) -> Timing:
    """A raw sqlite3 one-row insert + commit, WAL and synchronous=FULL."""
    path = folder / "counter-bench-floor.db"
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, number TEXT UNIQUE, body TEXT)")

    def insert() -> None:
        conn.execute("BEGIN IMMEDIATE")
        key = uuid.uuid4().hex
        conn.execute("INSERT INTO t VALUES (?, ?, ?)", (key, key[:20], "受理" * 40))
        conn.execute("COMMIT")

    timing = time_calls(insert, RECEIVE_REPEAT)
    conn.close()
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    return timing


def floor_pdf() -> bytes:
    """A bare one-page reportlab PDF with the same embedded CJK font and one line."""
    if FLOOR_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FLOOR_FONT, str(cjk_font_path()), subfontIndex=0))
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setFont(FLOOR_FONT, 12)
    canvas.drawString(72, 720, "受理通知书 连云港海晨新材料有限公司 LYG-20261127-W03-0001")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


@dataclass(frozen=True)
class Received:
    """Receive + acceptance notice as the reception tab does it (ReceptionDesk: the case is
    committed and shown, then its notice rendered): the whole, each part, the profile."""

    whole: Timing
    save: Timing
    render: Timing
    number: str
    profile: ReceiveProfile
    statements: tuple[int, int]  # SQL statements of one save, of one notice


def receive(services: Services, day: date) -> Received:
    """Validate, save and number a case, then render its acceptance notice."""
    desk = ReceptionDesk(
        ReceptionService(services.db, services.hall, lambda: day), services.documents
    )
    item = next(i for i in services.catalog.list_items() if i.number == 11)  # 7 working days
    lines = tuple(received(m) for m in merge_materials([item]))
    template = ReceptionInput("", ORG, (item.id,), lines, Outcome.ACCEPT)
    whole, save, render = [], [], []
    number = ""

    def once() -> tuple[float, float, float]:
        data = replace(template, draft_key=str(uuid.uuid4()))
        t0 = time.perf_counter()
        saved = desk.save(ACTOR, data)  # committed: the screen shows the case here
        t1 = time.perf_counter()
        notice = desk.notice(ACTOR, saved.case)
        t2 = time.perf_counter()
        assert notice.document is not None and notice.document.pdf.startswith(b"%PDF")
        nonlocal number
        number = saved.case.number
        return t0, t1, t2

    for index in range(RECEIVE_REPEAT + 3):
        t0, t1, t2 = once()
        if index >= 3:  # warm-up
            whole.append(t2 - t0)
            save.append(t1 - t0)
            render.append(t2 - t1)
    profile = profile_receive(once, PROFILE_REPEAT)
    times: list[float] = []
    listener = lambda *args: times.append(time.perf_counter())  # noqa: E731
    event.listen(services.db.engine, "before_cursor_execute", listener)
    try:
        _t0, t1, _t2 = once()
    finally:
        event.remove(services.db.engine, "before_cursor_execute", listener)
    counts = (sum(t < t1 for t in times), sum(t >= t1 for t in times))
    return Received(Timing(whole), Timing(save), Timing(render), number, profile, counts)


def report_receive(got: Received, insert_floor: Timing, pdf_floor: Timing) -> None:
    whole, save, render = got.whole, got.save, got.render
    floor = insert_floor.p50 + pdf_floor.p50
    p99 = f"p99 {whole.p99 * 1000:.1f} ms vs floor p99 "
    p99 += f"{(insert_floor.p99 + pdf_floor.p99) * 1000:.1f} ms; last {got.number}"
    report("receive + acceptance PDF, p50", whole.p50, floor, note=p99)
    report("receive + acceptance PDF, p99", whole.p99, insert_floor.p99 + pdf_floor.p99)
    report(
        "  save part (validate, number, insert), p50",
        save.p50,
        insert_floor.p50,
        note=f"p99 {save.p99 * 1000:.1f} ms vs {insert_floor.p99 * 1000:.1f} ms; "
        "the case is on the screen after this, its notice follows",
    )
    report(
        "  render part (acceptance notice PDF), p50",
        render.p50,
        pdf_floor.p50,
        note=f"p99 {render.p99 * 1000:.1f} ms vs {pdf_floor.p99 * 1000:.1f} ms",
    )
    print(f"  profile of {PROFILE_REPEAT} receive + notice: {got.profile.summary()}", flush=True)
    print("  own time:\n" + got.profile.top, flush=True)
    cold, warmed = first_notice(warm=False), first_notice(warm=True)
    report(
        "first notice of a session (font parse, first layout)",
        cold["first"],
        cold["second"],
        note=f"after printers.pdf.warm_up ({warmed['warm'] * 1000:.0f} ms, in the background "
        f"after login): {warmed['first'] * 1000:.1f} ms; floor = the second notice",
    )
    met = whole.p50 <= 2 * floor
    goal(
        "receive + acceptance PDF, 1M cases, p50",
        whole.p50 * 1000,
        floor * 1000,
        "ms",
        "<= 2x",
        met,
        cause=f"the notice is {render.p50 / whole.p50:.0%} of it and alone "
        f"{render.p50 / pdf_floor.p50:.1f}x the bare one-line page (an A4 page of tables of "
        "CJK paragraphs laid out once by reportlab in Python and written as two copies, its "
        f"font subset and zlib; {got.statements[1]} SQL statements to read the case and record "
        f"the issue with its audit row); profile: {got.profile.summary()}. "
        "The screen waits for the save only "
        f"({save.p50 * 1000:.1f} ms p50, {save.p50 / insert_floor.p50:.1f}x the raw one-row "
        f"insert: {got.statements[0]} statements - number, applicant, case, items, materials, "
        "event, deadline, audit hash chain - in one commit): "
        "the notice is rendered after the commit, when shown or printed",
    )


def sample_numbers(path: Path, count: int) -> list[str]:
    conn = sqlite3.connect(path)
    (top,) = conn.execute("SELECT max(rowid) FROM cases").fetchone()
    rng = random.Random(7)
    ids = [rng.randint(1, top) for _ in range(count)]
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT number FROM cases WHERE rowid IN ({marks})", ids).fetchall()
    conn.close()
    return [r[0] for r in rows]


@dataclass(frozen=True)
class Opened:
    """Opening a case by its scanned number: wall time, the floor, what the time is made of."""

    timing: Timing
    floor: Timing
    cpu_p99: float  # this thread's CPU time per open, p99 (the rest is waiting: CPU or disk)
    statements: int
    profile: str


def open_by_number(services: Services, path: Path) -> Opened:
    numbers = sample_numbers(path, OPEN_REPEAT)
    picks = iter(numbers * 3)
    cpu: list[float] = []

    def ours() -> None:
        started = time.thread_time()
        view = services.reception.open_case(ACTOR, next(picks))
        cpu.append(time.thread_time() - started)
        assert view.items and view.materials

    conn = sqlite3.connect(path)
    raw_picks = iter(numbers * 3)

    def raw() -> None:
        row = conn.execute("SELECT * FROM cases WHERE number = ?", (next(raw_picks),)).fetchone()
        assert row is not None

    timing = time_calls(ours, len(numbers) - 10, warmup=10)
    floor = time_calls(raw, len(numbers) - 10, warmup=10)
    conn.close()
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(services.db.engine, "before_cursor_execute", listener)
    services.reception.open_case(ACTOR, numbers[0])
    event.remove(services.db.engine, "before_cursor_execute", listener)
    profiler = cProfile.Profile()
    profiler.enable()
    for number in numbers[:200]:
        services.reception.open_case(ACTOR, number)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(6)
    top = [line.strip() for line in out.getvalue().splitlines() if "(" in line and ":" in line]
    cpu_p99 = sorted(cpu)[min(len(cpu) - 1, int(len(cpu) * 0.99))]
    return Opened(timing, floor, cpu_p99, len(statements), "\n".join(f"    {t}" for t in top[:6]))


def quick_check(path: Path) -> float:
    """What the start-up ``quick_check`` (ARCHITECTURE.md) costs on this database."""
    conn = sqlite3.connect(path)
    started = time.perf_counter()
    (result,) = conn.execute("PRAGMA quick_check").fetchone()
    elapsed = time.perf_counter() - started
    conn.close()
    assert result == "ok", result
    return elapsed


def read_file(path: Path) -> float:
    """Reading every byte of the file once: the least a check of every page costs."""
    started = time.perf_counter()
    with path.open("rb", buffering=0) as handle:
        while handle.read(1 << 20):
            pass
    return time.perf_counter() - started


def main() -> None:
    path = database_path()
    meta = build(path)
    size = path.stat().st_size / 2**20
    print(f"database {path.name}: {size:,.0f} MiB, {meta['cases']:,} seeded cases", flush=True)
    insert_floor = floor_insert(path.parent)
    pdf_floor = time_calls(floor_pdf, RECEIVE_REPEAT)
    services = Services.open(sqlite_url(path))
    try:
        day = min(date.today(), date.fromisoformat(str(meta["last_day"])))
        report_receive(receive(services, day), insert_floor, pdf_floor)
        opened = open_by_number(services, path)
        met = opened.timing.p99 < 0.005
        note = f"goal < 5 ms: {'met' if met else 'MISSED'}; {opened.statements} statements"
        report("open case by scanned number, p50", opened.timing.p50, opened.floor.p50, note=note)
        report(
            "open case by scanned number, p99",
            opened.timing.p99,
            opened.floor.p99,
            note=f"CPU time of the opening thread p99 {opened.cpu_p99 * 1000:.2f} ms",
        )
        print("  profile of 200 opens (own time):\n" + opened.profile, flush=True)
        goal(
            "open a case by scan, 1M cases, p99",
            opened.timing.p99 * 1000,
            opened.floor.p99 * 1000,
            "ms",
            "< 5 ms",
            met,
            cause=f"{opened.statements} statements; the opening thread's CPU p99 is "
            f"{opened.cpu_p99 * 1000:.1f} ms: the rest of the wall time is waiting for a CPU "
            "(2 shared) or for pages read from disk",
        )
    finally:
        services.close()
    check = quick_check(path)
    report(
        "start-up PRAGMA quick_check on this database",
        check,
        read_file(path),
        note=f"{size:,.0f} MiB; floor = reading the file once",
    )


if __name__ == "__main__":
    main()
