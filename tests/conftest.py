"""Shared fixtures: embedded SQLite databases and a throwaway PostgreSQL server."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTER_PASSWORD_HASH", "fast")  # argon2id, cheaper parameters

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.hall.settings import HallSettings
from tests.support.pgserver import PgServer

ADMIN_PASSWORD = "admin2026ok"


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "userdata"))


@pytest.fixture(autouse=True)
def _nothing_frozen_after() -> Iterator[None]:
    """The application freezes what lives long (ui/heap.py); a test's objects must not stay
    out of the collector for the rest of the run (their connections would never close)."""
    yield
    if gc.get_freeze_count():
        gc.unfreeze()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+pysqlite:///{tmp_path / 'counter.db'}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = PgServer().start()
    yield server
    server.destroy()


_pg_counter = 0


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    global _pg_counter
    _pg_counter += 1
    return pg_server.create_database(f"t{os.getpid()}_{_pg_counter}")


@pytest.fixture(params=["sqlite", "postgres"])
def any_url(request: pytest.FixtureRequest) -> str:
    """The same test on the embedded SQLite and on a real PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


# The business date of the services in tests: a Friday inside the years chinesecalendar knows,
# so that no test depends on the day it runs.
TODAY = date(2026, 11, 27)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, seeded SQLite file made once; each test gets a copy (saves ~1 s a test)."""
    path = tmp_path_factory.mktemp("template") / "counter.db"
    Services.open(f"sqlite+pysqlite:///{path}").close()
    return path


@pytest.fixture
def services(sqlite_url: str, template_db: Path) -> Iterator[Services]:
    shutil.copyfile(template_db, sqlite_url.split("///", 1)[1])
    svc = Services.open(sqlite_url, today=lambda: TODAY)
    yield svc
    svc.close()


@pytest.fixture
def hall_settings() -> HallSettings:
    return HallSettings(hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W03")


@pytest.fixture
def admin(services: Services, hall_settings: HallSettings) -> Actor:
    return services.hall.first_run(hall_settings, "admin", "王管理", ADMIN_PASSWORD)


@pytest.fixture
def reception_user(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "li", "李受理", frozenset({Role.RECEPTION}), "recept2026")
    return services.staff.login("li", "recept2026")
