"""counter-admin commands of fees: the day's reconciliation list of a counter."""

from __future__ import annotations

import argparse
import contextlib

from counter_app.cases.payments import CHANNELS
from counter_app.cases.reconciliation import reconciliation_pdf, voided_payment_ids
from counter_app.cli.common import output_file, parse_day
from counter_app.container import Services
from counter_app.i18n import tr


def _reconcile(args: argparse.Namespace) -> int:
    day = parse_day(args.date)
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(output_file(args.out)) if args.out is not None else None
        services = Services.open(args.db)
        try:
            day_list = services.payments.day_list(day, args.counter)
            voided = voided_payment_ids(services.db, day_list)
            if out is not None:
                settings = services.hall.settings()
                out.write(reconciliation_pdf(settings, day_list, args.cashier, voided))
        finally:
            services.close()
    print(
        tr(
            "{d} 窗口 {c} 收费 {n} 笔",
            d=day,
            c=day_list.counter_code,
            n=sum(1 for p in day_list.payments if p.amount > 0),
        )
    )
    for p in day_list.payments:
        mark = tr("（已作废）") if p.id in voided else ""
        print(
            f"  {p.receipt_number}  {p.payer}  {CHANNELS.get(p.channel, p.channel)}  "
            f"{p.amount}  {p.transaction_ref or '—'}{mark}"
        )
    for channel, total in sorted(day_list.totals.items()):
        print(tr("  {c} 合计 {t} 元", c=CHANNELS.get(channel, channel), t=total))
    print(tr("总计 {t} 元", t=day_list.total))
    return 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    payments = groups.add_parser("payments", help=tr("收费"))
    actions = payments.add_subparsers(dest="action", required=True)
    rec = actions.add_parser("reconcile", help=tr("某日某窗口的收费日对账单"))
    rec.add_argument("--date", default=None, help="YYYY-MM-DD")
    rec.add_argument("--counter", default=None, help=tr("窗口代码（默认本窗口）"))
    rec.add_argument("--out", default=None, help=tr("同时保存为 PDF"))
    rec.add_argument("--cashier", default="", help=tr("收款人姓名（打印在对账单上）"))
    rec.set_defaults(handler=_reconcile)
