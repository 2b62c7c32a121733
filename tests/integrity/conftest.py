from __future__ import annotations

import pytest

from counter_app.container import Services
from counter_app.core.roles import Actor, Role


@pytest.fixture
def supervisor(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "zhao", "赵科长", frozenset({Role.SUPERVISOR}), "zhao2026ok")
    return services.staff.login("zhao", "zhao2026ok")
