"""Wakes the rating screen when its window finishes a ticket, and saves the rating.

The queue's watcher (LISTEN/NOTIFY on the central, polling on SQLite) says the queue changed;
``pending()`` then says whether this window has a finished, unrated service. A rating is saved
to this PC's own database (its sync takes it to the central, later if the central is away),
so an offline PC still thanks the applicant as usual. Database trouble is a calm line on the
page, never a crash.
"""

from __future__ import annotations

import logging
import uuid

from PySide6.QtCore import QObject, Signal

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.queue.watch import QueueWatcher
from counter_app.supervision.evaluations import EvaluationService, EvaluationView, ServiceToRate
from counter_app.supervision.rules.evaluation import Source
from counter_app.supervision.rules.rating import ALREADY_RATED
from db.engine import Database
from ui.rating.rating_window import RatingWindow
from ui.tasks import Runner

logger = logging.getLogger(__name__)

NOT_SAVED = tr("评价暂未保存，请稍候再按一次提交")
WAITING_FOR_QUEUE = tr("正在连接叫号系统……")


class RatingController(QObject):
    sig_changed = Signal()
    """Emitted (from the watcher thread, delivered on the GUI thread) when the queue changed."""
    sig_health = Signal(bool)
    """Emitted when the queue's database went away (False) or came back (True)."""
    sig_service_shown = Signal(object)
    """Emitted on the GUI thread after the levels page was shown for a ServiceToRate."""
    sig_rated = Signal(object)
    """Emitted on the GUI thread with the EvaluationView after a rating was saved."""

    def __init__(
        self,
        evaluations: EvaluationService,
        queue_database: Database,
        window_no: str,
        device: str,
        window: RatingWindow,
        runner: Runner,
        poll_interval: float = 0.2,
    ) -> None:
        super().__init__(window)
        self._evaluations, self._window_no, self._device = evaluations, window_no, device
        self._window, self._runner = window, runner
        self.current: ServiceToRate | None = None
        self._done: set[uuid.UUID] = set()  # rated or left unrated: not offered again
        self._loading = self._again = self._saving = self._started = False
        self.sig_changed.connect(self.check)
        self.sig_health.connect(self._on_health)
        window.sig_submit.connect(self._on_submit)
        window.sig_timed_out.connect(self._on_timed_out)
        self._watcher = QueueWatcher(
            queue_database, self.sig_changed.emit, self.sig_health.emit, poll_interval
        )

    def start(self) -> None:
        self._watcher.start()
        self._started = True

    def stop(self) -> None:
        if self._started:
            self._watcher.stop()
            self._started = False

    # -- waking -------------------------------------------------------------------------------
    def check(self) -> None:
        if self._loading:  # one read at a time; read once more after it
            self._again = True
            return
        self._loading = True
        window_no = self._window_no
        self._runner.run(
            lambda: self._evaluations.pending(window_no), self._on_pending, self._on_check_failed
        )

    def _on_pending(self, service: ServiceToRate | None) -> None:
        self._loading = False
        self._window.set_status("")
        shown = self.current.ticket_id if self.current is not None else None
        if service is not None and service.ticket_id not in self._done | {shown}:
            self.current = service
            self._window.show_service(service.window_no, service.staff_name)
            self.sig_service_shown.emit(service)
        if self._again:
            self._again = False
            self.check()

    def _on_check_failed(self, exc: Exception) -> None:
        self._loading = self._again = False
        logger.warning("rating screen: pending() failed: %s", exc)
        self._window.set_status(WAITING_FOR_QUEUE)

    def _on_health(self, ok: bool) -> None:
        self._window.set_status("" if ok else WAITING_FOR_QUEUE)

    # -- rating -------------------------------------------------------------------------------
    def _on_submit(self, level: int, reasons: list[str], comment: str, source: str) -> None:
        service = self.current
        if service is None or self._saving:
            return
        self._saving = True
        device = self._device

        def save() -> EvaluationView:
            return self._evaluations.rate(service, level, reasons, comment, Source(source), device)

        self._runner.run(save, self._on_rated, self._on_rate_failed)

    def _on_rated(self, view: EvaluationView) -> None:
        self._saving = False
        self._finish_current()
        self._window.show_thanks(
            tr("感谢您的评价！"), tr("您的评价：{l}。我们将不断改进服务。", l=view.level_label)
        )
        self.sig_rated.emit(view)

    def _on_rate_failed(self, exc: Exception) -> None:
        self._saving = False
        if isinstance(exc, CounterError) and exc.message == ALREADY_RATED:
            self._finish_current()
            self._window.show_thanks(tr("感谢您的参与！"), tr("本次服务已经评价过了"))
        elif isinstance(exc, CounterError) and exc.field in ("level", "reasons", "comment"):
            self._window.show_hint(exc.message)
        else:
            logger.warning("rating not saved: %r", exc)
            self._window.show_hint(NOT_SAVED)

    def _on_timed_out(self) -> None:
        self._finish_current()

    def _finish_current(self) -> None:
        if self.current is not None:
            self._done.add(self.current.ticket_id)
        self.current = None
