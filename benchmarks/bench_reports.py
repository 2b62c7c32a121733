"""Supervisor reports (issue 14): a year of a 12-window hall seeded in bulk, then the period
view for a month and a year beside the raw SQL of the same aggregation, the today view, and
the .xlsx export of the year by staff and by item.

``python -m benchmarks bench_reports`` (full scale); ``REPORT_BENCH_SCALE=small`` for CI.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from benchmarks.common import goal, report, time_calls
from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.reports.case_sql import cases_sql
from counter_app.reports.dialect import dialect_of, query
from counter_app.reports.period import utc_bounds
from counter_app.reports.rules.views import By
from counter_app.reports.service import ReportService
from counter_app.reports.ticket_sql import idle_sql, tickets_sql
from counter_app.reports.visits import refresh_local
from db.models.approval import CaseDecision
from db.models.catalog import CatalogItem
from db.models.delivery import Delivery
from db.models.queue import QueueCategory, QueueEvent, QueueTicket, QueueWindow
from db.models.reception import Applicant, Case, CaseItem
from db.models.supervision import Complaint, Evaluation, EvaluationFollowup
from db.visits import BATCH, visits_select
from tests.support.pgserver import PgServer

CATEGORIES = ("A", "B", "C", "D")
SUPERVISOR = Actor("chief", "钱科长", frozenset({Role.SUPERVISOR}))
LOCAL = timedelta(hours=8)


@dataclass(frozen=True)
class Shape:
    days: int
    windows: int
    per_window: int  # tickets a window serves a day
    seed: int = 7


def business_days(first: date, count: int) -> list[date]:
    out: list[date] = []
    day = first
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


class _Rows:
    """Rows per table, flushed in big executemany batches."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.rows: dict[Any, list[dict[str, Any]]] = {}

    def add(self, table: Any, **values: Any) -> None:
        self.rows.setdefault(table, []).append(values)

    def flush(self) -> None:
        order = (
            QueueTicket,
            QueueEvent,
            Applicant,
            Case,
            CaseItem,
            CaseDecision,
            Delivery,
            Evaluation,
            EvaluationFollowup,
            Complaint,
        )
        for model in order:
            batch = self.rows.pop(model, [])
            for i in range(0, len(batch), 20000):
                self.conn.execute(insert(model), batch[i : i + 20000])


def _ids(conn: Connection) -> dict[int, uuid.UUID]:
    return {n: i for i, n in conn.execute(select(CatalogItem.id, CatalogItem.number))}


def seed(engine: Engine, shape: Shape, first: date = date(2025, 1, 6)) -> list[date]:
    """A hall's queue, cases, evaluations and complaints for ``shape.days`` working days."""
    rnd = random.Random(shape.seed)
    days = business_days(first, shape.days)
    with engine.begin() as conn:
        items = _ids(conn)
        _windows(conn, shape.windows)
        rows = _Rows(conn)
        applicants = [uuid.uuid4() for _ in range(200)]
        for n, a in enumerate(applicants):
            rows.add(
                Applicant,
                id=a,
                kind="person" if n % 3 else "organisation",
                name=f"申请人{n:03d}",
                id_type="id_card",
                id_number=f"ID{n:010d}",
            )
        for day in days:
            _day(rows, rnd, shape, day, items, applicants)
            if len(rows.rows.get(QueueEvent, [])) > 100000:
                rows.flush()
        rows.flush()
    return days


def _windows(conn: Connection, count: int) -> None:
    conn.execute(delete(QueueEvent))
    conn.execute(delete(QueueWindow))
    conn.execute(delete(QueueCategory))
    for i, code in enumerate(CATEGORIES):
        conn.execute(
            insert(QueueCategory),
            [dict(id=uuid.uuid4(), code=code, name=f"类别{code}", prefix=code, sort_order=i)],
        )
    conn.execute(
        insert(QueueWindow),
        [
            dict(
                id=uuid.uuid4(),
                number=f"{w:02d}",
                name=f"窗口{w}",
                state="open",
                categories=[CATEGORIES[w % 4], CATEGORIES[(w + 1) % 4]],
                staff=f"s{w:02d}",
            )
            for w in range(1, count + 1)
        ],
    )


