"""Engine and session factory. SQLite: WAL, synchronous=FULL, writes in BEGIN IMMEDIATE."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db.errors import DatabaseCorrupt, DatabaseUnavailable
from db.sync.capture import install_commit_hook

logger = logging.getLogger(__name__)

_IMMEDIATE = "counter_immediate"
_CHANGES = "counter_changes_at_begin"


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def safe_url(url: str | URL) -> str:
    """The URL with its password hidden, for logs and messages."""
    return make_url(url).render_as_string(hide_password=True)


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            "busy_timeout=5000",
        ):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_IMMEDIATE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
        conn.info[_CHANGES] = conn.connection.dbapi_connection.total_changes  # type: ignore[union-attr]

    def _has_written(conn: Connection) -> bool:
        dbapi = conn.connection.dbapi_connection
        return bool(dbapi is not None and dbapi.total_changes != conn.info.get(_CHANGES))

    install_commit_hook(engine, _has_written)


# The databases this app runs on, with their one driver (plain ``postgresql://`` means psycopg 3,
# the driver installed; SQLAlchemy's default for it, psycopg2, is not).
_DRIVERS = {
    "sqlite": "sqlite+pysqlite",
    "sqlite+pysqlite": "sqlite+pysqlite",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}
_URL_FORMS = "sqlite:///文件路径 或 postgresql+psycopg://账号@主机:端口/库名"


def database_url(url: str | URL) -> URL:
    """``url`` parsed, or ``DatabaseUnavailable`` saying what is wrong with it in Chinese:
    not a database address, a database this app does not run on, a NUL character."""
    shown = url if isinstance(url, str) else url.render_as_string(hide_password=True)
    if "\x00" in str(shown):
        raise DatabaseUnavailable("数据库地址中含有空字符（NUL），请检查 --db")
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseUnavailable(f"“{shown[:200]}”不是数据库地址，应为 {_URL_FORMS}") from None
    driver = _DRIVERS.get(parsed.drivername.lower())
    if driver is None:
        raise DatabaseUnavailable(
            f"不支持的数据库“{parsed.drivername}”（{safe_url(parsed)[:200]}）："
            f"本系统只用 {_URL_FORMS}"
        )
    if driver.startswith("sqlite") and parsed.host:
        raise DatabaseUnavailable(
            f"SQLite 数据库地址不能带主机名：{safe_url(parsed)[:200]}，应为 sqlite:///文件路径"
        )
    return parsed.set(drivername=driver)


def require_existing(url: str | URL) -> None:
    """For a command that works on a database already there: an SQLite file that does not
    exist (a mistyped path) is refused instead of being created empty; an in-memory one is
    empty by definition. A server database is checked when it is connected to."""
    parsed = database_url(url)
    if parsed.get_backend_name() != "sqlite":
        return
    database = parsed.database or ""
    if database in ("", ":memory:"):
        raise DatabaseUnavailable(
            "内存数据库（sqlite://）里没有任何数据；请用 --db sqlite:///文件路径 指定本机数据库"
        )
    path = Path(database)
    try:
        is_file, exists = path.is_file(), path.exists()
    except (OSError, ValueError):
        is_file = exists = False
    if exists and not is_file:
        raise DatabaseUnavailable(f"数据库地址指向的“{path}”不是文件（是文件夹或设备）")
    if not is_file:
        raise DatabaseUnavailable(
            f"数据库文件 {path} 不存在，请检查 --db 的路径。新电脑请先运行 counter-admin hall "
            "setup（或启动程序完成首次设置）；创建或升级数据库结构用 counter-admin db upgrade"
        )


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for ``url`` (``database_url`` checks it); for a SQLite file the folder is
    created."""
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailable(
                    f"无法建立数据库所在的文件夹 {folder}：{exc.strerror or exc}"
                ) from None
        engine = create_engine(parsed, **kwargs)
        _install_sqlite_hooks(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    connect_args = kwargs.pop("connect_args", {})
    connect_args.setdefault("connect_timeout", 5)
    return create_engine(parsed, connect_args=connect_args, **kwargs)


@contextmanager
def foreign_keys_off(conn: Connection) -> Iterator[None]:
    """SQLite: no foreign-key enforcement on ``conn`` for what runs inside (the pragma must be
    set outside a transaction, so call this before ``begin()``). The caller checks or knows
    the references are whole again before it commits (SQLite's own recipe for table rebuilds);
    other databases: nothing changes."""
    raw = conn.connection.dbapi_connection
    if conn.dialect.name != "sqlite" or raw is None:
        yield
        return
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


@contextmanager
def page_cache(conn: Connection, kib: int) -> Iterator[None]:
    """SQLite: a page cache of ``kib`` KiB on ``conn`` while a large write runs inside (with
    the default 2 MB, every batch inserted into big indexes reads their pages again from the
    file; the memory is taken only as pages are read), the connection's own size afterwards.
    Other databases: nothing changes."""
    raw = conn.connection.dbapi_connection
    if conn.dialect.name != "sqlite" or raw is None:
        yield
        return
    before = raw.execute("PRAGMA cache_size").fetchone()
    raw.execute(f"PRAGMA cache_size=-{kib}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size={int(before[0]) if before else -2000}")


class Database:
    """Sessions for one engine: ``write()`` is one unit of work, ``read()`` a snapshot."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._factory = sessionmaker(engine, expire_on_commit=False)
        # Called after every committed ``write()`` (the sync worker pushes at once).
        self.after_write: list[Callable[[], None]] = []

    @classmethod
    def open(cls, url: str) -> Database:
        return cls(make_engine(url))

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one transaction (BEGIN IMMEDIATE on SQLite); commits on success."""
        with self._factory() as session, session.begin():
            if self.is_sqlite:
                session.connection(execution_options={_IMMEDIATE: True})
            yield session
        for callback in list(self.after_write):
            try:
                callback()
            except Exception:  # a listener's fault must not undo a committed write
                logger.exception("after-write callback failed")

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._factory() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def clean_marker(engine: Engine) -> Path | None:
    """The file that says an SQLite database was closed cleanly (None: not a file database)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database + ".clean")


def needs_thorough_check(engine: Engine) -> bool:
    """After a crash or on first use, check the whole file; after a clean close, the header.

    ``quick_check`` reads every page: about 10 s on a million cases, too long for every start.
    """
    marker = clean_marker(engine)
    return marker is None or not marker.exists()


def mark_open(engine: Engine) -> None:
    marker = clean_marker(engine)
    if marker is not None:
        marker.unlink(missing_ok=True)


def mark_closed_cleanly(engine: Engine) -> None:
    marker = clean_marker(engine)
    if marker is not None and Path(str(engine.url.database)).exists():
        marker.write_text("closed cleanly\n", encoding="ascii")


def check_reachable(engine: Engine, thorough: bool = True) -> None:
    """Open a connection and, on SQLite, run ``quick_check`` (``thorough``) or read the schema
    header; raise a problem with advice."""
    pragma = "PRAGMA quick_check" if thorough else "PRAGMA schema_version"
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                result = conn.execute(text(pragma)).scalar()
                if not thorough:
                    return
                if result != "ok":
                    raise DatabaseCorrupt(_corrupt_message(engine, str(result)))
            else:
                conn.execute(text("SELECT 1"))
    except OperationalError as exc:
        raise _classify(engine, exc) from exc
    except DatabaseError as exc:
        raise DatabaseCorrupt(_corrupt_message(engine, str(exc.orig))) from exc


def _classify(engine: Engine, exc: OperationalError) -> Exception:
    text_ = str(exc.orig)
    if engine.dialect.name == "sqlite" and "not a database" in text_:
        return DatabaseCorrupt(_corrupt_message(engine, text_))
    logger.warning("database %s unreachable: %s", safe_url(engine.url), text_)
    return DatabaseUnavailable(
        f"无法连接数据库 {safe_url(engine.url)}。请检查服务器地址、端口、网络和账号，或联系信息科。"
    )


def _corrupt_message(engine: Engine, detail: str) -> str:
    logger.error("database %s failed its check: %s", safe_url(engine.url), detail)
    return (
        f"数据库文件 {engine.url.database} 已损坏或不是本系统的数据库（{detail[:80]}）。"
        "请勿继续写入，联系信息科从备份恢复；恢复前可将该文件改名保存以备分析。"
    )
