"""``main.py --mode display [--screen N]``: the hall board, with voice and LED displays."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

from counter_app.i18n import tr
from db.errors import DatabaseProblem

if TYPE_CHECKING:
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QApplication

    from counter_app.container import Services
    from counter_app.queue.led import LedSigns
    from counter_app.queue.voice import Announcer
    from ui.display.board_window import BoardWindow

logger = logging.getLogger(__name__)


def pick_screen(app: QApplication, index: int | None) -> QScreen:
    """Screen ``index`` (0-based); without one, the last screen (the TV beside a counter)."""
    screens = app.screens()
    if index is None:
        return screens[-1]
    if not 0 <= index < len(screens):
        names = ", ".join(f"{i}: {s.name()}" for i, s in enumerate(screens))
        raise ValueError(tr("没有第 {n} 块屏幕；本机屏幕：{s}", n=index, s=names))
    return screens[index]


def place_full_screen(window: BoardWindow, screen: QScreen) -> None:
    window.winId()  # create the native window so it can be moved to the screen
    handle = window.windowHandle()
    if handle is not None:
        handle.setScreen(screen)
    window.setGeometry(screen.geometry())
    window.showFullScreen()


def _announcer(services: Services) -> Announcer | None:
    from counter_app.paths import data_dir
    from counter_app.queue.voice import Announcer, SpeechSynth
    from ui.display.audio import QtAudioPlayer

    options = services.queue.options()
    if options.voice_volume <= 0:
        return None
    synth = SpeechSynth(data_dir() / "voice")
    return Announcer(synth, QtAudioPlayer(), options.voice_repeat, options.voice_volume / 100)


def _signs(services: Services) -> LedSigns | None:
    port = services.queue.options().led_port
    if not port:
        return None
    from counter_app.queue.led import LedSigns
    from hall_devices.led import LedBus

    try:
        return LedSigns(LedBus(port))
    except OSError:
        logger.exception("LED displays on %s not available", port)
        return None


def run_display(url: str, screen: int | None) -> int:
    from counter_app.container import Services
    from ui import heap
    from ui.app import install_crash_hook, make_application
    from ui.display.board_window import BoardWindow
    from ui.display.controller import BoardController
    from ui.tasks import ThreadRunner

    app = make_application(sys.argv)
    install_crash_hook()
    try:
        target = pick_screen(app, screen)
        services = Services.open(url)
    except (ValueError, DatabaseProblem) as exc:
        print(tr("大厅显示无法启动：{m}", m=getattr(exc, "message", exc)), file=sys.stderr)
        return 2
    window = BoardWindow()
    runner = ThreadRunner()
    controller = BoardController(
        services.queue.watch_database(),
        services.queue,
        window,
        runner,
        _announcer(services),
        _signs(services),
    )
    place_full_screen(window, target)
    controller.start()
    controller.refresh()
    heap.settle()  # the board's objects live all day: out of the collector's full passes
    code = app.exec()
    controller.stop()
    runner.wait()
    services.close()
    return code
