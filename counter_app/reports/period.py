"""A period's table for one view: two or three aggregate statements, folded into rows."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import Connection

from counter_app.reports import labels
from counter_app.reports.case_sql import cases_sql
from counter_app.reports.dialect import Dialect, query
from counter_app.reports.rules.periods import Cancelled, rate, seconds
from counter_app.reports.rules.views import TOTAL_KEY, By, PeriodRow
from counter_app.reports.ticket_sql import idle_sql, tickets_sql


def utc_bounds(start: date, end: date, offset: timedelta) -> tuple[datetime, datetime]:
    """The UTC moments of local midnight at ``start`` and after ``end``."""
    zone = timezone(offset)
    first = datetime.combine(start, time(0), zone)
    return first, datetime.combine(end + timedelta(days=1), time(0), zone)


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def figures(
    conn: Connection,
    d: Dialect,
    by: By,
    start: date,
    end: date,
    cancel: threading.Event | None = None,
) -> tuple[tuple[PeriodRow, ...], PeriodRow]:
    """Rows sorted by key and the totals row."""
    t0, t1 = utc_bounds(start, end, d.offset)
    acc: dict[str, dict[str, Any]] = defaultdict(dict)
    _check(cancel)
    for k, m, a, b, c in conn.execute(query(tickets_sql(d, by), d0=start, d1=end)):
        _fold_ticket(acc[str(k)], m, a, b, c)
    _check(cancel)
    rows = conn.execute(query(cases_sql(d, by), d0=start, d1=end, t0=t0, t1=t1))
    for k, m, a, b, c, e in rows:
        _fold_case(acc[str(k)], m, int(a or 0), int(b or 0), int(c or 0), int(e or 0))
    if by is By.WINDOW:
        _check(cancel)
        total_open = total_idle = 0.0
        for w, open_s, idle_s in conn.execute(query(idle_sql(d), d0=start, d1=end)):
            acc[str(w)].update(open_s=float(open_s or 0), idle_s=float(idle_s or 0))
            total_open, total_idle = (
                total_open + float(open_s or 0),
                total_idle + float(idle_s or 0),
            )
        acc[TOTAL_KEY].update(open_s=total_open, idle_s=total_idle)
    _check(cancel)
    known = labels.names(conn, by)
    built = {k: _row(by, k, v, known) for k, v in acc.items()}
    total = built.pop(TOTAL_KEY, _row(by, TOTAL_KEY, {}, known))
    ordered = tuple(built[k] for k in sorted(built, key=lambda k: labels.sort_key(by, k)))
    return ordered, total


_MEASURES = {"w": "wait", "s": "service", "k": "walk"}


def _fold_ticket(acc: dict[str, Any], m: str, a: Any, b: Any, c: Any) -> None:
    if m == "c":
        acc.update(tickets_served=int(a or 0), no_shows=int(b or 0), recalls=int(c or 0))
        return
    name = _MEASURES[m]
    acc[f"{name}_median_s"] = seconds(b)
    if name != "walk":
        acc[f"{name}_p90_s"] = seconds(c)


def _fold_case(acc: dict[str, Any], m: str, a: int, b: int, c: int, e: int) -> None:
    if m == "r":
        acc["cases_received"] = a
    elif m == "d":
        acc.update(cases_approved=a, cases_refused=b, decided_with_deadline=c, decided_on_time=e)
    elif m == "l":
        acc["cases_delivered"] = a
    elif m == "v":
        acc.update(evaluations=a, evaluations_good=b)
    elif m == "p":
        acc.update(complaints=a, complaints_upheld=b)


def _row(by: By, key: str, values: dict[str, Any], known: dict[str, str]) -> PeriodRow:
    row = PeriodRow(key=key, label=labels.label(by, key, known), **values)
    return replace(
        row,
        on_time_rate=rate(row.decided_on_time, row.decided_with_deadline),
        satisfaction_rate=rate(row.evaluations_good, row.evaluations),
    )
