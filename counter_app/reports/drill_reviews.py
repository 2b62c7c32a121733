"""The ratings and complaints behind a number: the evaluations (评价数, 满意率) and the
complaints (投诉, 投诉属实) a cell of the period table counted, and today's open bad reviews
and open complaints.

The filters are those of ``case_sql.cases_sql`` (families ``v`` and ``p``), so a list holds
exactly the rows its cell counted:

- evaluations: ``business_date`` in the period, not deleted, every source but ``self``, not
  annulled on appeal; a row's key is ``e.window_no`` / ``e.staff`` / ``e.item_no`` / the
  category of its ticket (none: key ''). The rater's name, phone and organisation are never
  read.
- complaints: kind ``complaint``, ``business_date`` in the period, not deleted; a row's key
  is ``about_window`` / ``about_staff`` / ``about_item``; in the category view every complaint
  is in the row '' (a complaint names no queue). The complainant's name is masked unless
  revealed.
- today (``today.py``): open follow-ups of bad reviews (``OPEN_FOLLOWUP``), open complaints
  (``OPEN_COMPLAINT``), overdue when their due date is before the day.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.identity.masking import mask_name
from counter_app.reports.dialect import Dialect, query
from counter_app.reports.drill import _day, _dt, _uuid
from counter_app.reports.rules.views import TOTAL_KEY, By
from counter_app.reports.today import OPEN_COMPLAINT, OPEN_FOLLOWUP

EVALUATION_KEYS = {
    By.WINDOW: "e.window_no",
    By.STAFF: "e.staff",
    By.ITEM: "e.item_no",
    By.CATEGORY: "qt.category_code",
}
COMPLAINT_KEYS = {
    By.WINDOW: "p.about_window",
    By.STAFF: "p.about_staff",
    By.ITEM: "p.about_item",
    By.CATEGORY: "''",
}
EVALUATION_MEASURES = {None: "1 = 1", "good": "e.level >= 4", "bad": "e.level <= 2"}
COMPLAINT_MEASURES = {None: "1 = 1", "upheld": "p.upheld"}

EVALUATION_FROM = (
    "evaluation e LEFT JOIN evaluation_followup f ON f.evaluation_id = e.id AND NOT f.deleted "
    "LEFT JOIN queue_ticket qt ON qt.id = e.ticket_id"
)
EVALUATION_COUNTED = (
    "e.business_date BETWEEN :d0 AND :d1 AND NOT e.deleted AND e.source <> 'self' "
    "AND COALESCE(f.state, '') <> 'annulled'"
)
EVALUATION_COLUMNS = (
    "e.id, e.rated_at, e.business_date, e.window_no, e.staff, e.level, e.reasons, e.source, "
    "e.ticket_number, e.item_no, f.state, f.due_date, e.comment, qt.category_code"
)
COMPLAINT_COUNTED = "p.kind = 'complaint' AND p.business_date BETWEEN :d0 AND :d1 AND NOT p.deleted"
COMPLAINT_COLUMNS = (
    "p.id, p.number, p.received_at, p.business_date, p.kind, p.channel, p.state, p.upheld, "
    "p.anonymous, p.name, p.about_window, p.about_staff, p.about_item, p.due_date"
)


@dataclass(frozen=True)
class EvaluationRow:
    """One rating; who rated is not in it (never shown)."""

    evaluation_id: str
    rated_at: datetime | None  # UTC
    day: date
    window: str
    staff: str
    level: int  # 5 非常满意 .. 1 非常不满意
    reasons: tuple[str, ...]  # reason codes (supervision.rules.evaluation.REASONS)
    source: str  # supervision.rules.evaluation.Source value
    ticket_number: str
    item: int | None
    category: str
    followup: str  # the bad review's follow-up state, '' without one
    followup_due: date | None
    comment: str


@dataclass(frozen=True)
class ComplaintEntry:
    """One complaint; ``complainant`` masked unless revealed, 匿名 when anonymous."""

    complaint_id: str
    number: str
    received_at: datetime | None  # UTC
    day: date
    kind: str
    channel: str
    state: str
    upheld: bool | None
    complainant: str
    window: str
    staff: str
    item: int | None
    due_date: date | None
    overdue: bool = False


def _key_clause(d: Dialect, keys: dict[By, str], by: By, key: str) -> str:
    """The row's key as the figure groups it (TOTAL_KEY: every row)."""
    if key == TOTAL_KEY:
        return "1 = 1"
    return f"COALESCE({d.as_text(keys[by])}, '') = :key"


def _measure(measures: dict[str | None, str], measure: str | None) -> str:
    if measure not in measures:
        raise CounterError(tr("未知的指标“{m}”", m=str(measure)), "measure")
    return measures[measure]


