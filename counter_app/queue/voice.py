"""Offline Mandarin announcements: a chime, then "请A001号到3号窗口办理", one at a time.

Speech is espeak-ng with ``-v cmn-latn-pinyin`` fed tone-numbered pinyin (our own reading of
numbers, see domain/queue_speech.py; pypinyin for any other hanzi). It needs no network and
no recordings, and says any window name or number. Recorded syllable clips would sound more
natural and can replace ``SpeechSynth`` behind the same ``synthesize(text) -> Path``.

All announcements go through one ``Announcer`` queue with one worker thread, so two never
overlap; the ``AudioPlayer`` is injected (QtMultimedia in ui/, a recording fake in tests) and
``play`` blocks until the clip has finished.
"""

from __future__ import annotations

import hashlib
import logging
import math
import queue
import shutil
import struct
import subprocess
import threading
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from counter_app.queue.rules.speech import announcement_text, to_pinyin

logger = logging.getLogger(__name__)

RATE = 22050
ESPEAK_VOICE = "cmn-latn-pinyin"


class AudioPlayer(Protocol):
    def play(self, path: Path, volume: float) -> None:
        """Play ``path`` at ``volume`` (0..1) and return when it has finished."""


def wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / float(wav.getframerate())


def _tone(freq: float, seconds: float, amplitude: float) -> list[int]:
    frames = int(RATE * seconds)
    return [
        int(
            amplitude
            * 32767
            * math.exp(-3.0 * i / frames)
            * math.sin(2 * math.pi * freq * i / RATE)
        )
        for i in range(frames)
    ]


def write_chime(path: Path) -> Path:
    """A two-note "ding-dong" (E6 then C6) with a soft decay, 16-bit mono."""
    samples = _tone(1318.5, 0.45, 0.6) + _tone(1046.5, 0.65, 0.6)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return path


def pinyin_reader(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return list(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))


class SpeechSynth:
    """Text to a WAV file with espeak-ng, cached per sentence under ``cache_dir``."""

    def __init__(self, cache_dir: Path, speed: int = 135, espeak: str | None = None) -> None:
        self.cache_dir = cache_dir
        self.speed = speed
        self.espeak = espeak or shutil.which("espeak-ng") or "espeak-ng"

    def synthesize(self, text: str) -> Path:
        pinyin = to_pinyin(text, pinyin_reader)
        name = hashlib.sha1(f"{self.speed}|{pinyin}".encode()).hexdigest()[:16]
        path = self.cache_dir / f"say-{name}.wav"
        if path.exists() and path.stat().st_size > 44:
            return path
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        command = [self.espeak, "-v", ESPEAK_VOICE, "-s", str(self.speed), "-w", str(tmp), pinyin]
        subprocess.run(command, check=True, capture_output=True, timeout=20)
        tmp.replace(path)
        return path


@dataclass(frozen=True)
class Announcement:
    number: str
    window: str

    @property
    def text(self) -> str:
        return announcement_text(self.number, self.window)


class Announcer:
    """One queue of announcements, played strictly one after another by one worker."""

    def __init__(
        self,
        synth: SpeechSynth,
        player: AudioPlayer,
        repeat: int = 2,
        volume: float = 0.8,
    ) -> None:
        self._synth, self._player = synth, player
        self.repeat, self.volume = repeat, volume
        self._chime = write_chime(synth.cache_dir / "chime.wav")
        self._queue: queue.Queue[Announcement | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
        self._thread.start()

    def announce(self, number: str, window: str) -> None:
        self._queue.put(Announcement(number, window))

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until everything queued so far was played (tests, shutdown)."""
        done = threading.Event()

        def waiter() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=waiter, daemon=True).start()
        return done.wait(timeout)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(5)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                self._say(item)
            except Exception:
                logger.exception("announcement failed")
            finally:
                self._queue.task_done()

    def _say(self, item: Announcement) -> None:
        try:
            speech: Path | None = self._synth.synthesize(item.text)
        except (OSError, subprocess.SubprocessError):
            logger.exception("espeak-ng could not say %s; chime only", item.text)
            speech = None
        self._player.play(self._chime, self.volume)
        for _ in range(self.repeat if speech else 0):
            assert speech is not None
            self._player.play(speech, self.volume)
