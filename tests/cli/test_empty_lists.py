"""Every list command of counter-admin says so when its list is empty, instead of printing
nothing (or a bare header): on a hall just set up, with no windows, no queue categories, no
tickets, no jobs, no ratings, complaints, records or trainings."""

from __future__ import annotations

import sqlite3

import pytest

from counter_app.cli import main
from counter_app.container import Services
from counter_app.core.roles import Actor
from tests.conftest import TODAY

DAY = TODAY.isoformat()
# Each list command and what it must say about its empty list.
LISTS: dict[str, tuple[list[str], str]] = {
    "queue windows": (["queue", "windows"], "尚未设置窗口"),
    "queue categories": (["queue", "categories"], "尚未设置取号类别"),
    "queue status": (["queue", "status"], "尚未设置窗口"),
    "queue times": (["queue", "times", "--date", DAY], "没有办结或过号的号"),
    "printer list": (["printer", "list"], "共 0 台打印机"),
    "printer jobs": (["printer", "jobs"], "共 0 个打印任务"),
    "calendar list": (["calendar", "list"], "共 0 条"),
    "evaluation list": (["evaluation", "list", "--from", DAY, "--to", DAY], "共 0 条评价"),
    "followup list": (["followup", "list"], "共 0 条差评"),
    "complaint list": (["complaint", "list"], "共 0 件"),
    "integrity list": (["integrity", "list"], "共 0 条"),
    "training list": (["training", "list"], "共 0 条"),
    "training visits": (["training", "visits", "--from", DAY, "--to", DAY], "办件 0 件"),
    "payments reconcile": (["payments", "reconcile", "--date", DAY], "收费 0 笔"),
}


@pytest.fixture
def empty_hall(sqlite_url: str, services: Services, admin: Actor) -> str:
    """A hall just set up, its default queue categories removed (as an administrator can)."""
    with sqlite3.connect(sqlite_url.split("///", 1)[1]) as conn:
        conn.execute("UPDATE queue_category SET deleted = 1")
    return sqlite_url


@pytest.mark.parametrize("command", LISTS)
def test_an_empty_list_says_so(
    empty_hall: str, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    argv, expected = LISTS[command]
    code = main(["--db", empty_hall, *argv])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.out.strip(), f"{command} printed nothing"
    assert expected in out.out, out.out


def test_the_lists_count_once_there_is_something(
    sqlite_url: str, services: Services, admin: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sqlite_url, "queue", "window-set", "3", "--categories", "A"]) == 0
    capsys.readouterr()
    assert main(["--db", sqlite_url, "queue", "windows"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("3\t") and lines[-1] == "共 1 个窗口"
    assert main(["--db", sqlite_url, "queue", "categories"]) == 0
    out = capsys.readouterr().out
    assert "A\tA\t专利" in out and "共 5 个取号类别" in out and "尚未" not in out
    assert main(["--db", sqlite_url, "queue", "status"]) == 0
    out = capsys.readouterr().out
    assert "尚未设置" not in out and "A 专利: 0" in out
