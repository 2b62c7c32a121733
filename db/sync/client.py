"""The sync client: one counter's SQLite against the hall's central PostgreSQL.

``sync()`` = hello (schema, clock, epoch checks), push the outbox, pull what changed. Every step
is safe to repeat: a push the central has seen answers from ``sync_applied_op``; a pull page
and its cursor are saved in one local transaction.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, text

from db.migrations import HEAD
from db.sync import outbox, pull_pages
from db.sync.codec import loads
from db.sync.tables import PULLED

logger = logging.getLogger(__name__)

MAX_SKEW_SECONDS = 120.0
_START = [0, "", ""]


class SyncRefused(Exception):
    """The central may not be synced with now; the message (Chinese) says why and what to do."""


@dataclass
class Hello:
    epoch: str
    seq: int
    schema: str
    skew: float
    rows: int
    conflicts: int
    security: int = 0  # refused attempts on protected tables no supervisor has looked at
    admin: bool = False  # this connection's account has an administrator's authority


@dataclass
class SyncReport:
    pushed: int = 0
    conflicts: list[str] = field(default_factory=list)
    pulled: int = 0
    full_resync: str = ""
    pending: int = 0
    open_conflicts: int = 0  # this counter's parked changes the supervisor has not yet settled
    held: int = 0  # administrators' changes waiting for an administrator's own account
    security_events: int = 0
    anchored: int = 0  # audit rows of this PC newly anchored at the central
    audit_mismatch: list[int] = field(default_factory=list)  # rows the central knows otherwise


def _get(conn: Connection, key: str) -> str | None:
    value = conn.execute(
        text("SELECT value FROM setting WHERE key = :k"), {"k": key}
    ).scalar_one_or_none()
    return None if value is None else str(value)


def _put(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        text(
            "INSERT INTO setting (key, scope, value, updated_at) "
            "VALUES (:k, 'local', :v, CURRENT_TIMESTAMP) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, scope = 'local'"
        ),
        {"k": key, "v": value},
    )


K_CURSOR, K_EPOCH, K_ENABLED = "sync.cursor", "sync.epoch", "sync.enabled"
K_ANCHOR = "sync.audit_anchor"  # the last audit seq this PC knows the central holds
ANCHOR_BATCH = 1000


def _cursor(conn: Connection) -> list[Any]:
    saved = _get(conn, K_CURSOR)
    return list(_START) if saved is None else list(json.loads(saved))


def is_enabled(local: Engine) -> bool:
    """This PC has joined a central (and not left it)."""
    with local.connect() as conn:
        return _get(conn, K_ENABLED) == "1"


class SyncClient:
    def __init__(
        self,
        local: Engine,
        central: Engine,
        client: str,
        *,
        push_batch: int = 200,
        pull_page: int = 20000,
    ) -> None:
        if local.dialect.name != "sqlite":
            raise ValueError("the local database of a synced counter is SQLite")
        self.local = local
        self.central = central
        self.client = client
        self.push_batch = push_batch
        self.pull_page = pull_page
        # Only an administrator's own central account may change protected tables: with a
        # counter's account their commands stay in the outbox (see central_authority.py).
        self.as_admin: bool | None = None  # learnt from the central's hello

    # -- state --------------------------------------------------------------------------
    def pending(self) -> int:
        with self.local.connect() as conn:
            return outbox.pending_count(conn)

    # -- talking to the central -----------------------------------------------------------
    def hello(self) -> Hello:
        sent = time.time()
        with self.central.connect() as conn:
            raw = conn.execute(text("SELECT sync_hello(:c)::text"), {"c": self.client}).scalar_one()
        received = time.time()
        body = json.loads(raw)
        skew = float(body["now"]) - (sent + received) / 2
        return Hello(
            str(body["epoch"]),
            int(body["seq"]),
            str(body["schema"]),
            skew,
            int(body["rows"]),
            int(body["conflicts"]),
            int(body.get("security") or 0),
            bool(body.get("admin")),
        )

    def check(self, hello: Hello) -> None:
        if hello.schema != HEAD:
            raise SyncRefused(
                f"中心数据库结构版本为 {hello.schema}，本机程序为 {HEAD}，版本不一致，暂不同步。"
                "本机可继续办理；请信息科将中心数据库与各窗口程序升级到同一版本。"
            )
        if abs(hello.skew) > MAX_SKEW_SECONDS:
            raise SyncRefused(
                f"本机时钟与中心数据库相差约 {abs(hello.skew):.0f} 秒（超过 "
                f"{MAX_SKEW_SECONDS:.0f} 秒），暂不同步。本机可继续办理；请校准本机时间。"
            )

    def _push_commands(self, commands: list[outbox.Command]) -> list[dict[str, Any]]:
        with self.central.begin() as conn:
            raw = conn.execute(
                text("SELECT sync_push(:c, CAST(:ops AS jsonb))::text"),
                {"c": self.client, "ops": outbox.wire_json(commands)},
            ).scalar_one()
        results: list[dict[str, Any]] = loads(raw)["results"]
        return results

    # -- the steps ------------------------------------------------------------------------
    def enable(self) -> str:
        """Join this PC to the central. Returns "founded", "joined" or "resumed"."""
        hello = self.hello()
        self.check(hello)
        with self.local.connect() as conn:
            known_epoch = _get(conn, K_EPOCH)
            has_cases = conn.execute(text("SELECT count(*) FROM cases")).scalar_one() > 0
        if known_epoch == hello.epoch:
            how = "resumed"
        elif hello.rows == 0:
            if not self._hall_set_up():
                raise SyncRefused(
                    "中心数据库还是空的，本机又尚未完成首次设置（大厅名称、大厅代码、管理员），"
                    "不能作为首台窗口建立大厅。请先在本机完成首次设置，再连接中心数据库。"
                )
            how = "founded"
        elif has_cases:
            raise SyncRefused(
                "中心数据库已有其他窗口的数据，而本机也已有案件，不能直接合并。"
                "请用一台尚未办理业务的电脑加入，或由信息科迁移本机数据。"
            )
        else:
            how = "joined"
        with outbox.sync_writes(self.local) as conn:
            if how == "joined":
                # A fresh PC takes the hall's catalogue, staff and settings from the central.
                for spec in reversed(PULLED):
                    conn.execute(spec.shared(spec.table.delete()))
                conn.execute(text("DELETE FROM sync_change"))
                _put(conn, K_CURSOR, json.dumps(_START))
            if how != "resumed":
                _put(conn, K_EPOCH, hello.epoch)
            _put(conn, K_ENABLED, "1")
        if how == "founded":
            with self.central.begin() as central:
                central.execute(text("SELECT sync_found(:c)"), {"c": self.client})
            self._send_snapshot()
        self.sync()
        return how

    def _hall_set_up(self) -> bool:
        with self.local.connect() as conn:
            name = _get(conn, "hall_name")
            staff = conn.execute(text("SELECT count(*) FROM staff")).scalar_one()
        return bool(name) and staff > 0

    def disable(self) -> None:
        """Leave the central: capture stops (what is still in the outbox stays there)."""
        with self.local.begin() as conn:
            _put(conn, K_ENABLED, "0")
            conn.execute(text("UPDATE sync_capture SET paused = 1 WHERE id = 1"))

    def sync(self) -> SyncReport:
        report = SyncReport()
        hello = self.hello()
        self.check(hello)
        self.as_admin = hello.admin
        with self.local.connect() as conn:
            known_epoch = _get(conn, K_EPOCH)
            cursor = _cursor(conn)
        restored = known_epoch != hello.epoch or int(cursor[0]) > hello.seq
        self.push(report)
        if restored:
            logger.warning(
                "central epoch changed (%s -> %s): full resync", known_epoch, hello.epoch
            )
            report.full_resync = (
                "中心数据库已从备份恢复或更换，本机正在重新同步全部数据（本机数据不会丢失）。"
            )
            self._send_snapshot(protected=bool(self.as_admin))
            with outbox.sync_writes(self.local) as conn:
                _put(conn, K_CURSOR, json.dumps(_START))
                _put(conn, K_EPOCH, hello.epoch)
                _put(conn, K_ANCHOR, "-1")  # ask the restored central what it holds
        report.pulled = self.pull(full=restored)
        self.anchor_audit(report)
        report.pending = self.pending()
        report.open_conflicts = hello.conflicts + len(report.conflicts)
        report.security_events = hello.security
        return report

    def anchor_audit(self, report: SyncReport | None = None) -> SyncReport:
        """Send the (seq, hash) of this PC's audit rows the central does not hold yet, and
        the last one it holds again: a chain re-hashed below it no longer matches there."""
        report = report if report is not None else SyncReport()
        with self.local.connect() as conn:
            known = int(_get(conn, K_ANCHOR) or "-1")
            head = int(
                conn.execute(text("SELECT coalesce(max(seq), 0) FROM audit_log")).scalar_one()
            )
        if known == head:
            return report
        start = max(known if known >= 0 else self._anchored_max(), 1)
        while True:
            with self.local.connect() as conn:
                rows = conn.execute(
                    text("SELECT seq, hash FROM audit_log WHERE seq >= :s ORDER BY seq LIMIT :n"),
                    {"s": start, "n": ANCHOR_BATCH},
                ).all()
            if not rows:
                return report
            self._send_anchors(rows, report)
            last = int(rows[-1][0])
            with self.local.begin() as conn:
                _put(conn, K_ANCHOR, str(last))
            if last >= head or len(rows) < ANCHOR_BATCH:
                return report
            start = last + 1

    def _send_anchors(self, rows: Sequence[Sequence[Any]], report: SyncReport) -> None:
        with self.central.begin() as conn:
            raw = conn.execute(
                text("SELECT sync_anchor(:c, CAST(:rows AS jsonb))::text"),
                {"c": self.client, "rows": json.dumps([[int(r[0]), str(r[1])] for r in rows])},
            ).scalar_one()
        answer = json.loads(raw)
        report.audit_mismatch.extend(int(s) for s in answer["mismatch"])
        report.anchored += len(rows) - len(answer["mismatch"])

    def _anchored_max(self) -> int:
        with self.central.begin() as conn:
            raw = conn.execute(
                text("SELECT sync_anchor(:c, '[]'::jsonb)::text"), {"c": self.client}
            ).scalar_one()
        return int(json.loads(raw)["max"] or 0)

    def anchors(self, after: int = 0) -> Iterator[tuple[int, str]]:
        """What the central holds of this PC's audit chain, in order."""
        while True:
            with self.central.connect() as conn:
                raw = conn.execute(
                    text("SELECT sync_anchors(:c, :a, :n)::text"),
                    {"c": self.client, "a": after, "n": ANCHOR_BATCH},
                ).scalar_one()
            page = json.loads(raw)
            if not page:
                return
            for seq, digest in page:
                yield int(seq), str(digest)
            after = int(page[-1][0])

    def push(self, report: SyncReport | None = None) -> int:
        report = report if report is not None else SyncReport()
        with self.local.connect() as conn:
            immediate = conn.execution_options(counter_immediate=True)
            with immediate.begin():
                outbox.stamp_orphans(immediate)
        if self.as_admin is None:
            self.as_admin = self.hello().admin
        held: set[str] = set()
        commands = self._read(held)
        # The central applies one batch (in a thread: its driver lets the interpreter go while
        # it waits) while the next is read here; batches are still sent one after the other,
        # each after the answer to the one before has been written.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-push") as central:
            while commands:
                if not self.as_admin:
                    held.update(c.op_id for c in commands if outbox.changes_protected(c))
                    report.held = len(held)
                    commands = [c for c in commands if c.op_id not in held]
                    if not commands:
                        commands = self._read(held)  # skipping what is held
                        continue
                sending = central.submit(self._push_commands, commands)
                by_op = {c.op_id: c for c in commands}
                commands = self._read(held | set(by_op))
                results = sending.result()
                with outbox.sync_writes(self.local) as conn:
                    for result in results:
                        op_id = str(result["op"])
                        if result["result"] in ("conflict", "refused"):
                            self._park(conn, by_op[op_id], result)
                            report.conflicts.append(str(result.get("reason") or ""))
                        report.pushed += 1
                    outbox.drop_commands(conn, by_op)
        return report.pushed

    def _read(self, skip: set[str]) -> list[outbox.Command]:
        with self.local.connect() as conn:
            return outbox.read_commands(conn, self.push_batch, skip=skip)

    def _park(self, conn: Connection, command: outbox.Command, result: dict[str, Any]) -> None:
        """The central refused the command: keep it for the staff, and put the rows it touched
        back to the central's version (locally inserted rows the central lacks go)."""
        conn.execute(
            text(
                "INSERT OR REPLACE INTO sync_parked (op_id, at, reason, command) "
                "VALUES (:op, CURRENT_TIMESTAMP, :r, :c)"
            ),
            {
                "op": command.op_id,
                "r": str(result.get("reason") or "冲突"),
                "c": outbox.wire_json([command]),
            },
        )
        rows = [(str(t), str(k), data) for t, k, data in (result.get("rows") or [])]
        pending = outbox.pending_keys(conn)
        mine = {(c["t"], c["k"]) for c in command.changes}
        outbox.apply_rows(conn, rows, skip=pending - mine)

    def pull(self, full: bool = False) -> int:
        """Every page after the saved cursor, each written with its cursor in one local
        transaction (an interrupted pull resumes after the last page written); the next page
        is fetched while this one is written (pull_pages.py)."""
        with self.local.connect() as conn:
            cursor = _cursor(conn)

        sizes = pull_pages.page_sizes(self.pull_page)

        def fetch(after: list[Any]) -> pull_pages.Page | None:
            return pull_pages.fetch_page(self.central, self.client, after, next(sizes), full)

        total = 0
        with pull_pages.writer(self.local) as local:
            for page in pull_pages.prefetched(fetch, cursor):
                with outbox.sync_transaction(local) as conn:
                    skip = outbox.pending_keys(conn)
                    total += pull_pages.apply_page(conn, page, skip)
                    _put(conn, K_CURSOR, json.dumps(page.end))
        return total

    def _send_snapshot(self, protected: bool = True) -> None:
        """Every shared row as "ensure" commands; ``protected``: the administrators' tables too
        (a founding counter's, within the central's founding window, or an administrator's)."""
        with self.local.connect() as conn:
            batch: list[outbox.Command] = []
            for command in outbox.snapshot_commands(conn, batch=500, protected=protected):
                batch.append(command)
                if len(batch) >= 4:
                    self._push_commands(batch)
                    batch = []
            if batch:
                self._push_commands(batch)