def _utc(day: date, minutes: float) -> datetime:
    """Local 09:00 + ``minutes`` on ``day``, in UTC."""
    return (
        datetime(day.year, day.month, day.day, 9, tzinfo=UTC) - LOCAL + timedelta(minutes=minutes)
    )


def _day(
    rows: _Rows,
    rnd: random.Random,
    shape: Shape,
    day: date,
    items: dict[int, uuid.UUID],
    applicants: list[uuid.UUID],
) -> None:
    seq = 0
    for w in range(1, shape.windows + 1):
        window, staff = f"{w:02d}", f"s{w:02d}"
        rows.add(
            QueueEvent,
            at=_utc(day, 0),
            business_date=day,
            kind="window_open",
            ticket_id=None,
            number="",
            category_code="",
            window_no=window,
            staff=staff,
        )
        clock = rnd.uniform(0, 5)
        for _ in range(shape.per_window):
            seq += 1
            cat = CATEGORIES[(w + rnd.randint(0, 1)) % 4]
            tid = uuid.uuid4()
            number = f"{cat}{seq:04d}"
            issued = clock - rnd.uniform(0, 25)
            issued_at, called = _utc(day, max(issued, -30)), _utc(day, clock)
            ev = [("issue", issued_at, "")]
            ev.append(("call", called, window))
            recalls = 1 if rnd.random() < 0.05 else 0
            if recalls:
                ev.append(("recall", called + timedelta(seconds=40), window))
            state, finished, started = "done", None, None
            if rnd.random() < 0.04:
                ev.append(("no_show", called + timedelta(seconds=120), window))
                state, clock = "no_show", clock + 2.5
            else:
                started = called + timedelta(seconds=rnd.randint(15, 90) + 40 * recalls)
                finished = started + timedelta(seconds=rnd.randint(120, 600))
                ev += [("start", started, window), ("finish", finished, window)]
                clock = (finished - _utc(day, 0)).total_seconds() / 60 + rnd.uniform(0, 1.5)
            for kind, at, win in ev:
                rows.add(
                    QueueEvent,
                    at=at,
                    business_date=day,
                    kind=kind,
                    ticket_id=tid,
                    number=number,
                    category_code=cat,
                    window_no=win,
                    staff=staff if win else "",
                )
            rows.add(
                QueueTicket,
                id=tid,
                business_date=day,
                category_code=cat,
                seq=seq,
                number=number,
                state=state,
                place_key=seq,
                window_no=window,
                recall_count=recalls,
                issued_at=issued_at,
                first_called_at=called,
                called_at=called,
                service_started_at=started,
                finished_at=finished,
                called_by=staff,
            )
            if state == "done":
                _case(rows, rnd, day, tid, staff, finished, items, applicants)
                _rating(rows, rnd, day, tid, number, window, staff)
        rows.add(
            QueueEvent,
            at=_utc(day, 480),
            business_date=day,
            kind="window_close",
            ticket_id=None,
            number="",
            category_code="",
            window_no=window,
            staff=staff,
        )
    if rnd.random() < 0.5:
        _complaint(rows, rnd, day, shape.windows)


def _case(
    rows: _Rows,
    rnd: random.Random,
    day: date,
    tid: uuid.UUID,
    staff: str,
    at: datetime | None,
    items: dict[int, uuid.UUID],
    applicants: list[uuid.UUID],
) -> None:
    if rnd.random() > 0.8 or at is None:
        return
    cid = uuid.uuid4()
    numbers = rnd.sample(sorted(items), rnd.choice((1, 1, 1, 2)))
    decided = rnd.random() < 0.7
    kind = "approve" if rnd.random() < 0.85 else "rejected"
    promised = day + timedelta(days=rnd.randint(3, 20))
    status = ("approved" if kind == "approve" else "rejected") if decided else "under_examination"
    rows.add(
        Case,
        id=cid,
        number=f"C-{cid.hex[:12]}",
        status=status,
        applicant_id=rnd.choice(applicants),
        received_on=day,
        received_at=at,
        received_by=staff,
        counter_code="W01",
        promised_on=promised,
        draft_key=cid.hex,
        ticket_id=tid,
    )
    for pos, n in enumerate(numbers):
        rows.add(
            CaseItem,
            id=uuid.uuid4(),
            case_id=cid,
            item_id=items[n],
            item_version=1,
            item_number=n,
            item_name=f"事项{n}",
            position=pos,
        )
    if not decided:
        return
    when = at + timedelta(days=rnd.randint(1, 25), hours=rnd.randint(0, 6))
    rows.add(
        CaseDecision, id=uuid.uuid4(), case_id=cid, kind=kind, decided_by="judge", decided_at=when
    )
    if rnd.random() < 0.5:
        rows.add(
            Delivery,
            id=uuid.uuid4(),
            case_id=cid,
            method="pickup",
            state="collected",
            collected_at=when + timedelta(days=rnd.randint(0, 5)),
            created_by=staff,
        )


