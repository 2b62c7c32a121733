"""A stolen counter PC against a real central: its database account cannot make anyone an
administrator, edit the catalogue or the hall's settings; the central refuses and records it.
An administrator's own central account, typed for the act, carries such changes."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from counter_app.core.errors import CounterError
from counter_app.core.roles import Role
from db.sync import roles
from tests.conftest import ADMIN_PASSWORD
from tests.sync.conftest import Counter, Hall
from tests.test_cli import run


def _grant(hall: Hall, kind: str, code: str) -> str:
    with hall.central.begin() as conn:
        return roles.grant(conn, kind, code, f"pw-{code}")


def _join_as_counter(hall: Hall, code: str) -> Counter:
    """A PC joined with its own counter account (not the owner's, as the other tests do)."""
    name = _grant(hall, "counter", code)
    own = replace(hall.config(), user=name)
    original = hall.config
    hall.config = lambda: own  # type: ignore[method-assign]
    try:
        return hall.counter(code)
    finally:
        hall.config = original  # type: ignore[method-assign]


def _as(hall: Hall, user: str) -> psycopg.Connection:
    url = make_url(hall.central_url)
    return psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=user, autocommit=True
    )


def _push(conn: psycopg.Connection, client: str, changes: list[dict]) -> dict:
    op = {"op": str(uuid.uuid4()), "changes": changes}
    row = conn.execute("SELECT sync_push(%s, %s::jsonb)::text", (client, json.dumps([op])))
    (raw,) = row.fetchone()
    (result,) = json.loads(raw)["results"]
    return result


def _central_scalar(hall: Hall, sql: str, **params: object) -> object:
    with hall.central.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def _evil_staff() -> dict:
    key = str(uuid.uuid4())
    return {
        "t": "staff",
        "k": key,
        "o": "i",
        "new": {
            "id": key,
            "username": "evil",
            "display_name": "evil",
            "roles": ["administrator", "supervisor"],
            "password_hash": "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
            "active": True,
            "failed_logins": 0,
            "locked_until": None,
            "window_no": "",
            "services_text": "",
            "published": False,
            "photo": None,
            "examines_items": [],
            "row_version": 1,
            "created_at": "2026-12-06T08:00:00+00:00",
            "updated_at": "2026-12-06T08:00:00+00:00",
        },
    }


def test_a_counter_account_cannot_create_an_administrator(hall: Hall) -> None:
    a = hall.counter("W01")
    b = _join_as_counter(hall, "A2")
    events = _central_scalar(hall, "SELECT count(*) FROM sync_security_event")
    with _as(hall, "counter_a2") as conn:
        result = _push(conn, "A2", [_evil_staff()])
        assert result["result"] == "refused"
        assert "只有管理员本人的中心账号" in result["reason"]
        # ensure mode (a snapshot after a restore) is no way round it
        op = {"op": str(uuid.uuid4()), "mode": "ensure", "changes": [_evil_staff()]}
        (raw,) = conn.execute(
            "SELECT sync_push('A2', %s::jsonb)::text", (json.dumps([op]),)
        ).fetchone()
        assert json.loads(raw)["results"][0]["result"] == "refused"
    assert _central_scalar(hall, "SELECT count(*) FROM staff WHERE username = 'evil'") == 0
    assert _central_scalar(hall, "SELECT count(*) FROM sync_security_event") == events + 2
    who = _central_scalar(hall, "SELECT db_user FROM sync_security_event ORDER BY id DESC")
    assert who == "counter_a2"
    hall.sync_all()
    with pytest.raises(CounterError):
        a.services.staff.login("evil", "whatever1")
    with pytest.raises(CounterError):
        b.services.staff.login("evil", "whatever1")
    # The supervisor sees it: in every counter's status, and on the command line.
    assert "安全事件 2 条" in a.services.sync.status().label()
    listed = run("sync", "security-events", db=hall.central_url)
    assert listed.returncode == 0 and "counter_a2" in listed.stdout and "共 2 条" in listed.stdout


