"""Rows handed to the database driver in bulk, for the demo seed (issue 17).

SQLAlchemy's per-row parameter handling (a dict per row, each value through its type's bind
processor) cost more than the inserts themselves. Here rows are tuples in a fixed column
order; on SQLite each column's value is converted by a converter that gives exactly what the
column's own bind processor gives (tests/demo/test_driver_rows.py checks both agree), with
the repeated JSON values (empty lists, the same ``for_items``) serialised once; the tuples go
to the driver's ``executemany``. Keys are UUIDv7 made in blocks (``Keys``), as 32-digit hex:
the form SQLite stores a ``Uuid`` column in. PostgreSQL takes the general path.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, Uuid, insert

from db.base import UTCDateTime
from db.engine import page_cache as engine_page_cache

Converter = Callable[[Any], Any]
_BLOCK = 4096  # keys a millisecond (the 12-bit counter)
_MS48 = (1 << 48) - 1
_COUNTERS = tuple(f"7{counter:03x}" for counter in range(_BLOCK))
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}
_JSON_CACHE_MAX = 20_000


class Keys:
    """UUIDv7 keys (RFC 9562 layout, as db/ids.new_uuid7) as 32-digit lowercase hex, strictly
    increasing: a block of 4,096 shares one millisecond and counts through the 12-bit
    counter; the 62 random bits of a whole block come from one ``os.urandom``. The hex is
    put together from text (the millisecond's, the counter's, the random tail's) rather than
    formatted from a 128-bit number per key."""

    def __init__(self) -> None:
        self._last_ms = 0
        self.next: Callable[[], str] = self._stream().__next__

    def _stream(self) -> Iterator[str]:
        while True:
            ms = max(time.time_ns() // 1_000_000, self._last_ms + 1)
            self._last_ms = ms
            head = f"{ms & _MS48:012x}"  # 48 bits of milliseconds
            heads = [head + counter for counter in _COUNTERS]  # version 7, 12-bit counter
            noise = os.urandom(8 * _BLOCK).hex()  # 16 hex digits a key
            # the variant (0b10) and 62 random bits: 2 bits of the first digit, 15 digits
            tails = [_VARIANT[noise[i]] + noise[i + 1 : i + 16] for i in range(0, len(noise), 16)]
            yield from map(str.__add__, heads, tails)

    def dashed(self) -> str:
        """A key in the usual 8-4-4-4-12 form (``str(uuid)``)."""
        h = self.next()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def as_uuid(value: Any) -> Any:
    """A key from ``Keys`` (hex) as ``uuid.UUID``; anything else unchanged."""
    return uuid.UUID(hex=value) if isinstance(value, str) else value


def _uuid_hex(value: Any) -> Any:
    if value is None or value.__class__ is str:
        return value  # None, or a key from Keys: hex already
    return value.hex


def _format_utc(value: datetime) -> str:
    """UTCDateTime then SQLite's DATETIME: 'YYYY-MM-DD HH:MM:SS.ffffff' of the UTC time."""
    if value.tzinfo is not UTC:
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]


# The text of each moment seen lately: a seed writes each moment ~3 times (a case's creation,
# reception and first history line; a ticket's columns and its log lines), and formatting an
# aware datetime costs ~1 us. Equal aware datetimes are the same instant: the same UTC text.
_UTC_TEXTS: dict[Any, str | None] = {None: None}
_UTC_TEXTS_MAX = 400_000


def _utc_text(value: datetime | None) -> str | None:
    try:
        return _UTC_TEXTS[value]
    except KeyError:
        pass
    text = _format_utc(value)  # type: ignore[arg-type]
    if len(_UTC_TEXTS) >= _UTC_TEXTS_MAX:
        _UTC_TEXTS.clear()
        _UTC_TEXTS[None] = None
    _UTC_TEXTS[value] = text
    return text


