"""Writing planned demo cases in bulk: Core ``insert()`` executemany, one transaction a batch.

Each batch takes its case and receipt numbers the way the reception service does, as blocks
from ``daily_counter`` (``INSERT ... ON CONFLICT DO NOTHING`` then ``UPDATE ... SET last =
last + k RETURNING last``) inside the same transaction as its rows, so numbers stay unique
against cases received meanwhile, and ``daily_counter`` always holds the last number used.
"""

from __future__ import annotations

import functools
import random
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from counter_app.cases.payments import CHANNELS
from counter_app.cases.rules.reception import case_number, receipt_number
from counter_app.demo.outcomes import Row, outcome_rows
from counter_app.demo.plan import HALL_TZ, CasePlan
from counter_app.i18n import tr
from db.ids import new_uuid7
from db.models import (
    Applicant,
    Case,
    CaseDecision,
    CaseEvent,
    CaseItem,
    CaseMaterial,
    CasePause,
    DailyCounter,
    Delivery,
    Payment,
)

_OPEN = time(8, 30)
TABLES: dict[str, Any] = {
    "applicant": Applicant.__table__,
    "cases": Case.__table__,
    "case_item": CaseItem.__table__,
    "case_material": CaseMaterial.__table__,
    "case_event": CaseEvent.__table__,
    "case_pause": CasePause.__table__,
    "payment": Payment.__table__,
    "case_decision": CaseDecision.__table__,
    "delivery": Delivery.__table__,
}


@dataclass
class Rows:
    """Rows of one batch, per table, in insert order (parents first)."""

    tables: dict[str, list[dict[str, Any]]]

    @classmethod
    def empty(cls) -> Rows:
        return cls({name: [] for name in TABLES})

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


def take_block(conn: Connection, counter: str, day: date, kind: str, size: int) -> int:
    """Reserve ``size`` consecutive numbers of the day's counter; returns the first."""
    dialect = conn.dialect.name
    insert_ = pg_insert if dialect == "postgresql" else sqlite_insert
    values = {"counter_code": counter, "business_date": day, "kind": kind, "last": 0}
    conn.execute(insert_(DailyCounter).values(**values).on_conflict_do_nothing())
    last = conn.execute(
        update(DailyCounter)
        .where(
            DailyCounter.counter_code == counter,
            DailyCounter.business_date == day,
            DailyCounter.kind == kind,
        )
        .values(last=DailyCounter.last + size)
        .returning(DailyCounter.last)
    ).scalar_one()
    return int(last) - size + 1


SEED_CACHE_KIB = 262_144  # SQLite's page cache while a batch is written: the indexes' pages


