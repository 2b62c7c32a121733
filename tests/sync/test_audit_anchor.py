"""Each PC's audit chain anchored at the central: a tail cut off, or a row edited and the rest
re-hashed, verifies on the PC alone but not against the central; the anchors only grow."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from counter_app.audit import trail as audit
from counter_app.audit.chain import chain_hash
from counter_app.core.roles import Role
from db.models import AuditHead, AuditLog
from db.sync import roles
from tests.sync.conftest import Counter, Hall, add_staff
from tests.test_cli import run


def _work(counter: Counter, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        add_staff(counter, f"clerk{counter.code.lower()}{i}", Role.RECEPTION, "clerk2026ok")


def _unguarded(counter: Counter, *statements: str) -> None:
    """What someone holding the PC's database file can do: drop the guards and write."""
    with counter.services.db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
        conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        for statement in statements:
            conn.execute(text(statement))


def _rehash_from(counter: Counter, first: int) -> None:
    """Recompute every hash from ``first`` on, and the head, as a careful forger would."""
    with counter.services.db.write() as session:
        prev = session.scalars(select(AuditLog.hash).where(AuditLog.seq == first - 1)).one()
        rows = session.scalars(
            select(AuditLog).where(AuditLog.seq >= first).order_by(AuditLog.seq)
        ).all()
        for row in rows:
            record, _, _ = audit._as_record(row)
            row.prev_hash, row.hash = prev, chain_hash(prev, record)
            prev = row.hash
        session.get_one(AuditHead, 1).last_hash = prev


def _db_arg(counter: Counter) -> str:
    return str(counter.services.db.engine.url)


def test_the_chain_reaches_the_central_and_a_cut_tail_is_found(hall: Hall) -> None:
    a = hall.counter("W01")
    _work(a, 3)
    report = a.sync()
    local = audit.verify(a.services.db).rows_checked
    anchored = hall.central.connect().execute(
        text("SELECT count(*) FROM audit_anchor WHERE counter = 'W01'")
    )
    assert anchored.scalar() == local > 3
    assert report is not None and report.audit_mismatch == []
    check = a.services.sync.audit_against_central()
    assert check is not None and check.ok and check.checked == local

    last = local
    _unguarded(
        a,
        f"DELETE FROM audit_log WHERE seq > {last - 3}",
        f"UPDATE audit_head SET last_seq = {last - 3}, "
        f"last_hash = (SELECT hash FROM audit_log WHERE seq = {last - 3})",
    )
    assert audit.verify(a.services.db).ok  # on the PC alone, nothing shows
    check = a.services.sync.audit_against_central()
    assert check is not None and not check.ok
    assert check.problem is not None and check.problem[0] == last - 2
    assert "末尾被删除" in check.problem[1]
    result = run("audit", "verify", db=_db_arg(a))
    assert result.returncode == 1 and "与中心存证不符" in result.stdout


