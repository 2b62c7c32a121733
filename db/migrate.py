"""Schema migrations with Alembic, applied at start-up on SQLite and PostgreSQL alike."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from db.engine import check_reachable, foreign_keys_off
from db.errors import SchemaTooNew
from db.migrations import HEAD

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    return HEAD


def alembic_head() -> str:
    """The head as Alembic computes it from the scripts (tests check HEAD against it)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_known_schema(engine: Engine) -> None:
    """Refuse a database whose schema revision this version of the app does not know."""
    current = current_revision(engine)
    if current is None or current == HEAD:
        return
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(_config())
    known = {rev.revision for rev in scripts.walk_revisions()}
    if current not in known:
        raise SchemaTooNew(
            f"数据库结构版本 {current} 比本程序新，本程序不认识它。"
            "请升级本程序到与其他窗口相同的版本后再打开；不要用旧版本写入此数据库。"
        )


def upgrade(
    engine: Engine, target: str = "head", thorough: bool = True
) -> tuple[str | None, str | None]:
    """Check the database, refuse an unknown schema, then migrate up to ``target``.

    Returns the revisions before and after.
    """
    check_reachable(engine, thorough)
    current = current_revision(engine)
    if target == "head" and current == HEAD:
        _ensure_capture(engine)
        return current, current
    ensure_known_schema(engine)
    result = _run(engine, "upgrade", target)
    _ensure_capture(engine)
    return result


def _ensure_capture(engine: Engine) -> None:
    """On SQLite at head, the sync capture triggers exist for the schema as it is."""
    if engine.dialect.name != "sqlite" or current_revision(engine) != HEAD:
        return
    from db.sync.capture import install_triggers, triggers_current

    with engine.begin() as conn:
        if not triggers_current(conn):
            install_triggers(conn)


def downgrade(engine: Engine, target: str) -> tuple[str | None, str | None]:
    ensure_known_schema(engine)
    return _run(engine, "downgrade", target)


def _run(engine: Engine, direction: str, target: str) -> tuple[str | None, str | None]:
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    config = _config()
    sqlite = engine.dialect.name == "sqlite"
    # A migration may rebuild a table others refer to (SQLite batch mode): references are
    # checked once, before the commit.
    with engine.connect() as conn, foreign_keys_off(conn), conn.begin():
        config.attributes["connection"] = conn
        before = MigrationContext.configure(conn).get_current_revision()
        getattr(command, direction)(config, target)
        after = MigrationContext.configure(conn).get_current_revision()
        if sqlite:
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
    if before != after:
        logger.info("schema %s: %s -> %s", direction, before, after)
    return before, after
