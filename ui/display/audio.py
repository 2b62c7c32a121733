"""Playing the announcement WAVs through QtMultimedia, one clip at a time.

``QtAudioPlayer.play`` is called on the announcer's worker thread: it hands the clip to the
GUI thread and blocks until the clip ended, failed, or its length plus a margin passed (a PC
with no sound device must not stall the queue).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtMultimedia import QSoundEffect

from counter_app.queue.voice import wav_duration

logger = logging.getLogger(__name__)


class QtAudioPlayer(QObject):
    sig_play = Signal(str, float)
    """Internal: carries a clip to the GUI thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effect = QSoundEffect(self)
        self._done = threading.Event()
        self._effect.playingChanged.connect(self._on_playing_changed)
        self._effect.statusChanged.connect(self._on_status_changed)
        self.sig_play.connect(self._start)

    def play(self, path: Path, volume: float) -> None:
        self._done.clear()
        self.sig_play.emit(str(path), volume)
        if not self._done.wait(wav_duration(path) + 1.5):
            logger.info("clip %s did not report its end; going on", path.name)

    @Slot(str, float)
    def _start(self, path: str, volume: float) -> None:
        self._effect.setSource(QUrl.fromLocalFile(path))
        self._effect.setVolume(volume)
        self._effect.play()

    def _on_playing_changed(self) -> None:
        if not self._effect.isPlaying():
            self._done.set()

    def _on_status_changed(self) -> None:
        if self._effect.status() == QSoundEffect.Status.Error:
            logger.warning("cannot play %s (no audio device?)", self._effect.source().toString())
            self._done.set()