def _rating(
    rows: _Rows, rnd: random.Random, day: date, tid: uuid.UUID, number: str, window: str, staff: str
) -> None:
    if rnd.random() > 0.8:
        return
    level = rnd.choices((5, 4, 3, 2, 1), (70, 18, 6, 4, 2))[0]
    eid = uuid.uuid4()
    rows.add(
        Evaluation,
        id=eid,
        service_key=f"t:{tid}",
        source="window",
        level=level,
        business_date=day,
        window_no=window,
        staff=staff,
        ticket_id=tid,
        ticket_number=number,
    )
    if level <= 2:
        state = rnd.choice(("verify", "closed", "annulled"))
        rows.add(
            EvaluationFollowup,
            id=uuid.uuid4(),
            evaluation_id=eid,
            state=state,
            opened_on=day,
            due_date=day + timedelta(days=21),
        )


def _complaint(rows: _Rows, rnd: random.Random, day: date, windows: int) -> None:
    w = rnd.randint(1, windows)
    rows.add(
        Complaint,
        id=uuid.uuid4(),
        number=f"TS-{uuid.uuid4().hex[:10]}",
        kind=rnd.choice(("complaint", "complaint", "consultation")),
        channel="phone",
        about_window=f"{w:02d}",
        about_staff=f"s{w:02d}",
        text="……",
        state=rnd.choice(("registered", "archived")),
        business_date=day,
        due_date=day + timedelta(days=9),
        upheld=rnd.choice((True, False, None)),
        about_item=rnd.randint(1, 33),
    )


# ---------------------------------------------------------------------------- the benchmark
def _scale() -> Shape:
    if os.environ.get("REPORT_BENCH_SCALE") == "small":
        return Shape(days=20, windows=4, per_window=30)
    return Shape(days=250, windows=12, per_window=80)


def main() -> None:
    shape = _scale()
    server = PgServer().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            lite = Services.open(f"sqlite+pysqlite:///{folder / 'year.db'}")
            pg = Services.open(server.create_database("bench_reports"))
            try:
                for name, services in (("sqlite", lite), ("postgresql", pg)):
                    started = time.perf_counter()
                    days = seed(services.db.engine, shape)
                    print(
                        f"   seeded {name}: {len(days)} days"
                        f" in {time.perf_counter() - started:.1f} s",
                        flush=True,
                    )
                    _bench_derive(name, services)
                    _bench(name, services, days, folder)
            finally:
                lite.close()
                pg.close()
    finally:
        server.destroy()


def _service(services: Services, day: date) -> ReportService:
    return ReportService(services.db, services.hall, lambda: None, lambda: day, offset=LOCAL)


def _raw(engine: Engine, sql: str, **params: Any) -> None:
    """The floor: the same statement through the bare driver, rows fetched, nothing else."""
    compiled = query(sql, **params).compile(dialect=engine.dialect)
    values = compiled.construct_params()
    procs: dict[str, Any] = dict(compiled._bind_processors)
    values = {k: procs[k](v) if k in procs else v for k, v in values.items()}
    args: Any = [values[k] for k in compiled.positiontup] if compiled.positiontup else values
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":  # the session settings the reader uses too
            cursor.execute("SET jit = off")
            cursor.execute("SET work_mem = '64MB'")
        cursor.execute(str(compiled), args)
        cursor.fetchall()
    finally:
        raw.close()


