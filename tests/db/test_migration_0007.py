"""0007 rebuilds the applicant table on SQLite: cases keep pointing at their applicants."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from counter_app.container import Services
from counter_app.core.roles import Actor
from db import migrate
from tests.cases.reception.support import PERSON, form


def test_rebuild_keeps_applicants_and_their_cases(
    services: Services, reception_user: Actor, sqlite_url: str
) -> None:
    case = services.reception.receive(reception_user, form(services, 1, applicant=PERSON))
    engine = services.db.engine
    migrate.downgrade(engine, "0006")
    migrate.upgrade(engine)
    path = Path(sqlite_url.split("///", 1)[1])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("SELECT count(*) FROM applicant").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 1
        (ddl,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'applicant'").fetchone()
    assert "VARCHAR(32)" in ddl
    assert services.reception.open_case(reception_user, case.number).number == case.number
