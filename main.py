"""Composition root: logging, run mode, database, then the Qt application."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from pathlib import Path

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
    parser.add_argument(
        "--mode", choices=["counter", "kiosk", "display", "rate"], default="counter"
    )
    parser.add_argument("--db", default=None, help=tr("数据库地址（默认：本机内置数据库）"))
    parser.add_argument(
        "--screen", type=int, default=None, help=tr("显示屏序号（大厅显示、评价器模式）")
    )
    parser.add_argument(
        "--window", default=None, help=tr("评价器对应的窗口号（评价器模式），如 03")
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=tr("自检：在临时文件夹中新建数据库、生成文书和小票、启动界面组件，然后退出"),
    )
    return parser.parse_args(argv)


NATIVE_PLATFORM = {"linux": "xcb", "win32": "windows", "darwin": "cocoa"}


def check_qt(folder: Path) -> str:
    """Qt starts (offscreen unless QT_QPA_PLATFORM says otherwise), the shipped font loads,
    the native platform plugin is there and every run mode's window module imports."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QLibraryInfo, qVersion
    from PySide6.QtWidgets import QApplication, QLabel

    from ui.fonts import install_app_font

    app = QApplication.instance() or QApplication(["ip-counter", "--self-test"])
    assert isinstance(app, QApplication)
    family = install_app_font(app)
    if "WenQuanYi" not in family:
        raise RuntimeError(tr("界面没有加载中文字体（当前字体 {f}）", f=family))
    plugins_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    plugins = sorted(
        {
            p.name.split(".")[0].removeprefix("lib").removeprefix("q")
            for p in plugins_dir.glob("*")
            if p.is_file()
        }
    )
    native = NATIVE_PLATFORM.get(sys.platform)
    if native and native not in plugins:
        raise RuntimeError(tr("缺少本机的 Qt 平台插件 {n}（{d}）", n=native, d=plugins_dir))
    import importlib

    import ui.app
    import ui.display
    import ui.kiosk
    import ui.rating
    import ui.rating.controller  # noqa: F401  (the four run modes)
    from ui.supervisor.sections import SECTIONS

    for section in SECTIONS:  # loaded by name when first shown
        getattr(importlib.import_module(section.module), section.widget)
    label = QLabel(tr("受理通知书 ￥12.00"))
    image = label.grab().toImage()
    if image.isNull():
        raise RuntimeError(tr("界面组件无法绘制"))
    return tr(
        "Qt {v}，平台 {p}，字体 {f}，平台插件 {l}，四种运行模式的界面模块可以加载",
        v=qVersion(),
        p=app.platformName(),
        f=family,
        l="、".join(plugins),
    )


def self_test() -> int:
    """``--self-test``: the plain steps of counter_app.selftest, then Qt; exit 0 when all pass."""
    from counter_app.selftest import Step, run_self_test

    steps = [Step(tr("界面（Qt）"), check_qt)]
    if sys.stdout is None:  # the window program on Windows has no console: report to a file
        report = log_dir() / "selftest.txt"
        with report.open("w", encoding="utf-8") as file:
            return run_self_test(
                steps,
                out=lambda line: print(line, file=file, flush=True),
                err=lambda text: print(text, file=file),
            )
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return run_self_test(steps)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        return self_test()
    setup_logging()
    url = args.db or default_db_url()
    if args.mode == "kiosk":
        from ui.kiosk import run_kiosk

        return run_kiosk(url)
    if args.mode == "display":
        from ui.display import run_display

        return run_display(url, args.screen)
    if args.mode == "rate":
        from ui.rating import run_rating

        return run_rating(url, args.window, args.screen)
    from ui.app import run_counter

    return run_counter(url)


if __name__ == "__main__":
    sys.exit(main())
