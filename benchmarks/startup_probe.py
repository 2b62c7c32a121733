"""Child process for bench_startup: start the counter app to its first shown main window.

    python -m benchmarks.startup_probe DB_URL USERNAME   -> prints "shown" once it is on screen
    python -m benchmarks.startup_probe --bare            -> a bare QMainWindow, the floor
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
    app.exec()


def counter(url: str, username: str) -> None:
    from PySide6.QtCore import QTimer

    from counter_app.services.container import Services
    from ui.app import make_application
    from ui.main_window import CounterMainWindow

    app = make_application(sys.argv)
    services = Services.open(url)
    actor = services.staff.actor_for(username)  # the password step is timed separately
    window = CounterMainWindow(services, actor, services.hall.settings())
    window.show()
    QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
    app.exec()
    services.close()


if __name__ == "__main__":
    if sys.argv[1] == "--bare":
        bare()
    else:
        counter(sys.argv[1], sys.argv[2])