def _date_text(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _json(process: Converter) -> Converter:
    """The JSON column's own serialiser, remembering the text of hashable values (tuples of
    numbers or strings, None): most rows repeat a few of them."""
    cache: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        if value.__class__ is list and not value:
            value = ()
        if value is None or value.__class__ is tuple:
            try:
                return cache[value]
            except KeyError:
                text = process(value)
                if len(cache) < _JSON_CACHE_MAX:
                    cache[value] = text
                return text
            except TypeError:  # a tuple holding dicts: not hashable
                pass
        return process(value)

    return convert


def converter(column: Any, dialect: Any) -> Converter | None:
    """What SQLite's driver gets for a value of ``column`` (None: the value as it is)."""
    kind = column.type
    if isinstance(kind, Uuid):
        return _uuid_hex
    if isinstance(kind, UTCDateTime):
        return _utc_text
    if isinstance(kind, Date):
        return _date_text
    if isinstance(kind, Boolean):
        return None  # sqlite3 stores True/False as 1/0, as the processor does
    process = kind._cached_bind_processor(dialect)
    if process is not None and isinstance(kind, JSON):
        return _json(process)
    return process  # type: ignore[no-any-return]


Row = tuple[Any, ...]
_BUILDERS: dict[tuple[str, tuple[str, ...]], Callable[[Row], Row] | None] = {}


def _builder(table: Any, names: Sequence[str], dialect: Any) -> Callable[[Row], Row] | None:
    """A function from a row to the driver's row, each column through its converter (None:
    the rows go as they are). Made once per table and column order as one expression
    (``lambda r: (c0(r[0]), r[1], ...)``): mapping it over the rows costs less than taking
    the rows apart into columns and zipping them again."""
    key = (table.name, tuple(names))
    if key not in _BUILDERS:
        convert = {i: converter(table.c[n], dialect) for i, n in enumerate(names)}
        used = {f"c{i}": f for i, f in convert.items() if f is not None}
        parts = [f"c{i}(r[{i}])" if f"c{i}" in used else f"r[{i}]" for i in range(len(names))]
        # built from column positions only: no name or value of the data is in the source
        source = f"lambda r: ({', '.join(parts)},)"
        _BUILDERS[key] = eval(source, used) if used else None
    return _BUILDERS[key]


def insert_rows(
    conn: Connection, table: Any, rows: list[Any], names: Sequence[str] | None = None
) -> None:
    """``INSERT`` the rows: tuples in the order of ``names``, or dicts (``names`` None: the
    first row's keys). Every column must be given but an autoincrement key; else (and on
    PostgreSQL) the general path, where columns left out get their defaults."""
    if not rows:
        return
    if names is None:
        names = list(rows[0])
        get = itemgetter(*names)  # one name: a bare value, not a tuple
        rows = list(map(get, rows)) if len(names) > 1 else [(get(row),) for row in rows]
    left = {c.name for c in table.columns} - set(names)
    auto = table.autoincrement_column
    if conn.dialect.name != "sqlite" or left - ({auto.name} if auto is not None else set()):
        uuids = [n for n in names if isinstance(table.c[n].type, Uuid)]
        dicts = [dict(zip(names, row, strict=True)) for row in rows]
        for row in dicts:
            for name in uuids:
                row[name] = as_uuid(row[name])
        for start in range(0, len(dicts), 5_000):
            conn.execute(insert(table), dicts[start : start + 5_000])
        return
    build = _builder(table, names, conn.dialect)
    values = rows if build is None else list(map(build, rows))
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" * len(names))
    conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({quoted}) VALUES ({marks})', values)


SEED_CACHE_KIB = 262_144  # SQLite's page cache while a batch is written: the indexes' pages


def page_cache(conn: Connection) -> AbstractContextManager[None]:
    """A large SQLite page cache while a seed's batch is inserted (db.engine.page_cache)."""
    return engine_page_cache(conn, SEED_CACHE_KIB)
