"""``main.py --mode rate --window 03 [--screen N]``: the rating screen facing the applicant."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

from counter_app.i18n import tr
from db.errors import DatabaseProblem

if TYPE_CHECKING:
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QWidget

_WINDOW = re.compile(r"^[0-9A-Za-z]{1,3}$")


def check_window(text: str | None) -> str:
    """The window number this screen faces (as the queue names it, e.g. 03)."""
    value = (text or "").strip()
    if not _WINDOW.match(value):
        raise ValueError(tr("请用 --window 指定本评价器对应的窗口号（1-3 位数字或字母），如 03"))
    return value


def place_full_screen(window: QWidget, screen: QScreen) -> None:
    window.winId()  # the native window exists, so it can be moved to the screen
    handle = window.windowHandle()
    if handle is not None:
        handle.setScreen(screen)
    window.setGeometry(screen.geometry())
    window.showFullScreen()


def run_rating(url: str, window_text: str | None, screen: int | None) -> int:
    from counter_app.container import Services
    from counter_app.sync.worker import SyncWorker
    from ui import heap
    from ui.app import install_crash_hook, make_application
    from ui.display import pick_screen
    from ui.rating.controller import RatingController
    from ui.rating.rating_window import RatingWindow
    from ui.tasks import ThreadRunner

    app = make_application(sys.argv)
    install_crash_hook()
    try:
        window_no = check_window(window_text)
        target = pick_screen(app, screen)
        services = Services.open(url)
    except (ValueError, DatabaseProblem) as exc:
        print(tr("评价器无法启动：{m}", m=getattr(exc, "message", exc)), file=sys.stderr)
        return 2
    services.evaluations.attach_queue(services.queue.watch_database)
    hall = services.hall.settings()
    device = (hall.counter_code or f"R{window_no}")[:16]
    page = RatingWindow(hall.hall_name, window_no)
    app.installEventFilter(page)
    runner = ThreadRunner()
    controller = RatingController(
        services.evaluations, services.queue.watch_database(), window_no, device, page, runner
    )
    worker = SyncWorker(services.sync).start() if services.sync.available else None
    place_full_screen(page, target)
    controller.start()
    controller.check()
    heap.settle()  # the screen's objects live all day: out of the collector's full passes
    code = app.exec()
    controller.stop()
    if worker is not None:
        worker.stop(timeout=3.0)
    runner.wait()
    services.close()
    return code
