"""Change capture on the embedded SQLite: triggers write every change of a shared table to the
outbox (``sync_change``) in the transaction that made it; the commit stamps the new rows with
one ``op_id``. Triggers see every write, ORM or Core, so no service can forget to sync.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from sqlalchemy import Connection, Engine, event, inspect, text

from db.ids import new_uuid7
from db.sync.codec import is_blob
from db.sync.tables import SYNCED, SyncedTable

logger = logging.getLogger(__name__)

_PREFIX = "sync_cap_"


def _json_of(spec: SyncedTable, row: str) -> str:
    """The row as a JSON object (blobs as hex: SQLite's JSON cannot hold them)."""
    parts = []
    for column in spec.table.columns:
        name = str(column.name)
        if name in spec.local_columns:
            continue
        value = f'{row}."{name}"'
        if is_blob(spec.table, name):
            value = f"CASE WHEN {value} IS NULL THEN NULL ELSE hex({value}) END"
        parts.append(f"'{name}', {value}")
    return "json_object(" + ", ".join(parts) + ")"


def _triggers(spec: SyncedTable) -> dict[str, str]:
    """Trigger name -> its CREATE statement, for inserts, updates and deletes of ``spec``."""
    name, pk = spec.name, spec.pk
    changed = " OR ".join(
        f'OLD."{c.name}" IS NOT NEW."{c.name}"'
        for c in spec.table.columns
        if c.name not in spec.local_columns
    )
    # kind: (event, the row that names the key, extra condition, old JSON, new JSON)
    shapes = {
        "i": ("INSERT", "NEW", "", "NULL", _json_of(spec, "NEW")),
        "u": ("UPDATE", "NEW", f"({changed})", _json_of(spec, "OLD"), _json_of(spec, "NEW")),
        "d": ("DELETE", "OLD", "", _json_of(spec, "OLD"), "NULL"),
    }
    statements = {}
    for kind, (event_, row, extra, old, new) in shapes.items():
        conditions = ["(SELECT paused FROM sync_capture WHERE id = 1) = 0"]
        conditions += [c for c in (spec.shared_sql(row), extra) if c]
        trigger = f"{_PREFIX}{name}_{kind}"
        statements[trigger] = (
            f'CREATE TRIGGER {trigger} AFTER {event_} ON "{name}" '
            f"WHEN {' AND '.join(conditions)} BEGIN "
            f"INSERT INTO sync_change (tbl, pk, kind, old, new) VALUES "
            f"('{name}', {row}.\"{pk}\", '{kind}', {old}, {new}); END"
        )
    return statements


def drop_triggers(conn: Connection) -> None:
    names = conn.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p"),
        {"p": _PREFIX + "%"},
    ).scalars()
    for trigger in list(names):
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{trigger}"')


def _expected() -> dict[str, str]:
    return {name: sql for spec in SYNCED for name, sql in _triggers(spec).items()}


def triggers_current(conn: Connection) -> bool:
    """The installed capture triggers are exactly the ones this version makes."""
    rows = conn.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE :p"),
        {"p": _PREFIX + "%"},
    ).all()
    return {str(name): str(sql) for name, sql in rows} == _expected()


def install_triggers(conn: Connection) -> None:
    """(Re)create the capture triggers for the schema as it now is. SQLite only; idempotent."""
    if conn.dialect.name != "sqlite" or not inspect(conn).has_table("sync_change"):
        return
    drop_triggers(conn)
    for statement in _expected().values():
        conn.exec_driver_sql(statement)
    conn.execute(text("INSERT OR IGNORE INTO sync_capture (id, paused) VALUES (1, 1)"))


def stamp_pending(dbapi_conn: sqlite3.Connection, outside: bool = False) -> None:
    """Give the changes of the transaction now committing their command id; ``outside``: they
    were committed by another program (found unstamped before a push)."""
    op_id = str(new_uuid7())
    try:
        dbapi_conn.execute(
            "UPDATE sync_change SET op_id = ?, outside = ? WHERE op_id IS NULL",
            (op_id, int(outside)),
        )
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):  # a database from before sync (no outbox yet)
            return
        if "no such column" not in str(exc):  # from before migration 0009 (being migrated)
            raise
        dbapi_conn.execute("UPDATE sync_change SET op_id = ? WHERE op_id IS NULL", (op_id,))


def install_commit_hook(engine: Engine, is_write: Callable[[Connection], bool]) -> None:
    """Stamp captured changes as the last statement of every write transaction."""

    @event.listens_for(engine, "commit")
    def _on_commit(conn: Connection) -> None:
        if is_write(conn):
            stamp_pending(conn.connection.dbapi_connection)  # type: ignore[arg-type]
