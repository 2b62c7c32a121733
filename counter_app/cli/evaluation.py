"""counter-admin evaluation: 好差评记录、差评整改、第三方评价导入."""

from __future__ import annotations

import argparse

from counter_app.i18n import tr


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the evaluation command group."""
    group = groups.add_parser("evaluation", help=tr("好差评记录、差评整改、第三方评价导入"))
    group.add_subparsers(dest="action", required=True)
