"""The status-bar label of the hall sync: "中心在线 · 待上传 0 · 上次同步 10:42:05", coloured.

The sync worker publishes its state in memory; the label reads it every second (no I/O on the
GUI thread). While the central is out of reach the worker only counts the waiting changes when
it retries, so the label asks for a fresh count through the runner now and then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from counter_app.i18n import tr
from ui.tasks import Runner, SyncRunner

if TYPE_CHECKING:
    from counter_app.sync.service import SyncService, SyncStatus

POLL_MS = 1000
COUNT_EVERY = 5
"""Ticks between two counts of the waiting changes while offline (the worker counts online)."""

GREEN = "#1b5e20"
AMBER = "#a15c00"
RED = "#b00020"
GREY = "#757575"
STATE_COLOURS = {
    "online": GREEN,
    "syncing": AMBER,
    "offline": AMBER,
    "refused": RED,
    "off": GREY,
}


def colour_of(state: str) -> str:
    return STATE_COLOURS.get(state, AMBER)


def style_of(state: str, extra: str = "") -> str:
    weight = "" if state in ("online", "off") else " font-weight:bold;"
    return f"color:{colour_of(state)};{weight}{extra}"


def tooltip_of(status: SyncStatus) -> str:
    lines = [status.message] if status.message else []
    if status.state == "off":
        lines.append(tr("本机未连接中心数据库，所有数据只保存在本机。"))
    elif status.state in ("offline", "refused"):
        lines.append(tr("本机照常办理；更改先保存在本机，恢复连接后自动上传。"))
    if status.parked:
        lines.append(
            tr("本窗口有 {n} 条更改与中心冲突，请主管在“主管 > 同步冲突”中处理。", n=status.parked)
        )
    return "\n".join(lines) or status.label()


class SyncStatusLabel(QLabel):
    """The sync state, green online, amber offline or syncing, red refused, grey standalone."""

    def __init__(
        self,
        service: SyncService,
        runner: Runner | None = None,
        parent: QWidget | None = None,
        extra_style: str = "",
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._runner: Runner = runner or SyncRunner()
        self._extra = extra_style
        self._busy = False
        self._ticks = 0
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)  # polls while shown (showEvent / hideEvent)
        self.show_status(service.status())

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
        status = self._service.status()
        self.show_status(status)
        self._ticks += 1
        if status.state in ("offline", "refused") and self._ticks % COUNT_EVERY == 0:
            self.count_pending()

    def count_pending(self) -> None:
        """Recount the changes waiting to go up (a local count, through the runner)."""
        if self._busy:
            return
        self._busy = True
        self._runner.run(self._service.refresh_pending, self._on_counted, self._on_failed)

    def _on_counted(self, status: SyncStatus) -> None:
        self._busy = False
        self.show_status(status)

    def _on_failed(self, _exc: Exception) -> None:
        self._busy = False

    def show_status(self, status: SyncStatus) -> None:
        self.setText(status.label())
        self.setStyleSheet(style_of(status.state, self._extra))
        self.setToolTip(tooltip_of(status))
