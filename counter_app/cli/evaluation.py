"""counter-admin evaluation: 好差评记录、差评整改、第三方评价导入."""

from __future__ import annotations

import argparse
from pathlib import Path

from counter_app.cli.common import parse_day
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.i18n import tr
from counter_app.supervision.evaluation_reads import EvaluationRow
from counter_app.supervision.rules.evaluation import Source
from counter_app.supervision.rules.rating import level_from_text

# The IT staff at the command line read and import as a supervisor would (audited as such).
_IT = Actor(SYSTEM_ACTOR.username, SYSTEM_ACTOR.display_name, frozenset({Role.SUPERVISOR}))


def _level(text: str | None) -> int | None:
    if text is None:
        return None
    level = level_from_text(text)
    if level is None:
        raise CounterError(
            tr("--level 应为 1 至 5 或 非常满意、满意、基本满意、不满意、非常不满意"), "level"
        )
    return int(level)


def _source(text: str | None) -> Source | None:
    if text is None:
        return None
    for source in Source:
        if text in (source.value, source.label):
            return source
    names = "、".join(f"{s.value}({s.label})" for s in Source)
    raise CounterError(tr("--source 可选：{n}", n=names), "source")


def _line(row: EvaluationRow) -> str:
    time = "--:--" if row.source is Source.THIRD_PARTY else f"{row.rated_at.astimezone():%H:%M}"
    staff = f"{row.staff_name}({row.staff})" if row.staff_name else row.staff or "-"
    parts = [
        row.business_date.isoformat(),
        time,
        tr("{w}号窗口", w=row.window_no) if row.window_no else "-",
        staff,
        row.level_label,
        row.source_label,
        row.reasons or "-",
        row.comment or "-",
    ]
    if row.ticket_number:
        parts.append(tr("号票 {n}", n=row.ticket_number))
    if row.rater:
        parts.append(tr("评价人 {r}", r=row.rater))
    return "  ".join(parts)


def _list(args: argparse.Namespace) -> int:
    date_from, date_to = parse_day(args.date_from), parse_day(args.date_to)
    level, source = _level(args.level), _source(args.source)
    services = Services.open(args.db)
    try:
        rows = services.evaluations.list(
            _IT, date_from, date_to, args.window, args.staff, level, source
        )
    finally:
        services.close()
    for row in rows:
        print(_line(row))
    print(tr("共 {n} 条评价", n=len(rows)))
    return 0


def _import(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        report = services.evaluations.import_file(_IT, Path(args.file))
    finally:
        services.close()
    print(
        tr(
            "已导入 {a} 条第三方评价（文件共 {n} 条，其中 {k} 条此前已导入）",
            a=report.added,
            n=report.rows,
            k=report.already,
        )
    )
    return 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the evaluation command group."""
    group = groups.add_parser("evaluation", help=tr("好差评记录、差评整改、第三方评价导入"))
    actions = group.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help=tr("列出一段时间的评价，每条一行（评价人已遮蔽）"))
    listing.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
    listing.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
    listing.add_argument("--window", default=None, help=tr("窗口号，如 03"))
    listing.add_argument("--staff", default=None, help=tr("工作人员用户名"))
    listing.add_argument("--level", default=None, help=tr("1-5 或 非常满意 … 非常不满意"))
    listing.add_argument("--source", default=None, help=tr("来源，如 screen、third_party"))
    listing.set_defaults(handler=_list)
    importing = actions.add_parser("import", help=tr("导入第三方评价（CSV 或 XLSX），整份或不导"))
    importing.add_argument("file", help=tr("CSV 或 XLSX 文件"))
    importing.set_defaults(handler=_import)
