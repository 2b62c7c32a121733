"""counter-admin printer ...: real processes against a fake printer on a pseudo-terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.container import Services
from tests.printers.fakes import FakeSerialPrinter
from tests.printing.support import PAPER_OUT, QUERY

CLI = str(Path(sys.executable).parent / "counter-admin")


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [CLI, "--db", db, "printer", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


@pytest.fixture
def sqlite_url(sqlite_url: str) -> str:
    """A database that exists: counter-admin creates one only in db upgrade and hall setup."""
    Services.open(sqlite_url).close()
    return sqlite_url


def test_printer_test_prints_a_page_and_reports_the_status(sqlite_url: str) -> None:
    printer = FakeSerialPrinter()
    try:
        result = run(sqlite_url, "test", f"serial://{printer.path}?baud=9600")
        assert result.returncode == 0, result.stderr
        assert "测试页已发送。打印机报告：打印机正常" in result.stdout
        received = printer.wait_for(1)
        assert received.startswith(QUERY + b"\x1b@") and received.endswith(QUERY)
    finally:
        printer.close()
    jobs = run(sqlite_url, "jobs")
    assert jobs.returncode == 0 and "已完成" in jobs.stdout and "测试页" in jobs.stdout


def test_printer_test_fails_with_exit_1_and_says_what_to_do(sqlite_url: str) -> None:
    printer = FakeSerialPrinter(status=PAPER_OUT)
    try:
        result = run(sqlite_url, "test", f"serial://{printer.path}")
    finally:
        printer.close()
    assert result.returncode == 1
    assert "测试页未打印" in result.stderr and "打印机缺纸，请装入新纸卷" in result.stderr
    jobs = run(sqlite_url, "jobs", "--state", "failed")
    assert "失败" in jobs.stdout and "缺纸" in jobs.stdout and "共 1 个打印任务" in jobs.stdout


def test_a_bad_url_is_bad_input(sqlite_url: str) -> None:
    result = run(sqlite_url, "test", "lpt://1")
    assert result.returncode == 2 and "不认识的打印机地址" in result.stderr


def test_printer_add_and_list(sqlite_url: str) -> None:
    added = run(sqlite_url, "add", "面单打印机", "tcp://10.0.0.9:9100", "--role", "label")
    assert added.returncode == 0, added.stderr
    assert "已添加打印机 面单打印机（面单打印机）" in added.stdout
    listed = run(sqlite_url, "list")
    assert "tcp://10.0.0.9:9100" in listed.stdout and "共 1 台打印机" in listed.stdout
