"""counter-admin commands of delivery: mail reconciliation."""

from __future__ import annotations

import argparse
from datetime import date

from counter_app.cases.mail_report import format_report, mail_report
from counter_app.cli.common import parse_day
from counter_app.container import Services
from counter_app.i18n import tr


def _reconcile(args: argparse.Namespace) -> int:
    day = parse_day(args.date)
    services = Services.open(args.db)
    try:
        report = mail_report(services.db, day, date.today())
    finally:
        services.close()
    print(format_report(report))
    return 1 if report.unaccounted else 0


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    mail = groups.add_parser("mail", help=tr("邮寄送达"))
    actions = mail.add_subparsers(dest="action", required=True)
    rec = actions.add_parser("reconcile", help=tr("邮寄对账；有未着落的邮件时退出码为 1"))
    rec.add_argument("--date", default=None, help="YYYY-MM-DD")
    rec.set_defaults(handler=_reconcile)
