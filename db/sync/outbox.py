"""Reading the outbox into commands, and the local writes the sync client makes.

A command is what one local transaction changed: a list of row changes, coalesced per row
(insert then update is one insert; insert then delete is nothing), with the full old row and
the changed new values, in wire form.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, select, text
from sqlalchemy.dialects import sqlite as sqlite_dialects

from db.engine import foreign_keys_off
from db.ids import new_uuid7
from db.sync.capture import stamp_pending
from db.sync.codec import (
    dumps,
    key_text,
    raw_to_python,
    raw_to_wire,
    to_wire,
    wire_converters,
    wire_to_python,
)
from db.sync.tables import BY_NAME, META_COLUMNS, SYNCED, SyncedTable

_SQLITE_DIALECT = sqlite_dialects.dialect()


@dataclass
class Command:
    op_id: str
    changes: list[dict[str, Any]] = field(default_factory=list)
    mode: str = "normal"
    outside: bool = False  # written by something else than this program (stamp_orphans)

    def wire(self) -> dict[str, Any]:
        body: dict[str, Any] = {"op": self.op_id, "changes": self.changes}
        if self.mode != "normal":
            body["mode"] = self.mode
        if self.outside:
            body["outside"] = True
        return body


def _decode(spec: SyncedTable, raw: dict[str, Any] | None) -> dict[str, Any] | None:
    """A captured row (parsed) turned into wire form in place, straight from SQLite's stored
    form (codec.raw_to_wire): only the columns whose stored form is not the wire's."""
    if raw is None:
        return None
    for column, convert in wire_converters(spec.table).items():
        value = raw.get(column)
        if value is not None:
            raw[column] = convert(value)
    return raw


def _wire_row(values: dict[str, Any]) -> dict[str, Any]:
    return {col: to_wire(value) for col, value in values.items()}


def _insert_values(spec: SyncedTable, new: dict[str, Any]) -> dict[str, Any]:
    full = dict(new)
    full.update(spec.local_columns)  # each PC keeps its own; the central gets a blank
    return full


def _insert_wire(spec: SyncedTable, new: dict[str, Any]) -> dict[str, Any]:
    """``new`` (already in wire form) with the blanks of this PC's own columns."""
    if not spec.local_columns:
        return new
    full = dict(new)
    full.update(_wire_row(spec.local_columns))
    return full


def _coalesce(kind: str, old: Any, new: Any, prev: dict[str, Any] | None) -> dict[str, Any] | None:
    """Merge a row's change into what the command already holds for that row."""
    if prev is None:
        return {"kind": kind, "old": old, "new": new}
    first = prev["kind"]
    if first == "i" and kind == "d":
        return None
    if first == "i":
        return {"kind": "i", "old": None, "new": new}
    if kind == "d":
        return {"kind": "d", "old": prev["old"], "new": None}
    return {"kind": "u", "old": prev["old"], "new": new}


def _change(spec: SyncedTable, key: str, entry: dict[str, Any]) -> dict[str, Any] | None:
    kind, old, new = entry["kind"], entry["old"], entry["new"]
    if kind == "i":
        return {"t": spec.name, "k": key, "o": "i", "new": _insert_wire(spec, new)}
    if kind == "d":
        return {"t": spec.name, "k": key, "o": "d", "old": old}
    changed = {c: v for c, v in new.items() if old.get(c) != v}
    if not changed or set(changed) <= {"updated_at"}:
        return None
    if "row_version" in new:
        changed["row_version"] = new["row_version"]
    if "updated_at" in new:
        changed["updated_at"] = new["updated_at"]
    return {"t": spec.name, "k": key, "o": "u", "old": old, "new": changed}


