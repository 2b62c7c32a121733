"""Pull pages as the central hands them out typed (``sync_pull_rows``, db/sync/central_pull.py),
written to SQLite without a JSON detour, and fetched one page ahead of the writing.

A page's ``'t'`` rows hold a table's rows as lists of text in SQLite's stored form (the
driver makes them from one two-dimensional array), column order given by the page's ``'h'``
row: they go to one prepared ``INSERT ... ON CONFLICT`` per table on the driver's
``executemany`` as they are (no per-row dicts, no SQLAlchemy processors, no Python loop over
the rows unless some are skipped). ``'j'`` rows (a table or row the central found unusual)
and deletions take ``outbox.apply_rows``, the long way, as every row did before. A page whose
header this program does not expect (a column it does not know, or whose type it does not
store as plain text) is fetched again from ``sync_pull``, the JSON page, and applied the long
way.

The bookkeeping is the caller's, unchanged: each page is written with its cursor in one local
transaction (client.py), so an interrupted pull resumes after the last page written.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    Numeric,
    String,
    TypeDecorator,
    Uuid,
)

from db.base import UTCDateTime
from db.engine import foreign_keys_off, page_cache
from db.sync import outbox
from db.sync.codec import key_text, raw_to_wire
from db.sync.tables import BY_NAME

logger = logging.getLogger(__name__)

TYPED_SQL = "SELECT kind, seq, tbl, key, vals, keys FROM sync_pull_rows(%s, %s, %s, %s, %s, %s)"
CACHE_KIB = 131_072  # SQLite's page cache while a pull writes (memory only as pages are read)
FIRST_PAGE = 1250
JSON_SQL = "SELECT sync_pull(%s, %s, %s, %s, %s, %s)::text"


@dataclass
class Page:
    end: list[Any]  # [server_seq, tbl, key] of the page's last row: the cursor to save with it
    more: bool
    # table -> (columns, rows): each row the values of ``columns``, as SQLite stores them
    typed: dict[str, tuple[tuple[str, ...], list[list[str | None]]]] = field(default_factory=dict)
    rows: list[tuple[str, str, dict[str, Any] | None]] = field(default_factory=list)  # long way


@cache
def plain(tbl: str, column: str) -> bool:
    """The column's SQLite stored form is the text the central sends (with the column's
    affinity turning numerals into numbers, as for the ORM's own values)."""
    spec = BY_NAME.get(tbl)
    if spec is None or spec.direction != "both" or column in spec.local_columns:
        return False
    if column not in spec.table.c:
        return False
    col_type = spec.table.c[column].type
    if isinstance(col_type, UTCDateTime):
        return True
    if isinstance(col_type, TypeDecorator):
        return False
    if isinstance(col_type, DateTime):
        return False  # naive times: not what the central formats
    return isinstance(col_type, Uuid | Date | Boolean | Integer | Float | Numeric | String | JSON)


def _call(
    engine: Engine, sql: str, params: tuple[Any, ...], binary: bool = False
) -> list[tuple[Any, ...]]:
    """The driver's own rows (tuples; text arrays as lists), not SQLAlchemy's Row objects."""
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        cur = raw.cursor(binary=binary) if binary else raw.cursor()
        try:
            cur.execute(sql, params)
            rows: list[tuple[Any, ...]] = [tuple(row) for row in cur.fetchall()]
        finally:
            cur.close()
        conn.rollback()
        return rows


