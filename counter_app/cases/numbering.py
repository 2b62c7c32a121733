"""Per counter and day numbers (cases, receipts), taken inside the caller's transaction.

One ``INSERT ... ON CONFLICT DO NOTHING`` creates the day's row, then ``UPDATE ... RETURNING``
increments it; on SQLite the surrounding BEGIN IMMEDIATE and on PostgreSQL the row lock make
the pair atomic, so two processes never get the same number (a select-then-update did).
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.models import Case, DailyCounter, Payment


def next_number(session: Session, counter_code: str, day: date, kind: str) -> int:
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    values = {"counter_code": counter_code, "business_date": day, "kind": kind, "last": 0}
    session.execute(insert(DailyCounter).values(**values).on_conflict_do_nothing())
    result = session.execute(
        update(DailyCounter)
        .where(
            DailyCounter.counter_code == counter_code,
            DailyCounter.business_date == day,
            DailyCounter.kind == kind,
        )
        .values(last=DailyCounter.last + 1)
        .returning(DailyCounter.last)
    )
    return int(result.scalar_one())


_TRAILING = re.compile(r"(\d+)$")


def resume_from_records(session: Session, counter_code: str) -> int:
    """After this PC joined a hall whose central already holds this counter's cases and
    receipts (a reinstalled PC keeping its counter code), continue each day's numbers after
    the highest one there, so that no number is given twice. Returns the days corrected."""
    found: dict[tuple[date, str], int] = {}
    sources = (
        ("case", select(Case.received_on, Case.number).where(Case.counter_code == counter_code)),
        (
            "receipt",
            select(Payment.business_date, Payment.receipt_number).where(
                Payment.counter_code == counter_code
            ),
        ),
    )
    for kind, query in sources:
        for day, number in session.execute(query):
            match = _TRAILING.search(number)
            if match is not None:
                key = (day, kind)
                found[key] = max(found.get(key, 0), int(match.group(1)))
    for (day, kind), highest in found.items():
        row = session.get(DailyCounter, (counter_code, day, kind))
        if row is None:
            session.add(
                DailyCounter(counter_code=counter_code, business_date=day, kind=kind, last=highest)
            )
        elif row.last < highest:
            row.last = highest
    return len(found)
