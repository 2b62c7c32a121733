"""The status-bar label of this PC's printers, refreshed by a timer through the runner."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from counter_app.i18n import tr
from counter_app.printing.service import PrintService
from counter_app.printing.status import status_line
from counter_app.printing.views import PrinterStateView
from ui.tasks import Runner, SyncRunner

POLL_MS = 3000
OK_STYLE = ""
PROBLEM_STYLE = "color:#b00020; font-weight:bold;"


class PrinterStatusLabel(QLabel):
    """E.g. "票据打印机：正常"; red with the full message as tool tip when a printer has trouble."""

    def __init__(
        self, service: PrintService, runner: Runner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(tr("打印机：…"), parent)
        self._service = service
        self._runner: Runner = runner or SyncRunner()
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)  # polls while shown (showEvent / hideEvent)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.timer.isActive():
            self.timer.start()
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        """A window closed or logged out (its widgets may live on until deleted) stops asking
        the database; shown again, it asks at once."""
        super().hideEvent(event)
        self.timer.stop()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        self._runner.run(self._service.printer_states, self._on_states, self._on_failed)

    def _on_states(self, states: list[PrinterStateView]) -> None:
        self._busy = False
        self.setText(status_line(states))
        trouble = [s for s in states if not s.ok or s.failed]
        self.setStyleSheet(PROBLEM_STYLE if trouble else OK_STYLE)
        self.setToolTip("\n".join(f"{s.name}：{s.message}" for s in trouble if s.message))

    def _on_failed(self, exc: Exception) -> None:
        self._busy = False
        self.setText(tr("打印机：状态未知"))
        self.setToolTip(str(exc))