def fetch_page(
    central: Engine, client: str, cursor: list[Any], size: int, full: bool
) -> Page | None:
    """The page after ``cursor``; None when there is nothing after it."""
    params = (client, int(cursor[0]), str(cursor[1]), str(cursor[2]), size, full)
    answer = _call(central, TYPED_SQL, params, binary=True)  # arrays without their quoting
    if not answer:
        return None
    kind, seq, tbl, key, vals, _keys = answer[-1]
    if kind != "e":
        raise ValueError("sync_pull_rows: a page without its end")
    page = Page([int(seq), str(tbl), str(key)], vals == ["true"])
    columns: dict[str, tuple[str, ...]] = {}
    for kind, _seq, tbl, _key, vals, keys in answer[:-1]:
        if kind == "t":
            if tbl not in columns:
                raise ValueError(f"sync_pull_rows: rows of {tbl} without their columns")
            page.typed[tbl] = (columns[tbl], vals)
        elif kind == "h":
            if not all(plain(tbl, c) for c in vals) or BY_NAME[tbl].pk not in vals:
                logger.warning("pull: unexpected columns of %s %s: the JSON page", tbl, vals)
                return _json_page(central, params)
            columns[tbl] = tuple(vals)
        elif kind == "j":
            page.rows += [(tbl, k, json.loads(row[0])) for k, row in zip(keys, vals, strict=True)]
        elif kind == "d":
            page.rows += [(tbl, k, None) for k in keys]
        else:
            raise ValueError(f"sync_pull_rows: unknown row kind {kind!r}")
    return page


def _json_page(central: Engine, params: tuple[Any, ...]) -> Page | None:
    ((raw,),) = _call(central, JSON_SQL, params)
    body = json.loads(raw)
    if body["end"] is None:
        return None
    rows = [(str(t), str(k), data) for t, k, data in body["rows"]]
    return Page([int(body["end"][0]), *body["end"][1:]], bool(body["more"]), rows=rows)


def apply_page(conn: Connection, page: Page, skip: set[tuple[str, str]]) -> int:
    """Write the page's rows (but those in ``skip``: rows with a local change waiting) in the
    caller's transaction; returns how many were written."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    count = 0
    for tbl, (columns, rows) in page.typed.items():
        values = rows
        if skip:
            key = _key_reader(tbl, columns)
            values = [row for row in rows if (tbl, key(row)) not in skip]
        if not values:
            continue
        sql, _processors = outbox.upsert_plan(tbl, columns)
        raw.executemany(sql, values)
        count += len(values)
    if page.rows:
        count += outbox.apply_rows(conn, page.rows, skip)
    return count


@cache
def _key_reader(tbl: str, columns: tuple[str, ...]) -> Callable[[list[Any]], str]:
    """A typed row's key as the central and ``outbox.pending_keys`` write it."""
    spec = BY_NAME[tbl]
    at = columns.index(spec.pk)
    return lambda row: key_text(raw_to_wire(spec.table, spec.pk, row[at]))


def page_sizes(largest: int, first: int = FIRST_PAGE) -> Iterator[int]:
    """Small pages first, doubling up to ``largest``: the first page is written while the
    next is fetched sooner (nothing overlaps the first fetch), and a large pull takes few
    local commits."""
    size = max(1, min(first, largest))
    while True:
        yield size
        size = min(size * 2, largest)


@contextmanager
def writer(engine: Engine) -> Iterator[Connection]:
    """One connection for all the pages of a pull: foreign keys off (pages come in commit
    order, not parents first) and a large page cache while they are written (with SQLite's
    default 2 MB, every page's rows read the indexes' pages again from the file)."""
    with engine.connect() as conn, foreign_keys_off(conn), page_cache(conn, CACHE_KIB):
        yield conn


def prefetched(fetch: Callable[[list[Any]], Page | None], cursor: list[Any]) -> Iterator[Page]:
    """The pages from ``cursor`` on, the next one fetched (in a thread) while the caller writes
    this one; an error fetching is raised where that page would have come."""
    handoff: queue.Queue[Page | BaseException | None] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def run() -> None:
        at = cursor
        try:
            while not stop.is_set():
                page = fetch(at)
                handoff.put(page)
                if page is None or not page.more:
                    return
                at = page.end
        except BaseException as exc:  # handed to the caller
            handoff.put(exc)

    worker = threading.Thread(target=run, name="sync-pull-fetch", daemon=True)
    worker.start()
    try:
        while True:
            item = handoff.get()
            if isinstance(item, BaseException):
                raise item
            if item is None:
                return
            yield item
            if not item.more:
                return
    finally:
        stop.set()
        while worker.is_alive():  # let it finish what it is fetching, then stop
            with contextlib.suppress(queue.Empty):
                handoff.get(timeout=0.05)
        worker.join()
