"""A hall in a test: a throwaway central PostgreSQL and counters on their own SQLite files."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.hall.settings import HallSettings
from counter_app.sync.config import CentralConfig
from db.engine import make_engine
from db.migrate import upgrade
from tests.conftest import ADMIN_PASSWORD, TODAY
from tests.support.pgserver import PgServer


@dataclass
class Counter:
    code: str
    services: Services
    admin: Actor

    def sync(self) -> object:
        return self.services.sync.run_once()


@dataclass
class Hall:
    central_url: str
    central: Engine
    folder: Path
    template: Path
    counters: list[Counter] = field(default_factory=list)

    def config(self) -> CentralConfig:
        url = make_url(self.central_url)
        return CentralConfig(
            host=str(url.host),
            port=int(url.port or 5432),
            database=str(url.database),
            user=str(url.username),
            sslmode="disable",
        )

    def counter(self, code: str) -> Counter:
        path = self.folder / f"{code}.db"
        shutil.copyfile(self.template, path)
        services = Services.open(f"sqlite+pysqlite:///{path}", today=lambda: TODAY)
        if not self.counters:  # the founding counter sets the hall up
            admin = services.hall.first_run(
                HallSettings(
                    hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code=code
                ),
                "admin",
                "王管理",
                ADMIN_PASSWORD,
            )
            services.sync.configure(admin, self.config(), "")
        else:
            services.sync.join(self.config(), "", counter_code=code)
            admin = services.staff.login("admin", ADMIN_PASSWORD)
        counter = Counter(code, services, admin)
        self.counters.append(counter)
        return counter

    def sync_all(self, rounds: int = 2) -> None:
        for _ in range(rounds):
            for counter in self.counters:
                counter.sync()

    def engines(self) -> list[Engine]:
        return [c.services.db.engine for c in self.counters]


def _open_hall(url: str, folder: Path, template: Path) -> Iterator[Hall]:
    central = make_engine(url)
    upgrade(central)
    result = Hall(url, central, folder, template)
    yield result
    for counter in result.counters:
        counter.services.close()
    central.dispose()


@pytest.fixture
def hall(pg_url: str, tmp_path: Path, template_db: Path) -> Iterator[Hall]:
    yield from _open_hall(pg_url, tmp_path, template_db)


@pytest.fixture
def own_server() -> Iterator[PgServer]:
    """A server of this test's own, to stop and start without disturbing other tests."""
    server = PgServer().start()
    yield server
    server.destroy()


@pytest.fixture
def stoppable_hall(own_server: PgServer, tmp_path: Path, template_db: Path) -> Iterator[Hall]:
    """A hall on ``own_server``: the test may stop the central and start it again."""
    yield from _open_hall(own_server.create_database("hall"), tmp_path, template_db)


def add_staff(counter: Counter, username: str, role: Role, password: str) -> Actor:
    counter.services.staff.add_user(counter.admin, username, username, frozenset({role}), password)
    return counter.services.staff.login(username, password)
