"""counter-admin calendar import notice.txt [--yes] and calendar complete with its confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hall.cli_support import ADMIN_PW, SETUP, Cli
from tests.hall.test_holiday_notice import NOTICE_2026, NOTICE_2027


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    tool = Cli(tmp_path / "counter.db", monkeypatch, capsys)
    assert tool(*SETUP, stdin=ADMIN_PW + "\n").code == 0
    return tool


def _file(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_the_2026_notice_agrees_with_the_library_and_saves_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    before = cli.snapshot()
    done = cli("calendar", "import", _file(tmp_path, "n.txt", NOTICE_2026.encode("utf-8-sig")))
    assert done.code == 0, done.err
    assert "春节：放假 02-15 至 02-23（9 天）；上班 02-14（六）、02-28（六）" in done.out
    assert "与节假日库的 2026 年安排一致，无需保存" in done.out
    assert cli.snapshot() == before


def test_a_disagreeing_notice_is_shown_and_wins_only_with_yes(cli: Cli, tmp_path: Path) -> None:
    longer = NOTICE_2026.replace("至7日（周三）", "至8日（周四）").replace("共7天", "共8天")
    path = _file(tmp_path, "gbk.txt", longer.encode("gbk"))
    before = cli.snapshot()
    asked = cli("calendar", "import", path, stdin="y\n")
    assert asked.code == 1 and "2026-10-08（四）\t放假 / 上班" in asked.out
    assert "请加 --yes" in asked.out and cli.snapshot() == before
    done = cli("calendar", "import", path, "--yes")
    assert done.code == 0 and "已保存 2026 年的 1 天安排" in done.out
    assert cli.rows("SELECT day, is_workday, note FROM holiday_override") == [
        ("2026-10-08", 0, "国庆节")
    ]
    assert cli.rows("SELECT count(*) FROM audit_log WHERE action = 'holiday_import'") == [(1,)]


def test_a_notice_for_an_unknown_year_is_confirmed_on_its_calendar(
    cli: Cli, tmp_path: Path
) -> None:
    path = _file(tmp_path, "2027.txt", NOTICE_2027.encode("utf-8"))
    before = cli.snapshot()
    declined = cli("calendar", "import", path, stdin="n\n")
    assert declined.code == 1 and "未保存" in declined.out and cli.snapshot() == before
    assert "2027 年（休 = 放假，班 = 调休上班）" in declined.out
    assert "20班" in declined.out and " 5休" in declined.out  # 20 Feb at work, 5 Feb off
    done = cli("calendar", "import", path, stdin="y\n")
    assert done.code == 0 and "已保存 2027 年的 34 天安排" in done.out
    assert "2027 年已标记为完整录入" in done.out
    assert cli.rows("SELECT year, complete FROM holiday_year") == [(2027, 1)]


def test_complete_shows_the_year_and_asks(cli: Cli) -> None:
    refused = cli("calendar", "complete", "2026", "--yes")
    assert refused.code == 2 and "节假日库已包含 2026 年" in refused.err
    for day in ("02-05", "02-06", "02-07", "02-08", "10-01", "10-02", "10-03"):
        assert cli("calendar", "set", f"2027-{day}", "holiday").code == 0
    declined = cli("calendar", "complete", "2027", stdin="\n")
    assert declined.code == 1 and " 8休" in declined.out and "未保存" in declined.out
    assert cli.rows("SELECT count(*) FROM holiday_year") == [(0,)]
    assert cli("calendar", "complete", "2027", stdin="是\n").code == 0
    assert cli.rows("SELECT year, complete FROM holiday_year") == [(2027, 1)]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x00\x01\x02\x00\xff" * 30, "文件编码无法识别"),
        ("会议通知：明天上午九点开会。".encode(), "不是国务院办公厅关于部分节假日安排的通知"),
        (NOTICE_2026.split("一、", 1)[1].encode("gbk"), "没有读到年份"),
    ],
)
def test_bad_files_get_a_chinese_message(cli: Cli, tmp_path: Path, data: bytes, words: str) -> None:
    before = cli.snapshot()
    result = cli("calendar", "import", _file(tmp_path, "bad.txt", data), "--yes")
    assert result.code == 2 and words in result.err, result.err
    assert cli.snapshot() == before


def test_a_missing_file_is_named(cli: Cli, tmp_path: Path) -> None:
    result = cli("calendar", "import", str(tmp_path / "nope.txt"))
    assert result.code == 2 and "无法读取文件" in result.err and "不存在" in result.err
