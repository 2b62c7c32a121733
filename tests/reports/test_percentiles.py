"""The reports' medians and 90th percentiles (reports/dialect.py) are percentile_cont computed
from value histograms on both engines: equal to PostgreSQL's own percentile_cont and to the
textbook definition, with many equal values, single values and groups of two."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import text

from counter_app.reports.dialect import dialect_of
from db.engine import make_engine


def _cont(values: list[float], p: float) -> float:
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p
    lo = int(pos)
    frac = pos - lo
    if frac == 0:
        return ordered[lo]
    return ordered[lo] * (1 - frac) + ordered[lo + 1] * frac


def _data(seed: int) -> dict[tuple[str, str], list[float]]:
    rnd = random.Random(seed)
    groups: dict[tuple[str, str], list[float]] = {}
    for k in ("01", "02", "03", "li", "*"):
        for m in ("w", "s"):
            size = rnd.choice((1, 2, 3, 10, 97, 400))
            spread = rnd.choice((3, 60, 3600))  # few distinct values: long runs of ties
            groups[(k, m)] = [float(rnd.randrange(spread)) for _ in range(size)]
    return groups


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_histogram_percentiles_are_percentile_cont(any_url: str, seed: int) -> None:
    groups = _data(seed)
    engine = make_engine(any_url)
    d = dialect_of(engine.dialect.name, timedelta(hours=8))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE vals (k VARCHAR(8), m VARCHAR(1), v FLOAT)"))
        conn.execute(
            text("INSERT INTO vals (k, m, v) VALUES (:k, :m, :v)"),
            [{"k": k, "m": m, "v": v} for (k, m), vs in groups.items() for v in vs],
        )
        got = {(r[0], r[1]): r[2:] for r in conn.execute(text(d.percentiles("vals")))}
        if d.pg:
            native = {
                (r[0], r[1]): r[2:]
                for r in conn.execute(
                    text(
                        "SELECT k, m, COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY v), "
                        "percentile_cont(0.9) WITHIN GROUP (ORDER BY v) FROM vals GROUP BY k, m"
                    )
                )
            }
            assert set(native) == set(got)
            for g, (n, a, b) in native.items():
                assert int(got[g][0]) == int(n)
                assert float(got[g][1]) == pytest.approx(float(a), abs=1e-9)
                assert float(got[g][2]) == pytest.approx(float(b), abs=1e-9)
    engine.dispose()
    for group, values in groups.items():
        n, p50, p90 = got[group]
        assert int(n) == len(values)
        assert float(p50) == pytest.approx(_cont(values, 0.5), abs=1e-9)
        assert float(p90) == pytest.approx(_cont(values, 0.9), abs=1e-9)
