"""Render the kiosk, the Queue tab and the board (on the second of two screens) to PNG.

Run in its own process with a two-screen offscreen layout:
``QT_QPA_PLATFORM="offscreen:configfile=screens.json" python -m tests.queue.shots URL OUTDIR``.
Prints one JSON line with what a test checks (screens, board geometry, number height).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.hall.settings import HallSettings
from counter_app.queue.rules.tickets import Priority, WindowView
from ui.app import make_application
from ui.display import pick_screen, place_full_screen
from ui.display.board_window import BoardWindow
from ui.kiosk.kiosk_window import KioskWindow
from ui.queue.queue_panel import QueuePanel
from ui.tasks import SyncRunner

CLERK = Actor("li", "李受理", frozenset({Role.RECEPTION}), window_no="3")


def _prepare(services: Services) -> None:
    hall = HallSettings(hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W03")
    if not services.hall.is_set_up():
        services.hall.first_run(hall, "admin", "王管理", "admin2026ok")
    q = services.queue
    for number, cats in (("1", ("A", "B")), ("2", ("B", "A")), ("3", ("C", "D", "E"))):
        q.save_window(SYSTEM_ACTOR, WindowView(number, "", cats, led_address=int(number)))
        q.open_window(CLERK, number)
    for code in "AABBCCDEAAB":
        q.issue(code)
    q.issue("A", Priority.ELDERLY)
    for window in ("1", "2", "3", "1", "2"):
        q.call_next(CLERK, window)
    current = q.window_status("3").current
    if current is not None:
        q.recall(CLERK, "3", current.id)


def _grab(widget: object, path: Path, app: QApplication) -> None:
    app.processEvents()
    widget.grab().save(str(path))  # type: ignore[attr-defined]


def main(url: str, out: Path) -> dict[str, object]:
    out.mkdir(parents=True, exist_ok=True)
    app = make_application(sys.argv)
    services = Services.open(url)
    _prepare(services)
    runner = SyncRunner()
    kiosk = KioskWindow(services.queue, runner, services.hall.settings().hall_name, 20)
    kiosk.resize(1920, 1080)
    kiosk.show()
    _grab(kiosk, out / "kiosk.png", app)
    kiosk._on_category(services.queue.kiosk_categories()[0])
    _grab(kiosk, out / "kiosk_priority.png", app)
    kiosk._last_tap = 0.0
    kiosk._on_priority(Priority.NORMAL)
    _grab(kiosk, out / "kiosk_ticket.png", app)
    kiosk.unlocked = True
    kiosk.close()
    panel = QueuePanel(services, CLERK, runner)
    panel.resize(1366, 700)
    panel.show()
    panel.reload()
    _grab(panel, out / "queue_tab.png", app)
    board = BoardWindow()
    screen = pick_screen(app, 1)
    place_full_screen(board, screen)
    board.show_board(services.queue.board())
    _grab(board, out / "board.png", app)
    facts = {
        "screens": [s.name() for s in app.screens()],
        "board_screen": board.screen().name(),
        "board_geometry": [board.x(), board.y(), board.width(), board.height()],
        "number_px": board.number.font().pixelSize(),
        "number_text": board.number.text(),
        "window_text": board.call_line.text(),
        "current_text": panel.current.text(),
    }
    services.close()
    return facts


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2])), ensure_ascii=False))
