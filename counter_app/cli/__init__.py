"""``counter-admin``: the command line for a hall's IT staff.

Every command takes ``--db URL`` (default: this user's embedded database). Exit codes: 0 done,
1 a check found a problem (audit chain broken, doctor found a fault — its warnings alone
give 0 —, mail unaccounted for),
2 bad input or refusal. Each area adds its commands in its own module's ``register``.
"""

from __future__ import annotations

import argparse
import logging
import sys

from sqlalchemy.exc import DBAPIError, OperationalError

from counter_app.cli import (
    calendar,
    complaint,
    core,
    delivery,
    evaluation,
    followup,
    hall,
    integrity,
    kiosk,
    payments,
    printer,
    queue,
    reception,
    report,
    selftest,
    staff,
    sync,
    training,
)
from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.paths import default_db_url
from db.engine import database_url, require_existing
from db.errors import DatabaseProblem

MODULES = (
    core,
    hall,
    staff,
    calendar,
    reception,
    payments,
    delivery,
    printer,
    queue,
    kiosk,
    sync,
    evaluation,
    followup,
    complaint,
    integrity,
    training,
    report,
    selftest,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="counter-admin", description=tr("知识产权窗口系统管理命令")
    )
    parser.add_argument("--db", default=None, help=tr("数据库地址（默认：本机内置数据库）"))
    groups = parser.add_subparsers(dest="group", required=True)
    for module in MODULES:
        module.register(groups)
    return parser


# The commands that may create the database (``--db`` a file not there yet): ``hall setup``
# removes a file it created when it refuses; every other command needs a database that exists,
# so a mistyped path is an error instead of a new empty database ("审计链完整" on nothing).
CREATES_DATABASE = frozenset({("db", "upgrade"), ("hall", "setup")})
NO_DATABASE = frozenset({("selftest", None)})


def check_database(args: argparse.Namespace) -> None:
    """The one check of ``--db`` before any command opens it."""
    command = (args.group, getattr(args, "action", None))
    if command in NO_DATABASE:
        return
    database_url(args.db)
    if command not in CREATES_DATABASE:
        require_existing(args.db)


def unreadable_argument(argv: list[str]) -> str | None:
    """The message for an argument that is no text: bytes the terminal's encoding could not
    decode (Python hands them over as lone surrogates, which no database or file accepts), or
    a NUL (only a caller in this process can pass one)."""
    for position, arg in enumerate(argv, start=1):
        if "\x00" in arg:
            return tr("第 {n} 个参数含有空字符（NUL）", n=position)
        if any("\ud800" <= ch <= "\udfff" for ch in arg):
            return tr(
                "第 {n} 个参数不是有效的 UTF-8 文字（{a}），请检查终端的编码",
                n=position,
                a=arg.encode("utf-8", "replace").decode("utf-8")[:60],
            )
    return None


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    argv = sys.argv[1:] if argv is None else list(argv)
    problem = unreadable_argument(argv)
    if problem is not None:
        print(tr("错误：{m}", m=problem), file=sys.stderr)
        return 2
    args = build_parser().parse_args(argv)
    args.db = args.db or default_db_url()
    try:
        check_database(args)
        return int(args.handler(args))
    except (CounterError, DatabaseProblem) as exc:
        print(tr("错误：{m}", m=exc.message), file=sys.stderr)
        return 2
    except DBAPIError as exc:
        message = refusal(exc)
        if message is None:
            raise
        print(tr("错误：{m}", m=message), file=sys.stderr)
        return 2


def refusal(exc: DBAPIError) -> str | None:
    """A database server's refusal the person at the command line can act on (the account
    lacks a right; the server went away), in Chinese; None for anything else (a fault)."""
    detail = str(exc.orig).strip().splitlines()[0][:200] if exc.orig is not None else ""
    if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
        hint = (
            tr("建立或删除数据库账号须用有 CREATEROLE 权限的账号（如 postgres）运行")
            if "role" in detail
            else tr("请用数据库所有者的账号运行")
        )
        return tr("数据库账号权限不足（{d}）。{h}", d=detail, h=hint)
    if isinstance(exc, OperationalError):
        return tr("数据库连接中断或不可用（{d}），请检查网络和数据库服务后重试", d=detail)
    return None


if __name__ == "__main__":
    sys.exit(main())
