"""Child process for bench_startup.

python -m benchmarks.startup_probe DB_URL USERNAME
    starts the counter as main.py does; prints "shown" when the main window is on screen,
    "ready" when the database is open and the login page enabled, and "workspace" when
    the tabs for USERNAME are built (the password step is timed separately)
python -m benchmarks.startup_probe --bare
    a bare QMainWindow, the floor
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def say(word: str) -> None:
    print(word, flush=True)


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    QTimer.singleShot(0, lambda: (say("shown"), app.quit()))
    app.exec()


def counter(url: str, username: str) -> None:
    from PySide6.QtCore import QTimer

    from ui.app import make_application, start_counter
    from ui.tasks import ThreadRunner

    app = make_application(sys.argv)
    runner = ThreadRunner()
    window = start_counter(url, runner)
    QTimer.singleShot(0, lambda: say("shown"))

    def on_ready() -> None:
        say("ready")
        assert window.services is not None
        window.sig_workspace_shown.connect(lambda _w: (say("workspace"), app.quit()))
        window.login_page.sig_logged_in.emit(window.services.staff.actor_for(username))

    window.sig_services_attached.connect(on_ready)
    app.exec()
    runner.wait()


if __name__ == "__main__":
    if sys.argv[1] == "--bare":
        bare()
    else:
        counter(sys.argv[1], sys.argv[2])