def test_a_row_edited_and_re_hashed_is_found_and_recorded_at_the_central(hall: Hall) -> None:
    a = hall.counter("W01")
    _work(a, 3)
    a.sync()
    _unguarded(a, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
    _rehash_from(a, 3)
    assert audit.verify(a.services.db).ok
    check = a.services.sync.audit_against_central()
    assert check is not None and check.problem is not None and check.problem[0] == 3
    assert "被改动后重算" in check.problem[1]
    # The forger's next rows are anchored; the rewritten ones are refused and recorded.
    _work(a, 1, start=10)
    report = a.sync()
    assert report is not None and report.audit_mismatch  # the tip anchored before differs
    with hall.central.connect() as conn:
        assert (
            conn.execute(
                text("SELECT count(*) FROM central_audit WHERE act = 'audit_rewritten'")
            ).scalar()
            == 1
        )
        assert (
            conn.execute(
                text("SELECT count(*) FROM sync_security_event WHERE reason LIKE '%审计记录%'")
            ).scalar()
            == 1
        )


def test_anchors_only_grow_and_a_counter_reads_only_its_own(hall: Hall) -> None:
    a = hall.counter("W01")
    _work(a, 1)
    a.sync()
    with pytest.raises(Exception, match="只能追加"), hall.central.begin() as conn:
        conn.execute(text("DELETE FROM audit_anchor"))
    with pytest.raises(Exception, match="只能追加"), hall.central.begin() as conn:
        conn.execute(text("UPDATE central_audit SET act = 'x'"))
    with hall.central.begin() as conn:
        roles.grant(conn, "counter", "F2", "pw")
    url = make_url(hall.central_url)
    with psycopg.connect(
        host=url.host, port=url.port, dbname=url.database, user="counter_f2", autocommit=True
    ) as conn:
        with pytest.raises(psycopg.DatabaseError, match="不能代表窗口"):
            conn.execute("SELECT sync_anchors('W01', 0, 10)")
        with pytest.raises(psycopg.DatabaseError, match="不能代表窗口"):
            conn.execute("SELECT sync_anchor('W01', '[[999, \"x\"]]'::jsonb)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM audit_anchor")


def test_sync_verify_finds_rows_changed_behind_the_syncs_back_and_a_broken_central_chain(
    hall: Hall,
) -> None:
    a = hall.counter("W01")
    _work(a, 1)
    a.sync()
    clean = run("sync", "verify", db=hall.central_url)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "中心安全记录链完整" in clean.stdout and "业务表与同步记录一致" in clean.stdout
    for _ in range(2):  # two more acts in the central's own chain (3 rows with the founding)
        assert run("sync", "new-epoch", db=hall.central_url).returncode == 0
    with hall.central.begin() as conn:  # the owner, in psql, behind the sync's back
        key = conn.execute(text("SELECT id FROM staff WHERE username = 'clerkw010'")).scalar()
        conn.execute(
            text("UPDATE staff SET roles = '[\"administrator\"]' WHERE id = :k"), {"k": key}
        )
        conn.execute(text("ALTER TABLE central_audit DISABLE TRIGGER central_audit_append_only"))
        conn.execute(text("DELETE FROM central_audit WHERE seq = 2"))
    found = run("sync", "verify", db=hall.central_url)
    assert found.returncode == 1
    assert "表 staff 有记录未经同步被改动" in found.stdout and str(key) in found.stdout
    assert "第 3 条之前有记录缺失" in found.stdout
    with hall.central.begin() as conn:
        conn.execute(text("UPDATE central_audit SET act = 'nothing' WHERE seq = 1"))
    edited = run("sync", "verify", db=hall.central_url)
    assert "第 1 条内容被改动" in edited.stdout


def test_a_case_edited_in_the_pcs_database_file_is_refused_put_back_and_recorded(
    hall: Hall,
) -> None:
    import sqlite3

    from tests.cases.reception.support import form

    a = hall.counter("W01")
    case = a.services.reception.receive(a.admin, form(a.services, 1))
    a.sync()
    path = str(a.services.db.engine.url.database)
    with sqlite3.connect(path) as raw:  # a tool on the file, not this program
        raw.execute("UPDATE cases SET status = 'approved' WHERE number = ?", (case.number,))
    report = a.sync()
    assert report is not None and report.conflicts and "之外被改动" in report.conflicts[0]
    with a.services.db.engine.connect() as conn:
        status = conn.execute(
            text("SELECT status FROM cases WHERE number = :n"), {"n": case.number}
        ).scalar()
    assert status == case.status.value  # put back to the hall's truth
    with hall.central.connect() as conn:
        assert (
            conn.execute(
                text("SELECT status FROM cases WHERE number = :n"), {"n": case.number}
            ).scalar()
            == case.status.value
        )
        assert (
            conn.execute(
                text("SELECT count(*) FROM sync_security_event WHERE reason LIKE '%之外被改动%'")
            ).scalar()
            == 1
        )
