"""朗读: the current page read aloud on request with the queue's offline voice (espeak-ng via
``SpeechSynth``). What is read: the page's visible words, then its choices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from counter_app.i18n import tr

_STOPS = ("。", "？", "！", "；", "：", "，")
Speaker = Callable[[str], None]  # blocks while it speaks: run it off the GUI thread


def page_words(page: QWidget) -> str:
    """The visible labels of ``page`` in order, then its buttons as the choices offered."""
    labels = [
        w.text().replace("\n", "，")
        for w in page.findChildren(QLabel)
        if w.isVisibleTo(page) and w.text().strip() and w.objectName() != "kioskField"
    ]
    buttons = [
        w.text().replace("\n", "")
        for w in page.findChildren(QPushButton)
        if w.isVisibleTo(page) and len(w.text()) > 1 and w.isEnabled()
    ]
    if buttons:
        labels.append(tr("可以选择：{b}", b="、".join(buttons)))
    return "".join(t if t.endswith(_STOPS) else t + "。" for t in labels).rstrip("。")


def offline_speaker(cache: Path, volume: float) -> Speaker:
    """The queue's voice: espeak-ng sentences cached under ``cache``, played by QtMultimedia."""
    from counter_app.queue.voice import SpeechSynth
    from ui.display.audio import QtAudioPlayer

    synth, player = SpeechSynth(cache), QtAudioPlayer()
    return lambda text: player.play(synth.synthesize(text), volume)
