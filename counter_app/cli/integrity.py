"""counter-admin integrity: 诚信档案."""

from __future__ import annotations

import argparse

from counter_app.i18n import tr


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the integrity command group."""
    group = groups.add_parser("integrity", help=tr("诚信档案"))
    group.add_subparsers(dest="action", required=True)
