"""counter-admin, run as the IT staff would: a real process, real files, exit codes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.container import Services

CLI = str(Path(sys.executable).parent / "counter-admin")


def run(*args: str, stdin: str = "", db: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [CLI] + (["--db", db] if db else []) + list(args)
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60)


@pytest.fixture
def sqlite_url(sqlite_url: str) -> str:
    """A database that exists: counter-admin creates one only in db upgrade and hall setup."""
    Services.open(sqlite_url).close()
    return sqlite_url


def test_a_mistyped_database_path_is_an_error_not_a_new_database(tmp_path: Path) -> None:
    typo = tmp_path / "typo" / "x.db"
    result = run("audit", "verify", db=f"sqlite:///{typo}")
    assert result.returncode == 2 and f"数据库文件 {typo} 不存在" in result.stderr
    assert "审计链完整" not in result.stdout and not (tmp_path / "typo").exists()
    for url in ("nonsense", "mysql://u@127.0.0.1/x"):
        result = run("audit", "verify", db=url)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "数据库" in result.stderr


def test_default_database_lives_in_the_user_data_dir(tmp_path: Path) -> None:
    result = run("db", "upgrade")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "userdata" / "counter.db").exists()


def test_upgrade_export_import_on_both_databases(any_url: str, tmp_path: Path) -> None:
    assert run("db", "upgrade", db=any_url).returncode == 0
    out = tmp_path / "catalog.json"
    assert (
        run("catalog", "export", "--format", "json", "--out", str(out), db=any_url).returncode == 0
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["items"]) == 33
    data["items"][0]["time_limit_days"] = 15
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run("catalog", "import", str(out), db=any_url)
    assert result.returncode == 0, result.stderr
    assert "更新 1 项" in result.stdout


def test_import_of_a_broken_file_says_where_and_writes_nothing(
    sqlite_url: str, tmp_path: Path
) -> None:
    run("db", "upgrade", db=sqlite_url)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "ip-counter-catalog", "items": [{"number": 1', encoding="utf-8")
    result = run("catalog", "import", str(bad), db=sqlite_url)
    assert result.returncode == 2
    assert "不是有效的 JSON" in result.stderr
    dup = {
        "format": "ip-counter-catalog",
        "items": [
            {"number": 40, "name": "甲", "category": "service"},
            {"number": 40, "name": "乙", "category": "service"},
        ],
    }
    bad.write_text(json.dumps(dup, ensure_ascii=False), encoding="utf-8")
    result = run("catalog", "import", str(bad), db=sqlite_url)
    assert result.returncode == 2 and "序号 40 与前面的事项重复" in result.stderr
    db_path = sqlite_url.split("///", 1)[1]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM catalog_item").fetchone()[0] == 33


def test_user_add_reads_the_password_from_stdin(sqlite_url: str) -> None:
    result = run(
        "user",
        "add",
        "zhao",
        "--role",
        "reception,审批(行政)",
        stdin="pass2026word\n",
        db=sqlite_url,
    )
    assert result.returncode == 0, result.stderr
    assert "接待" in result.stdout and "审批(行政)" in result.stdout
    assert "pass2026word" not in result.stdout + result.stderr
    result = run("user", "add", "qian", "--role", "boss", stdin="pass2026word\n", db=sqlite_url)
    assert result.returncode == 2 and "未知角色" in result.stderr


def test_audit_verify_exits_1_on_a_tampered_row(sqlite_url: str) -> None:
    run("user", "add", "zhao", "--role", "reception", stdin="pass2026word\n", db=sqlite_url)
    ok = run("audit", "verify", db=sqlite_url)
    assert ok.returncode == 0 and "审计链完整" in ok.stdout
    with sqlite3.connect(sqlite_url.split("///", 1)[1]) as conn:
        conn.execute("DROP TRIGGER audit_log_no_update")
        conn.execute("UPDATE audit_log SET after = '{}' WHERE seq = 3")
    bad = run("audit", "verify", db=sqlite_url)
    assert bad.returncode == 1
    assert "序号 3" in bad.stdout


@pytest.mark.parametrize("url", ["postgresql+psycopg://u:topsecret@127.0.0.1:1/none"])
def test_doctor_reports_an_unreachable_database(url: str) -> None:
    result = run("doctor", db=url)
    assert result.returncode == 1
    assert "[异常] 数据库" in result.stdout and "[正常] 中文字体" in result.stdout
    assert "topsecret" not in result.stdout + result.stderr


def test_doctor_on_a_healthy_database(sqlite_url: str) -> None:
    run("db", "upgrade", db=sqlite_url)
    result = run("doctor", db=sqlite_url)
    assert "[正常] 数据库结构" in result.stdout
