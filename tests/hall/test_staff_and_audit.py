"""Login, lockout, roles and the audit trail with tamper detection."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text

from counter_app.audit import trail as audit
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Area, Role, areas_for
from counter_app.hall import staff as staff_module
from counter_app.hall.settings import HallSettings
from counter_app.hall.staff import MAX_FAILURES, StaffService
from db.ids import utc_now
from db.models import AuditLog
from tests.conftest import ADMIN_PASSWORD


def _actions(services: Services) -> list[str]:
    with services.db.read() as session:
        return list(session.scalars(select(AuditLog.action).order_by(AuditLog.seq)))


def test_first_run_makes_an_administrator_and_is_audited(services: Services, admin: Actor) -> None:
    assert services.hall.is_set_up()
    assert admin.roles == frozenset({Role.ADMINISTRATOR})
    assert services.hall.settings().hall_code == "LYG"
    assert "first_run" in _actions(services)
    with pytest.raises(CounterError):
        services.hall.first_run(services.hall.settings(), "admin2", "x", "abc12345xyz")


def test_first_run_refuses_bad_codes_and_saves_nothing(services: Services) -> None:
    bad = HallSettings(hall_name="大厅", hall_code="lyg-1", counter_code="W03")
    with pytest.raises(CounterError) as info:
        services.hall.first_run(bad, "admin", "王", ADMIN_PASSWORD)
    assert info.value.field == "hall_code"
    assert not services.hall.is_set_up()
    assert services.staff.count() == 0


def test_login_and_wrong_password(services: Services, admin: Actor) -> None:
    actor = services.staff.login("admin", ADMIN_PASSWORD)
    assert actor.username == "admin"
    with pytest.raises(CounterError, match="用户名或密码不正确"):
        services.staff.login("admin", "wrong-password1")
    with pytest.raises(CounterError, match="用户名或密码不正确"):
        services.staff.login("ghost", "whatever123")
    assert _actions(services)[-3:] == ["login", "login_failed", "login_failed"]


def test_lockout_after_repeated_failures(services: Services, admin: Actor) -> None:
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(CounterError, match="再错"):
            services.staff.login("admin", "bad-password9")
    with pytest.raises(CounterError, match="已锁定"):
        services.staff.login("admin", "bad-password9")
    with pytest.raises(CounterError, match="账号已锁定"):
        services.staff.login("admin", ADMIN_PASSWORD)  # even the right password
    assert "account_locked" in _actions(services)
    later = StaffService(services.db, clock=lambda: utc_now() + timedelta(minutes=16))
    assert later.login("admin", ADMIN_PASSWORD).username == "admin"


def test_roles_decide_the_tabs(services: Services, admin: Actor, reception_user: Actor) -> None:
    assert reception_user.areas == (Area.INFO, Area.RECEPTION, Area.DELIVERY, Area.QUEUE)
    assert admin.areas == (Area.INFO, Area.ADMINISTRATION)
    both = areas_for(frozenset({Role.RECEPTION, Role.SUPERVISOR}))
    assert Area.SUPERVISOR in both and Area.ADMINISTRATION not in both
    with pytest.raises(CounterError, match="管理员"):
        services.staff.add_user(reception_user, "x1", "某", frozenset({Role.RECEPTION}), "abc12345")


def test_weak_password_and_duplicate_user_refused(services: Services, admin: Actor) -> None:
    with pytest.raises(CounterError) as info:
        services.staff.add_user(admin, "wu", "吴", frozenset({Role.RECEPTION}), "12345678")
    assert info.value.field == "password"
    with pytest.raises(CounterError) as info:
        services.staff.add_user(admin, "admin", "吴", frozenset({Role.RECEPTION}), "abc12345")
    assert info.value.field == "username"


def test_audit_chain_verifies_and_detects_an_edited_row(any_url: str) -> None:
    services = Services.open(any_url)
    settings = HallSettings(hall_name="大厅", hall_code="LYG", counter_code="W01")
    services.hall.first_run(settings, "admin", "王", ADMIN_PASSWORD)
    services.staff.login("admin", ADMIN_PASSWORD)
    result = audit.verify(services.db)
    assert result.ok and result.rows_checked >= 3
    _tamper(services, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
    result = audit.verify(services.db)
    assert not result.ok and result.broken is not None
    assert result.broken.seq == 2 and "改动" in result.broken.reason
    services.close()


def test_audit_chain_detects_a_deleted_row(services: Services, admin: Actor) -> None:
    services.staff.login("admin", ADMIN_PASSWORD)
    services.staff.login("admin", ADMIN_PASSWORD)
    _tamper(services, "DELETE FROM audit_log WHERE seq = 2")
    broken = audit.verify(services.db).broken
    assert broken is not None and broken.seq == 2 and "缺失" in broken.reason


def test_audit_chain_detects_the_last_rows_deleted(services: Services, admin: Actor) -> None:
    services.staff.login("admin", ADMIN_PASSWORD)
    last = audit.recent(services.db, 1)[0].seq
    _tamper(services, f"DELETE FROM audit_log WHERE seq = {last}")
    broken = audit.verify(services.db).broken
    assert broken is not None and "末尾" in broken.reason


def _tamper(services: Services, statement: str) -> None:
    """What an attacker with direct database access would do: drop the guard, edit a row."""
    with services.db.engine.begin() as conn:
        if services.db.is_sqlite:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS audit_log_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log"))
        conn.execute(text(statement))


def test_an_administrator_cannot_lock_themself_out(services: Services, admin: Actor) -> None:
    with pytest.raises(CounterError) as info:
        services.staff.update_user(admin, admin.staff_id, active=False)
    assert info.value.field == "active"
    with pytest.raises(CounterError) as info:
        services.staff.update_user(admin, admin.staff_id, window_no="W" * 17)
    assert info.value.field == "window_no"
    assert services.staff.login("admin", ADMIN_PASSWORD).username == "admin"


def test_production_passwords_use_argon2id_defaults() -> None:
    import subprocess
    import sys

    code = "from counter_app.hall.staff import _hasher; print(_hasher.hash('abc12345'))"
    env = {k: v for k, v in __import__("os").environ.items() if k != "COUNTER_PASSWORD_HASH"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    ).stdout
    assert out.startswith("$argon2id$") and "m=65536,t=3" in out


def test_an_unknown_name_is_answered_like_a_known_one_with_a_wrong_password(
    services: Services, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No probing for names: the same messages in the same order, and the same work (one
    password hash verified) whether the account exists or not."""

    def answers(name: str) -> list[str]:
        said = []
        for _ in range(MAX_FAILURES + 1):
            with pytest.raises(CounterError) as failure:
                services.staff.login(name, "bad-password9")
            said.append(failure.value.message)
        return said

    known, unknown = answers("admin"), answers("ghost")
    assert unknown == known
    assert "再错 4 次" in known[0] and "已锁定" in known[-1]

    verified: list[str] = []
    real = staff_module._verify

    def counting(stored: str, password: str) -> bool:
        verified.append(stored)
        return real(stored, password)

    monkeypatch.setattr(staff_module, "_verify", counting)
    with pytest.raises(CounterError):
        services.staff.login("nobody-at-all", "bad-password9")
    assert len(verified) == 1 and verified[0].startswith("$argon2id$")
