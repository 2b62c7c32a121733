"""counter-admin training: 工作人员培训、考核与奖惩.

The IT staff at the command line act as a supervisor (recorded in the audit trail as the
system command). Bad input is a Chinese message and exit 2.
"""

from __future__ import annotations

import argparse
import math
from datetime import date

from counter_app.cli.common import parse_day
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.i18n import tr
from counter_app.supervision.rules.assessment_rules import LEVEL_KEYS, Assessment
from counter_app.supervision.rules.evaluation import Level

_IT = Actor(
    SYSTEM_ACTOR.username,
    SYSTEM_ACTOR.display_name,
    frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR}),
)


def _day(text: str, option: str) -> date:
    try:
        return parse_day(text)
    except CounterError as exc:
        raise CounterError(f"{option}：{exc.message}", exc.field) from None


def _hours(text: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise CounterError(tr("--hours：学时应为数字，如 2 或 3.5"), "hours") from None
    if not math.isfinite(value):
        raise CounterError(tr("--hours：学时应为数字，如 2 或 3.5"), "hours")
    return value


def _add(args: argparse.Namespace) -> int:
    held_on = _day(args.date, "--date")
    hours = _hours(args.hours)
    services = Services.open(args.db)
    try:
        view = services.staff_records.add_training(
            _IT, args.staff, held_on, args.subject, hours, args.provider or ""
        )
    finally:
        services.close()
    print(
        tr(
            "已登记培训：{n} {d} {s} {h} 学时",
            n=view.staff_name,
            d=view.held_on,
            s=view.subject,
            h=view.hours,
        )
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        rows = services.staff_records.trainings(_IT, staff=args.staff)
    finally:
        services.close()
    for t in rows:
        print(f"{t.held_on}\t{t.staff}\t{t.staff_name}\t{t.subject}\t{t.hours:g}\t{t.provider}")
    print(tr("共 {n} 条，{h:g} 学时", n=len(rows), h=sum(t.hours for t in rows)))
    return 0


def _minutes(seconds: float | None) -> str:
    return "-" if seconds is None else tr("{m:.1f} 分钟", m=seconds / 60)


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value}%"


def assessment_lines(a: Assessment) -> list[str]:
    """The assessment as the lines the command prints."""
    levels = "，".join(f"{Level(k).label} {a.levels.get(k, 0)}" for k in LEVEL_KEYS)
    wait = (_minutes(a.wait_avg_s), _minutes(a.wait_median_s))
    service = (_minutes(a.service_avg_s), _minutes(a.service_median_s))
    return [
        tr("{n}（{u}）{f} 至 {t}", n=a.display_name, u=a.staff, f=a.date_from, t=a.date_to),
        tr("受理 {r} 件；办结 {d} 件", r=a.received, d=a.decided)
        + tr("（准予 {a}，不予许可 {j}）", a=a.approved, j=a.rejected),
        tr("按期办结率 {r}", r=_rate(a.on_time_rate))
        + tr("（有时限 {w} 件，超期 {n} 件）", w=a.with_deadline, n=a.late),
        tr("叫号办结 {s} 人次，过号 {n} 人次", s=a.tickets_served, n=a.no_shows),
        tr("等候时间 平均 {a}，中位 {m}", a=wait[0], m=wait[1]),
        tr("办理时间 平均 {a}，中位 {m}", a=service[0], m=service[1]),
        tr("评价 {n} 次：{v}；满意率 {r}", n=a.evaluations, v=levels, r=_rate(a.satisfaction_rate)),
        tr("差评 {b} 次（申诉撤销 {x} 次不计）", b=a.bad_reviews, x=a.annulled),
        tr("投诉 {c} 件，其中成立 {u} 件", c=a.complaints, u=a.complaints_upheld),
        tr("培训 {n} 次，{h:g} 学时", n=a.trainings, h=a.training_hours),
    ]


def _assess(args: argparse.Namespace) -> int:
    date_from, date_to = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    services = Services.open(args.db)
    try:
        a = services.assessment.assess(_IT, args.staff, date_from, date_to)
    finally:
        services.close()
    print("\n".join(assessment_lines(a)))
    return 0


def _visits(args: argparse.Namespace) -> int:
    date_from, date_to = _day(args.date_from, "--from"), _day(args.date_to, "--to")
    services = Services.open(args.db)
    try:
        counts = services.visits.visit_counts(_IT, date_from, date_to)
        rows = services.visits.over_one_visit(_IT, date_from, date_to)
    finally:
        services.close()
    for r in rows:
        print(f"{r.number}\t{r.received_on}\t{r.item}\t{r.applicant}\t{r.visits}\t{r.why}")
    print(
        tr(
            "办件 {m} 件，一次办成 {o} 件（{s}），跑动多次 {x} 件",
            m=counts.matters,
            o=counts.one_visit,
            s=_rate(counts.one_visit_share),
            x=counts.more_visits,
        )
    )
    return 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the training command group."""
    group = groups.add_parser("training", help=tr("工作人员培训、考核与奖惩"))
    actions = group.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help=tr("登记一次培训"))
    add.add_argument("--staff", required=True, help=tr("工作人员账号"))
    add.add_argument("--date", required=True, help="YYYY-MM-DD")
    add.add_argument("--subject", required=True, help=tr("培训内容"))
    add.add_argument("--hours", required=True, help=tr("学时（0.5 到 100）"))
    add.add_argument("--provider", default="", help=tr("培训单位"))
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", help=tr("列出培训记录"))
    listing.add_argument("--staff", default=None)
    listing.set_defaults(handler=_list)
    assess = actions.add_parser("assess", help=tr("工作人员一个期间的考核数据"))
    assess.add_argument("--staff", required=True)
    assess.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
    assess.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
    assess.set_defaults(handler=_assess)
    visits = actions.add_parser("visits", help=tr("跑动多次的办件（最多跑一次）"))
    visits.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD")
    visits.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD")
    visits.set_defaults(handler=_visits)
