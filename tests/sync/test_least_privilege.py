"""Each central account, tried as psql would try it, for what it must not do (issue 12 point 2):
counter, kiosk, hall display, supervisor. Roles are cluster-wide: names here are this file's own."""

from __future__ import annotations

import json

import psycopg
import pytest
from sqlalchemy.engine import make_url

from db.sync import roles
from tests.cases.reception.support import form
from tests.sync.conftest import Hall


def _connect(hall: Hall, user: str) -> psycopg.Connection:
    url = make_url(hall.central_url)
    return psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=user, autocommit=True
    )


def _refused(conn: psycopg.Connection, sql: str, match: str = "") -> None:
    with pytest.raises(psycopg.Error, match=match or None):
        conn.execute(sql)


def _hall_with_a_queue(hall: Hall) -> None:
    """A founded hall with a case; the central's queue has its default categories."""
    a = hall.counter("W01")
    a.services.reception.receive(a.admin, form(a.services, 1))
    a.sync()


def _pull_tables(conn: psycopg.Connection, client: str) -> set[str]:
    (raw,) = conn.execute(
        "SELECT sync_pull(%s, 0, '', '', 100000, true)::text", (client,)
    ).fetchone()
    return {row[0] for row in json.loads(raw)["rows"]}


def test_a_counter_account(hall: Hall) -> None:
    _hall_with_a_queue(hall)
    with hall.central.begin() as conn:
        name = roles.grant(conn, "counter", "LP1", "pw")
    with _connect(hall, name) as conn:
        for sql in (
            "SELECT * FROM cases",
            "SELECT * FROM staff",
            "UPDATE cases SET status = 'approved'",
            "DELETE FROM queue_ticket",
            "DELETE FROM queue_event",
            "UPDATE queue_event SET kind = 'x'",
            "SELECT sync_resolve(1, 'apply', 'me')",
            "SELECT sync_new_epoch()",
            "SELECT * FROM sync_security_event",
            "SELECT * FROM central_audit",
            "INSERT INTO audit_anchor VALUES ('LP1', 1, 'x')",
        ):
            _refused(conn, sql)
        _refused(conn, "UPDATE queue_category SET name = '改了'", "一次只能改动一行")
        _refused(conn, "SELECT sync_pull('W01', 0, '', '', 10, true)", "不能代表窗口")
        assert "cases" in _pull_tables(conn, "LP1")  # a counter works offline on the cases


@pytest.mark.parametrize("kind", ["kiosk", "display"])
def test_a_kiosk_or_a_hall_display_account(hall: Hall, kind: str) -> None:
    _hall_with_a_queue(hall)
    with hall.central.begin() as conn:
        name = roles.grant(conn, kind, "LP2" if kind == "kiosk" else "LP3", "pw")
    client = name.split("_", 1)[1].upper()
    with _connect(hall, name) as conn:
        for sql in (
            "SELECT * FROM cases",
            "SELECT * FROM applicant",
            "SELECT sync_found('X')",
            "UPDATE queue_ticket SET state = 'done'",
            "UPDATE queue_category SET name = 'x'",
            "DELETE FROM queue_ticket",
        ):
            _refused(conn, sql)
        pulled = _pull_tables(conn, client)
        assert "catalog_item" in pulled and "setting" in pulled
        assert not pulled & {"cases", "applicant", "staff", "payment", "delivery"}
        conn.execute("SELECT count(*) FROM queue_ticket")  # both may read the queue
        if kind == "display":
            _refused(conn, "INSERT INTO queue_event (kind) VALUES ('x')")
            _refused(conn, f"SELECT sync_push('{client}', '[]'::jsonb)")
        else:  # a kiosk pushes its intake only (tests/sync/test_intake.py)
            conn.execute(f"SELECT sync_push('{client}', '[]'::jsonb)")


def test_a_supervisor_account(hall: Hall) -> None:
    _hall_with_a_queue(hall)
    with hall.central.begin() as conn:
        name = roles.grant(conn, "supervisor", "LP4", "pw")
    with _connect(hall, name) as conn:
        conn.execute("SELECT count(*) FROM cases")  # reports read the hall's cases
        for sql in (
            "UPDATE cases SET status = 'approved'",
            "INSERT INTO staff (id) VALUES (gen_random_uuid())",
            "SELECT sync_new_epoch()",
            "DELETE FROM sync_conflict",
        ):
            _refused(conn, sql)