def stamp_orphans(conn: Connection) -> None:
    """Changes committed outside a stamped transaction (a raw tool) become one command."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    stamp_pending(raw, outside=True)  # type: ignore[arg-type]


def read_commands(conn: Connection, limit: int, skip: Collection[str] = ()) -> list[Command]:
    """The oldest ``limit`` commands of the outbox, in the order they were made, but those in
    ``skip`` (held back)."""
    # The batch as one JSON document SQLite builds (one parse here, not one per row's JSON).
    query = text(
        "SELECT json_group_array(json_array(seq, op_id, tbl, pk, kind, json(old), json(new),"
        " outside)) FROM sync_change WHERE op_id IN ("
        " SELECT op_id FROM sync_change WHERE op_id IS NOT NULL"
        + (" AND op_id NOT IN :skip" if skip else "")
        + " GROUP BY op_id ORDER BY min(seq) LIMIT :n)"
    )
    params: dict[str, Any] = {"n": limit}
    if skip:
        query = query.bindparams(bindparam("skip", expanding=True))
        params["skip"] = list(skip)
    batch = json.loads(conn.execute(query, params).scalar_one())
    batch.sort(key=lambda row: row[0])  # the order the changes were made in
    rows = [row[1:] for row in batch]
    order: list[str] = []
    grouped: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    outside: set[str] = set()
    for op_id, tbl, pk, kind, old, new, raw in rows:
        if raw:
            outside.add(op_id)
        spec = BY_NAME.get(tbl)
        if op_id not in grouped:
            grouped[op_id] = {}
            order.append(op_id)
        if spec is None:
            continue
        key = key_text(raw_to_wire(spec.table, spec.pk, pk))
        slot = (tbl, key)
        merged = _coalesce(kind, _decode(spec, old), _decode(spec, new), grouped[op_id].get(slot))
        if merged is None:
            grouped[op_id].pop(slot, None)
        else:
            grouped[op_id][slot] = merged
    commands = []
    for op_id in order:
        changes = []
        for (tbl, key), entry in grouped[op_id].items():
            change = _change(BY_NAME[tbl], key, entry)
            if change is not None:
                changes.append(change)
        commands.append(Command(op_id, changes, outside=op_id in outside))
    return commands


def drop_commands(conn: Connection, op_ids: Iterable[str]) -> None:
    ids = list(op_ids)
    for start in range(0, len(ids), 500):
        conn.execute(
            text("DELETE FROM sync_change WHERE op_id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": ids[start : start + 500]},
        )


def pending_keys(conn: Connection) -> set[tuple[str, str]]:
    """(table, key) of every row with a change not yet answered by the central."""
    keys = set()
    for tbl, pk in conn.execute(text("SELECT DISTINCT tbl, pk FROM sync_change")):
        spec = BY_NAME.get(tbl)
        if spec is not None:
            keys.add((tbl, key_text(raw_to_python(spec.table, spec.pk, pk))))
    return keys


def pending_count(conn: Connection) -> int:
    return int(
        conn.execute(
            text("SELECT count(DISTINCT coalesce(op_id, '')) FROM sync_change")
        ).scalar_one()
    )


@contextmanager
def sync_writes(engine: Engine) -> Iterator[Connection]:
    """A write transaction for the sync client: capture paused (what we write came from the
    central), foreign keys off (pages arrive in commit order, not parent-first)."""
    with engine.connect() as conn, foreign_keys_off(conn), sync_transaction(conn) as writing:
        yield writing


@contextmanager
def sync_transaction(conn: Connection) -> Iterator[Connection]:
    """``sync_writes`` on a connection of the caller's, foreign keys already off."""
    immediate = conn.execution_options(counter_immediate=True)
    with immediate.begin():
        immediate.execute(text("UPDATE sync_capture SET paused = 1 WHERE id = 1"))
        yield immediate
        immediate.execute(text("UPDATE sync_capture SET paused = 0 WHERE id = 1"))


