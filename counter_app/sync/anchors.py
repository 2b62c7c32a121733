"""The audit chain of this PC against its anchors at the central.

A tail cut off (rows and head deleted together) or a row edited and the rest re-hashed still
verifies on the PC alone (the chain is consistent); it cannot match the hashes the central
received before (db/sync/central_audit.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text

from counter_app.i18n import tr
from db.sync.client import SyncClient


@dataclass(frozen=True)
class AnchorCheck:
    """This PC's audit chain against the central's anchors: how many rows matched, and the
    first (seq, reason) that did not."""

    checked: int
    problem: tuple[int, str] | None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_against_central(local: Engine, client: SyncClient) -> AnchorCheck:
    """This PC's audit chain against the anchors the central holds, page by page."""
    checked = 0
    with local.connect() as conn:
        head = int(conn.execute(text("SELECT coalesce(max(seq), 0) FROM audit_log")).scalar_one())
    page: list[tuple[int, str]] = []
    for anchored in client.anchors():
        page.append(anchored)
        if len(page) >= 1000:
            problem = _compare(local, page, head)
            if problem is not None:
                return AnchorCheck(checked, problem)
            checked += len(page)
            page = []
    problem = _compare(local, page, head) if page else None
    return AnchorCheck(checked + (0 if problem else len(page)), problem)


def _compare(local: Engine, page: list[tuple[int, str]], head: int) -> tuple[int, str] | None:
    with local.connect() as conn:
        rows = conn.execute(
            text("SELECT seq, hash FROM audit_log WHERE seq BETWEEN :a AND :b"),
            {"a": page[0][0], "b": page[-1][0]},
        ).all()
    mine: dict[int, str] = {int(seq): str(digest) for seq, digest in rows}
    for seq, digest in page:
        if seq not in mine:
            if seq > head:
                why = tr(
                    "本机审计记录只到第 {h} 条，中心存证已到第 {s} 条：末尾被删除",
                    h=head,
                    s=page[-1][0],
                )
            else:
                why = tr("第 {s} 条记录缺失：中心存证有此条", s=seq)
            return seq, why
        if mine[seq] != digest:
            return seq, tr("第 {s} 条记录与中心存证不一致：被改动后重算", s=seq)
    return None
