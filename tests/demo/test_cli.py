"""counter-admin demo seed and document render, run as real processes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.container import Services
from counter_app.hall.settings import HallSettings
from tests.conftest import ADMIN_PASSWORD

CLI = str(Path(sys.executable).parent / "counter-admin")


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [CLI, "--db", db, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def fonts_embedded(path: Path) -> bool:
    done = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = done.stdout.splitlines()[2:]
    return bool(rows) and all(row.split()[-5] == "yes" for row in rows)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A set-up hall with demo cases made by the command (in bulk), shared by the tests."""
    folder = tmp_path_factory.mktemp("cli")
    url = f"sqlite+pysqlite:///{folder / 'counter.db'}"
    services = Services.open(url)
    services.hall.first_run(
        HallSettings(hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W03"),
        "admin",
        "王管理",
        ADMIN_PASSWORD,
    )
    services.close()
    bulk = run(url, "demo", "seed", "--cases", "1500", "--seed", "2")
    assert bulk.returncode == 0, bulk.stderr
    assert "已生成 1500/1500 件（100%）" in bulk.stdout
    assert "新增演示案件 1500 件" in bulk.stdout and "批量写入" in bulk.stdout
    rows = int(bulk.stdout.split("共写入 ")[1].split(" 行")[0])
    assert rows > 1500 * 5
    return url, folder


def _number(folder: Path, where: str) -> str:
    with sqlite3.connect(folder / "counter.db") as conn:
        row = conn.execute(f"SELECT number FROM cases WHERE {where} ORDER BY number LIMIT 1")
        return str(row.fetchone()[0])


def test_seed_refuses_a_database_that_is_not_set_up(tmp_path: Path) -> None:
    assert run(f"sqlite+pysqlite:///{tmp_path / 'new.db'}", "db", "upgrade").returncode == 0
    result = run(f"sqlite+pysqlite:///{tmp_path / 'new.db'}", "demo", "seed", "--cases", "10")
    assert result.returncode == 2
    assert "尚未完成初始设置" in result.stderr
    assert (
        run(f"sqlite+pysqlite:///{tmp_path / 'new.db'}", "demo", "seed", "--cases", "0").returncode
        == 2
    )


def test_seeded_cases_are_there(seeded: tuple[str, Path]) -> None:
    _url, folder = seeded
    with sqlite3.connect(folder / "counter.db") as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 1500
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize(
    ("kind", "where", "title"),
    [
        # a complaint or referral item's acceptance notice is a 收件通知书 (cases/rules/notice_law)
        ("acceptance", "status = 'received' AND promised_on IS NOT NULL", "受理通知书|收件通知书"),
        ("supplement", "status = 'awaiting_supplement'", "一次性告知书"),
        ("refusal", "status = 'refused'", "不予受理通知书"),
        ("receipt", "id IN (SELECT case_id FROM payment)", "收费"),
    ],
)
def test_document_render_writes_the_pdf(
    seeded: tuple[str, Path], tmp_path: Path, kind: str, where: str, title: str
) -> None:
    url, folder = seeded
    number = _number(folder, where)
    out = tmp_path / f"{kind}.pdf"
    result = run(url, "document", "render", number, "--kind", kind, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    text = pdf_text(out)
    assert any(t in text for t in title.split("|"))
    assert number in text
    assert fonts_embedded(out)
    if kind == "acceptance":  # a second issue is a reprint, marked on the paper
        again = run(url, "document", "render", number, "--kind", kind, "--out", str(out))
        assert again.returncode == 0 and "补打" in again.stdout
        assert "补打" in pdf_text(out)


def test_document_render_refuses_an_unknown_case_or_a_kind_that_does_not_apply(
    seeded: tuple[str, Path], tmp_path: Path
) -> None:
    url, folder = seeded
    out = tmp_path / "x.pdf"
    result = run(
        url,
        "document",
        "render",
        "LYG-20990101-W03-0001",
        "--kind",
        "acceptance",
        "--out",
        str(out),
    )
    assert result.returncode == 2
    assert "找不到案件 LYG-20990101-W03-0001" in result.stderr
    number = _number(folder, "status = 'received'")
    result = run(url, "document", "render", number, "--kind", "refusal", "--out", str(out))
    assert result.returncode == 2
    assert "不能出具不予受理通知书" in result.stderr
    assert not out.exists()
