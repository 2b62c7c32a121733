"""Visits in SQL: the ``queue_visit`` table (db/visits.py derives it from the queue log, one
row per ticket and call, as counter_app/queue/rules/times.py defines visits), cut to a
period. The reader refreshes the table before figures are read (``refresh``).

``visits_cte`` is a CTE named ``visits``; the caller appends its own CTEs and a SELECT.
Parameters: ``:d0`` and ``:d1``, the business dates (both included).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import Connection

from counter_app.reports.dialect import Dialect
from db import visits as derived
from db.engine import Database


def visits_cte(d: Dialect) -> str:
    """``visits``: ticket_id, vno, day, number, window_no, staff, category, queued_at,
    called_at, started_at, ended_at, outcome, recalls, served, no_show, wait_s, service_s,
    walk_s."""
    del d  # the same on both engines
    return f"""
visits AS (
  SELECT {derived.COLUMNS} FROM queue_visit WHERE day BETWEEN :d0 AND :d1
)"""


def refresh(
    begin: Callable[[], AbstractContextManager[Connection]],
    cancel: threading.Event | None = None,
) -> int:
    """Bring ``queue_visit`` up to the log, one short transaction per batch (the queue's
    writers wait at most one batch); the tickets recomputed."""
    done = 0
    for taken in _batches(begin, cancel):
        done += taken
    return done


def refresh_local(database: Database, cancel: threading.Event | None = None) -> int:
    """``refresh`` on this PC's own database (its writes in BEGIN IMMEDIATE on SQLite)."""
    return refresh(lambda: _local_write(database), cancel)


@contextmanager
def _local_write(database: Database) -> Iterator[Connection]:
    with database.write() as session:
        yield session.connection()


def _batches(
    begin: Callable[[], AbstractContextManager[Connection]], cancel: threading.Event | None
) -> Iterator[int]:
    while cancel is None or not cancel.is_set():
        with begin() as conn:
            taken = derived.refresh_batch(conn)
        if taken == 0:
            return
        yield taken
        if taken < derived.BATCH:
            return
