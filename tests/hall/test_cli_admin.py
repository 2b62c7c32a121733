"""What the admin pages set, from a script: accounts, holidays, the kiosk PIN."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from counter_app.container import Services
from tests.hall.cli_support import ADMIN_PW, SETUP, Cli


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    tool = Cli(tmp_path / "counter.db", monkeypatch, capsys)
    assert tool(*SETUP, stdin=ADMIN_PW + "\n").code == 0
    assert tool("user", "add", "zhao", "--role", "reception", stdin="pass2026word\n").code == 0
    return tool


def _login(cli: Cli, username: str, password: str) -> str:
    services = Services.open(cli.url)
    try:
        return services.staff.login(username, password).username
    finally:
        services.close()


def test_user_set_changes_roles_window_and_publishing(cli: Cli) -> None:
    result = cli("user", "set", "zhao", "--roles", "reception,科长", "--window", "3", "--published")
    assert result.code == 0 and "接待、科长" in result.out
    row = cli.rows("SELECT roles, window_no, published, active FROM staff WHERE username='zhao'")
    assert row == [('["reception", "supervisor"]', "3", 1, 1)]
    listing = cli("user", "list").out
    assert "zhao\tzhao\t接待、科长\t窗口 3\t可用、公示" in listing


def test_user_deactivate_and_the_last_administrator_stays(cli: Cli) -> None:
    assert cli("user", "set", "zhao", "--inactive").code == 0
    assert cli.rows("SELECT active FROM staff WHERE username='zhao'") == [(0,)]
    with pytest.raises(Exception, match="用户名或密码不正确"):
        _login(cli, "zhao", "pass2026word")
    before = cli.snapshot()
    last = cli("user", "set", "admin", "--inactive")
    assert last.code == 2 and "最后一个可用的管理员账号" in last.err
    demoted = cli("user", "set", "admin", "--roles", "reception")
    assert demoted.code == 2 and "最后一个可用的管理员账号" in demoted.err
    assert cli.snapshot() == before
    # With a second administrator the first may go.
    cli("user", "add", "qian", "--role", "administrator", stdin="boss2026word\n")
    assert cli("user", "set", "admin", "--inactive").code == 0


def test_user_password_reset_unlocks_and_follows_the_password_rule(cli: Cli) -> None:
    services = Services.open(cli.url)
    try:
        for _ in range(5):
            with pytest.raises(Exception, match=r"不正确|锁定"):
                services.staff.login("zhao", "wrong-guess1")
    finally:
        services.close()
    assert "已锁定" in cli("user", "list").out
    before = cli.snapshot()
    weak = cli("user", "password", "zhao", "--password-stdin", stdin="abcdefgh\n")
    assert weak.code == 2 and "密码须同时包含字母和数字" in weak.err
    missing = cli("user", "password", "zhao", stdin="new2026pass\n")
    assert missing.code == 2 and "--password-stdin" in missing.err
    assert cli.snapshot() == before
    done = cli("user", "password", "zhao", "--password-stdin", stdin="new2026pass\n")
    assert done.code == 0 and "new2026pass" not in done.out
    assert _login(cli, "zhao", "new2026pass") == "zhao"
    assert ("counter-admin", "password_set") in cli.rows("SELECT actor, action FROM audit_log")


def test_user_commands_name_unknown_accounts_and_empty_changes(cli: Cli) -> None:
    unknown = cli("user", "unlock", "nobody")
    assert unknown.code == 2 and "找不到账号“nobody”" in unknown.err
    nothing = cli("user", "set", "zhao")
    assert nothing.code == 2 and "没有要修改的内容" in nothing.err


def test_calendar_set_list_and_complete(cli: Cli) -> None:
    assert cli("calendar", "set", "2027-01-01", "holiday", "--note", "元旦").code == 0
    assert cli("calendar", "set", "2027-02-07", "上班", "--note", "春节调休").code == 0
    listing = cli("calendar", "list", "--year", "2027").out
    assert "2027-01-01\t五\t放假\t元旦" in listing and "2027-02-07\t日\t上班\t春节调休" in listing
    assert "已标记完整录入：无" in listing and "2027 年共 2 条调整" in listing
    refused = cli("calendar", "complete", "2027", "--yes")  # no Spring Festival, National Day
    assert refused.code == 2 and "至少录入春节和国庆节" in refused.err
    for day in ("02-05", "02-06", "02-07", "02-08", "10-01", "10-02", "10-03"):
        assert cli("calendar", "set", f"2027-{day}", "holiday").code == 0
    done = cli("calendar", "complete", "2027", "--yes")
    assert done.code == 0 and "已录入 8 天调整" in done.out
    assert "已标记完整录入：2027" in cli("calendar", "list").out
    services = Services.open(cli.url)
    try:
        calendar = services.calendar.calendar()
        assert not calendar.is_workday(date(2027, 1, 1))
        assert not calendar.is_workday(date(2027, 2, 7))  # set again as a holiday above
    finally:
        services.close()
    assert cli("calendar", "complete", "2027", "--undo").code == 0
    assert cli.rows("SELECT year, complete FROM holiday_year") == [(2027, 0)]


def test_calendar_refuses_bad_dates_kinds_and_years(cli: Cli) -> None:
    before = cli.snapshot()
    bad_day = cli("calendar", "set", "2027-02-30", "holiday")
    assert bad_day.code == 2 and "日期格式应为 YYYY-MM-DD" in bad_day.err
    bad_kind = cli("calendar", "set", "2027-02-03", "maybe")
    assert bad_kind.code == 2 and "安排应为 workday" in bad_kind.err
    long_note = cli("calendar", "set", "2027-02-03", "holiday", "--note", "长" * 81)
    assert long_note.code == 2 and "说明最多 80 字" in long_note.err
    assert cli("calendar", "complete", "1999").code == 2
    assert cli.snapshot() == before


def test_kiosk_pin_from_stdin(cli: Cli) -> None:
    assert "退出密码：未设置" in cli("kiosk", "status").out
    before = cli.snapshot()
    short = cli("kiosk", "pin", "--stdin", stdin="12\n")
    assert short.code == 2 and "自助机退出密码：退出密码应为 4-8 位数字" in short.err
    no_flag = cli("kiosk", "pin", stdin="2468\n")
    assert no_flag.code == 2 and "请用 --stdin" in no_flag.err
    assert cli.snapshot() == before
    assert cli("kiosk", "pin", "--stdin", stdin="2468\n").code == 0
    assert "退出密码：已设置" in cli("kiosk", "status").out
    services = Services.open(cli.url)
    try:
        assert services.queue.check_kiosk_pin("2468")
        assert not services.queue.check_kiosk_pin("1357")
    finally:
        services.close()
