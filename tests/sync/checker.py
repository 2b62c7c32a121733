"""After a scenario: the central and every counter hold the same shared rows, each once."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, Engine, select, text

from db.sync.codec import to_wire, wire_to_python
from db.sync.tables import PULLED, SYNCED, SyncedTable


def _local_rows(engine: Engine, spec: SyncedTable) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(spec.shared(select(spec.table))).mappings().all()
    return {
        str(to_wire(row[spec.pk])): {
            k: to_wire(v) for k, v in row.items() if k not in spec.local_columns
        }
        for row in rows
    }


def _central_rows(engine: Engine, spec: SyncedTable) -> dict[str, dict[str, Any]]:
    with engine.connect() as conn:
        conn.execute(text("SET TIME ZONE 'UTC'"))
        rows = conn.execute(text(f'SELECT to_jsonb(t) FROM "{spec.name}" t')).scalars().all()
    out = {}
    for data in rows:
        values = {
            c.name: to_wire(wire_to_python(spec.table, c.name, data[c.name]))
            for c in spec.table.columns
            if c.name not in spec.local_columns
        }
        out[str(values[spec.pk])] = values
    return out


def assert_converged(central: Engine, *locals_: Engine) -> dict[str, int]:
    """Every shared row is on the central and every counter, identical; the outboxes are empty.
    Returns the row count per table."""
    counts = {}
    for spec in PULLED:
        want = _central_rows(central, spec)
        counts[spec.name] = len(want)
        for number, local in enumerate(locals_):
            have = _local_rows(local, spec)
            missing = sorted(set(want) - set(have))[:3]
            extra = sorted(set(have) - set(want))[:3]
            assert not missing and not extra, (spec.name, number, missing, extra)
            for key, row in want.items():
                assert have[key] == row, (spec.name, number, key, have[key], row)
        # Stored alike, byte for byte (a pulled row is written as the ORM writes it).
        raw = [_raw_rows(local, spec) for local in locals_]
        for number, rows in enumerate(raw[1:], start=1):
            assert rows == raw[0], (spec.name, number, _first_difference(raw[0], rows))
    for spec in SYNCED:
        if spec.direction == "push":
            on_central = _central_rows(central, spec)
            for local in locals_:
                assert set(_local_rows(local, spec)) <= set(on_central), spec.name
    for local in locals_:
        with local.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM sync_change")).scalar_one() == 0
    return counts


def _raw_rows(engine: Engine, spec: SyncedTable) -> list[tuple[Any, ...]]:
    columns = [c.name for c in spec.table.columns if c.name not in spec.local_columns]
    condition = spec.shared_sql(f'"{spec.name}"')
    where = f" WHERE {condition}" if condition else ""
    listed = ", ".join(f'"{c}"' for c in columns)
    is_json = [isinstance(spec.table.c[c].type, JSON) for c in columns]
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            f'SELECT {listed} FROM "{spec.name}"{where} ORDER BY "{spec.pk}"'
        ).all()
    # JSON documents compare as documents (the central's jsonb orders keys its own way).
    return [
        tuple(
            json.loads(v) if j and isinstance(v, str) else v
            for v, j in zip(row, is_json, strict=True)
        )
        for row in rows
    ]


def _first_difference(a: list[tuple[Any, ...]], b: list[tuple[Any, ...]]) -> object:
    for left, right in zip(a, b, strict=False):
        if left != right:
            return left, right
    return len(a), len(b)
