"""counter-admin training: 工作人员培训、考核与奖惩."""

from __future__ import annotations

import argparse

from counter_app.i18n import tr


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the training command group."""
    group = groups.add_parser("training", help=tr("工作人员培训、考核与奖惩"))
    group.add_subparsers(dest="action", required=True)
