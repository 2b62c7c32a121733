"""counter-admin complaint end to end on a temporary SQLite file: add, list, the steps under a
supervisor's name (--as), the letter; bad input is a Chinese message and exit 2."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from counter_app.container import Services
from counter_app.core.roles import Role
from tests.hall.cli_support import ADMIN_PW, SETUP, Cli

NUMBER = re.compile(r"TS-W03-\d{8}-\d{3}")


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(tmp_path / "counter.db", monkeypatch, capsys)
    assert cli(*SETUP, stdin=ADMIN_PW + "\n").code == 0
    services = Services.open(cli.url)
    try:
        admin = services.staff.login("admin", ADMIN_PW)
        services.staff.add_user(
            admin, "zhou", "周主管", frozenset({Role.SUPERVISOR}), "super2026ok"
        )
        services.staff.add_user(admin, "li", "李受理", frozenset({Role.RECEPTION}), "recept2026")
    finally:
        services.close()
    return cli


def test_a_letter_complaint_from_add_to_archive(cli: Cli, tmp_path: Path) -> None:
    added = cli(
        "complaint", "add", "--channel", "letter", "--text", "3号窗口工作人员态度生硬。",
        "--name", "张伟", "--phone", "13812345678", "--address", "连云港市海州区新浦路12号",
    )  # fmt: skip
    assert added.code == 0, added.err
    number = NUMBER.search(added.out)
    assert number is not None and "答复期限" in added.out
    assert re.search(r"答复期限 \d{4}-\d{2}-\d{2}", added.out)
    n = number.group(0)
    listed = cli("complaint", "list", "--open")
    assert listed.code == 0 and n in listed.out and "张*" in listed.out and "张伟" not in listed.out
    assert "共 1 件" in listed.out
    assert cli("complaint", "assign", n, "--to", "li", "--as", "zhou").code == 0
    resolved = cli(
        "complaint", "resolve", n, "--result", "已批评教育", "--cause", "attitude",
        "--upheld", "--finding", "录像显示确有其事", "--as", "zhou",
    )  # fmt: skip
    assert resolved.code == 0 and "已处理" in resolved.out, resolved.err
    pdf = tmp_path / "reply.pdf"
    assert cli("complaint", "letter", n, "--out", str(pdf), "--as", "zhou").code == 0
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert n in text and "张伟" in text
    phone = cli(
        "complaint", "reply", n, "--method", "phone", "--text", "已电话告知", "--as", "zhou"
    )
    assert phone.code == 2 and "书面投诉须书面答复" in phone.err
    done = cli("complaint", "reply", n, "--method", "letter", "--text", "已寄出", "--as", "zhou")
    assert done.code == 0 and "已答复" in done.out
    assert cli("complaint", "archive", n, "--as", "zhou").code == 0
    assert "已归档" in cli("complaint", "list").out
    assert cli("complaint", "list", "--open").out.strip() == "共 0 件"
    steps = cli.rows("SELECT step, actor FROM supervision_step ORDER BY at")
    assert steps == [
        ("register", "counter-admin"),
        ("assign", "zhou"),
        ("investigate", "zhou"),
        ("resolve", "zhou"),
        ("reply", "zhou"),
        ("archive", "zhou"),
    ]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("add", "--text", "没有渠道"), "请选择投诉渠道"),
        (("add", "--channel", "fax", "--text", "x"), "--channel 应为"),
        (("add", "--channel", "phone", "--anonymous"), "请填写投诉内容"),
        (
            ("add", "--channel", "phone", "--text", "x", "--name", "张伟", "--phone", "12"),
            "--phone",
        ),
        (("add", "--channel", "phone", "--text", "x", "--kind", "praise"), "--kind 应为"),
        (("add", "--channel", "phone", "--text", "x", "--item", "abc"), "事项序号"),
        (("assign", "TS-W03-20990101-001", "--to", "li"), "--as"),
        (("assign", "TS-W03-20990101-001", "--to", "li", "--as", "li"), "不是主管"),
        (("assign", "TS-W03-20990101-001", "--to", "li", "--as", "zhou"), "找不到编号"),
        (("letter", "TS-W03-20990101-001", "--as", "zhou"), "找不到编号"),
    ],
)
def test_bad_input_is_a_chinese_message_and_exit_2(
    cli: Cli, args: tuple[str, ...], said: str
) -> None:
    before = cli.rows("SELECT count(*) FROM complaint")
    result = cli("complaint", *args)
    assert result.code == 2 and said in result.err, result.err
    assert cli.rows("SELECT count(*) FROM complaint") == before


def test_a_step_out_of_order_and_an_anonymous_phone_complaint(cli: Cli) -> None:
    added = cli("complaint", "add", "--channel", "phone", "--text", "叫号太慢", "--anonymous")
    assert added.code == 0, added.err
    n = NUMBER.search(added.out)
    assert n is not None
    early = cli("complaint", "archive", n.group(0), "--as", "zhou")
    assert early.code == 2 and "下一步应为" in early.err
    assert "匿名" in cli("complaint", "list").out
