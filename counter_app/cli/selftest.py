"""counter-admin selftest: the checks of ``ip-counter --self-test`` without the Qt one (this
program has no Qt); nothing outside a temporary folder changes, ``--db`` is not used."""

from __future__ import annotations

import argparse

from counter_app.i18n import tr
from counter_app.selftest import run_self_test


def _selftest(args: argparse.Namespace) -> int:
    code = run_self_test()
    if code == 0:
        print(tr("界面（Qt）不在本命令的检查范围：请运行 ip-counter --self-test"))
    return code


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this area's command groups to groups."""
    selftest = groups.add_parser(
        "selftest",
        help=tr("自检：在临时文件夹中新建数据库，生成受理通知书和排队小票，检查动态加载的模块"),
    )
    selftest.set_defaults(handler=_selftest)
