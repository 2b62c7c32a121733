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

from counter_app.cli import (
    calendar,
    core,
    delivery,
    hall,
    kiosk,
    payments,
    printer,
    queue,
    reception,
    selftest,
    staff,
    sync,
)
from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.paths import default_db_url
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


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    args.db = args.db or default_db_url()
    try:
        return int(args.handler(args))
    except (CounterError, DatabaseProblem) as exc:
        print(tr("错误：{m}", m=exc.message), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
