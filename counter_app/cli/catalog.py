"""counter-admin catalog update-guides: bring an existing database's catalogue to the guides
this release ships, item by item, keeping every item an administrator changed (issue 16).
The other catalog commands (export, import) are in core.py, which calls ``register_actions``.
"""

from __future__ import annotations

import argparse

from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.hall.catalog_guides import GUIDE_STATE_LABELS, GuidePlan, GuideState
from counter_app.i18n import tr


def plan_lines(plan: GuidePlan) -> list[str]:
    """The plan as the command prints it: updates with their fields, then kept and absent
    items, then the totals."""
    lines = []
    for change in plan.updates:
        lines.append(
            tr(
                "{s}  {c:02d} {n}（第 {v} 版 → 第 {w} 版）：{f}",
                s=tr("已更新") if plan.applied else GUIDE_STATE_LABELS[GuideState.UPDATE],
                c=change.number,
                n=change.name,
                v=change.version,
                w=change.version + 1,
                f=change.field_labels,
            )
        )
    for state in (GuideState.EDITED, GuideState.ABSENT):
        for change in plan.of(state):
            lines.append(
                tr("{s}  {c:02d} {n}", s=GUIDE_STATE_LABELS[state], c=change.number, n=change.name)
            )
    lines.append(
        tr(
            "{what} {u} 项；已是最新 {c} 项；管理员已修改而保留 {e} 项；本库没有 {a} 项",
            what=tr("已更新") if plan.applied else tr("将更新"),
            u=len(plan.updates),
            c=len(plan.of(GuideState.CURRENT)),
            e=len(plan.of(GuideState.EDITED)),
            a=len(plan.of(GuideState.ABSENT)),
        )
    )
    if not plan.applied and plan.updates:
        lines.append(tr("这是预览，未写入；去掉 --dry-run 即执行。"))
    return lines


def _update_guides(args: argparse.Namespace) -> int:
    services = Services.open(args.db)
    try:
        if args.dry_run:
            plan = services.catalog.guide_updates()
        else:
            plan = services.catalog.update_guides(SYSTEM_ACTOR)
    finally:
        services.close()
    print("\n".join(plan_lines(plan)))
    return 0


def register_actions(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``update-guides`` to the ``catalog`` group."""
    update = actions.add_parser(
        "update-guides",
        help=tr("按本版程序附带的事项清单更新办事指南（管理员改过的事项保留不动）"),
    )
    update.add_argument(
        "--dry-run", action="store_true", help=tr("只列出将更新和保留的事项，不写入")
    )
    update.set_defaults(handler=_update_guides)
