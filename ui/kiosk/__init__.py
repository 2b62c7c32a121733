"""``main.py --mode kiosk``: the self-service ticket kiosk."""

from __future__ import annotations

import sys

from counter_app.i18n import tr
from db.errors import DatabaseProblem


def run_kiosk(url: str) -> int:
    from counter_app.container import Services
    from ui.app import install_crash_hook, make_application
    from ui.kiosk.kiosk_window import KioskWindow
    from ui.tasks import ThreadRunner

    app = make_application(sys.argv)
    install_crash_hook()
    try:
        services = Services.open(url)
    except DatabaseProblem as exc:
        print(tr("自助机无法启动：{m}", m=exc.message), file=sys.stderr)
        return 2
    runner = ThreadRunner()
    hall = services.hall.settings()
    window = KioskWindow(
        services.queue, runner, hall.hall_name, services.queue.options().many_waiting
    )
    app.installEventFilter(window)
    window.showFullScreen()
    code = app.exec()
    runner.wait()
    services.close()
    return code
