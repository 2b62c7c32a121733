"""counter-admin calendar: holiday overrides and complete years, as 管理 → 节假日 sets them.

The holiday library (chinesecalendar) knows the years it was released with; for a later
year the administrator enters each holiday and make-up workday, then marks the year complete
(its other dates follow Monday-Friday). A date in a year nobody knows is refused, never
guessed (hall/rules/working_days.py).
"""

from __future__ import annotations

import argparse

from counter_app.cli.common import parse_day, whole
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.hall.rules.working_days import library_years
from counter_app.i18n import tr

_KINDS = {
    "workday": True,
    "上班": True,
    "调休上班": True,
    "holiday": False,
    "休息": False,
    "放假": False,
}


def _kind(text: str) -> bool:
    try:
        return _KINDS[text.strip()]
    except KeyError:
        raise CounterError(
            tr("安排应为 workday（上班/调休上班）或 holiday（放假/休息），收到“{t}”", t=text),
            "is_workday",
        ) from None


def _set(args: argparse.Namespace) -> int:
    if not args.date:
        raise CounterError(tr("请给出日期，如 2027-02-06"), "date")
    day, is_workday = parse_day(args.date), _kind(args.kind)
    services = Services.open(args.db)
    try:
        services.calendar.set_override(SYSTEM_ACTOR, day, is_workday, args.note)
    finally:
        services.close()
    what = tr("上班") if is_workday else tr("放假")
    print(
        tr("已保存 {d}（{w}）：{k}", d=day.isoformat(), w="一二三四五六日"[day.weekday()], k=what)
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        overrides = services.calendar.overrides()
        complete = services.calendar.complete_years()
    finally:
        services.close()
    known = sorted(library_years())
    print(tr("节假日库已包含：{a}–{b} 年", a=known[0], b=known[-1]))
    print(tr("已标记完整录入：{y}", y="、".join(map(str, complete)) or tr("无")))
    shown = [o for o in overrides if args.year is None or o.day.year == args.year]
    for o in shown:
        what = tr("上班") if o.is_workday else tr("放假")
        print(f"{o.day.isoformat()}\t{'一二三四五六日'[o.day.weekday()]}\t{what}\t{o.note}")
    scope = tr("{y} 年", y=args.year) if args.year is not None else tr("全部")
    print(tr("{s}共 {n} 条调整", s=scope, n=len(shown)))
    return 0


def _complete(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        services.calendar.mark_year_complete(SYSTEM_ACTOR, args.year, not args.undo)
        entered = [o for o in services.calendar.overrides() if o.day.year == args.year]
    finally:
        services.close()
    if args.undo:
        print(tr("{y} 年已取消“完整录入”标记", y=args.year))
        return 0
    print(tr("{y} 年已标记为完整录入（已录入 {n} 天调整，其余日期按周一至周五上班）",
             y=args.year, n=len(entered)))  # fmt: skip
    if not entered:
        print(tr("注意：{y} 年还没有录入任何放假或调休日期，请确认无误", y=args.year))
    return 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the calendar command group."""
    cal = groups.add_parser("calendar", help=tr("节假日与调休"))
    acts = cal.add_subparsers(dest="action", required=True)
    put = acts.add_parser("set", help=tr("设置某一天放假或上班（覆盖节假日库）"))
    put.add_argument("date", help="YYYY-MM-DD")
    put.add_argument("kind", help="workday | holiday（上班 | 放假）")
    put.add_argument("--note", default="", help=tr("说明，如：春节"))
    put.set_defaults(handler=_set)
    show = acts.add_parser("list", help=tr("列出调整的日期和已完整录入的年份"))
    show.add_argument("--year", type=whole(1, 9999), default=None)
    show.set_defaults(handler=_list)
    done = acts.add_parser("complete", help=tr("标记某年的放假和调休已全部录入"))
    done.add_argument("year", type=whole(1, 9999))
    done.add_argument("--undo", action="store_true", help=tr("取消该标记"))
    done.set_defaults(handler=_complete)
