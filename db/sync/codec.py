"""Row values between SQLite storage, Python and the wire (JSON the central understands).

The wire form is what PostgreSQL's ``jsonb_populate_record`` reads and ``to_jsonb`` writes:
UUIDs with dashes, ISO 8601 times in UTC, dates, decimals as strings, ``\\x``-hex bytes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    TypeDecorator,
    Uuid,
)
from sqlalchemy.dialects import sqlite

_SQLITE = sqlite.dialect()


def to_wire(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    return value


def key_text(value: Any) -> str:
    """The primary key as the text both sides agree on (``to_jsonb(row) ->> pk`` on the central)."""
    wired = to_wire(value)
    return wired if isinstance(wired, str) else json.dumps(wired)


def is_blob(table: Table, column: str) -> bool:
    return isinstance(table.c[column].type, LargeBinary)


@cache
def _raw_reader(table: Table, column: str) -> Callable[[Any], Any]:
    """Turns what SQLite stored (as captured by a trigger) into the Python value."""
    col_type = table.c[column].type
    if isinstance(col_type, LargeBinary):
        return lambda raw: None if raw is None else bytes.fromhex(raw)
    impl = col_type.dialect_impl(_SQLITE)
    processor = impl.result_processor(_SQLITE, None)
    if isinstance(col_type, JSON):
        # The trigger stored JSON text as a string.
        return lambda raw: None if raw is None else (processor(raw) if processor else raw)
    return processor if processor is not None else (lambda raw: raw)


def raw_to_python(table: Table, column: str, raw: Any) -> Any:
    return _raw_reader(table, column)(raw)


def raw_to_wire(table: Table, column: str, raw: Any) -> Any:
    """What SQLite stored (as captured) straight to the wire: ``to_wire(raw_to_python(...))``
    without the Python value in between for the common types (UUIDs, UTC times, dates,
    booleans, text and numbers); anything else, or a stored form not as expected, takes the
    long way. The outbox of a busy counter holds tens of thousands of these."""
    return None if raw is None else _raw_wire(table, column)(raw)


_HEX = frozenset("0123456789abcdef")


def _uuid_wire(table: Table, column: str) -> Callable[[Any], Any]:
    def convert(raw: Any) -> Any:
        if isinstance(raw, str) and len(raw) == 32 and _HEX.issuperset(raw):
            return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"
        return to_wire(raw_to_python(table, column, raw))

    return convert


def _utc_wire(table: Table, column: str) -> Callable[[Any], Any]:
    def convert(raw: Any) -> Any:
        # SQLAlchemy's SQLite form: "YYYY-MM-DD HH:MM:SS.ffffff", UTC (UTCDateTime).
        if isinstance(raw, str) and len(raw) == 26 and raw[10] == " " and raw[19] == ".":
            fraction = "" if raw.endswith(".000000") else raw[19:]
            return f"{raw[:10]}T{raw[11:19]}{fraction}+00:00"
        return to_wire(raw_to_python(table, column, raw))

    return convert


def _same(raw: Any) -> Any:
    return raw


@cache
def wire_converters(table: Table) -> dict[str, Callable[[Any], Any]]:
    """``raw_to_wire`` of a value that is not None, for each column of ``table`` whose stored
    form is not already its wire form (text and numbers are left out)."""
    converters = {str(c.name): _raw_wire(table, str(c.name)) for c in table.columns}
    return {name: convert for name, convert in converters.items() if convert is not _same}


@cache
def _raw_wire(table: Table, column: str) -> Callable[[Any], Any]:
    col_type = table.c[column].type

    def slow(raw: Any) -> Any:
        return to_wire(raw_to_python(table, column, raw))

    if isinstance(col_type, Uuid):
        return _uuid_wire(table, column)
    if isinstance(col_type, TypeDecorator) and isinstance(col_type.impl_instance, DateTime):
        return _utc_wire(table, column)
    if type(col_type) in (String, Text, Integer, Float):
        return _same
    if isinstance(col_type, Date) and not isinstance(col_type, DateTime):
        return lambda raw: raw if isinstance(raw, str) and len(raw) == 10 else slow(raw)
    if isinstance(col_type, Boolean):
        return lambda raw: bool(raw) if raw in (0, 1) else slow(raw)
    return slow


def wire_to_python(table: Table, column: str, value: Any) -> Any:
    """A wire value (from the central's ``to_jsonb``) as the Python value of the column."""
    return None if value is None else _wire_reader(table, column)(value)


def _utc(text: Any) -> datetime:
    parsed = datetime.fromisoformat(str(text))
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


@cache
def _wire_reader(table: Table, column: str) -> Callable[[Any], Any]:
    col_type = table.c[column].type
    if isinstance(col_type, TypeDecorator):
        col_type = col_type.impl_instance
    if isinstance(col_type, JSON):
        return lambda value: value
    if isinstance(col_type, LargeBinary):
        return lambda value: bytes.fromhex(str(value).removeprefix("\\x"))
    try:
        python_type: type | None = col_type.python_type
    except NotImplementedError:
        python_type = None
    readers: dict[type, Callable[[Any], Any]] = {
        uuid.UUID: lambda value: uuid.UUID(str(value)),
        datetime: _utc,
        date: lambda value: date.fromisoformat(str(value)[:10]),
        Decimal: lambda value: Decimal(str(value)),
        bool: bool,
    }
    return readers.get(python_type, lambda value: value) if python_type else (lambda v: v)


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=to_wire)


def loads(text: str) -> Any:
    return json.loads(text)
