"""The administrator's queue configuration: categories, windows, options and the kiosk PIN."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import asdict, dataclass, fields, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError, ValidationError
from counter_app.core.roles import Actor, Role, require
from counter_app.i18n import tr
from counter_app.queue import store as store
from counter_app.queue.rules.policy import (
    MANY_WAITING,
    MAX_RECALLS,
    check_category,
    check_prefixes_unique,
    check_window,
)
from counter_app.queue.rules.tickets import CategoryView, WindowView
from db.models import Setting
from db.models.queue import QueueCategory, QueueWindow

_PREFIX = "queue."
_PIN_KEY = "queue.kiosk_pin"
_PIN_ROUNDS = 100_000
NOTICE = tr("请留意叫号，过号请到服务台咨询。办事指南可在自助机“办事指南”栏查看。")
# Earlier defaults, saved as they were by a "save options" before the kiosk had 办事指南: they
# send applicants to a kiosk section that no longer exists, so they read as today's default.
_OLD_NOTICES = frozenset({"请留意叫号，过号请到服务台咨询。办事指南可在自助机“信息”栏查看。"})
NO_PIN_HINT = tr(
    "请管理员在 管理 → 排队与自助机 → 自助机退出密码 中设置，"
    "或在管理电脑上运行 counter-admin kiosk pin"
)


@dataclass(frozen=True)
class QueueOptions:
    """Hall-wide queue options (kept in the setting table under ``queue.*``)."""

    max_recalls: int = MAX_RECALLS
    many_waiting: int = MANY_WAITING
    notice: str = NOTICE
    voice_repeat: int = 2
    voice_volume: int = 80  # percent; 0 turns the voice off
    led_port: str = ""  # serial port of the LED window displays, e.g. /dev/ttyUSB0 or COM3


def read_options(session: Session) -> QueueOptions:
    rows = {s.key: s.value for s in session.scalars(select(Setting))}
    values: dict[str, object] = {}
    for f in fields(QueueOptions):
        raw = rows.get(_PREFIX + f.name)
        if raw is None:
            continue
        values[f.name] = raw if f.type in ("str", str) else int(raw)
    if values.get("notice") in _OLD_NOTICES:
        values["notice"] = NOTICE
    return QueueOptions(**values)  # type: ignore[arg-type]


def _check_options(options: QueueOptions) -> QueueOptions:
    if not 0 <= options.max_recalls <= 9:
        raise ValidationError(tr("最多重呼次数应为 0-9"), "max_recalls")
    if not 1 <= options.voice_repeat <= 3:
        raise ValidationError(tr("语音播报次数应为 1-3"), "voice_repeat")
    if not 0 <= options.voice_volume <= 100:
        raise ValidationError(tr("音量应为 0-100"), "voice_volume")
    if options.many_waiting < 1:
        raise ValidationError(tr("提醒人数应为正整数"), "many_waiting")
    return replace(options, notice=options.notice.strip()[:200], led_port=options.led_port.strip())


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, scope="hall", value=value))
    else:
        row.value = value


def write_options(session: Session, actor: Actor, options: QueueOptions) -> QueueOptions:
    require(actor, Role.ADMINISTRATOR)
    options = _check_options(options)
    before = read_options(session)
    for name, value in asdict(options).items():
        _put(session, _PREFIX + name, str(value))
    audit.record(
        session,
        actor.username,
        "queue_options",
        "setting",
        "queue",
        before=asdict(before),
        after=asdict(options),
    )
    return options


def save_category(session: Session, actor: Actor, view: CategoryView) -> CategoryView:
    require(actor, Role.ADMINISTRATOR)
    view = check_category(view)
    row = session.scalars(select(QueueCategory).where(QueueCategory.code == view.code)).first()
    others = [c for c in store.categories(session, active_only=False) if c.code != view.code]
    check_prefixes_unique([*others, view])
    before = store.category_view(row).__dict__ if row else None
    if row is None:
        row = QueueCategory(code=view.code)
        session.add(row)
    row.name, row.prefix, row.active = view.name.strip(), view.prefix, view.active
    row.sort_order, row.daily_limit = view.sort_order, view.daily_limit
    row.service_minutes, row.deleted = view.service_minutes, False
    session.flush()
    audit.record(
        session,
        actor.username,
        "queue_category",
        "queue_category",
        view.code,
        before=before,
        after=view.__dict__,
    )
    return store.category_view(row)


def save_window(session: Session, actor: Actor, view: WindowView) -> WindowView:
    require(actor, Role.ADMINISTRATOR)
    known = {c.code for c in store.categories(session)}
    view = check_window(view, known)
    row = session.scalars(select(QueueWindow).where(QueueWindow.number == view.number)).first()
    before = store.window_view(row).__dict__ if row else None
    if row is None:
        row = QueueWindow(number=view.number)
        session.add(row)
    row.name = view.name.strip() or tr("{n}号窗口", n=view.number)
    row.categories, row.led_address = list(view.categories), view.led_address
    row.active, row.deleted = view.active, False
    session.flush()
    audit.record(
        session,
        actor.username,
        "queue_window",
        "queue_window",
        view.number,
        before=before,
        after={**view.__dict__, "state": view.state.value},
    )
    return store.window_view(row)


def _hash_pin(pin: str, salt: bytes) -> str:
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode(), salt, _PIN_ROUNDS)
    return f"{salt.hex()}${digest.hex()}"


def check_pin(pin: str) -> str:
    """The kiosk PIN as it would be saved (4-8 ASCII digits), or a ValidationError."""
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValidationError(tr("退出密码应为 4-8 位数字"), "pin")
    return pin


def set_kiosk_pin(session: Session, actor: Actor, pin: str) -> None:
    require(actor, Role.ADMINISTRATOR)
    check_pin(pin)
    was_set = kiosk_pin_is_set(session)
    _put(session, _PIN_KEY, _hash_pin(pin, os.urandom(16)))
    audit.record(
        session,
        actor.username,
        "kiosk_pin",
        "setting",
        _PIN_KEY,
        before={"set": was_set},
        after={"set": True},
    )


def kiosk_pin_is_set(session: Session) -> bool:
    row = session.get(Setting, _PIN_KEY)
    return row is not None and "$" in row.value


def check_kiosk_pin(session: Session, pin: str) -> bool:
    row = session.get(Setting, _PIN_KEY)
    if row is None or "$" not in row.value:
        raise CounterError(tr("尚未设置自助机退出密码：{h}", h=NO_PIN_HINT))
    salt_hex, _ = row.value.split("$", 1)
    return hmac.compare_digest(_hash_pin(pin, bytes.fromhex(salt_hex)), row.value)
