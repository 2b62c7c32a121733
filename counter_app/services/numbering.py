"""Per counter and day numbers (cases, receipts), taken inside the caller's transaction.

One ``INSERT ... ON CONFLICT DO NOTHING`` creates the day's row, then ``UPDATE ... RETURNING``
increments it; on SQLite the surrounding BEGIN IMMEDIATE and on PostgreSQL the row lock make
the pair atomic, so two processes never get the same number (a select-then-update did).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from db.models import DailyCounter


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
