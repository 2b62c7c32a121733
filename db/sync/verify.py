"""Checks the IT staff run on the central (``counter-admin --db <central> sync verify``).

- The central's own chain (``central_audit``): every row's hash recomputed from the row before;
  a row removed or edited by someone with the owner's rights breaks it.
- Business tables against ``sync_row``: the central's business tables are written only by the
  sync functions, which keep in ``sync_row`` the row exactly as they left it. A row inserted,
  changed or deleted by other means (psql as the owner, a restore of one table) no longer
  matches its ``sync_row`` and is reported with its table and key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, text

_CHAIN_BREAK = """
SELECT seq, hash <> recomputed AS edited, seq <> coalesce(before_seq, 0) + 1 AS gap
FROM (
    SELECT seq, hash, prev_hash, lag(hash) OVER w AS before, lag(seq) OVER w AS before_seq,
           encode(sha256(convert_to(concat_ws('|', prev_hash, seq,
               (extract(epoch FROM at) * 1000)::bigint, db_user, act, detail::text), 'UTF8')),
               'hex') AS recomputed
    FROM central_audit WINDOW w AS (ORDER BY seq)
) c
WHERE hash <> recomputed OR prev_hash <> coalesce(before, repeat('0', 64))
   OR seq <> coalesce(before_seq, 0) + 1
ORDER BY seq LIMIT 1
"""

_TABLE_DRIFT = """
SELECT coalesce(cur.key, s.key) AS key
FROM (SELECT t.{pk}::text AS key, to_jsonb(t) - CAST(:local AS text[]) AS data FROM {tbl} t) cur
FULL JOIN (SELECT key, data FROM sync_row WHERE tbl = :tbl AND NOT deleted) s USING (key)
WHERE cur.data IS DISTINCT FROM s.data
ORDER BY 1 LIMIT :n
"""


@dataclass
class CentralCheck:
    chain_rows: int = 0
    chain_break: tuple[int, str] | None = None
    drift: dict[str, list[str]] = field(default_factory=dict)  # table -> first keys

    @property
    def ok(self) -> bool:
        return self.chain_break is None and not self.drift


def check_central(conn: Connection, sample: int = 5) -> CentralCheck:
    result = CentralCheck()
    result.chain_rows = int(conn.execute(text("SELECT count(*) FROM central_audit")).scalar_one())
    broken = conn.execute(text(_CHAIN_BREAK)).first()
    if broken is not None:
        seq, edited, gap = broken
        if gap:
            why = f"中心安全记录第 {seq} 条之前有记录缺失（被删除）"
        elif edited:
            why = f"中心安全记录第 {seq} 条内容被改动"
        else:
            why = f"中心安全记录第 {seq} 条与前一条不衔接"
        result.chain_break = (int(seq), why)
    specs = conn.execute(
        text(
            "SELECT tbl, pk, local_columns FROM sync_table "
            "WHERE direction = 'both' ORDER BY position"
        )
    ).all()
    for tbl, pk, local in specs:
        query = _TABLE_DRIFT.format(tbl=_ident(conn, tbl), pk=_ident(conn, pk))
        keys = conn.execute(text(query), {"local": list(local), "tbl": tbl, "n": sample}).scalars()
        found = [str(k) for k in keys]
        if found:
            result.drift[str(tbl)] = found
    return result


def _ident(conn: Connection, name: str) -> str:
    return str(conn.execute(text("SELECT quote_ident(:n)"), {"n": name}).scalar_one())
