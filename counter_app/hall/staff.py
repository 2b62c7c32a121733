"""Staff accounts: login with lockout, and the administrator's account management."""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall import lockout
from counter_app.hall.lockout import LOCK_MINUTES, MAX_FAILURES
from counter_app.i18n import tr
from db.engine import Database
from db.ids import utc_now
from db.models import Staff

PASSWORD_MIN = 8


def _make_hasher() -> PasswordHasher:
    """argon2id with the library's defaults (64 MiB, 3 passes). COUNTER_PASSWORD_HASH=fast
    (set by the test suite) uses 8 MiB and 1 pass: hashes stay valid, verification reads the
    parameters from the hash itself."""
    if os.environ.get("COUNTER_PASSWORD_HASH") == "fast":
        return PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    return PasswordHasher()


_hasher = _make_hasher()


@dataclass(frozen=True)
class StaffView:
    id: str
    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool
    locked: bool
    window_no: str
    services_text: str
    published: bool
    has_photo: bool

    @property
    def role_labels(self) -> str:
        return "、".join(r.label for r in Role if r in self.roles)


def check_password_rules(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise CounterError(tr("密码至少 {n} 位", n=PASSWORD_MIN), "password")
    if password.isdigit() or password.isalpha():
        raise CounterError(tr("密码须同时包含字母和数字"), "password")


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 32 or not name.replace("_", "").replace(".", "").isalnum():
        raise CounterError(tr("用户名应为 1-32 位字母、数字、下划线或点"), "username")
    return name


def check_display_name(display_name: str) -> str:
    name = display_name.strip()
    if not name or len(name) > 32:
        raise CounterError(tr("请填写姓名（最多 32 字）"), "display_name")
    return name


def _roles(staff: Staff) -> frozenset[Role]:
    return frozenset(Role(r) for r in staff.roles if r in Role._value2member_map_)


def _view(staff: Staff, now: datetime, session: Session) -> StaffView:
    """The account as lists show it; locked as the hall's login events say (lockout.py)."""
    locked = lockout.state(session, staff.username, now).locked(now)
    return StaffView(
        str(staff.id),
        staff.username,
        staff.display_name,
        _roles(staff),
        staff.active,
        locked,
        staff.window_no,
        staff.services_text,
        staff.published,
        staff.photo is not None,
    )


def _actor(staff: Staff) -> Actor:
    return Actor(staff.username, staff.display_name, _roles(staff), str(staff.id), staff.window_no)


class StaffService:
    def __init__(self, database: Database, clock: Callable[[], datetime] = utc_now) -> None:
        self._db = database
        self._clock = clock

    def login(self, username: str, password: str) -> Actor:
        """Check the password; count failures hall-wide, lock after MAX_FAILURES (lockout.py);
        audit every attempt. A name no active account has gets the same answers and the same
        work (a hash verified), so that names cannot be probed."""
        with self._db.write() as session:
            name = username.strip()[:64]
            staff = session.scalar(select(Staff).where(Staff.username == name))
            outcome = self._check_login(session, name, staff, password)
            if isinstance(outcome, Actor):
                return outcome
        raise outcome

    def _check_login(
        self, session: Session, name: str, staff: Staff | None, password: str
    ) -> Actor | CounterError:
        now = self._clock()
        known = staff is not None and staff.active
        who, key = (staff.username, str(staff.id)) if staff is not None and known else ("", "")
        lock = lockout.state(session, name, now)
        if lock.locked(now):
            assert lock.locked_until is not None
            audit.record(session, who, "login_refused_locked", "staff", key)
            return _locked(lock.locked_until, now)
        if staff is not None and known and _verify(staff.password_hash, password):
            if lock.failed:
                lockout.record(session, name, lockout.RESET, now)
            audit.record(session, staff.username, "login", "staff", str(staff.id))
            return _actor(staff)
        if not known:
            _verify(_dummy_hash(), password)
        lockout.record(session, name, lockout.FAILED, now)
        failed = lock.failed + 1
        after = {"failed_logins": failed} if known else {"reason": "unknown"}
        audit.record(session, who, "login_failed", "staff", key, after=after)
        if failed < MAX_FAILURES:
            return _wrong(MAX_FAILURES - failed)
        if known:
            until = now + timedelta(minutes=LOCK_MINUTES)
            audit.record(
                session,
                who,
                "account_locked",
                "staff",
                key,
                after={"locked_until": until.isoformat()},
            )
        return _just_locked()

    def actor_for(self, username: str) -> Actor:
        """The actor of an active account, without a password (trusted callers: benchmarks,
        a supervisor's session restore). Never used by the login screen."""
        with self._db.read() as session:
            staff = session.scalar(select(Staff).where(Staff.username == username, Staff.active))
            if staff is None:
                raise CounterError(tr("找不到该账号"), "username")
            return _actor(staff)

    def add_user(
        self,
        actor: Actor,
        username: str,
        display_name: str,
        roles: frozenset[Role],
        password: str,
    ) -> StaffView:
        require(actor, Role.ADMINISTRATOR)
        with self._db.write() as session:
            staff = add_user_in(session, actor, username, display_name, roles, password)
            return _view(staff, self._clock(), session)

    def list_users(self) -> list[StaffView]:
        with self._db.read() as session:
            rows = session.scalars(select(Staff).order_by(Staff.username)).all()
            return [_view(s, self._clock(), session) for s in rows]

    def published_staff(self) -> list[StaffView]:
        with self._db.read() as session:
            rows = session.scalars(
                select(Staff).where(Staff.published, Staff.active).order_by(Staff.window_no)
            ).all()
            return [_view(s, self._clock(), session) for s in rows]

    def photo(self, staff_id: str) -> bytes | None:
        with self._db.read() as session:
            staff = session.get(Staff, _uuid(staff_id))
            return None if staff is None else staff.photo

    def update_user(self, actor: Actor, staff_id: str, **changes: object) -> StaffView:
        """Change display name, roles, active, window, services, published or photo."""
        require(actor, Role.ADMINISTRATOR)
        with self._db.write() as session:
            staff = _get(session, staff_id)
            before = _public(staff)
            was_admin = _is_active_admin(staff)
            _apply_changes(staff, changes)
            if staff.username == actor.username and Role.ADMINISTRATOR not in _roles(staff):
                raise CounterError(tr("不能取消自己的管理员角色"), "roles")
            if staff.username == actor.username and not staff.active:
                raise CounterError(tr("不能停用自己正在使用的账号"), "active")
            if len(staff.window_no) > 16:
                raise CounterError(tr("窗口号最多 16 个字符"), "window_no")
            if was_admin and not _is_active_admin(staff) and not _other_admin(session, staff):
                raise CounterError(
                    tr("这是最后一个可用的管理员账号，不能停用或取消管理员角色"), "roles"
                )
            staff.row_version += 1
            audit.record(
                session,
                actor.username,
                "staff_update",
                "staff",
                staff_id,
                before=before,
                after=_public(staff),
            )
            return _view(staff, self._clock(), session)

    def set_password(self, actor: Actor, staff_id: str, password: str) -> None:
        if actor.staff_id != staff_id:
            require(actor, Role.ADMINISTRATOR)
        check_password_rules(password)
        with self._db.write() as session:
            staff = _get(session, staff_id)
            staff.password_hash = _hasher.hash(password)
            lockout.record(session, staff.username, lockout.RESET, self._clock())
            staff.row_version += 1
            audit.record(session, actor.username, "password_set", "staff", staff_id)

    def unlock(self, actor: Actor, staff_id: str) -> None:
        require(actor, Role.ADMINISTRATOR)
        with self._db.write() as session:
            staff = _get(session, staff_id)
            lockout.record(session, staff.username, lockout.RESET, self._clock())
            audit.record(session, actor.username, "staff_unlock", "staff", staff_id)

    def count(self) -> int:
        with self._db.read() as session:
            return int(session.scalar(select(func.count()).select_from(Staff)) or 0)


def add_user_in(
    session: Session,
    actor: Actor,
    username: str,
    display_name: str,
    roles: frozenset[Role],
    password: str,
) -> Staff:
    name = check_username(username)
    check_display_name(display_name)
    if not roles:
        raise CounterError(tr("请至少选择一个角色"), "roles")
    check_password_rules(password)
    if session.scalar(select(Staff.id).where(Staff.username == name)) is not None:
        raise CounterError(tr("用户名“{n}”已存在", n=name), "username")
    staff = Staff(
        username=name,
        display_name=display_name.strip(),
        roles=sorted(r.value for r in roles),
        password_hash=_hasher.hash(password),
    )
    session.add(staff)
    session.flush()
    audit.record(session, actor.username, "staff_add", "staff", str(staff.id), after=_public(staff))
    return staff


def _is_active_admin(staff: Staff) -> bool:
    return staff.active and Role.ADMINISTRATOR.value in staff.roles


def _other_admin(session: Session, staff: Staff) -> bool:
    """Whether an active administrator other than ``staff`` exists (someone must stay able
    to manage the hall; the command line could otherwise remove the last one)."""
    rows = session.scalars(select(Staff).where(Staff.active, Staff.id != staff.id))
    return any(Role.ADMINISTRATOR.value in row.roles for row in rows)


_EDITABLE = {"display_name", "roles", "active", "window_no", "services_text", "published", "photo"}


def _apply_changes(staff: Staff, changes: dict[str, object]) -> None:
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for key, value in changes.items():
        if key == "roles":
            roles = frozenset(value)  # type: ignore[call-overload]
            if not roles:
                raise CounterError(tr("请至少选择一个角色"), "roles")
            value = sorted(Role(r).value for r in roles)
        if key == "display_name" and not str(value).strip():
            raise CounterError(tr("请填写姓名"), "display_name")
        setattr(staff, key, value)


def _public(staff: Staff) -> dict[str, object]:
    return {
        "username": staff.username,
        "display_name": staff.display_name,
        "roles": list(staff.roles),
        "active": staff.active,
        "window_no": staff.window_no,
        "services_text": staff.services_text,
        "published": staff.published,
        "has_photo": staff.photo is not None,
    }


def _uuid(staff_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(staff_id)
    except ValueError:
        raise CounterError(tr("找不到该账号"), "username") from None


def _get(session: Session, staff_id: str) -> Staff:
    staff = session.get(Staff, _uuid(staff_id))
    if staff is None:
        raise CounterError(tr("找不到该账号"), "username")
    return staff


def _wrong(left: int) -> CounterError:
    return CounterError(tr("用户名或密码不正确，再错 {n} 次账号将被锁定", n=left), "password")


def _just_locked() -> CounterError:
    return CounterError(
        tr("密码连续错误 {n} 次，账号已锁定 {m} 分钟", n=MAX_FAILURES, m=LOCK_MINUTES), "password"
    )


def _locked(until: datetime, now: datetime) -> CounterError:
    minutes = int((until - now).total_seconds() // 60) + 1
    return CounterError(tr("账号已锁定，请 {m} 分钟后再试，或请管理员解锁", m=minutes), "username")


@functools.cache
def _dummy_hash() -> str:
    """A hash made with this PC's parameters, verified for names no account has."""
    return _hasher.hash(os.urandom(16).hex())


def _verify(stored: str, password: str) -> bool:
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
