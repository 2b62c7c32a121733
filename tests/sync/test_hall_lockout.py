"""The login lockout is the hall's: five wrong passwords under one name lock it at every PC,
wherever they were typed; a PC cut off counts its own and catches up when it is back."""

from __future__ import annotations

import pytest

from counter_app.core.errors import CounterError
from counter_app.hall.lockout import MAX_FAILURES
from tests.conftest import ADMIN_PASSWORD
from tests.sync.conftest import Hall


def _fail(services: object, name: str, times: int) -> list[str]:
    said = []
    for _ in range(times):
        with pytest.raises(CounterError) as failure:
            services.staff.login(name, "not-the-password1")  # type: ignore[attr-defined]
        said.append(failure.value.message)
    return said


@pytest.mark.parametrize("name", ["admin", "nobody"])
def test_failures_at_two_counters_lock_the_name_at_both(hall: Hall, name: str) -> None:
    a, b = hall.counter("W01"), hall.counter("W02")
    _fail(a.services, name, 3)
    hall.sync_all()
    said = _fail(b.services, name, MAX_FAILURES - 3)
    assert "已锁定" in said[-1]  # the fifth failure in the hall, the second at B
    hall.sync_all()
    with pytest.raises(CounterError, match="账号已锁定"):
        a.services.staff.login(name, ADMIN_PASSWORD)  # even the right password, at A
    if name == "admin":
        locked = [v for v in b.services.staff.list_users() if v.username == "admin"]
        assert locked[0].locked


def test_an_unlock_reaches_every_counter(hall: Hall) -> None:
    a, b = hall.counter("W01"), hall.counter("W02")
    _fail(a.services, "admin", MAX_FAILURES)
    hall.sync_all()
    with pytest.raises(CounterError, match="账号已锁定"):
        b.services.staff.login("admin", ADMIN_PASSWORD)
    b.services.staff.add_user(b.admin, "boss", "主管", frozenset(b.admin.roles), "boss2026ok")
    boss = b.services.staff.login("boss", "boss2026ok")
    b.services.staff.unlock(boss, _id(b, "admin"))
    hall.sync_all()
    assert a.services.staff.login("admin", ADMIN_PASSWORD).username == "admin"


def _id(counter: object, username: str) -> str:
    users = counter.services.staff.list_users()  # type: ignore[attr-defined]
    return next(u.id for u in users if u.username == username)