def apply_rows(
    conn: Connection,
    rows: Iterable[tuple[str, str, dict[str, Any] | None]],
    skip: set[tuple[str, str]],
) -> int:
    """Write central rows (table, key, data or None for deleted) into the local database."""
    upserts: dict[str, list[dict[str, Any]]] = {}
    deletes: dict[str, list[Any]] = {}
    count = 0
    for tbl, key, data in rows:
        spec = BY_NAME.get(tbl)
        if spec is None or spec.direction != "both" or (tbl, key) in skip:
            continue
        count += 1
        table = spec.table
        if data is None:
            deletes.setdefault(tbl, []).append(wire_to_python(table, spec.pk, key))
            continue
        upserts.setdefault(tbl, []).append(
            {
                c.name: wire_to_python(table, c.name, data.get(c.name))
                for c in table.columns
                if c.name not in spec.local_columns and c.name in data
            }
        )
    for tbl, values in upserts.items():
        by_shape: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for value in values:
            by_shape.setdefault(tuple(value), []).append(value)
        for shape, batch in by_shape.items():
            sql, processors = upsert_plan(tbl, shape)
            conn.exec_driver_sql(
                sql,
                [
                    tuple(
                        p(row[c]) if p else row[c] for c, p in zip(shape, processors, strict=True)
                    )
                    for row in batch
                ],
            )
    for tbl, keys in deletes.items():
        spec = BY_NAME[tbl]
        conn.execute(delete(spec.table).where(spec.table.c[spec.pk].in_(keys)))
    return count


@cache
def upsert_plan(tbl: str, shape: tuple[str, ...]) -> tuple[str, list[Any]]:
    """One upsert statement per table and column set, and each column's bind processor
    (SQLAlchemy's own, so the stored form is exactly what the ORM writes): executemany on the
    driver without compiling a statement for every page."""
    spec = BY_NAME[tbl]
    dialect = _SQLITE_DIALECT
    processors = [spec.table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in shape]
    # Columns each PC keeps: a new row gets their blank value, an existing row keeps its own.
    local = [c for c in spec.local_columns if c not in shape]
    blanks = ", ".join(_literal(spec.local_columns[c]) for c in local)
    columns = ", ".join(f'"{c}"' for c in (*shape, *local))
    marks = ", ".join(["?"] * len(shape) + ([blanks] if blanks else []))
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in shape if c != spec.pk)
    sql = (
        f'INSERT INTO "{tbl}" ({columns}) VALUES ({marks}) '
        f'ON CONFLICT ("{spec.pk}") DO UPDATE SET {updates}'
    )
    return sql, processors


def _literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bytes):
        return f"X'{value.hex()}'"
    if isinstance(value, bool | int):
        return str(int(value))
    raise TypeError(f"no SQL literal for {value!r}")


def changes_protected(command: Command) -> bool:
    """Whether the command changes an administrators' table (versions and stamps alone are
    no change): the central takes it only from an administrator's own account."""
    for change in command.changes:
        spec = BY_NAME.get(change["t"])
        if spec is None or not spec.protected:
            continue
        if change["o"] != "u" or set(change.get("new") or {}) - META_COLUMNS:
            return True
    return False


def snapshot_commands(conn: Connection, batch: int, protected: bool = True) -> Iterator[Command]:
    """Every shared row of this PC as "ensure" commands (insert what the central lacks, newer
    row versions win): how a founding counter fills the central and how a restored central
    gets back what it lost. ``protected``: the administrators' tables too."""
    command = Command(str(new_uuid7()), mode="ensure")
    for spec in SYNCED:
        if spec.protected and not protected:
            continue
        for row in conn.execute(spec.shared(select(spec.table))).mappings():
            values = {k: v for k, v in row.items() if k not in spec.local_columns}
            command.changes.append(
                {
                    "t": spec.name,
                    "k": key_text(row[spec.pk]),
                    "o": "i",
                    "new": _wire_row(_insert_values(spec, values)),
                }
            )
            if len(command.changes) >= batch:
                yield command
                command = Command(str(new_uuid7()), mode="ensure")
    if command.changes:
        yield command


def wire_json(commands: list[Command]) -> str:
    return dumps([c.wire() for c in commands])
