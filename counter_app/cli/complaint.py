"""counter-admin complaint: 投诉、咨询与意见建议登记簿."""

from __future__ import annotations

import argparse

from counter_app.i18n import tr


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the complaint command group."""
    group = groups.add_parser("complaint", help=tr("投诉、咨询与意见建议登记簿"))
    group.add_subparsers(dest="action", required=True)
