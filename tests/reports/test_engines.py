"""The same generated data in SQLite and in PostgreSQL give the same figures, every one of
them, in every view; the central's path (a joined PC) reads the central."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.bench_reports import Shape, seed
from counter_app.container import Services
from counter_app.reports.rules.views import PeriodTable
from counter_app.reports.service import ReportService
from tests.reports.conftest import SUPERVISOR

SHAPE = Shape(days=6, windows=4, per_window=25, seed=11)
FIRST = date(2026, 3, 2)


def _service(services: Services, central: object = None) -> ReportService:
    return ReportService(
        services.db,
        services.hall,
        lambda: central,  # type: ignore[arg-type, return-value]
        lambda: FIRST + timedelta(days=3),
        offset=timedelta(hours=8),
    )


@pytest.fixture
def both(
    sqlite_url: str, template_db: Path, pg_url: str
) -> Iterator[tuple[Services, Services, list[date]]]:
    shutil.copyfile(template_db, sqlite_url.split("///", 1)[1])
    lite, pg = Services.open(sqlite_url), Services.open(pg_url)
    days = seed(lite.db.engine, SHAPE, FIRST)
    assert seed(pg.db.engine, SHAPE, FIRST) == days
    yield lite, pg, days
    lite.close()
    pg.close()


def _figures(table: PeriodTable) -> list[dict[str, object]]:
    return [asdict(r) for r in (*table.rows, table.total)]


def test_every_view_gives_the_same_numbers_on_both_engines(
    both: tuple[Services, Services, list[date]],
) -> None:
    lite, pg = _service(both[0]), _service(both[1])
    start, end = both[2][0], both[2][-1]
    tables = {}
    for by in ("window", "staff", "item", "category"):
        a = lite.period(SUPERVISOR, start, end, by, compare=False)
        b = pg.period(SUPERVISOR, start, end, by, compare=False)
        assert len(a.rows) > 3
        assert _figures(a) == _figures(b), (by, _diff(a, b))
        tables[by] = a
    total = tables["window"].total
    assert total.tickets_served > 300 and total.evaluations > 100 and total.cases_delivered > 5
    assert total.wait_p90_s is not None and total.idle_s and total.walk_median_s is not None
    sa, sb = lite.series(SUPERVISOR, start, end), pg.series(SUPERVISOR, start, end)
    assert (sa.by_hour, sa.by_day) == (sb.by_hour, sb.by_day)
    assert asdict(lite.today(SUPERVISOR)) | {"source": None} == asdict(pg.today(SUPERVISOR)) | {
        "source": None
    }


def test_drill_down_rows_agree_and_add_up(both: tuple[Services, Services, list[date]]) -> None:
    lite, pg = _service(both[0]), _service(both[1])
    start, end = both[2][0], both[2][-1]
    table = lite.period(SUPERVISOR, start, end, "window", compare=False)
    slowest = max(table.rows, key=lambda r: r.wait_median_s or 0)
    a = lite.tickets(SUPERVISOR, start, end, window=slowest.key, measure="served", limit=10000)
    b = pg.tickets(SUPERVISOR, start, end, window=slowest.key, measure="served", limit=10000)
    assert len(a) == slowest.tickets_served
    assert [(r.number, r.wait_s, r.service_s) for r in a] == [
        (r.number, r.wait_s, r.service_s) for r in b
    ]
    received = lite.cases(SUPERVISOR, start, end, window=slowest.key, limit=10000)
    assert len(received) == slowest.cases_received


def test_a_joined_pc_reads_the_central(both: tuple[Services, Services, list[date]]) -> None:
    lite, pg, days = both
    joined = _service(lite, central=pg.db.engine)
    alone = _service(pg)
    a = joined.period(SUPERVISOR, days[0], days[-1], "staff", compare=False)
    assert a.source.kind == "central"
    assert _figures(a) == _figures(alone.period(SUPERVISOR, days[0], days[-1], "staff"))


def _diff(a: PeriodTable, b: PeriodTable) -> list[tuple[str, str, object, object]]:
    out = []
    for x, y in zip(_figures(a), _figures(b), strict=True):
        out += [(str(x["key"]), k, v, y[k]) for k, v in x.items() if y[k] != v]
    return out