@contextmanager
def _page_cache(conn: Connection) -> Iterator[None]:
    """A large SQLite page cache while a batch is inserted (the default 2 MB makes every
    insert into the big indexes read their pages again), the connection's own afterwards."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{SEED_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(before or -2000)}")


def insert_rows(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """``INSERT`` the rows, each value converted by its column's own bind processor (as
    ``conn.execute(insert(table), rows)`` would store it), then handed to the driver's
    ``executemany`` as tuples: SQLAlchemy's per-row parameter handling cost more than the
    inserts themselves (issue 17). A column left out of a row gets its default."""
    dialect = conn.dialect
    if dialect.name != "sqlite":  # psycopg: COPY would need its own value formats
        conn.execute(insert(table), rows)
        return
    names = [c.name for c in table.columns if c.name in rows[0]]
    missing = [c for c in table.columns if c.name not in rows[0]]
    if missing or any(len(row) != len(names) for row in rows):
        conn.execute(insert(table), rows)  # defaults to fill: the general path
        return
    processors = [table.c[name].type._cached_bind_processor(dialect) for name in names]
    converted = [(i, p) for i, p in enumerate(processors) if p is not None]
    values = []
    for row in rows:
        line = [row[name] for name in names]
        for i, process in converted:
            line[i] = process(line[i])
        values.append(tuple(line))
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" * len(names))
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', values)


@functools.lru_cache(maxsize=512)
def _uuid(text: str) -> uuid.UUID:
    return uuid.UUID(text)


class BulkWriter:
    """Turns plans into rows and inserts them; numbers come from ``take_block``."""

    def __init__(self, rng: random.Random, hall_code: str, days: Sequence[date]) -> None:
        self._rng, self._hall, self._days = rng, hall_code, days

    def write(self, conn: Connection, plans: Sequence[CasePlan]) -> int:
        """Insert the batch on ``conn`` (inside the caller's transaction); returns rows."""
        numbers = self._numbers(conn, plans, "case", lambda p: True)
        receipts = self._numbers(conn, plans, "receipt", lambda p: p.payment is not None)
        rows = Rows.empty()
        for plan in plans:
            self._rows(rows, plan, numbers, receipts)
        with _page_cache(conn):
            for name, table in TABLES.items():
                if rows.tables[name]:
                    insert_rows(conn, table, rows.tables[name])
        return rows.count

    def _numbers(
        self, conn: Connection, plans: Sequence[CasePlan], kind: str, wanted: Any
    ) -> dict[int, int]:
        """id(plan) -> sequence number, in plan order within each counter and day."""
        groups = Counter((p.counter, p.day) for p in plans if wanted(p))
        nexts = {
            key: take_block(conn, key[0], self._days[key[1]], kind, size)
            for key, size in sorted(groups.items())
        }
        result: dict[int, int] = {}
        for plan in plans:
            if wanted(plan):
                key = (plan.counter, plan.day)
                result[id(plan)] = nexts[key]
                nexts[key] += 1
        return result

    def _clock(self, day: int, after: datetime | None) -> datetime:
        """A moment of opening hours on working day ``day``, later than ``after``."""
        rng = self._rng
        on = self._days[day]
        if after is not None and after.astimezone(HALL_TZ).date() >= on:
            return after + timedelta(minutes=rng.randint(3, 90))
        start = datetime.combine(on, _OPEN, HALL_TZ) + timedelta(minutes=rng.randint(0, 480))
        return start.astimezone(UTC)

    def _outcomes(
        self, t: dict[str, list[Row]], case_id: uuid.UUID, plan: CasePlan, stamps: list[datetime]
    ) -> None:
        """Decisions and the delivery as the approval and delivery services record them (the
        hall's figures count these rows, not the history's lines)."""
        decisions, deliveries = outcome_rows(case_id, plan, stamps)
        t["case_decision"] += decisions
        t["delivery"] += deliveries

    def _rows(
        self, rows: Rows, plan: CasePlan, numbers: dict[int, int], receipts: dict[int, int]
    ) -> None:
        t = rows.tables
        case_id = new_uuid7()
        received_on = self._days[plan.day]
        stamps: list[datetime] = [plan.received_at] if plan.received_at else []
        for event in plan.events[len(stamps) :]:
            stamps.append(self._clock(event.day, stamps[-1] if stamps else None))
        received_at = stamps[0]
        applicant = plan.applicant
        if plan.new_applicant:
            t["applicant"].append(
                {
                    "id": plan.applicant_id,
                    "row_version": 1,
                    "created_at": received_at,
                    "updated_at": received_at,
                    "deleted": False,
                    "kind": applicant.kind,
                    "name": applicant.name,
                    "id_type": applicant.id_type,
                    "id_number": applicant.id_number,
                    "phone": applicant.phone,
                    "address": applicant.address,
                    "postal_code": applicant.postal_code,
                    "legal_representative": applicant.legal_representative,
                    "contact_name": applicant.contact_name,
                }
            )
        number = case_number(self._hall, received_on, plan.counter, numbers[id(plan)])
        t["cases"].append(
            {
                "id": case_id,
                "row_version": len(plan.events),  # each later step bumped it once
                "created_at": received_at,
                "updated_at": stamps[-1],
                "deleted": False,
                "number": number,
                "status": plan.status,
                "applicant_id": plan.applicant_id,
                "agent": plan.agent,
                "received_on": received_on,
                "received_at": received_at,
                "received_by": plan.staff,
                "counter_code": plan.counter,
                "time_limit_days": plan.time_limit,
                "promised_on": plan.promised_on,
                "supplement_deadline": plan.supplement_deadline,
                "reasons": list(plan.reasons),
                "result": plan.result,
                "notes": "",
                "draft_key": str(new_uuid7()),  # time-ordered: appends to the index
                "ticket_id": plan.ticket_id,
            }
        )
        for position, item in enumerate(plan.items):
            t["case_item"].append(
                {
                    "id": new_uuid7(),
                    "case_id": case_id,
                    "item_id": _uuid(item.id),
                    "item_version": item.version,
                    "item_number": item.number,
                    "item_name": item.name,
                    "position": position,
                }
            )
        for position, m in enumerate(plan.materials):
            t["case_material"].append(
                {
                    "id": new_uuid7(),
                    "case_id": case_id,
                    "name": m.name,
                    "requirement": m.requirement,
                    "original_required": m.original_required,
                    "copies_required": m.copies_required,
                    "received": m.received,
                    "received_copies": m.received_copies,
                    "received_original": m.received_original,
                    "extra": m.extra,
                    "for_items": list(m.for_items),
                    "position": position,
                }
            )
        events = [
            (at, e.action, e.from_status, e.to_status, e.note)
            for at, e in zip(stamps, plan.events, strict=True)
        ]
        if plan.payment is not None:
            pay = plan.payment
            paid_at = received_at + timedelta(
                minutes=self._rng.randint(1, 2)
            )  # before the next step
            status = plan.events[0].to_status
            t["payment"].append(
                {
                    "id": new_uuid7(),
                    "case_id": case_id,
                    "receipt_number": receipt_number(
                        self._hall, received_on, plan.counter, receipts[id(plan)]
                    ),
                    "payer": applicant.name,
                    "lines": list(pay.lines),
                    "amount": pay.amount,
                    "channel": pay.channel,
                    "transaction_ref": pay.transaction_ref,
                    "paid_at": paid_at,
                    "business_date": received_on,
                    "counter_code": plan.counter,
                    "cashier": plan.staff,
                    "voids_id": None,
                }
            )
            note = tr("收费 {a} 元（{c}）", a=pay.amount, c=CHANNELS[pay.channel])
            events.insert(1, (paid_at, "payment", status, status, note))
        authority = plan.competent_authority
        for at, action, old, new, note in events:
            t["case_event"].append(
                {
                    "id": new_uuid7(),
                    "case_id": case_id,
                    "at": at,
                    "actor": plan.staff,
                    "action": action,
                    "from_status": old,
                    "to_status": new,
                    "note": note,
                    "data": {"competent_authority": authority}
                    if authority and new == "refused"
                    else None,
                }
            )
        self._outcomes(t, case_id, plan, stamps)
        for reason, pause in (("supplement", plan.pause), ("correction", plan.correction)):
            if pause is not None:
                start, end = pause
                t["case_pause"].append(
                    {
                        "id": new_uuid7(),
                        "case_id": case_id,
                        "reason": reason,
                        "start_on": self._days[start],
                        "end_on": None if end is None else self._days[end],
                    }
                )
