"""This counter and the hall's central database: configuration, status, one sync.

The background worker (worker.py) calls ``run_once``; the UI only reads ``status()`` and
never waits for the network.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from counter_app.audit import trail as audit
from counter_app.cases.numbering import resume_from_records
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.sync import config as cfg
from counter_app.sync.anchors import AnchorCheck, check_against_central
from counter_app.sync.runlock import one_sync_at_a_time
from db.engine import Database, make_engine, safe_url
from db.ids import utc_now
from db.sync.client import SyncClient, SyncRefused, SyncReport, is_enabled
from db.sync.outbox import pending_count
from db.sync.security import read_events


class Waker(Protocol):
    """The running worker as the service sees it: something a committed write can wake."""

    def request(self) -> None: ...


logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncStatus:
    state: str  # off | online | offline | refused | syncing
    pending: int = 0
    last_sync: datetime | None = None
    message: str = ""
    parked: int = 0  # changes of this counter parked on the central, not yet settled
    held: int = 0  # administrators' changes waiting for an administrator's own account
    security: int = 0  # refused attempts on protected tables, not yet seen by a supervisor

    def label(self) -> str:
        when = self.last_sync.astimezone().strftime("%H:%M:%S") if self.last_sync else "—"
        if self.state == "off":
            return tr("单机运行")
        if self.state == "online":
            text_ = tr("中心在线")
        elif self.state == "syncing":
            text_ = tr("正在同步")
        elif self.state == "refused":
            text_ = tr("暂停同步")
        else:
            text_ = tr("中心离线")
        parts = [text_, tr("待上传 {n}", n=self.pending), tr("上次同步 {t}", t=when)]
        if self.parked:
            parts.append(tr("冲突 {n} 条待主管处理", n=self.parked))
        if self.held:
            parts.append(tr("管理更改 {n} 项待管理员上传", n=self.held))
        if self.security:
            parts.append(tr("安全事件 {n} 条", n=self.security))
        return " · ".join(parts)


@dataclass(frozen=True)
class SecurityEvent:
    id: int
    at: datetime
    db_user: str
    origin: str
    reason: str
    seen: bool


@dataclass(frozen=True)
class Conflict:
    id: int
    origin: str
    at: datetime
    reason: str
    command: object
    server_rows: object


class SyncService:
    def __init__(self, database: Database, hall: HallService) -> None:
        self._db = database
        self._hall = hall
        self._central: Engine | None = None
        self._lock = threading.Lock()
        self._status_lock = threading.Lock()
        self._status = SyncStatus("off")
        self._joined: bool | None = None  # learnt on first need, not at start-up
        self._online_hooks: list[Callable[[], object]] = []
        self._offline_hooks: list[Callable[[Exception], object]] = []
        self._worker: Waker | None = None
        database.after_write.append(self._local_change)

    # -- configuration --------------------------------------------------------------------
    @property
    def available(self) -> bool:
        return self._db.is_sqlite

    def config(self) -> cfg.CentralConfig | None:
        return cfg.load(self._db)

    def configure(
        self,
        actor: Actor,
        config: cfg.CentralConfig,
        password: str,
        counter_code: str | None = None,
    ) -> str:
        """Check, save and join. Returns how the PC joined ("founded", "joined", "resumed")."""
        require(actor, Role.ADMINISTRATOR)
        how = self.join(config, password, counter_code)
        with self._db.write() as session:
            audit.record(
                session,
                actor.username,
                "sync_configure",
                "setting",
                cfg.KEY,
                after={
                    "host": config.host,
                    "database": config.database,
                    "user": config.user,
                    "sslmode": config.sslmode,
                    "how": how,
                },
            )
        return how

    def join(
        self, config: cfg.CentralConfig, password: str, counter_code: str | None = None
    ) -> str:
        """Also used by the first-run page of a new PC (no local administrator yet)."""
        if not self.available:
            raise CounterError(tr("本机直接使用中心数据库，无需同步"), "host")
        config = cfg.check(config)
        if counter_code is not None:
            self._hall.set_counter_code(counter_code)
        client = self._hall.settings().counter_code
        if not client:
            raise CounterError(tr("请先填写本窗口代码，如 W03"), "counter_code")
        cfg.store_password(config, password)  # no keyring: refused before anything changes
        engine = make_engine(config.url(password, client).render_as_string(hide_password=False))
        try:
            how = SyncClient(self._db.engine, engine, client).enable()
        except SyncRefused as exc:
            engine.dispose()
            raise CounterError(str(exc), "host") from exc
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            logger.warning("central %s: %s", safe_url(engine.url), type(exc.orig).__name__)
            message = _explain(exc)
            raise CounterError(message, "password" if "密码" in message else "host") from exc
        cfg.save(self._db, config)
        if how == "joined":  # a reinstalled PC with its old code: numbers go on, not again
            with self._db.write() as session:
                resume_from_records(session, client)
        with self._lock:
            if self._central is not None:
                self._central.dispose()
            self._central = engine
        self._joined = True
        self._publish(SyncStatus("online", self._pending(), utc_now()))
        return how

    def leave(self, actor: Actor) -> None:
        require(actor, Role.ADMINISTRATOR)
        client = self._client_or_none()
        if client is not None:
            client.disable()
        cfg.save(self._db, None)
        self._joined = False
        self.close()
        self._publish(SyncStatus("off"))

    # -- running ----------------------------------------------------------------------------
    def _central_engine(self) -> Engine | None:
        with self._lock:
            if self._central is not None:
                return self._central
            config = self.config()
            if config is None:
                return None
            client = self._hall.settings().counter_code
            url = config.url(cfg.read_password(config), client)
            self._central = make_engine(url.render_as_string(hide_password=False))
            return self._central

    def _client_or_none(self) -> SyncClient | None:
        if not self.available or not is_enabled(self._db.engine):
            return None
        engine = self._central_engine()
        if engine is None:
            return None
        return SyncClient(self._db.engine, engine, self._hall.settings().counter_code)

    def _pending(self) -> int:
        if not self.available:
            return 0
        with self._db.engine.connect() as conn:
            return pending_count(conn)

    def run_once(self) -> SyncReport | None:
        """One push and pull now; None when this PC is not joined to a central.

        One at a time per PC, across processes (the app's worker, ``counter-admin sync run``):
        a second one raises SyncBusy at once instead of pushing the same changes twice."""
        client = self._client_or_none()
        self._joined = client is not None
        if client is None:
            self._publish(SyncStatus("off"))
            return None
        with one_sync_at_a_time(self._db.engine):
            return self._run(client)

    def run_as_administrator(self, user: str, password: str) -> SyncReport:
        """One sync with an administrator's own central account, typed for this act and never
        kept: it carries the changes to accounts, roles, catalogue, bundles, information pages,
        holidays and hall settings that a counter's account may not."""
        config = self.config()
        if config is None or not is_enabled(self._db.engine):
            raise CounterError(tr("本机未连接中心数据库"), "host")
        if not user.strip() or not password:
            raise CounterError(tr("请填写管理员的中心数据库账号和密码"), "user")
        code = self._hall.settings().counter_code
        url = replace(config, user=user.strip()).url(password, code)
        engine = make_engine(url.render_as_string(hide_password=False))
        try:
            client = SyncClient(self._db.engine, engine, code)
            with one_sync_at_a_time(self._db.engine):
                report = self._run(client)
            if report.held:
                raise CounterError(
                    tr(
                        "账号 {u} 不是中心数据库的管理员账号（counter-admin sync grant admin）",
                        u=user,
                    ),
                    "user",
                )
            return report
        finally:
            engine.dispose()

    def _run(self, client: SyncClient) -> SyncReport:
        self._publish(replace(self._status, state="syncing"))
        try:
            report = client.sync()
        except SyncRefused as exc:
            self._publish(self._failed("refused", str(exc)))
            raise
        except (OperationalError, DBAPIError) as exc:
            logger.info("central unreachable: %s", type(exc.orig).__name__)
            if isinstance(exc, OperationalError):
                for went_down in list(self._offline_hooks):
                    went_down(exc)
            self._publish(self._failed("offline", _explain(exc)))
            raise
        self._publish(
            SyncStatus(
                "online",
                report.pending,
                utc_now(),
                report.full_resync,
                report.open_conflicts,
                report.held,
                report.security_events,
            )
        )
        for hook in list(self._online_hooks):
            try:
                hook()
            except Exception:  # e.g. the queue's merge; it retries on its next chance
                logger.exception("after-sync hook failed")
        return report

    def _failed(self, state: str, message: str) -> SyncStatus:
        """The status after a sync that could not run: what was known stays."""
        last = self._status
        return replace(last, state=state, pending=self._pending(), message=message)

    def attach(self, worker: Waker | None) -> None:
        """The running worker, woken by every committed local write."""
        self._worker = worker

    def _local_change(self) -> None:
        """A local write committed: push it now rather than at the next tick."""
        if self._joined and self._worker is not None:
            self._worker.request()

    @property
    def client_code(self) -> str:
        return self._hall.settings().counter_code

    def when_offline(self, hook: Callable[[Exception], object]) -> None:
        """Run ``hook`` when a sync finds the central unreachable (the queue goes degraded)."""
        self._offline_hooks.append(hook)

    def when_online(self, hook: Callable[[], object]) -> None:
        """Run ``hook`` after every successful sync (the queue merges its degraded work)."""
        self._online_hooks.append(hook)

    def status(self) -> SyncStatus:
        return self._status

    def refresh_pending(self) -> SyncStatus:
        pending = self._pending()
        with self._status_lock:
            if self._status.state != "off" and self._status.pending != pending:
                self._status = replace(self._status, pending=pending)
            return self._status

    def _publish(self, status: SyncStatus) -> None:
        with self._status_lock:
            self._status = status

    def central_engine(self) -> Engine | None:
        """The central's engine when this PC is joined (cached: the queue asks on every call)."""
        if self._joined is None:
            self._joined = self._client_or_none() is not None
        return self._central_engine() if self._joined else None

    def close(self) -> None:
        with self._lock:
            if self._central is not None:
                self._central.dispose()
                self._central = None

    # -- the audit chain against its anchors at the central ---------------------------------
    def audit_against_central(self) -> AnchorCheck | None:
        """This PC's audit chain compared with what the central holds of it (None: not
        joined). See counter_app/sync/anchors.py."""
        client = self._client_or_none()
        return None if client is None else check_against_central(self._db.engine, client)

    # -- conflicts (supervisor, on the central) --------------------------------------------
    def conflicts(self, actor: Actor) -> list[Conflict]:
        require(actor, Role.SUPERVISOR)
        engine = self._require_central()
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT id, origin, at, reason, command, server_rows FROM sync_conflict "
                    "WHERE resolved_at IS NULL ORDER BY id"
                )
            ).all()
        return [Conflict(*row) for row in rows]

    def security_events(self, actor: Actor, limit: int = 200) -> list[SecurityEvent]:
        """Changes the central refused as beyond a counter's authority, newest first."""
        require(actor, Role.SUPERVISOR)
        engine = self._require_central()
        with engine.connect() as conn:
            rows = read_events(conn, unseen_only=False, limit=limit)
        return [SecurityEvent(*tuple(row)) for row in rows]

    def resolve(self, actor: Actor, conflict_id: int, action: str) -> None:
        """``keep``: the central's version stays; ``apply``: the parked change is applied."""
        require(actor, Role.SUPERVISOR)
        if action not in ("keep", "apply"):
            raise CounterError(tr("处理方式不正确"), "action")
        engine = self._require_central()
        try:
            with engine.begin() as conn:
                conn.execute(
                    text("SELECT sync_resolve(:i, :a, :b)"),
                    {"i": conflict_id, "a": action, "b": actor.username},
                )
        except DBAPIError as exc:
            raise CounterError(
                tr("无法处理该冲突：{e}").format(e=str(exc.orig).splitlines()[0]), "action"
            ) from exc
        with self._db.write() as session:
            audit.record(
                session,
                actor.username,
                "sync_resolve",
                "sync_conflict",
                str(conflict_id),
                after={"action": action},
            )

    def _require_central(self) -> Engine:
        engine = self.central_engine()
        if engine is None:
            raise CounterError(tr("本机未连接中心数据库"), "host")
        return engine


def _explain(exc: DBAPIError) -> str:
    text_ = str(exc.orig).lower()
    if "password" in text_ or "authentication" in text_:
        return tr("中心数据库拒绝登录：账号或密码不正确。")
    if "ssl" in text_:
        return tr("与中心数据库的加密连接失败，请检查加密方式和证书。")
    if "does not exist" in text_ and "database" in text_:
        return tr("中心数据库中没有该数据库名，请检查。")
    if "permission denied" in text_:
        return tr("本窗口的数据库账号没有同步权限，请信息科为其授权（counter-admin sync grant）。")
    if "function sync_" in text_:
        return tr("中心数据库尚未准备好（请先运行 counter-admin --db 中心地址 db upgrade）。")
    return tr("无法连接中心数据库，本机继续单机办理，恢复后自动同步。")
