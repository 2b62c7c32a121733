"""counter-admin calendar: holiday overrides and complete years, as 管理 → 节假日 sets them.

The holiday library (chinesecalendar) knows the years it was released with; for a later
year the administrator enters each holiday and make-up workday, then marks the year complete
(its other dates follow Monday-Friday). A date in a year nobody knows is refused, never
guessed (hall/rules/working_days.py). Marking a year complete needs its Spring Festival and
National Day and a confirmation on the year's calendar; ``calendar import notice.txt`` reads
the State Council's notice (UTF-8, UTF-8 with BOM or GBK) and saves it after the same
confirmation. A notice for a year the library knows only checks it: it wins where it
disagrees only with --yes (each day audited).
"""

from __future__ import annotations

import argparse
import calendar as months
from datetime import date
from pathlib import Path

from counter_app.cli.common import os_reason, parse_day, stdin_line, whole
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.hall.calendar import NoticePreview, YearPlan
from counter_app.hall.rules.holiday_notice import decode_notice
from counter_app.hall.rules.working_days import DayKind, library_years
from counter_app.i18n import tr

_WEEK = "一二三四五六日"
_MARKS = {DayKind.HOLIDAY: "休", DayKind.MAKEUP: "班"}

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


def year_text(plan: YearPlan) -> str:
    """The year as twelve month grids: 休 a day off, 班 a make-up working day."""
    lines = [tr("{y} 年（休 = 放假，班 = 调休上班）", y=plan.year)]
    for month in range(1, 13):
        lines += ["", f"{month:>2}月", "".join(f"  {w} " for w in _WEEK)]
        for week in months.Calendar().monthdayscalendar(plan.year, month):
            cells = []
            for day in week:
                mark = _MARKS.get(plan.kind(date(plan.year, month, day)), "  ") if day else "  "
                cells.append(f"{day:>2}{mark} " if day else "     ")
            lines.append("".join(cells).rstrip())
    return "\n".join(lines)


def _confirmed(args: argparse.Namespace, question: str) -> bool:
    if args.yes:
        return True
    print(tr("{q}输入 y 确认，其他任意内容取消：", q=question), end=" ", flush=True)
    return stdin_line().strip().lower() in {"y", "yes", "是", "确认"}


def _complete(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        if args.undo:
            services.calendar.mark_year_complete(SYSTEM_ACTOR, args.year, False)
            print(tr("{y} 年已取消“完整录入”标记", y=args.year))
            return 0
        plan = services.calendar.year_plan(args.year)
        if not plan.library_known and not plan.missing:
            print(year_text(plan))
        question = tr("标记 {y} 年为完整录入（其余日期按周一至周五上班）？", y=args.year)
        if not plan.library_known and not plan.missing and not _confirmed(args, question):
            print(tr("未保存"))
            return 1
        services.calendar.mark_year_complete(SYSTEM_ACTOR, args.year, True)
    finally:
        services.close()
    print(tr("{y} 年已标记为完整录入（已录入 {n} 天调整，其余日期按周一至周五上班）",
             y=args.year, n=len(plan.days)))  # fmt: skip
    return 0


def _read_notice(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CounterError(
            tr("无法读取文件 {f}：{e}", f=path, e=os_reason(exc)), "notice"
        ) from None
    return decode_notice(data)


def _notice_lines(preview: NoticePreview) -> list[str]:
    lines = [tr("读到 {y} 年的放假安排：", y=preview.notice.year)]
    for holiday in preview.notice.holidays:
        off = holiday.off
        span = f"{off[0]:%m-%d} 至 {off[-1]:%m-%d}" if len(off) > 1 else f"{off[0]:%m-%d}"
        text = tr("{n}：放假 {s}（{c} 天）", n=holiday.name, s=span, c=len(off)) if off else ""
        if holiday.workdays:
            days = "、".join(f"{d:%m-%d}（{_WEEK[d.weekday()]}）" for d in holiday.workdays)
            text += tr("；上班 {d}", d=days)
        lines.append("  " + text)
    return lines


def _import(args: argparse.Namespace) -> int:
    text = _read_notice(args.file)
    services = Services.open(args.db)
    try:
        preview = services.calendar.preview_notice(text)
        year = preview.notice.year
        print("\n".join(_notice_lines(preview)))
        if preview.agrees:
            print(tr("与节假日库的 {y} 年安排一致，无需保存", y=year))
            return 0
        if preview.differences:
            print(tr("与当前日历不一致的日期（通知 / 当前）："))
            for diff in preview.differences:
                print(f"  {diff.day.isoformat()}（{_WEEK[diff.day.weekday()]}）\t"
                      f"{_work(diff.notice_workday)} / {_work(diff.current_workday)}")  # fmt: skip
            if not args.yes:
                print(tr("未保存：如确认以通知为准，请加 --yes 重新运行（将记入审计日志）"))
                return 1
        if not preview.plan.library_known:
            print(year_text(preview.plan))
        question = tr("保存 {y} 年的这些安排？", y=year)
        if not _confirmed(args, question):
            print(tr("未保存"))
            return 1
        done = services.calendar.import_notice(SYSTEM_ACTOR, text, accept_differences=args.yes)
    finally:
        services.close()
    print(tr("已保存 {y} 年的 {n} 天安排", y=year, n=done.saved))
    if done.marked_complete:
        print(tr("{y} 年已标记为完整录入", y=year))
    return 0


def _work(is_workday: bool) -> str:
    return tr("上班") if is_workday else tr("放假")


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
    done.add_argument("--yes", action="store_true", help=tr("不再询问，直接确认"))
    done.set_defaults(handler=_complete)
    imp = acts.add_parser("import", help=tr("导入国务院办公厅关于部分节假日安排的通知（文本文件）"))
    imp.add_argument("file", help=tr("通知全文的文本文件（UTF-8 或 GBK）"))
    imp.add_argument(
        "--yes", action="store_true", help=tr("不再询问；与节假日库不一致时以通知为准")
    )
    imp.set_defaults(handler=_import)
