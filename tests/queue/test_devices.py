"""Voice files and their order of playback; LED frames on a pseudo-terminal, byte for byte."""

from __future__ import annotations

import os
import pty
import select
import threading
import time
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.queue.led import LedSigns
from counter_app.queue.rules.tickets import BoardView, WindowState, WindowView
from counter_app.queue.voice import Announcer, SpeechSynth, wav_duration, write_chime
from hall_devices.led import LedBus, LedContentError, TextOverSerial, parse_frame


class RecordingPlayer:
    """Plays nothing; records each clip with its start and end, and checks for overlap."""

    def __init__(self) -> None:
        self.played: list[tuple[str, float, float]] = []
        self._busy = threading.Lock()
        self.overlaps = 0

    def play(self, path: Path, volume: float) -> None:
        if not self._busy.acquire(blocking=False):
            self.overlaps += 1
            return
        try:
            start = time.monotonic()
            time.sleep(0.02)
            self.played.append((path.name, start, time.monotonic()))
        finally:
            self._busy.release()


def test_the_chime_is_a_short_wav(tmp_path: Path) -> None:
    path = write_chime(tmp_path / "chime.wav")
    assert 0.8 < wav_duration(path) < 1.5


def test_espeak_says_the_call_in_a_plausible_time(tmp_path: Path) -> None:
    synth = SpeechSynth(tmp_path)
    path = synth.synthesize("请A001号到3号窗口办理")
    assert path.stat().st_size > 20_000
    assert 2.0 < wav_duration(path) < 8.0  # 13 syllables at about 3-5 per second
    assert synth.synthesize("请A001号到3号窗口办理") == path  # cached
    longer = synth.synthesize("请A001号到12号窗口办理")
    assert longer != path and wav_duration(longer) > wav_duration(path)


def test_announcements_never_overlap_and_keep_their_order(tmp_path: Path) -> None:
    player = RecordingPlayer()
    announcer = Announcer(SpeechSynth(tmp_path), player, repeat=2)
    for number, window in [("A001", "1"), ("B002", "2"), ("A003", "1")]:
        announcer.announce(number, window)
    assert announcer.wait_idle(30)
    announcer.close()
    names = [name for name, _, _ in player.played]
    assert player.overlaps == 0 and len(names) == 9
    assert names[0::3] == ["chime.wav"] * 3
    assert names[1] == names[2] and len({names[1], names[4], names[7]}) == 3
    ends_before_next_start = all(
        player.played[i][2] <= player.played[i + 1][1] for i in range(len(player.played) - 1)
    )
    assert ends_before_next_start


@pytest.fixture
def pty_port() -> Iterator[tuple[int, str]]:
    master, slave = pty.openpty()
    tty.setraw(slave)
    yield master, os.ttyname(slave)
    os.close(master)
    os.close(slave)


def _read(master: int, count: int = 0, timeout: float = 2.0) -> bytes:
    """``count`` bytes, or (count 0) one whole frame: up to ETX and its two check digits."""
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if count and len(data) >= count:
            break
        if not count and b"\x03" in data and len(data) >= data.index(b"\x03") + 3:
            break
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            data += os.read(master, 1024)
    return data


def test_led_frames_arrive_byte_for_byte(pty_port: tuple[int, str]) -> None:
    master, path = pty_port
    bus = LedBus(path)
    bus.show(3, "A001")
    assert _read(master, 11) == bytes.fromhex("02 30 33 54 41 30 30 31 03 32 34")
    bus.show(0x1F, "请A001号")
    frame = _read(master)
    assert parse_frame(frame) == (0x1F, "T", "请A001号".encode("gb2312"))
    bus.clear(3)
    assert parse_frame(_read(master)) == (3, "C", b"")
    bus.close()


def test_led_text_is_checked() -> None:
    gb2312, gb18030 = TextOverSerial("gb2312"), TextOverSerial("gb18030")
    with pytest.raises(LedContentError):
        gb2312.text_frame(1, "㐀")  # CJK extension A: not in GB2312
    assert parse_frame(gb18030.text_frame(1, "㐀"))[2] == "㐀".encode("gb18030")
    with pytest.raises(LedContentError):
        gb2312.text_frame(1, "A\x03")
    with pytest.raises(LedContentError):
        gb2312.text_frame(1, "号" * 40)
    with pytest.raises(ValueError):
        parse_frame(gb2312.text_frame(1, "A001")[:-1] + b"0")


def test_window_signs_follow_the_board_and_send_only_changes(pty_port: tuple[int, str]) -> None:
    master, path = pty_port
    bus = LedBus(path)
    signs = LedSigns(bus)
    window = WindowView("3", "", ("A",), WindowState.OPEN, led_address=3)
    board = BoardView("", "", (), (), (window,), (("3", "A001"),))
    assert signs.update(board) == [3]
    assert parse_frame(_read(master))[2].decode("gb2312") == "请A001号"
    assert signs.update(board) == []
    paused = BoardView(
        "", "", (), (), (WindowView("3", "", ("A",), WindowState.PAUSED, led_address=3),), ()
    )
    assert signs.update(paused) == [3]
    assert parse_frame(_read(master))[2].decode("gb2312") == "暂停服务"
    bus.close()
