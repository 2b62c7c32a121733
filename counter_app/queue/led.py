"""What each window's LED display shows, sent only when it changes."""

from __future__ import annotations

import logging

from counter_app.i18n import tr
from counter_app.queue.rules.tickets import BoardView, WindowState, WindowView
from hall_devices.led import LedBus, LedContentError

logger = logging.getLogger(__name__)


def sign_text(window: WindowView, serving: str) -> str:
    """The text of one window's display: the number at the window, or why it is not serving."""
    if window.state is WindowState.PAUSED:
        return tr("暂停服务")
    if window.state is WindowState.CLOSED:
        return ""
    return tr("请{n}号", n=serving) if serving else tr("{w}号窗口", w=window.number)


class LedSigns:
    def __init__(self, bus: LedBus) -> None:
        self._bus = bus
        self._shown: dict[int, str] = {}

    def update(self, board: BoardView) -> list[int]:
        """Send the displays whose text changed; returns their addresses."""
        serving = dict(board.serving)
        changed = []
        for window in board.windows:
            if window.led_address is None:
                continue
            text = sign_text(window, serving.get(window.number, ""))
            if self._shown.get(window.led_address) == text:
                continue
            try:
                if text:
                    self._bus.show(window.led_address, text)
                else:
                    self._bus.clear(window.led_address)
            except (LedContentError, OSError):
                logger.exception("LED display %s not updated", window.led_address)
                continue
            self._shown[window.led_address] = text
            changed.append(window.led_address)
        return changed
