"""counter-admin integrity add|list|import, run as a real process on a temporary SQLite file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.container import Services
from db.models import AuditLog
from db.models.integrity import IntegrityRecord
from tests.integrity.support import AGENCY_CODE, ORG_CODE, OTHER_PERSON
from tests.integrity.test_import import ROWS, write_csv

ROOT = Path(__file__).resolve().parents[2]
MAIN = "import sys; from counter_app.cli import main; sys.exit(main())"


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", MAIN, "--db", db, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)


@pytest.fixture
def db(sqlite_url: str) -> str:
    Services.open(sqlite_url).close()
    return sqlite_url


def count(db: str) -> int:
    services = Services.open(db)
    try:
        with services.db.read() as session:
            return int(session.scalar(select(func.count()).select_from(IntegrityRecord)) or 0)
    finally:
        services.close()


ADD = (
    "integrity",
    "add",
    "--kind",
    "applicant",
    "--name",
    "连云港某某科技有限公司",
    "--code",
    ORG_CODE.lower(),
    "--category",
    "非正常专利申请",
    "--document",
    "国知发〔2025〕12号",
    "--decided",
    "2025-10-09",
    "--from",
    "2025-10-09",
    "--authority",
    "国家知识产权局",
)


def test_add_list_import_end_to_end(db: str, tmp_path: Path) -> None:
    added = run(db, *ADD)
    assert added.returncode == 0, added.stderr
    assert "已登记：连云港某某科技有限公司 非正常专利申请" in added.stdout
    agency = run(
        db,
        "integrity",
        "add",
        "--kind",
        "代理机构",
        "--name",
        "连云港某某专利代理事务所",
        "--code",
        AGENCY_CODE,
        "--category",
        "illegal_agency",
        "--document",
        "苏知罚〔2025〕3号",
        "--decided",
        "2025-01-02",
        "--from",
        "2025-01-02",
        "--to",
        "2025-06-30",
    )
    assert agency.returncode == 0, agency.stderr
    listed = run(db, "integrity", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[-1] == "共 2 条"
    first = lines[0].split()
    assert first[:5] == [
        "2025-10-09",
        "申请人",
        "连云港某某科技有限公司",
        "9111**********341L",
        "非正常专利申请",
    ]
    assert first[-1] == "有效" and lines[1].split()[-1] == "无效"
    assert ORG_CODE not in listed.stdout and AGENCY_CODE not in listed.stdout
    in_force = run(db, "integrity", "list", "--in-force")
    assert in_force.stdout.splitlines()[-1] == "共 1 条"
    query = run(db, "integrity", "list", "--query", "代理")
    assert "连云港某某专利代理事务所" in query.stdout and query.stdout.endswith("共 1 条\n")

    rows = [list(r) for r in ROWS]
    for row in rows:  # dates before today, whatever day the test runs
        row[6], row[7] = "2025-03-01", "2025-03-01"
    rows[0][4] = "国知发〔2025〕99号"
    imported = run(db, "integrity", "import", str(write_csv(tmp_path / "f.csv", rows, "gbk")))
    assert imported.returncode == 0, imported.stderr
    assert "新增 3 条" in imported.stdout
    again = run(db, "integrity", "import", str(tmp_path / "f.csv"))
    assert "新增 0 条" in again.stdout and "未变 3 条" in again.stdout
    assert count(db) == 5
    services = Services.open(db)
    try:
        with services.db.read() as session:
            actors = set(
                session.scalars(select(AuditLog.actor).where(AuditLog.action.like("integrity.%")))
            )
    finally:
        services.close()
    assert actors == {"counter-admin"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--code", ORG_CODE[:-1] + "K"), "--code：统一社会信用代码校验位不对"),
        (("--to", "2025-10-08"), "--to：结束日期不能早于开始日期"),
        (("--decided", "2999-01-01"), "--decided：认定日期不能晚于今天"),
        (("--decided", "09/10/2025"), "--decided 日期格式应为 YYYY-MM-DD"),
        (("--category", "迟到"), "--category：失信类别“迟到”不对"),
        (("--kind", "court"), "--kind：主体类型“court”不对"),
        (("--document", " "), "--document：请填写认定文书"),
    ],
)
def test_bad_input_exits_2_with_a_chinese_message(
    db: str, change: tuple[str, str], message: str
) -> None:
    args = list(ADD)
    option, value = change
    if option in args:
        args[args.index(option) + 1] = value
    else:
        args += [option, value]
    result = run(db, *args)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr
    assert count(db) == 0


def test_a_bad_import_exits_2_and_saves_nothing(db: str, tmp_path: Path) -> None:
    rows = [list(r) for r in ROWS]
    rows[2][2] = OTHER_PERSON[:-1] + ("1" if OTHER_PERSON[-1] != "1" else "2")
    result = run(db, "integrity", "import", str(write_csv(tmp_path / "bad.csv", rows)))
    assert result.returncode == 2
    assert "第4行“证件号码/统一社会信用代码”列" in result.stderr
    assert count(db) == 0
    missing = run(db, "integrity", "import", str(tmp_path / "none.xlsx"))
    assert missing.returncode == 2 and "无法读取文件" in missing.stderr
