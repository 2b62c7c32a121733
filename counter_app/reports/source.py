"""Which database the figures come from: the central when this PC is joined to one (the
whole hall, queue included), else this PC's own database. Every read is one short
connection; a central that cannot be reached, or an account that may not read the hall's
tables, is a CounterError on the field ``source`` (the screen keeps its last figures)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, ProgrammingError

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.reports.dialect import Dialect, dialect_of
from counter_app.reports.rules.views import Source
from counter_app.reports.visits import refresh as visits_refresh
from counter_app.reports.visits import refresh_local
from db import visits
from db.engine import Database
from db.ids import utc_now


class SourceDown(CounterError):
    def __init__(self, message: str) -> None:
        super().__init__(message, "source")


class Reader:
    def __init__(
        self, database: Database, central: Callable[[], Engine | None], offset: timedelta
    ) -> None:
        self._db = database
        self._central = central
        self.offset = offset

    def engine(self) -> tuple[Engine, str]:
        engine = self._central()
        return (engine, "central") if engine is not None else (self._db.engine, "local")

    @contextmanager
    def connect(
        self, cancel: threading.Event | None = None
    ) -> Iterator[tuple[Connection, Dialect, Source]]:
        """A read-only connection, its dialect and the figures' source (read now), after
        the visits table caught up with the queue's log."""
        engine, kind = self.engine()
        source = Source(kind, utc_now())
        try:
            self._catch_up(engine, kind, cancel)
            with engine.connect() as conn:
                if conn.dialect.name == "postgresql":
                    # A year's figures are a few large sorts: compiling them (JIT) took longer
                    # than running them, and the default work_mem spilled them to disk.
                    conn.exec_driver_sql("SET LOCAL jit = off")
                    conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
                yield conn, dialect_of(conn.dialect.name, self.offset), source
                conn.rollback()
        except ProgrammingError as exc:
            if kind == "central" and "permission denied" in str(exc).lower():
                raise SourceDown(
                    tr("本机的中心数据库账号无权读取全厅数据，统计需要科长（supervisor）账号")
                ) from exc
            raise
        except (OperationalError, InterfaceError) as exc:
            if kind != "central":
                raise
            raise SourceDown(
                tr("中心数据库连接中断，统计未完成；显示的是上次的数据，请稍后重试")
            ) from exc
        except DBAPIError as exc:
            if kind == "central" and exc.connection_invalidated:
                raise SourceDown(tr("中心数据库连接中断，统计未完成")) from exc
            raise

    def _catch_up(self, engine: Engine, kind: str, cancel: threading.Event | None) -> None:
        with engine.connect() as conn:
            if not visits.pending(conn):
                return
        if kind == "central":
            visits_refresh(engine.begin, cancel)
        else:
            refresh_local(self._db, cancel)
