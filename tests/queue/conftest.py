"""Queue fixtures: a queue service on a migrated database with a hand-moved clock."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.queue.rules.tickets import WindowView
from counter_app.queue.service import QueueService
from tests.support.pgserver import PgServer

CLERK = Actor("li", "李受理", frozenset({Role.RECEPTION}))
CLERK2 = Actor("zhao", "赵受理", frozenset({Role.RECEPTION}))


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 1, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class FakePrinter:
    """A TicketPrinter that records what it was given, or refuses."""

    fail: bool = False
    jobs: list[tuple[object, object]] = field(default_factory=list)

    def submit(self, ticket_id: object, ticket: object) -> None:
        if self.fail:
            raise OSError("printer offline")
        self.jobs.append((ticket_id, ticket))


@dataclass
class Hall:
    services: Services
    queue: QueueService
    clock: Clock
    printer: FakePrinter


def open_hall(url: str) -> Hall:
    services = Services.open(url)
    clock, printer = Clock(), FakePrinter()
    queue = QueueService(services.db, clock=clock, printer=printer)
    services.queue = queue  # panels built from ``services`` use the test clock too
    queue.save_window(SYSTEM_ACTOR, WindowView("1", "", ("A", "B")))
    queue.save_window(SYSTEM_ACTOR, WindowView("2", "", ("B", "A")))
    queue.save_window(SYSTEM_ACTOR, WindowView("3", "", ("C",)))
    return Hall(services, queue, clock, printer)


# Migrating a database takes ~0.5 s; tests start from a migrated template copy instead.
@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("queue-template") / "template.db"
    Services.open(f"sqlite+pysqlite:///{path}").close()
    return path


@pytest.fixture
def queue_sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "queue.db"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite+pysqlite:///{target}"


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer) -> str:
    Services.open(pg_server.create_database("queue_template")).close()
    return "queue_template"


_copies = itertools.count()


@pytest.fixture
def queue_pg_url(pg_server: PgServer, pg_template: str) -> str:
    import psycopg

    name = f"q{os.getpid()}_{next(_copies)}"
    with psycopg.connect(pg_server.url().replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    return pg_server.url(name)


@pytest.fixture(params=["sqlite", "postgres"])
def queue_any_url(request: pytest.FixtureRequest) -> str:
    name = "queue_sqlite_url" if request.param == "sqlite" else "queue_pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def hall(queue_sqlite_url: str) -> Iterator[Hall]:
    h = open_hall(queue_sqlite_url)
    yield h
    h.services.close()


@pytest.fixture
def any_hall(queue_any_url: str) -> Iterator[Hall]:
    h = open_hall(queue_any_url)
    yield h
    h.services.close()
