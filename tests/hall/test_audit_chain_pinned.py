"""The audit chain's hash, pinned byte for byte (mutation testing found every key name and
JSON option of the canonical form free to change): the hashes already stored in every
installed database, and the ones anchored at the central, must keep verifying."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from counter_app.audit.chain import GENESIS_HASH, AuditRecord, chain_hash, find_break

RECORD = AuditRecord(
    seq=1,
    at="2026-11-27T01:02:03+00:00",
    actor="li",
    action="case_receive",
    entity="case",
    entity_id="LYG-20261127-W03-0001",
    before={"status": "草稿", "b": 1, "a": [1, 2]},
    after=None,
)
# Written out by hand: sorted keys, no spaces, Chinese as UTF-8 (not \u escapes).
CANONICAL = (
    '{"action":"case_receive","actor":"li","after":null,'
    '"at":"2026-11-27T01:02:03+00:00","before":{"a":[1,2],"b":1,"status":"草稿"},'
    '"entity":"case","entity_id":"LYG-20261127-W03-0001","seq":1}'
)


def test_the_hash_covers_the_previous_hash_and_the_canonical_record() -> None:
    expected = hashlib.sha256((GENESIS_HASH + CANONICAL).encode("utf-8")).hexdigest()
    assert chain_hash(GENESIS_HASH, RECORD) == expected
    assert chain_hash("f" * 64, RECORD) != expected


def _chain(count: int) -> list[tuple[AuditRecord, str, str]]:
    rows, prev = [], GENESIS_HASH
    for seq in range(1, count + 1):
        record = replace(RECORD, seq=seq, after={"n": seq})
        stored = chain_hash(prev, record)
        rows.append((record, prev, stored))
        prev = stored
    return rows


def test_a_whole_chain_starts_at_one_from_genesis() -> None:
    rows = _chain(3)
    assert find_break(rows) is None
    broken = find_break(rows[1:])  # the first row gone
    assert broken is not None and (broken.seq, broken.reason) == (1, "第 1 条记录缺失（被删除）")
    assert find_break(rows[2:], rows[1][2], 2) is None  # resumed from an anchor


def test_a_row_relinked_to_a_forged_predecessor_is_named() -> None:
    rows = _chain(3)
    record, _, _ = rows[1]
    forged_prev = "a" * 64
    rows[1] = (record, forged_prev, chain_hash(forged_prev, record))  # self-consistent row
    broken = find_break(rows)
    assert broken is not None
    assert (broken.seq, broken.reason) == (2, "第 2 条记录与前一条不衔接")


def test_an_edited_row_is_named() -> None:
    rows = _chain(3)
    record, prev, stored = rows[2]
    rows[2] = (replace(record, actor="mallory"), prev, stored)
    broken = find_break(rows)
    assert broken is not None
    assert (broken.seq, broken.reason) == (3, "第 3 条记录内容被改动")
