"""The hall-wide login lockout: MAX_FAILURES wrong passwords under one name lock it for
LOCK_MINUTES, wherever they were typed.

Failures and resets are rows of ``login_event``, shared by the hall like cases (insert-only, so
two PCs never conflict over a counter): at a PC joined to a central, a failure at one window
reaches the others within a second or two; a PC cut off counts its own and the others' when
it is back. Names that belong to no account are counted the same way, so the answers do not
tell which names exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import LoginEvent

MAX_FAILURES = 5
LOCK_MINUTES = 15
LOOK_BACK = timedelta(days=1)  # failures older than this are forgotten
FAILED, RESET = "failed", "reset"


@dataclass(frozen=True)
class LockState:
    failed: int  # failures since the last reset or lock
    locked_until: datetime | None

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


def state(session: Session, username: str, now: datetime) -> LockState:
    """Replay the name's recent events in time order: a reset clears; failures while locked
    (typed offline at another PC) do not extend the lock; the fifth failure locks."""
    rows = session.execute(
        select(LoginEvent.kind, LoginEvent.at)
        .where(LoginEvent.username == username, LoginEvent.at >= now - LOOK_BACK)
        .order_by(LoginEvent.at, LoginEvent.id)
    ).all()
    failed, until = 0, None
    for kind, at in rows:
        if kind == RESET:
            failed, until = 0, None
        elif until is not None and at < until:
            continue
        else:
            failed += 1
            if failed >= MAX_FAILURES:
                failed, until = 0, at + timedelta(minutes=LOCK_MINUTES)
    return LockState(failed, until)


def record(session: Session, username: str, kind: str, now: datetime, counter: str = "") -> None:
    session.add(LoginEvent(username=username[:32], kind=kind, at=now, counter=counter[:8]))
    session.flush()
