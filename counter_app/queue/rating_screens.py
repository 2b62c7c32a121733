"""Which windows have a rating screen (评价器) facing the applicant.

Kept in the setting table under ``queue.rating_windows`` as a JSON list of window numbers (no
schema change). The list is what the administrator set up; each screen is a program started on
its PC with ``ip-counter --mode rate --window N`` (``rating_command``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.core.errors import ValidationError
from counter_app.core.roles import Actor, Role, require
from counter_app.i18n import tr
from counter_app.queue import store as store
from db.models import Setting

RATING_KEY = "queue.rating_windows"
PROGRAM = "ip-counter"


def rating_command(window: str, program: str = PROGRAM) -> str:
    """The command line that starts the rating screen of ``window`` on its PC."""
    return f"{program} --mode rate --window {window}"


def read_rating_windows(session: Session) -> tuple[str, ...]:
    """Window numbers with a rating screen, in window order; unreadable text reads as none."""
    row = session.get(Setting, RATING_KEY)
    if row is None:
        return ()
    try:
        value = json.loads(row.value)
    except ValueError:
        return ()
    if not isinstance(value, list):
        return ()
    return tuple(str(n) for n in value)


def _sorted(windows: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(windows, key=lambda n: (int(n) if n.isdigit() else 10**6, n)))


def write_rating_windows(session: Session, actor: Actor, windows: Iterable[str]) -> tuple[str, ...]:
    """Replace the list; every number must be a window of the queue (active or not)."""
    require(actor, Role.ADMINISTRATOR)
    chosen = [str(n).strip() for n in windows]
    if len(set(chosen)) != len(chosen):
        raise ValidationError(tr("窗口重复了，每个窗口只列一次"), "rating_windows")
    known = {w.number for w in store.windows(session, active_only=False)}
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise ValidationError(tr("没有这些窗口：{w}", w="、".join(unknown)), "rating_windows")
    before = read_rating_windows(session)
    after = _sorted(chosen)
    row = session.get(Setting, RATING_KEY)
    text = json.dumps(list(after))
    if row is None:
        session.add(Setting(key=RATING_KEY, scope="hall", value=text))
    else:
        row.value = text
    audit.record(
        session,
        actor.username,
        "rating_windows",
        "setting",
        RATING_KEY,
        before={"windows": list(before)},
        after={"windows": list(after)},
    )
    return after
