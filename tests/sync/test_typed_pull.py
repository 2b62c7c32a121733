"""Pull pages in SQLite's stored form (migration 0018, db/sync/central_pull.py and
db/sync/pull_pages.py): every shared column stored as the long way stores it, the same pages
and rows as ``sync_pull`` for every kind of account, resuming after a cut-off fetch."""

from __future__ import annotations

import json
import sqlite3
import uuid
from typing import Any

import psycopg
import pytest
from sqlalchemy import JSON, Uuid, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import make_url

from db.sync import central_pull, pull_pages, roles
from db.sync.client import SyncClient
from db.sync.codec import key_text, raw_to_wire, to_wire, wire_to_python
from db.sync.tables import PULLED
from tests.cases.reception.support import form
from tests.sync.checker import assert_converged
from tests.sync.conftest import Hall
from tests.sync.test_set_apply import _samples

_SQLITE = sqlite.dialect()
_ROWS = "SELECT kind, seq, tbl, key, vals, keys FROM sync_pull_rows(%s, %s, %s, %s, %s, %s)"


def _items(answer: list[Any]) -> list[tuple[str, str, str | None, Any]]:
    """(kind, tbl, key, values) per item of a page: a table's typed rows ('t') one by one."""
    out: list[tuple[str, str, str | None, Any]] = []
    columns = {tbl: vals for kind, _seq, tbl, _key, vals, _keys in answer if kind == "h"}
    for kind, _seq, tbl, key, vals, keys in answer:
        if kind == "t":  # each row's key is its primary key column's
            assert keys is None
            spec = next(s for s in PULLED if s.name == tbl)
            at = columns[tbl].index(spec.pk)
            out += [("r", tbl, key_text(raw_to_wire(spec.table, spec.pk, r[at])), r) for r in vals]
        elif kind in "jd" and keys is not None:
            assert len(keys) == len(vals)
            out += [(kind, tbl, k, row) for k, row in zip(keys, vals, strict=True)]
        else:
            out.append((kind, tbl, key, vals))
    return out


def _connect(hall: Hall, user: str | None = None) -> psycopg.Connection:
    url = make_url(hall.central_url)
    return psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user=user or url.username,
        autocommit=True,
    )  # fmt: skip


def _sample_rows(hall: Hall) -> int:
    """One central row per sample of every shared table's columns (as ``to_jsonb`` writes
    them: normalised through the table's own type), numbered from seq 1000."""
    made = 0
    with hall.central.begin() as conn:
        conn.execute(text("SET LOCAL timezone = 'UTC'"))
        for spec in PULLED:
            columns = [c for c in spec.table.columns if c.name not in spec.local_columns]
            samples = {c.name: [_fit(c.type, v) for v in _samples(c.type)] for c in columns}
            for n in range(max(len(s) for s in samples.values())):
                row = {
                    name: to_wire(values[n % len(values)]) if values else None
                    for name, values in samples.items()
                }
                if isinstance(spec.table.c[spec.pk].type, Uuid):
                    row[spec.pk] = str(uuid.uuid4())
                conn.execute(
                    text(
                        f"INSERT INTO sync_row (tbl, key, server_seq, data, deleted, origin) "
                        f"SELECT :t, to_jsonb(r) ->> :pk, :seq, to_jsonb(r) - :local, false, "
                        f"'X' FROM jsonb_populate_record(NULL::\"{spec.name}\", "
                        f"CAST(:d AS jsonb)) r "
                        f"ON CONFLICT (tbl, key) DO UPDATE SET server_seq = EXCLUDED.server_seq, "
                        f"data = EXCLUDED.data"
                    ),
                    {
                        "t": spec.name,
                        "pk": spec.pk,
                        "seq": 1000 + made,
                        "local": list(spec.local_columns),
                        "d": json.dumps(row),
                    },
                )
                made += 1
        return int(
            conn.execute(
                text("SELECT count(*) FROM sync_row WHERE server_seq >= 1000")
            ).scalar_one()
        )


def _fit(column_type: Any, value: Any) -> Any:
    length = getattr(column_type, "length", None)
    return value[:length] if isinstance(value, str) and isinstance(length, int) else value


