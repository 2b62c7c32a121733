"""Composition root: logging, run mode, database, then the Qt application."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import sys

from counter_app.i18n import tr
from counter_app.paths import default_db_url, log_dir


def setup_logging() -> None:
    handler = logging.handlers.RotatingFileHandler(
        log_dir() / "counter.log", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=tr("知识产权“一件事”窗口系统"))
    parser.add_argument("--mode", choices=["counter", "kiosk", "display"], default="counter")
    parser.add_argument("--db", default=None, help=tr("数据库地址（默认：本机内置数据库）"))
    parser.add_argument("--screen", type=int, default=None, help=tr("显示屏序号（大厅显示模式）"))
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    setup_logging()
    url = args.db or default_db_url()
    if args.mode == "kiosk":
        from ui.kiosk import run_kiosk

        return run_kiosk(url)
    if args.mode == "display":
        from ui.display import run_display

        return run_display(url, args.screen)
    from ui.app import run_counter

    return run_counter(url)


if __name__ == "__main__":
    sys.exit(main())
