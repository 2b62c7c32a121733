"""counter-admin queue ...: configuration, status, times and the LED test line."""

from __future__ import annotations

import io
import os
import pty
import tty

import pytest

from counter_app.cli import main
from hall_devices.led import parse_frame


def _run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str]:
    code = main(["--db", url, *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_configure_and_read_the_queue(
    queue_sqlite_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = queue_sqlite_url
    code, out = _run(capsys, url, "queue", "categories")
    assert code == 0 and "A\tA\t专利" in out and "E\tE\t咨询" in out
    assert _run(capsys, url, "queue", "category-set", "E", "--limit", "50")[0] == 0
    assert "\t50\t" in _run(capsys, url, "queue", "categories")[1]
    code, out = _run(capsys, url, "queue", "window-set", "3", "--categories", "b,a", "--led", "3")
    assert code == 0 and "商标" not in out and "B、A" in out
    code, out = _run(capsys, url, "queue", "window-set", "4", "--categories", "Z")
    assert code == 2 and "没有这些类别" in out
    code, out = _run(capsys, url, "queue", "status")
    assert code == 0 and "未开窗" in out and "A 专利: 0" in out
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    assert _run(capsys, url, "queue", "kiosk-pin")[0] == 2  # too short
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n"))
    assert _run(capsys, url, "queue", "kiosk-pin")[0] == 0
    assert _run(capsys, url, "queue", "times")[0] == 0


def test_led_test_sends_one_frame(
    capsys: pytest.CaptureFixture[str], queue_sqlite_url: str
) -> None:
    master, slave = pty.openpty()
    tty.setraw(slave)
    try:
        code, _ = _run(
            capsys,
            queue_sqlite_url,
            "queue",
            "led-test",
            os.ttyname(slave),
            "--address",
            "7",
            "--text",
            "请B002号",
        )
        assert code == 0
        assert parse_frame(os.read(master, 64)) == (7, "T", "请B002号".encode("gb2312"))
    finally:
        os.close(master)
        os.close(slave)