def _stored(declared: str, value: Any) -> tuple[Any, str]:
    """``value`` as a column of that declared type stores it: (value, typeof)."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE TABLE x (v {declared})")
    db.execute("INSERT INTO x VALUES (?)", (value,))
    row = db.execute("SELECT v, typeof(v) FROM x").fetchone()
    db.close()
    return row[0], row[1]


def test_every_shared_column_is_stored_as_the_long_way_stores_it(hall: Hall) -> None:
    made = _sample_rows(hall)
    with _connect(hall) as conn:
        answer = conn.execute(_ROWS, ("X", 999, "", "", 100_000, True), binary=True).fetchall()
        ((raw,),) = conn.execute(
            "SELECT sync_pull(%s, 999, '', '', 100000, true)::text", ("X",)
        ).fetchall()
    long_way = {(t, k): data for t, k, data in json.loads(raw)["rows"]}
    assert len(long_way) == made and answer[-1][0] == "e"
    items = _items(answer)
    headers = {tbl: vals for kind, tbl, _k, vals in items if kind == "h"}
    typed = [(tbl, key, vals) for kind, tbl, key, vals in items if kind == "r"]
    assert "staff" not in headers  # a photo's bytes: the long way
    assert {(t, k) for kind, t, k, _v in items if kind == "j"} == {
        key for key in long_way if key[0] == "staff"
    }
    checked = 0
    for tbl, key, vals in typed:
        table = next(s for s in PULLED if s.name == tbl).table
        data = long_way[(tbl, key)]
        for column, value in zip(headers[tbl], vals, strict=True):
            col = table.c[column]
            declared = col.type.compile(dialect=_SQLITE)
            processor = col.type.dialect_impl(_SQLITE).bind_processor(_SQLITE)
            python = wire_to_python(table, column, data.get(column))
            expected = _stored(declared, processor(python) if processor else python)
            got = _stored(declared, value)
            if isinstance(col.type, JSON):  # the same document (the central's spacing)
                assert json.loads(got[0]) == json.loads(expected[0]), (tbl, column)
            else:
                assert got == expected, (tbl, column, value, expected)
            checked += 1
    assert checked > 500


def _page_ends(conn: psycopg.Connection, client: str, size: int, full: bool) -> list[Any]:
    """Every page of both functions from the start: (end, more, the rows handed out)."""
    pages, cursor = [], [0, "", ""]
    while True:
        answer = conn.execute(_ROWS, (client, *cursor, size, full), binary=True).fetchall()
        ((raw,),) = conn.execute(
            "SELECT sync_pull(%s, %s, %s, %s, %s, %s)::text", (client, *cursor, size, full)
        ).fetchall()
        body = json.loads(raw)
        if body["end"] is None:
            assert answer == []
            return pages
        kind, seq, tbl, key, vals, _keys = answer[-1]
        assert (
            kind == "e" and [seq, tbl, key] == body["end"] and vals == [str(body["more"]).lower()]
        )
        rows = {(t, k) for kind, t, k, _v in _items(answer) if kind in "rjd"}
        assert rows == {(t, k) for t, k, _d in body["rows"]}
        pages.append((body["end"], body["more"], rows))
        if not body["more"]:
            return pages
        cursor = body["end"]


def _a_hall_with_cases(hall: Hall) -> None:
    a = hall.counter("W01")
    for number in (1, 2, 3):
        a.services.reception.receive(a.admin, form(a.services, number))
    a.sync()


def test_the_same_pages_and_rows_as_sync_pull_for_each_kind_of_account(hall: Hall) -> None:
    _a_hall_with_cases(hall)
    with hall.central.begin() as conn:
        counter = roles.grant(conn, "counter", "TP1", "pw")
        kiosk = roles.grant(conn, "kiosk", "TP2", "pw")
        display = roles.grant(conn, "display", "TP3", "pw")
    for name in (counter, kiosk, display):
        client = name.split("_", 1)[1].upper()
        with _connect(hall, name) as conn:
            for size, full in ((7, False), (50, True), (100_000, False)):
                pages = _page_ends(conn, client, size, full)
                assert pages, name
            handed = {
                t for _e, _m, rows in _page_ends(conn, client, 100_000, True) for t, _k in rows
            }
            headers = {
                row[2]
                for row in conn.execute(_ROWS, (client, 0, "", "", 100_000, True)).fetchall()
                if row[0] == "h"
            }
            if name == counter:  # a counter works offline on the hall's cases
                assert {"cases", "applicant", "case_event"} <= handed
            else:  # a kiosk or a board: the hall's reference data only, not even columns
                assert handed and handed <= set(central_pull.REFERENCE_TABLES), handed
                assert headers <= set(central_pull.REFERENCE_TABLES), headers
            # Only as its own counter.
            with pytest.raises(psycopg.Error, match="不能代表窗口"):
                conn.execute(_ROWS, ("W01", 0, "", "", 10, True))


def test_an_account_without_the_sync_functions_is_refused(hall: Hall) -> None:
    _a_hall_with_cases(hall)
    with _connect(hall) as conn:
        conn.execute("DROP ROLE IF EXISTS tp_nobody")
        conn.execute("CREATE ROLE tp_nobody LOGIN")
    with (
        _connect(hall, "tp_nobody") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(_ROWS, ("TP9", 0, "", "", 10, True))


def test_the_migration_grants_it_to_whoever_may_pull(hall: Hall) -> None:
    """Accounts made before migration 0018 get it: those that may call sync_pull, no one else."""
    with hall.central.begin() as conn:
        kiosk = roles.grant(conn, "kiosk", "TP5", "pw")
        conn.exec_driver_sql("DROP ROLE IF EXISTS counter_tp6")
        conn.exec_driver_sql("CREATE ROLE counter_tp6 LOGIN")  # no sync rights at all
    with _connect(hall) as conn:
        conn.execute(central_pull.DOWNGRADE)
        conn.execute(central_pull.UPGRADE)
    with _connect(hall, kiosk) as conn:
        conn.execute(_ROWS, ("TP5", 0, "", "", 10, True))
    with (
        _connect(hall, "counter_tp6") as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(_ROWS, ("TP6", 0, "", "", 10, True))


def test_deleted_rows_and_rows_missing_a_column_go_the_long_way(hall: Hall) -> None:
    _a_hall_with_cases(hall)
    with hall.central.begin() as conn:
        seq = conn.execute(text("SELECT seq FROM sync_meta")).scalar_one()
        conn.execute(
            text(
                "UPDATE sync_row SET server_seq = :s + 1000, data = data - 'note' "
                "WHERE tbl = 'case_event' AND key = (SELECT min(key) FROM sync_row "
                "WHERE tbl = 'case_event')"
            ),
            {"s": seq},
        )
        conn.execute(
            text(
                "INSERT INTO sync_row (tbl, key, server_seq, data, deleted) "
                "VALUES ('holiday_override', '2031-01-01', :s + 1001, NULL, true)"
            ),
            {"s": seq},
        )
    with _connect(hall) as conn:
        answer = conn.execute(_ROWS, ("W09", seq + 500, "", "", 100, True)).fetchall()
    kinds = {(kind, tbl) for kind, tbl, _k, _v in _items(answer) if kind in "rjd"}
    assert kinds == {("j", "case_event"), ("d", "holiday_override")}


def test_a_pull_cut_off_after_a_page_resumes_after_it(
    hall: Hall, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = hall.counter("W01")
    b = hall.counter("W02")
    for number in (1, 2, 3):
        a.services.reception.receive(a.admin, form(a.services, number))
    a.sync()
    real = pull_pages.fetch_page
    calls: list[list[Any]] = []

    def cut_off(*args: Any) -> pull_pages.Page | None:
        calls.append(list(args[2]))
        if len(calls) == 2:
            raise ConnectionError("the central went away")
        return real(*args)

    monkeypatch.setattr(pull_pages, "fetch_page", cut_off)
    client = SyncClient(b.services.db.engine, hall.central, "W02", pull_page=3)
    with pytest.raises(ConnectionError):
        client.pull()
    with b.services.db.engine.connect() as conn:
        saved = conn.execute(text("SELECT value FROM setting WHERE key = 'sync.cursor'")).scalar()
    first = real(hall.central, "W02", calls[0], 3, False)
    assert first is not None and json.loads(str(saved)) == first.end  # the one page written
    monkeypatch.setattr(pull_pages, "fetch_page", real)
    client.pull()
    hall.sync_all()
    counts = assert_converged(hall.central, *hall.engines())
    assert counts["cases"] == 3


def test_a_row_with_a_local_change_waiting_is_not_overwritten_by_a_pull(hall: Hall) -> None:
    a, b = hall.counter("W01"), hall.counter("W02")
    a.services.reception.receive(a.admin, form(a.services, 1))
    hall.sync_all()
    for counter, phone in ((a, "13900000001"), (b, "13900000002")):
        with counter.services.db.write() as session:
            session.execute(text("UPDATE applicant SET phone = :p"), {"p": phone})
    a.sync()
    other = uuid.uuid4()  # and a row B has no change to, arriving in the same pages
    with a.services.db.write() as session:
        session.execute(
            text(
                "INSERT INTO login_event (id, username, kind, at, counter) "
                "VALUES (:id, 'wang', 'fail', '2026-11-27 02:00:00.000000', 'W01')"
            ),
            {"id": other.hex},
        )
    a.sync()
    client = SyncClient(b.services.db.engine, hall.central, "W02")
    assert client.pull(full=True) > 0  # typed pages, B's pending applicant row among them
    with b.services.db.engine.connect() as conn:
        phones = conn.execute(text("SELECT phone FROM applicant")).scalars().all()
        arrived = conn.execute(
            text("SELECT count(*) FROM login_event WHERE id = :id"), {"id": other.hex}
        ).scalar_one()
    assert phones == ["13900000002"] and arrived == 1
