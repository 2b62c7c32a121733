"""``main.py --mode kiosk``: the self-service ticket kiosk."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from counter_app.i18n import tr
from db.errors import DatabaseProblem

if TYPE_CHECKING:
    from counter_app.container import Services
    from ui.kiosk.kiosk_window import KioskWindow
    from ui.tasks import Runner


def run_kiosk(url: str) -> int:
    from counter_app.container import Services
    from ui import heap
    from ui.app import install_crash_hook, make_application
    from ui.tasks import ThreadRunner

    app = make_application(sys.argv)
    install_crash_hook()
    try:
        services = Services.open(url)
    except DatabaseProblem as exc:
        print(tr("自助机无法启动：{m}", m=exc.message), file=sys.stderr)
        return 2
    runner = ThreadRunner()
    window = build_kiosk(services, runner)
    app.installEventFilter(window)
    if window.locked_down:
        window.showFullScreen()
    else:  # no exit PIN yet: an ordinary window that closes, saying how to set the PIN
        window.showMaximized()
    heap.settle()  # the kiosk's pages live all day: out of the collector's full passes
    code = app.exec()
    runner.wait()
    services.close()
    return code


def build_kiosk(services: Services, runner: Runner, speak: bool = True) -> KioskWindow:
    """The kiosk with its walk-in pages over ``services`` (the device is the counter code);
    朗读 with the queue's offline voice unless the hall turned the voice off."""
    from counter_app.kiosk.guide import KioskGuide
    from counter_app.kiosk.progress import ProgressLookup
    from counter_app.kiosk.slips import KioskSlips
    from counter_app.kiosk.walk_in import WalkInDesk, cases_here
    from ui.kiosk.kiosk_window import KioskWindow

    hall = services.hall.settings()
    queue = services.queue
    progress = ProgressLookup(
        services.db,
        queue.watch_database,
        hall.counter_code,
        cases_here(services.sync),
        central=services.sync.central_engine,
    )
    slips = KioskSlips(services.printing, services.hall, services.business_date)
    guide = KioskGuide(queue, services.info, slips)
    desk = WalkInDesk(
        progress, services.evaluations, services.complaints, queue, services.catalog, guide
    )
    options = queue.options()
    speaker = None
    if speak and options.voice_volume > 0:
        from counter_app.paths import data_dir
        from ui.kiosk.read_aloud import offline_speaker

        speaker = offline_speaker(data_dir() / "voice", options.voice_volume / 100)
    return KioskWindow(queue, runner, hall.hall_name, options.many_waiting, desk, speaker)
