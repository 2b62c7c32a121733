"""The rows behind a number: the visits (tickets) or the cases a figure counted."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.identity.masking import mask_name
from counter_app.reports.dialect import Dialect, query
from counter_app.reports.period import utc_bounds
from counter_app.reports.rules.periods import seconds
from counter_app.reports.rules.views import CaseRow, TicketRow
from counter_app.reports.visits import visits_cte
from db.models.reception import CaseItem

TICKET_MEASURES = {
    None: ("1 = 1", "v.called_at"),
    "wait": ("v.wait_s IS NOT NULL", "v.wait_s DESC"),
    "service": ("v.service_s IS NOT NULL", "v.service_s DESC"),
    "walk": ("v.walk_s IS NOT NULL", "v.walk_s DESC"),
    "served": ("v.served = 1", "v.called_at"),
    "no_show": ("v.no_show = 1", "v.called_at"),
    "recall": ("v.recalls > 0", "v.recalls DESC"),
}
CASE_OUTCOMES = ("received", "approved", "refused", "late", "delivered")


def _dt(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def ticket_rows(
    conn: Connection,
    d: Dialect,
    start: date,
    end: date,
    filters: dict[str, str | None],
    measure: str | None,
    limit: int,
) -> list[TicketRow]:
    if measure not in TICKET_MEASURES:
        raise CounterError(tr("未知的指标“{m}”", m=str(measure)), "measure")
    where, order = TICKET_MEASURES[measure]
    clauses, params = [where], {"d0": start, "d1": end, "lim": int(limit)}
    for name, column in (
        ("window", "v.window_no"),
        ("staff", "v.staff"),
        ("category", "v.category"),
    ):
        if filters.get(name) is not None:
            clauses.append(f"{column} = :{name}")
            params[name] = filters[name]
    ctes = [visits_cte(d)]
    if filters.get("item") is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM cases c JOIN case_item ci ON ci.case_id = c.id "
            "WHERE c.ticket_id = v.ticket_id AND NOT c.deleted AND ci.item_number = :item)"
        )
        params["item"] = int(str(filters["item"]))
    sql = (
        "WITH " + ",".join(ctes) + " SELECT v.ticket_id, v.number, v.day, v.window_no, v.staff, "
        "v.category, v.queued_at, v.called_at, v.started_at, v.ended_at, v.outcome, v.recalls, "
        f"v.wait_s, v.service_s, v.walk_s FROM visits v WHERE {' AND '.join(clauses)} "
        f"ORDER BY {order}, v.ticket_id LIMIT :lim"
    )
    return [
        TicketRow(
            ticket_id=str(_uuid(r[0])),
            number=str(r[1] or ""),
            day=_day(r[2]) or start,
            window=str(r[3] or ""),
            staff=str(r[4] or ""),
            category=str(r[5] or ""),
            queued_at=_dt(r[6]),
            called_at=_dt(r[7]),
            started_at=_dt(r[8]),
            ended_at=_dt(r[9]),
            outcome=str(r[10]),
            recalls=int(r[11] or 0),
            wait_s=seconds(r[12]),
            service_s=seconds(r[13]),
            walk_s=seconds(r[14]),
        )
        for r in conn.execute(query(sql, **params))
    ]


def case_rows(
    conn: Connection,
    d: Dialect,
    start: date,
    end: date,
    filters: dict[str, str | None],
    outcome: str,
    limit: int,
    reveal: bool,
) -> list[CaseRow]:
    if outcome not in CASE_OUTCOMES:
        raise CounterError(tr("未知的类别“{m}”", m=outcome), "outcome")
    t0, t1 = utc_bounds(start, end, d.offset)
    params: dict[str, Any] = {"d0": start, "d1": end, "t0": t0, "t1": t1, "lim": int(limit)}
    decided = f"{d.local_day('cd.decided_at')}"
    join_decision = (
        "JOIN case_decision cd ON cd.case_id = c.id AND cd.kind IN ('approve', 'rejected') "
        "AND cd.decided_at >= :t0 AND cd.decided_at < :t1"
    )
    base = {
        "received": ("LEFT JOIN case_decision cd ON 1 = 0", "c.received_on BETWEEN :d0 AND :d1"),
        "approved": (join_decision, "cd.kind = 'approve'"),
        "refused": (join_decision, "cd.kind = 'rejected'"),
        "late": (join_decision, f"{decided} > c.promised_on"),
        "delivered": (
            "JOIN delivery dl ON dl.case_id = c.id AND NOT dl.deleted AND ((dl.state = "
            "'collected' AND dl.collected_at >= :t0 AND dl.collected_at < :t1) OR (dl.state = "
            "'delivered' AND dl.delivered_on BETWEEN :d0 AND :d1)) "
            "LEFT JOIN case_decision cd ON 1 = 0",
            "1 = 1",
        ),
    }[outcome]
    staff_column = {"received": "c.received_by", "delivered": "dl.created_by"}.get(
        outcome, "cd.decided_by"
    )
    clauses = ["NOT c.deleted", base[1]]
    for name, column in (
        ("window", "qt.window_no"),
        ("category", "qt.category_code"),
        ("staff", staff_column),
    ):
        if filters.get(name) is not None:
            clauses.append(f"COALESCE({column}, '') = :{name}")
            params[name] = filters[name]
    if filters.get("item") is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM case_item ci WHERE ci.case_id = c.id AND ci.item_number = :item)"
        )
        params["item"] = int(str(filters["item"]))
    sql = (
        "SELECT c.id, c.number, c.status, c.received_on, c.received_by, c.promised_on, "
        f"{decided}, cd.decided_by, cd.kind, a.name, a.kind, qt.window_no FROM cases c "
        f"{base[0]} LEFT JOIN queue_ticket qt ON qt.id = c.ticket_id "
        f"LEFT JOIN applicant a ON a.id = c.applicant_id WHERE {' AND '.join(clauses)} "
        "ORDER BY c.received_on, c.number LIMIT :lim"
    )
    rows = list(conn.execute(query(sql, **params)))
    items = _items(conn, [r[0] for r in rows])
    return [
        CaseRow(
            case_id=str(_uuid(r[0])),
            number=str(r[1]),
            status=str(r[2]),
            received_on=_day(r[3]) or start,
            received_by=str(r[4] or ""),
            promised_on=_day(r[5]),
            decided_on=_day(r[6]),
            decided_by=str(r[7] or ""),
            decision=str(r[8] or ""),
            items=items.get(str(_uuid(r[0])), ""),
            applicant=_applicant(str(r[9] or ""), str(r[10] or ""), reveal),
            window=str(r[11] or ""),
        )
        for r in rows
    ]


def _applicant(name: str, kind: str, reveal: bool) -> str:
    return name if reveal or kind == "organisation" else mask_name(name)


def _items(conn: Connection, ids: list[Any]) -> dict[str, str]:
    if not ids:
        return {}
    out: dict[str, list[str]] = {}
    q = (
        select(CaseItem.case_id, CaseItem.item_name)
        .where(CaseItem.case_id.in_(bindparam("ids", expanding=True)))
        .order_by(CaseItem.case_id, CaseItem.position)
    )
    for case_id, name in conn.execute(q, {"ids": [_uuid(i) for i in ids]}):
        out.setdefault(str(case_id), []).append(name)
    return {k: "、".join(v) for k, v in out.items()}
