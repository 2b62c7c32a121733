"""Rating screen: the window finishes a ticket (F5) -> the rating page is shown (the watcher
woke it, ``pending()`` answered, the page switched), p50 on SQLite and with the queue on a
central PostgreSQL (the rating PC on its own SQLite, as in a hall). Floor, measured the same
way in the same run (Qt offscreen, the same watcher): the board's call -> board updated."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import report
from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.queue.rules.tickets import BoardView, WindowView
from db.engine import Database
from tests.support.pgserver import PgServer

SAMPLES = 40
POLL = 0.05  # the watcher's SQLite polling, as bench_queue's board latency uses
CLERK = Actor("bench", "bench", frozenset({Role.RECEPTION}))
WINDOW = "1"


def _wait(signal: object, accept: Callable[[object], bool], timeout_ms: int = 5000) -> bool:
    """Run the Qt event loop until ``signal`` carries a value ``accept`` likes."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop, seen = QEventLoop(), [False]

    def on(value: object) -> None:
        if accept(value):
            seen[0] = True
            loop.quit()

    signal.connect(on)  # type: ignore[attr-defined]
    QTimer.singleShot(timeout_ms, loop.quit)
    if not seen[0]:
        loop.exec()
    signal.disconnect(on)  # type: ignore[attr-defined]
    return seen[0]


def _window_pc(url: str) -> Services:
    services = Services.open(url)
    services.queue.save_window(SYSTEM_ACTOR, WindowView(WINDOW, "", ("A", "B")))
    services.queue.open_window(CLERK, WINDOW)
    return services


def _finish_to_page(window_pc: Services, rating_pc: Services, queue_db: Database) -> float:
    from ui.rating.controller import RatingController
    from ui.rating.rating_window import RatingWindow
    from ui.tasks import SyncRunner

    rating_pc.evaluations.attach_queue(lambda: queue_db)
    page = RatingWindow("bench", WINDOW)
    page.resize(1024, 600)
    controller = RatingController(
        rating_pc.evaluations, queue_db, WINDOW, "B1", page, SyncRunner(), POLL
    )
    controller.start()
    time.sleep(0.3)
    queue, samples = window_pc.queue, []
    for _ in range(SAMPLES):
        called = queue.call_number(CLERK, WINDOW, queue.issue("A").ticket.number)
        done = queue.finish(CLERK, WINDOW, called.id)

        def woke(service: object, want: object = done.id) -> bool:
            return getattr(service, "ticket_id", None) == want

        started = time.perf_counter()
        shown = _wait(controller.sig_service_shown, woke)
        assert shown, "the rating page did not wake"
        samples.append(time.perf_counter() - started)
    controller.stop()
    page.deleteLater()
    return statistics.median(samples)


def _call_to_board(window_pc: Services) -> float:
    from ui.display.board_window import BoardWindow
    from ui.display.controller import BoardController
    from ui.tasks import SyncRunner

    board = BoardWindow()
    board.resize(1920, 1080)
    controller = BoardController(
        window_pc.queue.watch_database(), window_pc.queue, board, SyncRunner()
    )
    controller._watcher._poll = POLL  # the same polling as the rating screen's watcher
    controller.start()
    time.sleep(0.3)
    queue, samples = window_pc.queue, []
    for _ in range(SAMPLES):
        number = queue.issue("A").ticket.number
        queue.call_number(CLERK, WINDOW, number)
        started = time.perf_counter()

        def called(view: object, number: str = number) -> bool:
            return (
                isinstance(view, BoardView) and bool(view.calls) and view.calls[0].number == number
            )

        assert _wait(controller.sig_board_shown, called), "the board did not update"
        samples.append(time.perf_counter() - started)
    controller.stop()
    board.deleteLater()
    return statistics.median(samples)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui.fonts import install_app_font

    app = QApplication.instance() or QApplication(["bench"])
    assert isinstance(app, QApplication)
    install_app_font(app)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+pysqlite:///{Path(folder) / 'hall.db'}"
        services = _window_pc(url)
        floor = _call_to_board(services)
        ours = _finish_to_page(services, services, services.db)
        report(
            "rating sqlite finish -> rating page shown p50",
            ours,
            floor,
            note="floor: call -> board updated, same watcher",
        )
        services.close()
        server = PgServer().start()
        try:
            central_url = server.create_database("bench_rating")
            window_pc = _window_pc(central_url)
            rating_pc = Services.open(f"sqlite+pysqlite:///{Path(folder) / 'rating.db'}")
            floor = _call_to_board(window_pc)
            ours = _finish_to_page(window_pc, rating_pc, window_pc.db)
            report(
                "rating central finish -> rating page shown p50",
                ours,
                floor,
                note="queue on PostgreSQL (LISTEN/NOTIFY), rating PC on SQLite",
            )
            rating_pc.close()
            window_pc.close()
        finally:
            server.destroy()


if __name__ == "__main__":
    main()
