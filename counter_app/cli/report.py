"""counter-admin report: 报表（改进报告等）."""

from __future__ import annotations

import argparse

from counter_app.i18n import tr


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the report command group."""
    group = groups.add_parser("report", help=tr("报表（改进报告等）"))
    group.add_subparsers(dest="action", required=True)
