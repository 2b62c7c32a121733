"""counter-admin hall setup / show / set: the first-run screen's work from a script."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.cli import hall as hall_cli
from counter_app.hall.settings import HallService
from tests.hall.cli_support import ADMIN_PW, SETUP, Cli, Result
from tests.test_cli import run


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(tmp_path / "counter.db", monkeypatch, capsys)


@pytest.fixture
def set_up(cli: Cli) -> Cli:
    result = cli(*SETUP, stdin=ADMIN_PW + "\n")
    assert result.code == 0, result.err
    return cli


def test_setup_as_a_process_then_demo_seed_works(tmp_path: Path) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'counter.db'}"
    refused = run("demo", "seed", "--cases", "30", db=url)
    assert refused.returncode == 2 and "不存在" in refused.stderr  # no file, none created
    assert not (tmp_path / "counter.db").exists()
    done = run(*SETUP, stdin=ADMIN_PW + "\n", db=url)
    assert done.returncode == 0, done.stderr
    assert (
        "大厅已设置：连云港市知识产权保护中心（LYG），本窗口 W03；管理员账号 admin" in done.stdout
    )
    assert "事项清单 33 项" in done.stdout and ADMIN_PW not in done.stdout + done.stderr
    seeded = run("demo", "seed", "--cases", "30", db=url)
    assert seeded.returncode == 0, seeded.stderr
    assert "新增演示案件 30 件" in seeded.stdout
    assert run("audit", "verify", db=url).returncode == 0


def test_setup_is_what_the_first_run_screen_saves(set_up: Cli) -> None:
    settings = dict(set_up.rows("SELECT key, value FROM setting"))
    assert settings["hall_name"] == "连云港市知识产权保护中心"
    assert (settings["hall_code"], settings["counter_code"]) == ("LYG", "W03")
    assert set_up.rows("SELECT username, display_name, roles FROM staff") == [
        ("admin", "王管理", '["administrator"]')
    ]
    assert ("first_run",) in set_up.rows("SELECT action FROM audit_log")
    # The administrator can log in with the password given on stdin.
    from counter_app.container import Services

    services = Services.open(set_up.url)
    try:
        assert services.staff.login("admin", ADMIN_PW).username == "admin"
        assert HallService(services.db).is_set_up()
    finally:
        services.close()


def test_a_second_setup_is_refused_and_changes_nothing(set_up: Cli) -> None:
    before = set_up.snapshot()
    again = set_up(
        "hall", "setup", "--name", "别的大厅", "--hall-code", "XYZ", "--counter", "W01",
        "--admin", "boss", "--admin-name", "李", "--password-stdin", stdin="other2026pw\n",
    )  # fmt: skip
    assert again.code == 2
    assert "已完成初始设置（连云港市知识产权保护中心，LYG），不能再次设置" in again.err
    assert set_up.snapshot() == before


BAD_INPUTS = [
    (("--hall-code", "1YG"), ADMIN_PW, "大厅代码（--hall-code）：大厅代码应为 2-8 位"),
    (("--counter", "W-03"), ADMIN_PW, "本窗口代码（--counter）：窗口代码应为 1-6 位"),
    (("--name", "   "), ADMIN_PW, "大厅名称（--name）：请填写大厅名称"),
    (("--admin", "a b"), ADMIN_PW, "管理员用户名（--admin）：用户名应为"),
    (("--admin-name", " "), ADMIN_PW, "管理员姓名（--admin-name）：请填写姓名"),
    ((), "short1", "管理员密码（--password-stdin）：密码至少 8 位"),
    ((), "onlyletters", "管理员密码（--password-stdin）：密码须同时包含字母和数字"),
    ((), "12345678", "密码须同时包含字母和数字"),
    ((), "", "标准输入没有读到管理员密码"),
]


def _setup_with(cli: Cli, change: tuple[str, ...], password: str) -> Result:
    args = list(SETUP)
    for option, value in zip(change[::2], change[1::2], strict=True):
        if option in args:
            args[args.index(option) + 1] = value
        else:
            args[-1:-1] = [option, value]
    return cli(*args, stdin=password + "\n")


@pytest.mark.parametrize(("change", "password", "message"), BAD_INPUTS)
def test_bad_input_on_a_new_file_leaves_no_database(
    cli: Cli, change: tuple[str, ...], password: str, message: str
) -> None:
    result = _setup_with(cli, change, password)
    assert result.code == 2 and message in result.err
    assert list(cli.path.parent.glob("counter.db*")) == []


@pytest.mark.parametrize(("change", "password", "message"), BAD_INPUTS[:6])
def test_bad_input_on_a_migrated_database_writes_nothing(
    cli: Cli, change: tuple[str, ...], password: str, message: str
) -> None:
    assert cli("db", "upgrade").code == 0
    before = cli.snapshot()
    result = _setup_with(cli, change, password)
    assert result.code == 2 and message in result.err
    assert cli.snapshot() == before
    assert cli.rows("SELECT count(*) FROM staff") == [(0,)]


def test_no_password_option_is_refused(cli: Cli) -> None:
    args = [a for a in SETUP if a != "--password-stdin"]
    result = cli(*args, stdin=ADMIN_PW + "\n")
    assert result.code == 2 and "请用 --password-stdin 从标准输入提供管理员密码" in result.err
    assert not cli.path.exists()


def test_a_failure_after_the_file_was_made_removes_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(HallService, "first_run", broken)
    with pytest.raises(RuntimeError):
        cli(*SETUP, stdin=ADMIN_PW + "\n")
    assert list(cli.path.parent.glob("counter.db*")) == []


def test_setup_refuses_a_central_database() -> None:
    result = run(*SETUP, stdin=ADMIN_PW + "\n", db="postgresql+psycopg://u@127.0.0.1:1/none")
    assert result.returncode == 2 and "counter-admin sync configure" in result.stderr


def test_show_marks_blank_settings_that_notices_print(set_up: Cli) -> None:
    out = set_up("hall", "show").out
    assert "大厅名称（hall_name）：连云港市知识产权保护中心" in out
    assert "管辖法院（court）：！未填写（文书会打印此项）" in out
    assert "有 7 项文书会打印的设置未填写" in out


def test_set_and_show_round_trip_with_keys_and_labels(set_up: Cli) -> None:
    assert set_up("hall", "set", "court", "连云港市海州区人民法院").code == 0
    saved = set_up("hall", "set", "出文机关", "连云港市市场监督管理局")
    assert saved.code == 0 and "已保存 出文机关（盖章单位）" in saved.out
    assert set_up("hall", "set", "投诉电话", "0518-12345").code == 0
    out = set_up("hall", "show").out
    assert "管辖法院（court）：连云港市海州区人民法院" in out
    assert "出文机关（盖章单位）（office_name）：连云港市市场监督管理局" in out
    assert "投诉电话（complaint_phone）：0518-12345" in out
    assert "有 4 项文书会打印的设置未填写" in out
    actions = set_up.rows("SELECT actor, action FROM audit_log WHERE action = 'settings_update'")
    assert actions == [("counter-admin", "settings_update")] * 3
    assert set_up("hall", "set", "court", "连云港市海州区人民法院").out.startswith("管辖法院未改变")


def test_set_refuses_unknown_keys_and_bad_values(set_up: Cli) -> None:
    before = set_up.snapshot()
    unknown = set_up("hall", "set", "fax", "123")
    assert unknown.code == 2
    assert "未知的设置项“fax”" in unknown.err and "review_authority（行政复议机关）" in unknown.err
    bad_code = set_up("hall", "set", "hall_code", "9x")
    assert bad_code.code == 2 and "大厅代码应为" in bad_code.err
    assert set_up("hall", "set", "hall_name", "").code == 2
    assert set_up.snapshot() == before


def test_set_before_setup_says_what_to_do(cli: Cli) -> None:
    assert cli("db", "upgrade").code == 0
    result = cli("hall", "set", "court", "某法院")
    assert result.code == 2 and "counter-admin hall setup" in result.err


def test_setting_key_accepts_name_label_and_short_label() -> None:
    assert hall_cli.setting_key("office_name") == "office_name"
    assert hall_cli.setting_key("出文机关（盖章单位）") == "office_name"
    assert hall_cli.setting_key("出文机关") == "office_name"
