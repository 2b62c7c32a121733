"""Supervision's local rules that a hall configures: the follow-up deadline of a bad review and
the reply deadline of a complaint, in working days. Hall-wide settings (shared through the
central; changed by an administrator)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.settings import put_setting
from counter_app.i18n import tr
from counter_app.supervision.rules.complaints import DEFAULT_COMPLAINT_DAYS
from counter_app.supervision.rules.evaluation import DEFAULT_FOLLOWUP_DAYS
from db.engine import Database
from db.models import Setting

FOLLOWUP_KEY = "supervision.followup_days"
COMPLAINT_KEY = "supervision.complaint_days"
MAX_DAYS = 60


@dataclass(frozen=True)
class SupervisionSettings:
    followup_days: int = DEFAULT_FOLLOWUP_DAYS
    complaint_days: int = DEFAULT_COMPLAINT_DAYS


def _int(session: Session, key: str, default: int) -> int:
    row = session.get(Setting, key)
    try:
        value = int(row.value) if row is not None else default
    except ValueError:
        return default
    return value if 0 < value <= MAX_DAYS else default


def read(session: Session) -> SupervisionSettings:
    return SupervisionSettings(
        followup_days=_int(session, FOLLOWUP_KEY, DEFAULT_FOLLOWUP_DAYS),
        complaint_days=_int(session, COMPLAINT_KEY, DEFAULT_COMPLAINT_DAYS),
    )


def load(database: Database) -> SupervisionSettings:
    with database.read() as session:
        return read(session)


def save(database: Database, actor: Actor, settings: SupervisionSettings) -> SupervisionSettings:
    """Set both deadlines (an administrator's act: hall settings are protected); audited."""
    require(actor, Role.ADMINISTRATOR)
    for field, value in (
        ("followup_days", settings.followup_days),
        ("complaint_days", settings.complaint_days),
    ):
        if not 0 < value <= MAX_DAYS:
            raise CounterError(tr("期限应在 1 到 {n} 个工作日之间", n=MAX_DAYS), field)
    with database.write() as session:
        before = read(session)
        put_setting(session, FOLLOWUP_KEY, str(settings.followup_days), "hall")
        put_setting(session, COMPLAINT_KEY, str(settings.complaint_days), "hall")
        if before != settings:
            audit.record(
                session,
                actor.username,
                "settings_update",
                "setting",
                "supervision",
                before=asdict(before),
                after=asdict(settings),
            )
    return settings
