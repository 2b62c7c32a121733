"""The audit hash chain: each row's hash covers its content and the previous row's hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: str  # ISO 8601, UTC
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _canonical(record: AuditRecord) -> bytes:
    payload = {
        "seq": record.seq,
        "at": record.at,
        "actor": record.actor,
        "action": record.action,
        "entity": record.entity,
        "entity_id": record.entity_id,
        "before": record.before,
        "after": record.after,
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def chain_hash(prev_hash: str, record: AuditRecord) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + _canonical(record)).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    reason: str


def find_break(
    rows: list[tuple[AuditRecord, str, str]], start_hash: str = GENESIS_HASH, start_seq: int = 0
) -> ChainBreak | None:
    """The first row (record, prev_hash, hash) that does not follow from the one before."""
    expected_prev, expected_seq = start_hash, start_seq + 1
    for record, prev_hash, stored_hash in rows:
        if record.seq != expected_seq:
            return ChainBreak(expected_seq, f"第 {expected_seq} 条记录缺失（被删除）")
        if prev_hash != expected_prev:
            return ChainBreak(record.seq, f"第 {record.seq} 条记录与前一条不衔接")
        if chain_hash(prev_hash, record) != stored_hash:
            return ChainBreak(record.seq, f"第 {record.seq} 条记录内容被改动")
        expected_prev, expected_seq = stored_hash, record.seq + 1
    return None
