"""counter-admin report: 报表（改进报告等）.

Each report is one subcommand added by ``register`` from ``_REPORTS`` (its name, help, how its
options are added, its handler); a report written to a file opens the file first
(``output_file``), so a place that cannot be written is refused before anything is computed.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from counter_app.cli.common import output_file
from counter_app.cli.report_daily import add_daily
from counter_app.cli.report_throughput import add_throughput
from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.i18n import tr
from counter_app.supervision.rules.periods import parse_period

# The IT staff at the command line print the supervisor's reports.
_IT = Actor(SYSTEM_ACTOR.username, SYSTEM_ACTOR.display_name, frozenset({Role.SUPERVISOR}))


def _period_options(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--month", help=tr("月份，如 2026-11"))
    which.add_argument("--quarter", help=tr("季度，如 2026-Q4"))
    parser.add_argument("--out", required=True, help=tr("输出的 PDF 文件"))


def _improvement(args: argparse.Namespace) -> int:
    period = parse_period(args.month if args.month is not None else args.quarter)
    with output_file(args.out) as out:
        services = Services.open(args.db)
        try:
            pdf = services.improvement.report_pdf(_IT, period.key)
        finally:
            services.close()
        out.write(pdf)
    print(tr("已写入 {f}：服务改进报告（{p}），{b} 字节", f=out.path, p=period.label, b=len(pdf)))
    return 0


@dataclass(frozen=True)
class _Report:
    name: str
    help: str
    options: Callable[[argparse.ArgumentParser], None]
    handler: Callable[[argparse.Namespace], int]


_REPORTS: tuple[_Report, ...] = (
    _Report(
        "improvement",
        tr("服务改进报告（月度或季度，PDF）"),
        _period_options,
        _improvement,
    ),
)


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the report command group."""
    group = groups.add_parser("report", help=tr("报表（改进报告等）"))
    reports = group.add_subparsers(dest="action", required=True)
    for report in _REPORTS:
        parser = reports.add_parser(report.name, help=report.help)
        report.options(parser)
        parser.set_defaults(handler=report.handler)
    add_throughput(reports)
    add_daily(reports)
