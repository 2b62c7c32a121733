"""counter-admin followup: 差评整改 — the bad reviews with their follow-up, one line each; a step
taken from the command line; a review's steps.

Appeals are not decided here: they need a second supervisor's own account (主管 → 好差评)."""

from __future__ import annotations

import argparse
import uuid

from counter_app.cli.common import parse_day
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.i18n import tr
from counter_app.supervision.rules.evaluation import FollowupState, RectifyMode
from counter_app.supervision.rules.followup_rules import ORDER, FollowupRow, step_label

# The IT staff at the command line act as administrator and supervisor.
_IT = Actor(
    SYSTEM_ACTOR.username,
    SYSTEM_ACTOR.display_name,
    frozenset({Role.ADMINISTRATOR, Role.SUPERVISOR}),
)


def line(row: FollowupRow) -> str:
    """One bad review: date, window, staff, level, state, due, 超期, the evaluation's id."""
    due = row.due.isoformat() if row.due else tr("日历未录入")
    return "\t".join(
        (
            row.business_date.isoformat(),
            tr("窗口 {w}", w=row.window_no or "-"),
            row.staff_name or "-",
            row.level_label,
            row.state_label,
            tr("期限 {d}", d=due),
            tr("超期") if row.overdue else "",
            str(row.evaluation_id),
        )
    )


def _evaluation_id(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip())
    except ValueError:
        raise CounterError(
            tr("评价编号“{t}”不对：请从 followup list 的最后一列复制", t=text[:40]), "evaluation"
        ) from None


def _list(args: argparse.Namespace) -> int:
    date_from = parse_day(args.date_from) if args.date_from else None
    date_to = parse_day(args.date_to) if args.date_to else None
    services = Services.open(args.db)
    try:
        rows = services.followups.bad_reviews(
            _IT, not args.all, args.overdue, date_from=date_from, date_to=date_to
        )
    finally:
        services.close()
    for row in rows:
        print(line(row))
    overdue = sum(1 for r in rows if r.overdue)
    print(tr("共 {n} 条差评，其中超期 {o} 条", n=len(rows), o=overdue))
    return 0


def _step(args: argparse.Namespace) -> int:
    key = _evaluation_id(args.evaluation)
    step = FollowupState(args.step)
    mode = RectifyMode(args.mode) if args.mode else None
    due = parse_day(args.due) if args.due else None
    services = Services.open(args.db)
    try:
        row = services.followups.row(_IT, key)
        view = services.followups.advance(_IT, key, step, args.text, row.row_version, mode, due)
    finally:
        services.close()
    print(tr("已完成“{s}”；当前：{n}", s=step_label(step.value), n=view.state.label))
    return 0


def _history(args: argparse.Namespace) -> int:
    key = _evaluation_id(args.evaluation)
    services = Services.open(args.db)
    try:
        row = services.followups.row(_IT, key)
        steps = services.followups.history(_IT, key)
    finally:
        services.close()
    print(line(row))
    for step in steps:
        at = step.at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{at}\t{step.who}\t{step.label}\t{step.text}")
    return 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the followup command group."""
    group = groups.add_parser("followup", help=tr("差评整改：核实、整改、反馈、回访"))
    actions = group.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help=tr("差评及其整改状态，每条一行"))
    listing.add_argument("--overdue", action="store_true", help=tr("只列超期未办结的"))
    listing.add_argument("--all", action="store_true", help=tr("也列已办结和已撤销的"))
    listing.add_argument("--from", dest="date_from", default=None, help="YYYY-MM-DD")
    listing.add_argument("--to", dest="date_to", default=None, help="YYYY-MM-DD")
    listing.set_defaults(handler=_list)
    step = actions.add_parser("step", help=tr("办理一条差评的当前步骤"))
    step.add_argument("evaluation", help=tr("评价编号（followup list 的最后一列）"))
    step.add_argument("--step", required=True, choices=[s.value for s in ORDER])
    step.add_argument("--text", required=True, help=tr("核实情况、整改措施、告知方式或回访意见"))
    step.add_argument("--mode", choices=[m.value for m in RectifyMode], help=tr("整改方式"))
    step.add_argument("--due", default=None, help=tr("限期整改的期限 YYYY-MM-DD"))
    step.set_defaults(handler=_step)
    history = actions.add_parser("history", help=tr("一条差评的办理记录"))
    history.add_argument("evaluation", help=tr("评价编号"))
    history.set_defaults(handler=_history)
