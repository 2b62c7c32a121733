"""counter-admin report daily: the day's report (窗口服务统计_日期.xlsx and .pdf) into a
folder, the same files the supervisor's PC writes after closing time; for a scheduled task
(cron, Windows Task Scheduler) on a PC where nobody stays logged in."""

from __future__ import annotations

import argparse
from pathlib import Path

from counter_app.cli.common import parse_day
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.i18n import tr


def add_daily(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``daily`` to the ``report`` group's subcommands."""
    cmd = actions.add_parser("daily", help=tr("每日报表（当天的 Excel 和 PDF，写入文件夹）"))
    cmd.add_argument("--date", default=None, help=tr("日期 YYYY-MM-DD（默认：今天）"))
    cmd.add_argument("--out", default=".", help=tr("保存的文件夹（默认：当前文件夹）"))
    cmd.set_defaults(handler=_daily)


def _daily(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        try:
            day = parse_day(args.date) if args.date else services.business_date()
        except CounterError as exc:
            raise CounterError(f"--date：{exc.message}", "date") from None
        xlsx, pdf = services.reports.daily_report(SYSTEM_ACTOR, day, Path(args.out))
    finally:
        services.close()
    print(tr("已写入 {d} 的每日报表：{a}、{b}", d=day.isoformat(), a=str(xlsx), b=str(pdf)))
    return 0
