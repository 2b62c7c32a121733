"""The hall's settings and the first start: hall name, codes and the first administrator."""

from __future__ import annotations

import re
from dataclasses import fields, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role, require
from counter_app.hall.catalog import seed_if_empty
from counter_app.hall.rules.settings import HallSettings, parse_office_hours
from counter_app.hall.staff import add_user_in
from counter_app.i18n import tr
from db.engine import Database
from db.models import Setting, Staff

_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
_COUNTER = re.compile(r"^[A-Z0-9]{1,6}$")
LOCAL_KEYS = frozenset({"counter_code"})

__all__ = [
    "HallService",
    "HallSettings",
    "check_counter_code",
    "check_hall_code",
    "check_settings",
]


def check_hall_code(value: str) -> str:
    code = value.strip().upper()
    if not _CODE.match(code):
        raise CounterError(tr("大厅代码应为 2-8 位大写字母或数字，以字母开头，如 LYG"), "hall_code")
    return code


def check_counter_code(value: str) -> str:
    code = value.strip().upper()
    if not _COUNTER.match(code):
        raise CounterError(tr("窗口代码应为 1-6 位字母或数字，如 W03"), "counter_code")
    return code


def _read(session: Session) -> HallSettings:
    # plain rows, not ORM objects: read by every document and reception (~3x faster)
    values: dict[str, str] = {k: v for k, v in session.execute(select(Setting.key, Setting.value))}
    names = {f.name for f in fields(HallSettings)}
    return HallSettings(**{k: v for k, v in values.items() if k in names})


def put_setting(session: Session, key: str, value: str, scope: str) -> None:
    """Save one setting ("hall": shared by every counter; "local": this PC only)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, scope=scope, value=value))
    elif row.value != value:
        row.value = value


def _write(session: Session, settings: HallSettings) -> None:
    for f in fields(HallSettings):
        scope = "local" if f.name in LOCAL_KEYS else "hall"
        put_setting(session, f.name, getattr(settings, f.name), scope)


class HallService:
    def __init__(self, database: Database) -> None:
        self._db = database

    def settings(self) -> HallSettings:
        with self._db.read() as session:
            return _read(session)

    def set_counter_code(self, code: str) -> None:
        """This PC's counter code alone (a new PC joining a hall brings the rest with it)."""
        with self._db.write() as session:
            put_setting(session, "counter_code", check_counter_code(code), "local")

    def is_set_up(self) -> bool:
        with self._db.read() as session:
            if not _read(session).hall_name:
                return False
            admins = session.scalars(select(Staff.roles).where(Staff.active)).all()
            return any(Role.ADMINISTRATOR.value in roles for roles in admins)

    def first_run(
        self, settings: HallSettings, admin_username: str, admin_name: str, password: str
    ) -> Actor:
        """Save the hall, create the first administrator and seed the catalogue, all at once."""
        settings = check_settings(settings)
        if self.is_set_up():
            raise CounterError(tr("本机已完成初始设置"), "hall_name")
        with self._db.write() as session:
            _write(session, settings)
            staff = add_user_in(
                session,
                SYSTEM_ACTOR,
                admin_username,
                admin_name,
                frozenset({Role.ADMINISTRATOR}),
                password,
            )
            seeded = seed_if_empty(session, SYSTEM_ACTOR)
            audit.record(
                session,
                SYSTEM_ACTOR.username,
                "first_run",
                "setting",
                "",
                after={**settings.__dict__, "catalog_seeded": seeded},
            )
            return Actor(
                staff.username, staff.display_name, frozenset({Role.ADMINISTRATOR}), str(staff.id)
            )

    def update(self, actor: Actor, settings: HallSettings) -> HallSettings:
        require(actor, Role.ADMINISTRATOR)
        settings = check_settings(settings)
        with self._db.write() as session:
            before = _read(session)
            _write(session, settings)
            audit.record(
                session,
                actor.username,
                "settings_update",
                "setting",
                "",
                before=before.__dict__,
                after=settings.__dict__,
            )
            return settings


def check_settings(settings: HallSettings) -> HallSettings:
    """The settings as they would be saved (trimmed, codes upper case), or a CounterError."""
    name = settings.hall_name.strip()
    if not name:
        raise CounterError(tr("请填写大厅名称"), "hall_name")
    if len(name) > 60:
        raise CounterError(tr("大厅名称最多 60 字"), "hall_name")
    hours = settings.office_hours.strip()
    if parse_office_hours(hours) is None:
        raise CounterError(
            tr("办公时间应写作“开始-结束”，如 09:00-17:00，开始早于结束"), "office_hours"
        )
    return replace(
        settings,
        hall_name=name,
        hall_code=check_hall_code(settings.hall_code),
        counter_code=check_counter_code(settings.counter_code),
        office_hours=hours,
    )
