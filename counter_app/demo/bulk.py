"""Writing planned demo cases in bulk: Core ``insert()`` executemany, one transaction a batch.

Each batch takes its case and receipt numbers the way the reception service does, as blocks
from ``daily_counter`` (``INSERT ... ON CONFLICT DO NOTHING`` then ``UPDATE ... SET last =
last + k RETURNING last``) inside the same transaction as its rows, so numbers stay unique
against cases received meanwhile, and ``daily_counter`` always holds the last number used.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from counter_app.cases.payments import CHANNELS
from counter_app.cases.rules.reception import MaterialLine, case_number, receipt_number
from counter_app.demo.driver import Keys, insert_rows, page_cache
from counter_app.demo.outcomes import outcome_rows
from counter_app.demo.plan import HALL_TZ, CasePlan
from counter_app.hall.rules.catalog import ItemView
from counter_app.i18n import tr
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
_MINUTES = tuple(timedelta(minutes=m) for m in range(482))  # made once: ~4 a case
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


# The column order of the tuples each table's rows are built in (the others: dicts).
COLUMNS: dict[str, tuple[str, ...]] = {
    "applicant": (
        *("id", "row_version", "created_at", "updated_at", "deleted", "kind", "name"),
        *("id_type", "id_number", "phone", "address", "postal_code"),
        *("legal_representative", "contact_name"),
    ),
    "cases": (
        *("id", "row_version", "created_at", "updated_at", "deleted", "number", "status"),
        *("applicant_id", "agent", "received_on", "received_at", "received_by"),
        *("counter_code", "time_limit_days", "promised_on", "supplement_deadline", "reasons"),
        *("result", "notes", "draft_key", "ticket_id", "external_authority"),
    ),
    "case_item": (
        *("id", "case_id", "item_id", "item_version", "item_number", "item_name", "position"),
    ),
    "case_material": (
        *("id", "case_id", "name", "requirement", "original_required", "copies_required"),
        *("received", "received_copies", "received_original", "extra", "for_items"),
        *("position", "received_at"),
    ),
    "case_event": (
        *("id", "case_id", "at", "actor", "action", "from_status", "to_status", "note", "data"),
    ),
    "case_pause": ("id", "case_id", "reason", "start_on", "end_on"),
    "payment": (
        *("id", "case_id", "receipt_number", "payer", "lines", "amount", "channel"),
        *("transaction_ref", "paid_at", "business_date", "counter_code", "cashier", "voids_id"),
    ),
}


@dataclass
class Rows:
    """Rows of one batch, per table, in insert order (parents first): tuples in the order of
    ``COLUMNS`` where the table has one, else dicts."""

    tables: dict[str, list[Any]]

    @classmethod
    def empty(cls) -> Rows:
        return cls({name: [] for name in TABLES})

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


_TAKE_SQLITE = (
    "INSERT INTO daily_counter (counter_code, business_date, kind, last) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (counter_code, business_date, kind) DO UPDATE SET last = last + excluded.last "
    "RETURNING last"
)


def take_block(conn: Connection, counter: str, day: date, kind: str, size: int) -> int:
    """Reserve ``size`` consecutive numbers of the day's counter; returns the first."""
    dialect = conn.dialect.name
    if dialect == "sqlite":  # one statement, straight to the driver (~800 a 20k-case seed)
        params = (counter, day.isoformat(), kind, size)
        return int(conn.exec_driver_sql(_TAKE_SQLITE, params).scalar_one()) - size + 1
    values = {"counter_code": counter, "business_date": day, "kind": kind, "last": 0}
    conn.execute(pg_insert(DailyCounter).values(**values).on_conflict_do_nothing())
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


def _hex(text: str) -> str:
    return uuid.UUID(text).hex


