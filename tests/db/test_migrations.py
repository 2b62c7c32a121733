"""Migrations run up and down on SQLite and PostgreSQL; the schema matches the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import db.models  # noqa: F401
from db import migrate
from db.base import Base
from db.engine import Database, check_reachable, make_engine
from db.errors import DatabaseCorrupt, DatabaseUnavailable, SchemaTooNew

TABLES = {
    "setting",
    "staff",
    "audit_log",
    "audit_head",
    "catalog_item",
    "catalog_item_version",
    "info_entry",
}


def test_up_down_up(any_url: str) -> None:
    engine = make_engine(any_url)
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert migrate.current_revision(engine) == migrate.head_revision()
    migrate.downgrade(engine, "base")
    assert not TABLES & set(inspect(engine).get_table_names())
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= TABLES
    engine.dispose()


def test_migrated_schema_matches_the_models(any_url: str) -> None:
    engine = make_engine(any_url)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    # The central's own sync tables (PostgreSQL only) have no models: plain SQL owns them.
    central_only = set(CENTRAL_TABLES)
    diff = [d for d in diff if not (d[0].startswith("remove_") and _table_of(d[1]) in central_only)]
    assert diff == []


CENTRAL_TABLES = (
    "sync_meta",
    "sync_table",
    "sync_applied_op",
    "sync_row",
    "sync_conflict",
    "sync_security_event",
    "audit_anchor",
    "central_audit",
    "kiosk_lookup",
    "kiosk_lock",
)


def _table_of(obj: object) -> str:
    table = getattr(obj, "table", obj)
    return str(getattr(table, "name", ""))


def test_sqlite_runs_in_wal_with_full_sync(sqlite_url: str) -> None:
    database = Database.open(sqlite_url)
    with database.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    database.dispose()


def test_a_schema_from_a_newer_version_is_refused(any_url: str) -> None:
    engine = make_engine(any_url)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(SchemaTooNew) as info:
        migrate.upgrade(engine)
    assert "比本程序新" in info.value.message
    with engine.connect() as conn:  # nothing was touched
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_future"
        )
    engine.dispose()


def test_a_corrupt_file_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database at all" * 200)
    engine = make_engine(f"sqlite+pysqlite:///{path}")
    with pytest.raises(DatabaseCorrupt) as info:
        migrate.upgrade(engine)
    assert "备份恢复" in info.value.message
    assert path.read_bytes().startswith(b"this is not a database")


def test_an_unreachable_server_says_what_to_check() -> None:
    engine = make_engine("postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    with pytest.raises(DatabaseUnavailable) as info:
        check_reachable(engine)
    assert "无法连接数据库" in info.value.message
    assert "secret" not in info.value.message


def test_audit_rows_are_append_only_in_the_database(any_url: str) -> None:
    engine = make_engine(any_url)
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (seq, id, at, actor, action, entity, entity_id,"
                " prev_hash, hash)"
                " VALUES (1, :id, :at, 'a', 'x', '', '', 'p', 'h')"
            ),
            {
                "id": "0190f5e2-0000-7000-8000-000000000001"
                if "postgres" in any_url
                else "0190f5e200007000800000000000001",
                "at": "2026-11-28 00:00:00",
            },
        )
    for statement in ("UPDATE audit_log SET actor = 'b'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    engine.dispose()


def test_the_head_constant_is_alembics_head() -> None:
    assert migrate.head_revision() == migrate.alembic_head()


def test_full_check_only_after_an_unclean_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """quick_check reads the whole file (~10 s on a million cases): run it only when the last
    session did not close cleanly."""
    from sqlalchemy import event

    import counter_app.container as container

    url = f"sqlite+pysqlite:///{tmp_path / 'c.db'}"
    statements: list[str] = []
    real_make_engine = container.make_engine

    def spying(url_: str):
        engine = real_make_engine(url_)
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        return engine

    monkeypatch.setattr(container, "make_engine", spying)
    container.Services.open(url).close()  # a new file: checked in full, then closed cleanly
    assert any("quick_check" in s for s in statements)
    assert (tmp_path / "c.db.clean").exists()
    statements.clear()
    second = container.Services.open(url)
    assert not any("quick_check" in s for s in statements)
    assert not (tmp_path / "c.db.clean").exists()  # while open, a crash leaves no marker
    second.db.dispose()  # the process dies without close()
    statements.clear()
    container.Services.open(url).close()
    assert any("quick_check" in s for s in statements)
