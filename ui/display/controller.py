"""Keeps the board, the voice and the LED displays in step with the queue."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.queue.led import LedSigns
from counter_app.queue.rules.speech import CallTracker
from counter_app.queue.rules.tickets import BoardView
from counter_app.queue.service import QueueService
from counter_app.queue.voice import Announcer
from counter_app.queue.watch import QueueWatcher
from db.engine import Database
from db.ids import utc_now
from ui.display.board_window import BoardWindow
from ui.tasks import Runner

logger = logging.getLogger(__name__)


class BoardController(QObject):
    sig_changed = Signal()
    """Emitted (from the watcher thread, delivered on the GUI thread) when the queue changed."""
    sig_health = Signal(bool)
    """Emitted when the database connection was lost (False) or is back (True)."""
    sig_board_shown = Signal(object)
    """Emitted on the GUI thread after a new BoardView was drawn."""

    def __init__(
        self,
        database: Database,
        queue: QueueService,
        window: BoardWindow,
        runner: Runner,
        announcer: Announcer | None = None,
        signs: LedSigns | None = None,
    ) -> None:
        super().__init__(window)
        self._queue, self._window, self._runner = queue, window, runner
        self._announcer, self._signs = announcer, signs
        self._tracker = CallTracker()
        self._stale_since: datetime | None = None
        self._loading = self._again = False
        self.sig_changed.connect(self.refresh)
        self.sig_health.connect(self._on_health)
        self._watcher = QueueWatcher(database, self.sig_changed.emit, self.sig_health.emit)
        self._retry = QTimer(self)
        self._retry.setInterval(2000)
        self._retry.timeout.connect(self.refresh)

    def start(self) -> None:
        self._watcher.start()
        self._retry.start()

    def stop(self) -> None:
        self._watcher.stop()
        self._retry.stop()

    def refresh(self) -> None:
        if self._loading:  # one read at a time; remember to read once more
            self._again = True
            return
        self._loading = True
        self._runner.run(self._queue.board, self._on_board, self._on_failed)

    def _on_board(self, board: BoardView) -> None:
        self._loading = False
        self._on_health(True)
        self._window.show_board(board)
        for call in self._tracker.new_calls(board.calls, utc_now()):
            if self._announcer is not None:
                self._announcer.announce(call.number, call.window)
        if self._signs is not None:
            self._signs.update(board)
        self.sig_board_shown.emit(board)
        if self._again:
            self._again = False
            self.refresh()

    def _on_failed(self, exc: Exception) -> None:
        self._loading = False
        logger.warning("board not refreshed: %s", exc)
        self._on_health(False)

    def _on_health(self, ok: bool) -> None:
        if ok:
            self._stale_since = None
        elif self._stale_since is None:
            self._stale_since = datetime.now()
        self._window.set_stale(self._stale_since)