def test_a_counter_account_cannot_promote_staff_or_edit_the_catalogue(hall: Hall) -> None:
    a = hall.counter("W01")
    _join_as_counter(hall, "B2")
    clerk = a.services.staff.add_user(
        a.admin, "zhang", "张受理", frozenset({Role.RECEPTION}), "zhang2026ok"
    )
    hall.sync_all()
    with hall.central.connect() as conn:
        staff = conn.execute(text("SELECT * FROM staff WHERE username = 'zhang'")).mappings().one()
        item = conn.execute(text("SELECT * FROM catalog_item ORDER BY number LIMIT 1")).mappings()
        item = item.one()
    promote = {
        "t": "staff",
        "k": str(staff["id"]),
        "o": "u",
        "old": {"roles": staff["roles"], "row_version": staff["row_version"]},
        "new": {"roles": ["reception", "administrator"], "row_version": staff["row_version"] + 1},
    }
    retire = {
        "t": "catalog_item",
        "k": str(item["id"]),
        "o": "d",
        "old": {k: (str(v) if not isinstance(v, (int, bool, type(None))) else v)
                for k, v in item.items()},
    }  # fmt: skip
    setting = {
        "t": "setting",
        "k": "complaint_phone",
        "o": "i",
        "new": {"key": "complaint_phone", "scope": "hall", "value": "0518-evil"},
    }
    with _as(hall, "counter_b2") as conn:
        for change in (promote, retire, setting):
            assert _push(conn, "B2", [change])["result"] == "refused", change["t"]
    assert _central_scalar(hall, "SELECT roles::text FROM staff WHERE username = 'zhang'") == (
        '["reception"]'
    )
    assert _central_scalar(hall, "SELECT count(*) FROM catalog_item WHERE id = :i", i=item["id"])
    assert clerk.username == "zhang"


def test_a_counter_account_may_not_speak_for_another_counter_nor_found_a_full_hall(
    hall: Hall,
) -> None:
    hall.counter("W01")
    _join_as_counter(hall, "C2")
    with _as(hall, "counter_c2") as conn:
        with pytest.raises(psycopg.DatabaseError, match="不能代表窗口"):
            _push(conn, "W01", [])
        with pytest.raises(psycopg.DatabaseError, match="已有数据"):
            conn.execute("SELECT sync_found('C2')")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE cases SET status = 'approved'")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("INSERT INTO staff (id) VALUES (gen_random_uuid())")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM sync_security_event")


def test_an_administrators_change_at_a_counter_waits_for_the_administrators_own_account(
    hall: Hall,
) -> None:
    a = hall.counter("W01")
    b = _join_as_counter(hall, "D2")
    _grant(hall, "admin", "wang")
    b_admin = b.services.staff.login("admin", ADMIN_PASSWORD)
    b.services.staff.add_user(b_admin, "li", "李受理", frozenset({Role.RECEPTION}), "li2026okay")
    report = b.sync()
    assert report is not None and report.held == 1
    status = b.services.sync.status()
    assert "管理更改 1 项待管理员上传" in status.label()
    assert _central_scalar(hall, "SELECT count(*) FROM staff WHERE username = 'li'") == 0
    # Held by the counter, not refused by the central: no security event for an honest PC.
    assert _central_scalar(hall, "SELECT count(*) FROM sync_security_event") == 0
    # A counter account typed where an administrator's is asked for changes nothing.
    with pytest.raises(CounterError, match="不是中心数据库的管理员账号"):
        b.services.sync.run_as_administrator("counter_d2", "pw-D2")
    assert _central_scalar(hall, "SELECT count(*) FROM staff WHERE username = 'li'") == 0
    done = b.services.sync.run_as_administrator("admin_wang", "pw-wang")
    assert done.held == 0 and done.pushed >= 1
    assert _central_scalar(hall, "SELECT count(*) FROM staff WHERE username = 'li'") == 1
    a.sync()
    assert a.services.staff.login("li", "li2026okay").username == "li"
    assert "管理更改" not in b.services.sync.status().label()


def test_the_founding_counter_brings_the_hall_with_its_own_account_then_the_window_closes(
    hall: Hall,
) -> None:
    a = _join_as_counter(hall, "E1")  # founds the hall with counter_e1
    assert _central_scalar(hall, "SELECT count(*) FROM staff WHERE username = 'admin'") == 1
    assert _central_scalar(hall, "SELECT count(*) FROM catalog_item") == 33
    assert _central_scalar(hall, "SELECT founder FROM sync_meta") == "E1"
    with hall.central.begin() as conn:  # the founding window is over
        conn.execute(text("UPDATE sync_meta SET founding_until = now() - interval '1 second'"))
    with _as(hall, "counter_e1") as conn:
        assert _push(conn, "E1", [_evil_staff()])["result"] == "refused"
    assert a.sync() is not None
