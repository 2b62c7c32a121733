"""Staff roles (standard 5.2.1) and which areas of the counter each role sees."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from counter_app.core.errors import CounterError
from counter_app.i18n import tr


class Role(StrEnum):
    RECEPTION = "reception"
    ADMINISTRATIVE = "administrative"
    PROFESSIONAL = "professional"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.RECEPTION: tr("接待"),
    Role.ADMINISTRATIVE: tr("审批(行政)"),
    Role.PROFESSIONAL: tr("专业"),
    Role.SUPERVISOR: tr("科长"),
    Role.ADMINISTRATOR: tr("管理员"),
}


class Area(StrEnum):
    """The tabs of the counter window, in the order they are shown."""

    INFO = "info"
    RECEPTION = "reception"
    APPROVAL = "approval"
    DELIVERY = "delivery"
    QUEUE = "queue"
    SUPERVISOR = "supervisor"
    ADMINISTRATION = "administration"


AREA_ORDER: tuple[Area, ...] = tuple(Area)

ROLE_AREAS: dict[Role, frozenset[Area]] = {
    Role.RECEPTION: frozenset({Area.INFO, Area.RECEPTION, Area.DELIVERY, Area.QUEUE}),
    Role.ADMINISTRATIVE: frozenset({Area.INFO, Area.APPROVAL, Area.DELIVERY}),
    Role.PROFESSIONAL: frozenset({Area.INFO, Area.APPROVAL}),
    Role.SUPERVISOR: frozenset(
        {Area.INFO, Area.RECEPTION, Area.APPROVAL, Area.DELIVERY, Area.QUEUE, Area.SUPERVISOR}
    ),
    Role.ADMINISTRATOR: frozenset({Area.INFO, Area.ADMINISTRATION}),
}


def parse_role(value: str) -> Role:
    """A role from its key or its Chinese label."""
    for role in Role:
        if value in (role.value, role.label):
            return role
    names = "、".join(f"{r.value}({r.label})" for r in Role)
    raise CounterError(tr("未知角色“{value}”，可选：{names}", value=value, names=names), "role")


def areas_for(roles: frozenset[Role]) -> tuple[Area, ...]:
    """The areas a person with ``roles`` sees, in tab order."""
    allowed: set[Area] = set()
    for role in roles:
        allowed |= ROLE_AREAS[role]
    return tuple(area for area in AREA_ORDER if area in allowed)


@dataclass(frozen=True)
class Actor:
    """The person doing something: carried into every service call and audit row."""

    username: str
    display_name: str
    roles: frozenset[Role]
    staff_id: str = ""
    window_no: str = ""

    def has(self, role: Role) -> bool:
        return role in self.roles

    @property
    def areas(self) -> tuple[Area, ...]:
        return areas_for(self.roles)

    @property
    def role_labels(self) -> str:
        return "、".join(r.label for r in Role if r in self.roles)


SYSTEM_ACTOR = Actor("counter-admin", tr("系统管理命令"), frozenset({Role.ADMINISTRATOR}))


def require(actor: Actor, role: Role) -> None:
    """Refuse the action unless ``actor`` holds ``role``."""
    if not actor.has(role):
        raise CounterError(tr("此操作需要“{role}”角色，请用有权限的账号登录", role=role.label))
