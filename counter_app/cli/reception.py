"""counter-admin commands of the reception area (filled in by its issue)."""

from __future__ import annotations

import argparse


def register(groups: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this area's command groups to groups."""