def _floor_period(engine: Engine, by: By, start: date, end: date) -> None:
    d = dialect_of(engine.dialect.name, LOCAL)
    t0, t1 = utc_bounds(start, end, LOCAL)
    _raw(engine, tickets_sql(d, by), d0=start, d1=end)
    _raw(engine, cases_sql(d, by), d0=start, d1=end, t0=t0, t1=t1)
    if by is By.WINDOW:
        _raw(engine, idle_sql(d), d0=start, d1=end)


def _best(func: Any, repeat: int) -> float:
    """Best of ``repeat`` (one untimed warm-up call first when repeating)."""
    return min(time_calls(func, repeat, warmup=1 if repeat > 1 else 0).samples)


def _bench_derive(name: str, services: Services) -> None:
    """The visits table derived from a year's log at once (after a bulk import: the trigger
    marked every ticket), beside the bare SELECT of the same visits."""
    engine = services.db.engine
    pg = engine.dialect.name == "postgresql"
    started = time.perf_counter()
    done = refresh_local(services.db)
    ours = time.perf_counter() - started
    floor = _best(
        lambda: _raw(engine, visits_select(pg, "SELECT DISTINCT ticket_id FROM queue_event")), 1
    )
    report(
        f"reports {name}: visits derived from a year's log",
        ours,
        floor,
        unit="s",
        note=f"{done} tickets in batches of {BATCH}, once after a bulk import; "
        "floor: the bare SELECT of the same visits",
    )


def _bench(name: str, services: Services, days: list[date], folder: Path) -> None:
    service = _service(services, days[-1])
    engine = services.db.engine
    month = (days[-min(21, len(days))], days[-1])
    year = (days[0], days[-1])
    for label, (start, end), repeat in (("month", month, 2), ("year", year, 1)):
        for by in (By.WINDOW, By.ITEM):
            ours = _best(
                lambda by=by, start=start, end=end: service.period(
                    SUPERVISOR, start, end, by, compare=False
                ),
                repeat,
            )
            floor = _best(
                lambda by=by, start=start, end=end: _floor_period(engine, by, start, end), repeat
            )
            report(
                f"reports {name}: period {label} by {by.value}",
                ours,
                floor,
                note="floor: the same SQL through the bare driver",
            )
    ours = _best(lambda: service.today(SUPERVISOR), 5)
    floor = _best(
        lambda: _raw(
            engine, "SELECT COUNT(*) FROM queue_ticket WHERE business_date = :day", day=days[-1]
        ),
        5,
    )
    report(
        f"reports {name}: today view refresh",
        ours,
        floor,
        note="floor: one raw COUNT of today's tickets",
    )
    d = dialect_of(engine.dialect.name, LOCAL)
    t0, t1 = utc_bounds(*year, LOCAL)
    for by in (By.STAFF, By.ITEM):
        path = folder / f"{name}-{by.value}.xlsx"
        ours = _best(
            lambda by=by, path=path: service.export_xlsx(
                SUPERVISOR, *year, path, views=(by.value,)
            ),
            1,
        )
        floor = _best(lambda by=by: _floor_period(engine, by, *year), 1)
        report(
            f"reports {name}: xlsx of the year by {by.value}",
            ours,
            floor,
            unit="s",
            note="floor: the raw SQL of the same figures; goal under 2 s",
        )
        tickets = _best(lambda by=by: _raw(engine, tickets_sql(d, by), d0=year[0], d1=year[1]), 1)
        cases = _best(
            lambda by=by: _raw(engine, cases_sql(d, by), d0=year[0], d1=year[1], t0=t0, t1=t1), 1
        )
        goal(
            f"year .xlsx by {by.value} ({name})",
            ours,
            floor,
            "s",
            "< 2 s",
            ours < 2.0,
            cause=f"the SQL itself: visits' medians/P90 {tickets:.2f} s, cases' counts "
            f"{cases:.2f} s, the file {max(ours - floor, 0):.2f} s"
            + (
                " (a visit's items come through its cases: two index look-ups per visit)"
                if by is By.ITEM
                else ""
            ),
        )
