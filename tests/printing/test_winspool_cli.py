"""counter-admin printer add/list/test take winspool:// URLs through the one URL parser; on
this machine (no Windows) the test page fails with a clear Chinese message."""

from __future__ import annotations

import sys

import pytest

from counter_app.container import Services
from tests.printing.test_cli_printer import run


@pytest.fixture
def sqlite_url(sqlite_url: str) -> str:
    """A database that exists: counter-admin creates one only in db upgrade and hall setup."""
    Services.open(sqlite_url).close()
    return sqlite_url


def test_add_and_list_a_windows_printer(sqlite_url: str) -> None:
    added = run(sqlite_url, "add", "票据打印机", "winspool://XP-58 (副本 1)")
    assert added.returncode == 0, added.stderr
    assert "winspool://XP-58 (副本 1)" in added.stdout
    listed = run(sqlite_url, "list")
    assert "winspool://XP-58 (副本 1)" in listed.stdout and "共 1 台打印机" in listed.stdout


def test_a_bad_winspool_url_is_bad_input(sqlite_url: str) -> None:
    result = run(sqlite_url, "add", "票据打印机", "winspool://?timeout=3")
    assert result.returncode == 2 and "缺少 Windows 打印机名称" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="pywin32 is there on Windows")
def test_printer_test_without_windows_says_why(sqlite_url: str) -> None:
    result = run(sqlite_url, "test", "winspool://XP-58%20(副本%201)")
    assert result.returncode == 1
    assert (
        "本机不是 Windows 或未安装 pywin32，无法使用 Windows 打印机 XP-58 (副本 1)" in result.stderr
    )
