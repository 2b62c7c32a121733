"""counter-admin report throughput: the period's figures to .xlsx, .pdf or .csv (the same
numbers as the supervisor's page)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from counter_app.cli.common import parse_day
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.i18n import tr
from counter_app.reports.exports import VIEWS
from counter_app.reports.service import ReportService


def add_throughput(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``throughput`` to the ``report`` group's subcommands."""
    cmd = actions.add_parser("throughput", help=tr("窗口服务统计（按窗口、人员、事项、类别）"))
    cmd.add_argument("--from", dest="date_from", required=True, help=tr("开始日期 YYYY-MM-DD"))
    cmd.add_argument("--to", dest="date_to", required=True, help=tr("结束日期 YYYY-MM-DD"))
    cmd.add_argument(
        "--by", choices=VIEWS, default=None, help=tr("统计维度（xlsx/pdf 默认全部，csv 默认窗口）")
    )
    cmd.add_argument("--format", dest="fmt", choices=("xlsx", "pdf", "csv"), default=None)
    cmd.add_argument("--out", required=True, help=tr("输出文件"))
    cmd.add_argument("--long", action="store_true", help=tr("超过三年的时段也统计"))
    cmd.set_defaults(handler=_throughput)


def _day(text: str, field: str) -> date:
    try:
        return parse_day(text)
    except CounterError as exc:
        raise CounterError(f"--{field}：{exc.message}", field) from None


def _throughput(args: argparse.Namespace) -> int:
    start, end = _day(args.date_from, "from"), _day(args.date_to, "to")
    out = Path(args.out)
    fmt = args.fmt or out.suffix.lower().lstrip(".")
    if fmt not in ("xlsx", "pdf", "csv"):
        raise CounterError(tr("请用 --format 指定 xlsx、pdf 或 csv"), "format")
    services = Services.open(args.db)
    try:
        reports = ReportService(
            services.db, services.hall, services.sync.central_engine, services.business_date
        )
        views = (args.by,) if args.by else VIEWS
        if fmt == "csv":
            reports.export_csv(SYSTEM_ACTOR, start, end, out, args.by or "window", args.long)
        elif fmt == "xlsx":
            reports.export_xlsx(SYSTEM_ACTOR, start, end, out, views, args.long)
        else:
            reports.export_pdf(SYSTEM_ACTOR, start, end, out, views, args.long)
    finally:
        services.close()
    print(tr("已写入 {p}（{a} 至 {b}）", p=str(out), a=start.isoformat(), b=end.isoformat()))
    return 0