def _reasons(raw: Any) -> tuple[str, ...]:
    if raw is None or raw == "":
        return ()
    values = json.loads(raw) if isinstance(raw, str) else raw
    return tuple(str(v) for v in values)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _evaluation(r: Any, fallback: date) -> EvaluationRow:
    return EvaluationRow(
        evaluation_id=str(_uuid(r[0])) if r[0] is not None else "",
        rated_at=_dt(r[1]),
        day=_day(r[2]) or fallback,
        window=str(r[3] or ""),
        staff=str(r[4] or ""),
        level=int(r[5] or 0),
        reasons=_reasons(r[6]),
        source=str(r[7] or ""),
        ticket_number=str(r[8] or ""),
        item=_int(r[9]),
        followup=str(r[10] or ""),
        followup_due=_day(r[11]),
        comment=str(r[12] or ""),
        category=str(r[13] or ""),
    )


def _complaint(r: Any, reveal: bool, today: date | None) -> ComplaintEntry:
    due = _day(r[13])
    name = str(r[9] or "")
    who = tr("匿名") if bool(r[8]) or not name else (name if reveal else mask_name(name))
    return ComplaintEntry(
        complaint_id=str(_uuid(r[0])),
        number=str(r[1]),
        received_at=_dt(r[2]),
        day=_day(r[3]) or date.min,
        kind=str(r[4]),
        channel=str(r[5]),
        state=str(r[6]),
        upheld=None if r[7] is None else bool(r[7]),
        complainant=who,
        window=str(r[10] or ""),
        staff=str(r[11] or ""),
        item=_int(r[12]),
        due_date=due,
        overdue=today is not None and due is not None and due < today,
    )


def evaluation_rows(
    conn: Connection,
    d: Dialect,
    start: date,
    end: date,
    by: By,
    key: str,
    measure: str | None,
    limit: int,
) -> list[EvaluationRow]:
    """The ratings behind 评价数 (``measure`` None), the good ones (``good``: levels 4, 5) or
    the bad ones (``bad``: 1, 2) of the row ``key`` of view ``by``, in the order rated."""
    where = " AND ".join(
        (EVALUATION_COUNTED, _key_clause(d, EVALUATION_KEYS, by, key), _measure(
            EVALUATION_MEASURES, measure
        ))
    )  # fmt: skip
    sql = (
        f"SELECT {EVALUATION_COLUMNS} FROM {EVALUATION_FROM} WHERE {where} "
        "ORDER BY e.rated_at, e.id LIMIT :lim"
    )
    params = {"d0": start, "d1": end, "key": key, "lim": int(limit)}
    return [_evaluation(r, start) for r in conn.execute(query(sql, **params))]


def complaint_rows(
    conn: Connection,
    d: Dialect,
    start: date,
    end: date,
    by: By,
    key: str,
    measure: str | None,
    limit: int,
    reveal: bool,
) -> list[ComplaintEntry]:
    """The complaints behind 投诉 (``measure`` None) or 投诉属实 (``upheld``) of the row
    ``key`` of view ``by``, in the order received."""
    where = " AND ".join(
        (COMPLAINT_COUNTED, _key_clause(d, COMPLAINT_KEYS, by, key), _measure(
            COMPLAINT_MEASURES, measure
        ))
    )  # fmt: skip
    sql = (
        f"SELECT {COMPLAINT_COLUMNS} FROM complaint p WHERE {where} "
        "ORDER BY p.received_at, p.number LIMIT :lim"
    )
    params = {"d0": start, "d1": end, "key": key, "lim": int(limit)}
    return [_complaint(r, reveal, None) for r in conn.execute(query(sql, **params))]


def open_bad_reviews(
    conn: Connection, day: date, overdue_only: bool, limit: int
) -> list[EvaluationRow]:
    """The bad reviews whose follow-up is still open on ``day`` (今日 差评待整改), the most
    urgent first; ``overdue_only``: due before ``day``."""
    overdue = " AND f.due_date < :day" if overdue_only else ""
    sql = (
        f"SELECT {EVALUATION_COLUMNS} FROM evaluation_followup f "
        "LEFT JOIN evaluation e ON e.id = f.evaluation_id "
        "LEFT JOIN queue_ticket qt ON qt.id = e.ticket_id "
        f"WHERE {OPEN_FOLLOWUP}{overdue} ORDER BY f.due_date, e.rated_at, f.id LIMIT :lim"
    )
    return [_evaluation(r, day) for r in conn.execute(query(sql, day=day, lim=int(limit)))]


def open_complaints(
    conn: Connection, day: date, overdue_only: bool, limit: int, reveal: bool
) -> list[ComplaintEntry]:
    """The complaints not yet replied on ``day`` (今日 投诉未办结), the most urgent first;
    ``overdue_only``: due before ``day``."""
    overdue = " AND p.due_date < :day" if overdue_only else ""
    sql = (
        f"SELECT {COMPLAINT_COLUMNS} FROM complaint p WHERE {OPEN_COMPLAINT}{overdue} "
        "ORDER BY p.due_date, p.received_at, p.number LIMIT :lim"
    )
    rows = conn.execute(query(sql, day=day, lim=int(limit)))
    return [_complaint(r, reveal, day) for r in rows]
