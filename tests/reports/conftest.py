"""Report fixtures: a report service over a migrated database holding the hand-made day."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.container import Services
from counter_app.core.roles import Actor, Role
from counter_app.reports.service import ReportService
from tests.reports import dataset

SUPERVISOR = Actor("chief", "钱科长", frozenset({Role.SUPERVISOR}))
ADMIN = Actor("admin", "管理员", frozenset({Role.ADMINISTRATOR}))
CLERK = Actor("wang", "王芳", frozenset({Role.RECEPTION}))


def report_service(services: Services) -> ReportService:
    return ReportService(
        services.db,
        services.hall,
        lambda: None,
        lambda: dataset.D,
        offset=dataset.OFFSET,
        now=lambda: dataset.NOW,
    )


@pytest.fixture
def day(sqlite_url: str, template_db: Path) -> Iterator[tuple[ReportService, dict[str, uuid.UUID]]]:
    shutil.copyfile(template_db, sqlite_url.split("///", 1)[1])
    services = Services.open(sqlite_url, today=lambda: dataset.D)
    ids = dataset.load(services.db)
    yield report_service(services), ids
    services.close()
