"""Chart series: services finished per local hour of day and window; waits per day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection

from counter_app.reports.dialect import Dialect, query
from counter_app.reports.drill import _day
from counter_app.reports.rules.periods import seconds
from counter_app.reports.rules.views import DayPoint, HourPoint
from counter_app.reports.visits import visits_cte


def by_hour(conn: Connection, d: Dialect, start: date, end: date) -> tuple[HourPoint, ...]:
    hour = d.local_hour("ended_at")
    sql = (
        f"WITH {visits_cte(d)} SELECT window_no, {hour} AS h, COUNT(*) FROM visits "
        f"WHERE served = 1 GROUP BY window_no, {hour} ORDER BY window_no, h"
    )
    return tuple(
        HourPoint(str(w), int(h), int(n)) for w, h, n in conn.execute(query(sql, d0=start, d1=end))
    )


def by_day(conn: Connection, d: Dialect, start: date, end: date) -> tuple[DayPoint, ...]:
    sql = (
        f"WITH {visits_cte(d)}, vals AS (SELECT {d.as_text('day')} AS k, 'w' AS m, "
        "wait_s AS v FROM visits WHERE wait_s IS NOT NULL), "
        f"pct AS ({d.percentiles('vals')}), "
        f"served AS (SELECT {d.as_text('day')} AS k, SUM(served) AS n FROM visits "
        f"GROUP BY {d.as_text('day')}) "
        "SELECT s.k, s.n, p.p50, p.p90 FROM served s LEFT JOIN pct p ON p.k = s.k ORDER BY s.k"
    )
    return tuple(
        DayPoint(_day(k) or start, int(n or 0), seconds(p50), seconds(p90))
        for k, n, p50, p90 in conn.execute(query(sql, d0=start, d1=end))
    )
