"""counter-admin sync: join a central, show and force a sync, database roles, conflicts, epoch.

On a counter (``--db`` = its SQLite, the default): ``configure``, ``status``, ``run``,
``conflicts``, ``resolve``. On the central (``--db postgresql://owner@host/db``): ``grant``,
``revoke``, ``new-epoch`` (after restoring the central from a backup).
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from counter_app.cli.common import stdin_line, whole
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.i18n import tr
from counter_app.sync.config import SSL_MODES, CentralConfig
from counter_app.sync.runlock import SyncBusy
from db.engine import make_engine
from db.sync import roles
from db.sync.client import SyncRefused, SyncReport
from db.sync.security import mark_seen, read_events
from db.sync.verify import check_central

# The IT staff at the command line act as administrator and supervisor.
_IT = Actor(
    SYSTEM_ACTOR.username,
    SYSTEM_ACTOR.display_name,
    frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR}),
)


def _password(args: argparse.Namespace) -> str:
    return stdin_line() if args.password_stdin else ""


def _configure(args: argparse.Namespace) -> int:
    config = CentralConfig(
        args.host, args.port, args.database, args.user, args.sslmode, args.sslrootcert
    )
    services = Services.open(args.db)
    try:
        how = services.sync.configure(SYSTEM_ACTOR, config, _password(args), args.counter)
        status = services.sync.status()
    finally:
        services.close()
    print(
        {
            "founded": tr("已作为首台窗口建立大厅数据"),
            "joined": tr("已加入大厅"),
            "resumed": tr("已恢复同步"),
        }[how]
    )
    print(status.label())
    return 0


def _status(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        config = services.sync.config()
        if config is None:
            print(tr("本机未连接中心数据库（单机运行）"))
            return 0
        print(
            tr(
                "中心数据库：{u}@{h}:{p}/{d}（{s}）",
                u=config.user,
                h=config.host,
                p=config.port,
                d=config.database,
                s=config.sslmode,
            )
        )
        with contextlib.suppress(SyncRefused, DBAPIError):
            services.sync.run_once()
        status = services.sync.status()
    finally:
        services.close()
    print(status.label())
    if status.message:
        print(status.message)
    return 0 if status.state == "online" else 1


def _run(args: argparse.Namespace) -> int:
    admin_password = _password(args) if args.admin else ""
    services = Services.open(args.db)
    try:
        try:
            report: SyncReport | None
            if args.admin:
                report = services.sync.run_as_administrator(args.admin, admin_password)
            else:
                report = services.sync.run_once()
        except SyncBusy as exc:
            print(exc.message, file=sys.stderr)
            return 1
        except (SyncRefused, DBAPIError):
            report = None
        status = services.sync.status()
    finally:
        services.close()
    if report is not None:
        print(tr("已上传 {p} 项更改，已取回 {q} 行", p=report.pushed, q=report.pulled))
        for conflict in report.conflicts:
            print(tr("冲突（已交主管处理）：{c}", c=conflict))
        if report.full_resync:
            print(report.full_resync)
    print(status.label())
    if status.held and not args.admin:
        print(
            tr("管理员的更改须用管理员本人的中心账号上传：sync run --admin 账号 --password-stdin"),
            file=sys.stderr,
        )
    if status.message and status.state != "online":
        print(status.message, file=sys.stderr)
    return 0 if status.state == "online" else 1


def _verify(args: argparse.Namespace) -> int:
    engine = _central(args)
    try:
        with engine.connect() as conn:
            result = check_central(conn)
    finally:
        engine.dispose()
    if result.chain_break is not None:
        print(tr("中心安全记录链被破坏：{r}", r=result.chain_break[1]))
    else:
        print(tr("中心安全记录链完整：共 {n} 条", n=result.chain_rows))
    for table, keys in result.drift.items():
        print(
            tr(
                "表 {t} 有记录未经同步被改动（插入、修改或删除）：{k}",
                t=table,
                k="、".join(keys),
            )
        )
    if not result.drift:
        print(tr("业务表与同步记录一致"))
    return 0 if result.ok else 1


def _security_events(args: argparse.Namespace) -> int:
    engine = _central(args)
    try:
        with engine.begin() as conn:
            rows = read_events(conn, unseen_only=not args.all, limit=100_000)
            if args.seen and rows:
                mark_seen(conn)
    finally:
        engine.dispose()
    for row in rows:
        print(
            f"{row.id}\t{row.at.astimezone():%Y-%m-%d %H:%M:%S}\t{row.db_user}\t{row.origin}"
            f"\t{row.reason}"
        )
    print(tr("共 {n} 条安全事件（被中心拒绝的越权更改）", n=len(rows)))
    return 0


def _conflicts(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        conflicts = services.sync.conflicts(_IT)
    finally:
        services.close()
    for c in conflicts:
        print(f"{c.id}\t{c.at.astimezone():%Y-%m-%d %H:%M:%S}\t{c.origin}\t{c.reason}")
    print(tr("共 {n} 条未处理的冲突", n=len(conflicts)))
    return 0


def _resolve(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        services.sync.resolve(_IT, args.id, args.action)
    finally:
        services.close()
    print(tr("冲突 {i} 已处理", i=args.id))
    return 0


def _central(args: argparse.Namespace) -> Engine:
    engine = make_engine(args.db)
    if engine.dialect.name != "postgresql":
        engine.dispose()
        raise CounterError(tr("请用 --db 指定中心 PostgreSQL 数据库（管理员账号）"), "db")
    return engine


def _grant(args: argparse.Namespace) -> int:
    engine = _central(args)
    try:
        with engine.begin() as conn:
            name = roles.grant(conn, args.kind, args.code, _password(args))
    except ValueError as exc:
        text_ = (
            tr("管理员账号名应为 1-24 位字母或数字，以字母开头")
            if args.kind == "admin"
            else tr("窗口代码应为 1-6 位字母或数字")
        )
        raise CounterError(text_, "code") from exc
    finally:
        engine.dispose()
    if args.kind == "admin":
        print(tr("管理员数据库账号 {n} 已就绪：可上传账号、目录、节假日和大厅设置的更改", n=name))
    else:
        print(tr("数据库账号 {n} 已就绪，只能调用同步函数", n=name))
    return 0


def _revoke(args: argparse.Namespace) -> int:
    engine = _central(args)
    try:
        with engine.begin() as conn:
            name = roles.revoke(conn, args.kind, args.code)
    finally:
        engine.dispose()
    print(tr("数据库账号 {n} 已删除", n=name))
    return 0


def _new_epoch(args: argparse.Namespace) -> int:
    engine = _central(args)
    try:
        with engine.begin() as conn:
            epoch = conn.execute(text("SELECT sync_new_epoch()")).scalar_one()
    finally:
        engine.dispose()
    print(tr("中心数据库已换新纪元 {e}：各窗口下次同步时将重新核对并补传全部数据", e=epoch))
    return 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = groups.add_parser("sync", help=tr("与中心数据库同步"))
    actions = sync.add_subparsers(dest="action", required=True)
    conf = actions.add_parser("configure", help=tr("连接中心数据库并加入大厅"))
    conf.add_argument("--host", required=True)
    conf.add_argument("--port", type=whole(1, 65535), default=5432)
    conf.add_argument("--database", default="counter")
    conf.add_argument("--user", required=True)
    conf.add_argument("--sslmode", choices=SSL_MODES, default="prefer")
    conf.add_argument("--sslrootcert", default="")
    conf.add_argument("--counter", default=None, help=tr("本窗口代码，如 W03"))
    conf.add_argument(
        "--password-stdin", action="store_true", help=tr("从标准输入读密码（存入系统密码库）")
    )
    conf.set_defaults(handler=_configure)
    actions.add_parser("status", help=tr("显示同步状态")).set_defaults(handler=_status)
    run = actions.add_parser("run", help=tr("立即同步一次"))
    run.add_argument(
        "--admin", default="", help=tr("用管理员本人的中心账号上传管理更改（密码从标准输入读）")
    )
    run.add_argument("--password-stdin", action="store_true")
    run.set_defaults(handler=_run)
    actions.add_parser(
        "verify", help=tr("在中心核对安全记录链和业务表（发现未经同步的改动）")
    ).set_defaults(handler=_verify)
    events = actions.add_parser("security-events", help=tr("列出被中心拒绝的越权更改"))
    events.add_argument("--all", action="store_true", help=tr("包括已查看的"))
    events.add_argument("--seen", action="store_true", help=tr("列出后标记为已查看"))
    events.set_defaults(handler=_security_events)
    actions.add_parser("conflicts", help=tr("列出未处理的冲突")).set_defaults(handler=_conflicts)
    res = actions.add_parser("resolve", help=tr("处理一条冲突"))
    res.add_argument("id", type=whole(1, 2**63 - 1))
    res.add_argument("action", choices=("keep", "apply"))
    res.set_defaults(handler=_resolve)
    for verb, handler in (("grant", _grant), ("revoke", _revoke)):
        sub = actions.add_parser(verb, help=tr("在中心数据库上建立/删除窗口或主管的数据库账号"))
        sub.add_argument("kind", choices=roles.KINDS)
        sub.add_argument("code")
        if verb == "grant":
            sub.add_argument("--password-stdin", action="store_true")
        sub.set_defaults(handler=handler)
    actions.add_parser("new-epoch", help=tr("中心数据库从备份恢复后运行")).set_defaults(
        handler=_new_epoch
    )