class BulkWriter:
    """Turns plans into rows and inserts them; numbers come from ``take_block``."""

    def __init__(self, rng: random.Random, hall_code: str, days: Sequence[date]) -> None:
        self._rng, self._hall, self._days = rng, hall_code, days
        self._keys = Keys()
        # What each working day's cases share: its date, as text, and its opening moment.
        self._opening = [datetime.combine(d, _OPEN, HALL_TZ).astimezone(UTC) for d in days]
        self._midnight = [datetime.combine(d, time(0), HALL_TZ) for d in days]
        self._items: dict[str, tuple[Any, ...]] = {}
        self._tails: dict[int, tuple[tuple[MaterialLine, ...], list[tuple[Any, ...]]]] = {}

    def write(self, conn: Connection, plans: Sequence[CasePlan]) -> int:
        """Insert the batch on ``conn`` (inside the caller's transaction); returns rows."""
        numbers = self._numbers(conn, plans, "case", lambda p: True)
        receipts = self._numbers(conn, plans, "receipt", lambda p: p.payment is not None)
        rows = Rows.empty()
        for plan in plans:
            self._rows(rows, plan, numbers, receipts)
        with page_cache(conn):
            for name, table in TABLES.items():
                insert_rows(conn, table, rows.tables[name], COLUMNS.get(name))
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
        if after is not None and after >= self._midnight[day]:  # on that day (hall time) or later
            return after + _MINUTES[3 + int(self._rng.random() * 88)]
        return self._opening[day] + _MINUTES[int(self._rng.random() * 481)]

    def _material_tails(self, lines: tuple[MaterialLine, ...]) -> list[tuple[Any, ...]]:
        """The case_material values of a checklist after its key and case: made once per
        checklist (the planner shares one tuple per choice of items; others are made anew)."""
        found = self._tails.get(id(lines))
        if found is not None and found[0] is lines:
            return found[1]
        tails = [
            (
                *(m.name, m.requirement, m.original_required, m.copies_required, m.received),
                *(m.received_copies, m.received_original, m.extra, m.for_items, position, None),
            )
            for position, m in enumerate(lines)
        ]
        if len(self._tails) < 5_000:
            self._tails[id(lines)] = (lines, tails)  # the tuple kept: its id stays its own
        return tails

    def _item_tail(self, item: ItemView) -> tuple[Any, ...]:
        found = self._items.get(item.id)
        if found is None:
            found = self._items[item.id] = (_hex(item.id), item.version, item.number, item.name)
        return found

    def _rows(
        self, rows: Rows, plan: CasePlan, numbers: dict[int, int], receipts: dict[int, int]
    ) -> None:
        t = rows.tables
        key = self._keys.next
        case_id = key()
        received_on = self._days[plan.day]
        stamps: list[datetime] = [plan.received_at] if plan.received_at else []
        for event in plan.events[len(stamps) :]:
            stamps.append(self._clock(event.day, stamps[-1] if stamps else None))
        received_at = stamps[0]
        applicant = plan.applicant
        if plan.new_applicant:
            a = applicant
            t["applicant"].append(
                (
                    plan.applicant_id,
                    1,
                    received_at,
                    received_at,
                    False,
                    a.kind,
                    a.name,
                    a.id_type,
                    a.id_number,
                    a.phone,
                    a.address,
                    a.postal_code,
                    a.legal_representative,
                    a.contact_name,
                )
            )
        number = case_number(self._hall, received_on, plan.counter, numbers[id(plan)])
        t["cases"].append(
            # row_version: each later step bumped it once; draft_key time-ordered: appends
            (
                case_id,
                len(plan.events),
                received_at,
                stamps[-1],
                False,
                number,
                plan.status,
                plan.applicant_id,
                plan.agent,
                received_on,
                received_at,
                plan.staff,
                plan.counter,
                plan.time_limit,
                plan.promised_on,
                plan.supplement_deadline,
                plan.reasons,
                plan.result,
                "",
                self._keys.dashed(),
                plan.ticket_id,
                "",
            )
        )
        items, tail = t["case_item"], self._item_tail
        for position, item in enumerate(plan.items):
            items.append((key(), case_id, *tail(item), position))
        t["case_material"] += [
            (key(), case_id, *rest) for rest in self._material_tails(plan.materials)
        ]
        events = [
            (at, e.action, e.from_status, e.to_status, e.note)
            for at, e in zip(stamps, plan.events, strict=True)
        ]
        if plan.payment is not None:
            pay = plan.payment
            paid_at = received_at + timedelta(minutes=self._rng.randint(1, 2))  # before the next
            status = plan.events[0].to_status
            receipt = receipt_number(self._hall, received_on, plan.counter, receipts[id(plan)])
            t["payment"].append(
                (
                    key(),
                    case_id,
                    receipt,
                    applicant.name,
                    pay.lines,
                    pay.amount,
                    pay.channel,
                    pay.transaction_ref,
                    paid_at,
                    received_on,
                    plan.counter,
                    plan.staff,
                    None,
                )
            )
            note = tr("收费 {a} 元（{c}）", a=pay.amount, c=CHANNELS[pay.channel])
            events.insert(1, (paid_at, "payment", status, status, note))
        authority = plan.competent_authority
        refused = {"competent_authority": authority} if authority else None
        history, staff = t["case_event"], plan.staff
        for at, action, old, new, note in events:
            data = refused if refused and new == "refused" else None
            history.append((key(), case_id, at, staff, action, old, new, note, data))
        decisions, deliveries = outcome_rows(case_id, plan, stamps, key)
        t["case_decision"] += decisions
        t["delivery"] += deliveries
        for reason, pause in (("supplement", plan.pause), ("correction", plan.correction)):
            if pause is not None:
                start, end = pause
                stop = None if end is None else self._days[end]
                t["case_pause"].append((key(), case_id, reason, self._days[start], stop))
