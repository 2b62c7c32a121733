"""Today at a glance: a handful of small aggregate statements on today's rows only."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import Connection

from counter_app.reports.dialect import Dialect, query
from counter_app.reports.period import utc_bounds
from counter_app.reports.rules import flags as flag_rules
from counter_app.reports.rules.periods import seconds
from counter_app.reports.rules.views import CategoryWaiting, Source, TodayFigures

OPEN_CASE_STATES = "('received', 'under_examination', 'forwarded')"  # the clock runs
OPEN_FOLLOWUP = "f.state NOT IN ('closed', 'annulled') AND NOT f.deleted"
OPEN_COMPLAINT = (
    "kind = 'complaint' AND state IN ('registered', 'assigned', 'investigating', 'resolved')"
    " AND NOT deleted"
)


def _one(conn: Connection, sql: str, **params: object) -> tuple[int, ...]:
    row = conn.execute(query(sql, **params)).one()
    return tuple(int(v or 0) for v in row)


def today_figures(
    conn: Connection, d: Dialect, source: Source, day: date, soon_end: date, now: datetime
) -> TodayFigures:
    """``soon_end``: the last date still "due within 2 working days" of ``day``."""
    t0, t1 = utc_bounds(day, day, d.offset)
    waiting = tuple(
        CategoryWaiting(str(code), str(name or code), int(n), seconds(wait))
        for code, name, n, wait in conn.execute(
            query(
                "SELECT t.category_code, MAX(c.name), COUNT(*), "
                f"MAX({d.secs(':now', 't.issued_at')}) FROM queue_ticket t "
                "LEFT JOIN queue_category c ON c.code = t.category_code "
                "WHERE t.business_date = :day AND t.state = 'waiting' AND NOT t.deleted "
                "GROUP BY t.category_code ORDER BY t.category_code",
                day=day,
                now=now,
            )
        )
    )
    longest = max((w.longest_wait_s for w in waiting if w.longest_wait_s is not None), default=None)
    opened, paused = _one(
        conn,
        "SELECT SUM(CASE WHEN state = 'open' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state = 'paused' THEN 1 ELSE 0 END) FROM queue_window "
        "WHERE active AND NOT deleted",
    )
    issued, served, no_show, serving = _one(
        conn,
        "SELECT COUNT(*), SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN state = 'no_show' THEN 1 ELSE 0 END), COUNT(DISTINCT CASE WHEN state "
        "IN ('called', 'serving') THEN window_no END) FROM queue_ticket "
        "WHERE business_date = :day AND NOT deleted AND state <> 'print_failed'",
        day=day,
    )
    received, overdue, soon = _one(
        conn,
        "SELECT SUM(CASE WHEN received_on = :day THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN status IN {OPEN_CASE_STATES} AND promised_on < :day THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN status IN {OPEN_CASE_STATES} AND promised_on BETWEEN :day AND :soon "
        "THEN 1 ELSE 0 END) FROM cases WHERE NOT deleted AND (received_on = :day OR "
        f"status IN {OPEN_CASE_STATES})",
        day=day,
        soon=soon_end,
    )
    (decided,) = _one(
        conn,
        "SELECT COUNT(*) FROM case_decision WHERE kind IN ('approve', 'rejected') "
        "AND decided_at >= :t0 AND decided_at < :t1",
        t0=t0,
        t1=t1,
    )
    (delivered,) = _one(
        conn,
        "SELECT COUNT(*) FROM delivery WHERE NOT deleted AND ((state = 'collected' AND "
        "collected_at >= :t0 AND collected_at < :t1) OR (state = 'delivered' AND "
        "delivered_on = :day))",
        t0=t0,
        t1=t1,
        day=day,
    )
    levels = {k: 0 for k in (5, 4, 3, 2, 1)}
    for level, n in conn.execute(
        query(
            "SELECT e.level, COUNT(*) FROM evaluation e LEFT JOIN evaluation_followup f "
            "ON f.evaluation_id = e.id AND NOT f.deleted WHERE e.business_date = :day "
            "AND NOT e.deleted AND e.source <> 'self' AND COALESCE(f.state, '') <> 'annulled' "
            "GROUP BY e.level",
            day=day,
        )
    ):
        levels[int(level)] = int(n)
    bad_open, bad_overdue = _one(
        conn,
        f"SELECT COUNT(*), SUM(CASE WHEN f.due_date < :day THEN 1 ELSE 0 END) "
        f"FROM evaluation_followup f WHERE {OPEN_FOLLOWUP}",
        day=day,
    )
    complaints_open, complaints_overdue = _one(
        conn,
        "SELECT COUNT(*), SUM(CASE WHEN due_date < :day THEN 1 ELSE 0 END) FROM complaint "
        f"WHERE {OPEN_COMPLAINT}",
        day=day,
    )
    now_view = flag_rules.Now(
        longest_wait_s=longest,
        waiting=sum(w.waiting for w in waiting),
        windows_open=opened,
        windows_paused=paused,
        cases_overdue=overdue,
        cases_due_soon=soon,
        bad_reviews_today=levels[1] + levels[2],
        bad_reviews_overdue=bad_overdue,
        complaints_overdue=complaints_overdue,
        complaints_open=complaints_open,
    )
    return TodayFigures(
        day=day,
        source=source,
        waiting=waiting,
        longest_wait_s=longest,
        windows_open=opened,
        windows_paused=paused,
        windows_serving=serving,
        tickets_issued=issued,
        tickets_served=served,
        tickets_no_show=no_show,
        cases_received=received,
        cases_decided=decided,
        cases_delivered=delivered,
        cases_overdue=overdue,
        cases_due_soon=soon,
        evaluations_by_level=levels,
        bad_reviews_open=bad_open,
        bad_reviews_overdue=bad_overdue,
        complaints_open=complaints_open,
        complaints_overdue=complaints_overdue,
        flags=flag_rules.flags(now_view),
    )


def due_soon_end(add_working_days: object, day: date) -> date:
    """The last date with at most two working days left (WorkCalendar.due_soon's rule)."""
    assert callable(add_working_days)
    third = add_working_days(day, 3)
    assert isinstance(third, date)
    return third - timedelta(days=1)
