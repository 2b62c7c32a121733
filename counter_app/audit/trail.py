"""Writing and verifying the append-only audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit.chain import (
    GENESIS_HASH,
    AuditRecord,
    ChainBreak,
    chain_hash,
    find_break,
)
from db.engine import Database
from db.ids import utc_now
from db.models import AuditHead, AuditLog

BATCH = 2000


def _jsonable(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return dict(json.loads(json.dumps(value, ensure_ascii=False, default=str)))


def record(
    session: Session,
    actor: str,
    action: str,
    entity: str = "",
    entity_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditLog:
    """Append one audit row inside the caller's transaction (locks the chain head)."""
    head = session.execute(
        select(AuditHead).where(AuditHead.id == 1).with_for_update()
    ).scalar_one_or_none()
    if head is None:
        head = AuditHead(id=1, last_seq=0, last_hash=GENESIS_HASH)
        session.add(head)
    at = utc_now()
    rec = AuditRecord(
        seq=head.last_seq + 1,
        at=at.isoformat(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=_jsonable(before),
        after=_jsonable(after),
    )
    digest = chain_hash(head.last_hash, rec)
    row = AuditLog(
        seq=rec.seq,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=rec.before,
        after=rec.after,
        prev_hash=head.last_hash,
        hash=digest,
    )
    session.add(row)
    head.last_seq, head.last_hash = rec.seq, digest
    session.flush()
    return row


@dataclass(frozen=True)
class VerifyResult:
    rows_checked: int
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def _as_record(row: AuditLog) -> tuple[AuditRecord, str, str]:
    rec = AuditRecord(
        seq=row.seq,
        at=row.at.isoformat(),
        actor=row.actor,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        before=row.before,
        after=row.after,
    )
    return rec, row.prev_hash, row.hash


def verify(database: Database) -> VerifyResult:
    """Walk the whole chain in batches; report the first row that does not follow."""
    checked, last_hash, last_seq = 0, GENESIS_HASH, 0
    with database.read() as session:
        while True:
            rows = session.scalars(
                select(AuditLog).where(AuditLog.seq > last_seq).order_by(AuditLog.seq).limit(BATCH)
            ).all()
            if not rows:
                break
            broken = find_break([_as_record(r) for r in rows], last_hash, last_seq)
            if broken:
                return VerifyResult(checked + broken.seq - last_seq - 1, broken)
            checked += len(rows)
            last_hash, last_seq = rows[-1].hash, rows[-1].seq
        head = session.get(AuditHead, 1)
    if head is not None and (head.last_seq, head.last_hash) != (last_seq, last_hash):
        return VerifyResult(checked, ChainBreak(last_seq + 1, "末尾的记录被删除"))
    return VerifyResult(checked, None)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str


def recent(database: Database, limit: int = 200) -> list[AuditEntry]:
    with database.read() as session:
        rows = session.scalars(select(AuditLog).order_by(AuditLog.seq.desc()).limit(limit)).all()
        return [
            AuditEntry(
                r.seq, r.at.isoformat(timespec="seconds"), r.actor, r.action, r.entity, r.entity_id
            )
            for r in rows
        ]
