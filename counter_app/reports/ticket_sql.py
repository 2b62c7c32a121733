"""The queue's figures for a period, one statement per view: visits per window, staff member,
category or item (and ``*``, the totals), with medians and 90th percentiles of wait, service
and walk; for windows, the time open and the idle time (see ``idle_sql``)."""

from __future__ import annotations

from counter_app.reports.dialect import WINDOW_ON, WINDOW_STATES, Dialect
from counter_app.reports.rules.views import TOTAL_KEY, By
from counter_app.reports.visits import visits_cte

_COLUMNS = "v.served, v.no_show, v.recalls, v.wait_s, v.service_s, v.walk_s"


def _keyed(d: Dialect, by: By) -> str:
    """``keyed``: the period's visits with their key ``k`` (no totals rows)."""
    if by is By.ITEM:
        # Each item of the cases received on the visit's ticket, once per visit; driven from
        # the visits through the index on cases.ticket_id (a join on a CTE has none).
        source = (
            f"(SELECT DISTINCT v.ticket_id, v.vno, ci.item_number AS item, {_COLUMNS} "
            "FROM visits v JOIN cases c ON c.ticket_id = v.ticket_id AND NOT c.deleted "
            "JOIN case_item ci ON ci.case_id = c.id) v"
        )
        key = d.as_text("v.item")
    else:
        source = "visits v"
        key = {By.WINDOW: "v.window_no", By.STAFF: "v.staff", By.CATEGORY: "v.category"}[by]
    return f"keyed AS MATERIALIZED (SELECT {key} AS k, {_COLUMNS} FROM {source})"


def _vals(name: str, rows: str, key: str) -> str:
    return f"""
{name} AS (
  SELECT {key} AS k, 'w' AS m, wait_s AS v FROM {rows} WHERE wait_s IS NOT NULL
  UNION ALL SELECT {key}, 's', service_s FROM {rows} WHERE service_s IS NOT NULL
  UNION ALL SELECT {key}, 'k', walk_s FROM {rows} WHERE walk_s IS NOT NULL
)"""


def tickets_sql(d: Dialect, by: By) -> str:
    """Rows (k, m, a, b, c): m 'c' counts (served, no-shows, recalls); m 'w', 's', 'k'
    (wait, service, walk): n, p50, p90. The totals (``*``) count each visit once."""
    ctes = [visits_cte(d), _keyed(d, by), _vals("vals", "keyed", "k")]
    total = f"'{TOTAL_KEY}'"
    # Histograms (k, m, v, count): a visit has one key except in the item view, so there the
    # totals' histogram comes from the visits, elsewhere from the keyed histogram.
    ctes.append("hk AS MATERIALIZED (SELECT k, m, v, COUNT(*) AS c FROM vals GROUP BY k, m, v)")
    if by is By.ITEM:
        ctes += [
            _vals("tvals", "visits", total),
            "ht AS (SELECT k, m, v, COUNT(*) AS c FROM tvals GROUP BY k, m, v)",
        ]
    else:
        ctes.append(f"ht AS (SELECT {total} AS k, m, v, SUM(c) AS c FROM hk GROUP BY m, v)")
    pct = d.percentiles_of_histogram("(SELECT * FROM hk UNION ALL SELECT * FROM ht)")
    return (
        "WITH "
        + ",".join(ctes)
        + f"""
SELECT k, m, n AS a, p50 AS b, p90 AS c FROM ({pct}) pct
UNION ALL
SELECT k, 'c', SUM(served), SUM(no_show), SUM(recalls) FROM keyed GROUP BY k
UNION ALL
SELECT {total}, 'c', SUM(served), SUM(no_show), SUM(recalls) FROM visits"""
    )


def idle_sql(d: Dialect) -> str:
    """Rows (w, open_s, idle_s) per window.

    A window is *open* from a window_open or window_resume event to the next window_pause or
    window_close of the same day (each day starts closed). It is *busy* from the call of a
    visit to its end (an open visit keeps it busy). A category *has people waiting* while at
    least one visit of it is between its queue entry and its call. The window is *idle* while
    it is open, not busy, and at least one category it calls (queue_window.categories, as set
    now) has people waiting. Tickets never called that day are not counted as waiting.

    The sweep: every change is a point (+1/-1 on open, busy, waiting-categories); running sums
    ordered by time give the state after each point, LEAD the next point; the time until the
    next point is added where the state is idle."""
    return (
        "WITH "
        + visits_cte(d)
        + f""",
wincat AS ({d.window_categories()}),
cq AS (
  SELECT category AS c, day, queued_at AS t, 1 AS dq, ticket_id, vno FROM visits
  UNION ALL SELECT category, day, called_at, -1, ticket_id, vno FROM visits
),
crun AS (
  SELECT c, day, t, dq, ticket_id, vno, SUM(dq) OVER (PARTITION BY c, day
    ORDER BY t, dq DESC, ticket_id, vno ROWS UNBOUNDED PRECEDING) AS q FROM cq
),
cflag AS (
  SELECT c, day, t, CASE WHEN q > 0 THEN 1 ELSE 0 END AS has,
    LAG(CASE WHEN q > 0 THEN 1 ELSE 0 END, 1, 0) OVER (PARTITION BY c, day
      ORDER BY t, dq DESC, ticket_id, vno) AS had FROM crun
),
wstate AS (
  SELECT window_no AS w, business_date AS day, at AS t,
    CASE WHEN kind IN {WINDOW_ON} THEN 1 ELSE 0 END AS o, seq
  FROM queue_event
  WHERE business_date BETWEEN :d0 AND :d1 AND kind IN {WINDOW_STATES}
),
pts AS (
  SELECT w, day, t, o - LAG(o, 1, 0) OVER (PARTITION BY w, day ORDER BY t, seq) AS d_open,
    0 AS d_busy, 0 AS d_wait FROM wstate
  UNION ALL SELECT window_no, day, called_at, 0, 1, 0 FROM visits
  UNION ALL SELECT window_no, day, ended_at, 0, -1, 0 FROM visits WHERE ended_at IS NOT NULL
  UNION ALL SELECT wc.w, f.day, f.t, 0, 0, f.has - f.had
    FROM cflag f JOIN wincat wc ON wc.c = f.c WHERE f.has <> f.had
),
run AS (
  SELECT w, t,
    SUM(d_open) OVER win AS o, SUM(d_busy) OVER win AS b, SUM(d_wait) OVER win AS q,
    LEAD(t) OVER (PARTITION BY w, day ORDER BY t, d_open, d_busy, d_wait) AS t_next
  FROM pts
  WINDOW win AS (PARTITION BY w, day ORDER BY t, d_open, d_busy, d_wait ROWS UNBOUNDED PRECEDING)
)
SELECT w,
  SUM(CASE WHEN o > 0 AND t_next IS NOT NULL THEN {d.secs("t_next", "t")} ELSE 0 END),
  SUM(CASE WHEN o > 0 AND b <= 0 AND q > 0 AND t_next IS NOT NULL
    THEN {d.secs("t_next", "t")} ELSE 0 END)
FROM run GROUP BY w"""
    )
