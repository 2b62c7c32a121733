"""Importing the integrity file from CSV (UTF-8, with or without BOM, GBK) and XLSX: all rows
or none, problems named by row and column, the same rows again not doubled."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from db.models import AuditLog
from db.models.integrity import IntegrityRecord
from tests.integrity.support import AGENCY_CODE, ORG_CODE, OTHER_PERSON

HEADER = [
    "主体类型",
    "名称",
    "证件号码/统一社会信用代码",
    "失信类别",
    "认定文书",
    "认定机关",
    "认定日期",
    "开始日期",
    "结束日期",
    "修复状态",
    "备注",
]
ROWS = [
    [
        "申请人",
        "连云港某某科技有限公司",
        ORG_CODE,
        "非正常专利申请",
        "国知发〔2026〕12号",
        "国家知识产权局",
        "2026-10-09",
        "2026/10/9",
        "2027年10月8日",
        "未修复",
        "",
    ],
    [
        "代理机构",
        "连云港某某专利代理事务所",
        AGENCY_CODE,
        "illegal_agency",
        "苏知罚〔2026〕3号",
        "江苏省知识产权局",
        "20260901",
        "2026-09-01",
        "",
        "",
        "罚款并公示",
    ],
    [
        "申请人",
        "赵六",
        OTHER_PERSON,
        "恶意商标注册申请",
        "商标局〔2025〕8号",
        "",
        "2025-03-01",
        "2025-03-01",
        "2025-12-31",
        "已修复",
        "",
    ],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    lines = [",".join(HEADER)] + [",".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def records(services: Services) -> list[IntegrityRecord]:
    with services.db.read() as session:
        return list(session.scalars(select(IntegrityRecord).order_by(IntegrityRecord.subject_name)))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_each_encoding(
    services: Services, supervisor: Actor, tmp_path: Path, encoding: str
) -> None:
    path = write_csv(tmp_path / "credit.csv", ROWS, encoding)
    report = services.integrity.import_file(supervisor, path)
    assert report.ok, report.text
    assert (report.rows, report.added) == (3, 3)
    saved = {r.subject_name: r for r in records(services)}
    org = saved["连云港某某科技有限公司"]
    assert (org.subject_code, org.category, org.ends) == (
        ORG_CODE,
        "abnormal_patent",
        date(2027, 10, 8),
    )
    assert org.source == "import" and org.entered_by == "zhao"
    agency = saved["连云港某某专利代理事务所"]
    assert (agency.subject_kind, agency.ends, agency.repair) == ("agency", None, "none")
    assert saved["赵六"].repair == "repaired"
    in_force = services.integrity.lookup(supervisor, [ORG_CODE, AGENCY_CODE, OTHER_PERSON])
    assert len(in_force) == 2
    with services.db.read() as session:
        audited = session.scalars(select(AuditLog).where(AuditLog.action == "integrity.import"))
        assert len(list(audited)) == 3


def test_xlsx_with_real_dates_and_the_same_rows_again(
    services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    rows: list[list[object]] = [list(r) for r in ROWS]
    rows[0][6] = datetime(2026, 10, 9)
    rows[0][7] = date(2026, 10, 9)
    path = write_xlsx(tmp_path / "credit.xlsx", rows)
    first = services.integrity.import_file(supervisor, path)
    assert (first.added, first.unchanged) == (3, 0), first.text
    again = services.integrity.import_file(supervisor, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    assert len(records(services)) == 3
    # a newer export says the agency has repaired its credit: the record is updated
    rows[1][9] = "已修复"
    newer = services.integrity.import_file(supervisor, write_xlsx(tmp_path / "new.xlsx", rows))
    assert (newer.added, newer.updated, newer.unchanged) == (0, 1, 2)
    assert services.integrity.lookup(supervisor, [AGENCY_CODE]) == []


def test_a_partly_bad_file_saves_nothing_and_names_rows_and_columns(
    services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    bad = [list(r) for r in ROWS]
    bad[1][2] = AGENCY_CODE[:-1] + "7"  # wrong check character
    bad[2][8] = "2024-12-31"  # ends before it starts
    bad.append(list(ROWS[0]))  # the first row again
    bad.append(["法院", "某某", ORG_CODE, "x", "d", "", "2026-13-01", "2026-01-01", "", "", ""])
    report = services.integrity.import_file(supervisor, write_csv(tmp_path / "bad.csv", bad))
    assert not report.ok
    lines = report.text.splitlines()
    assert lines[0] == "导入失败，未保存任何记录："
    assert lines[1].startswith("第3行“证件号码/统一社会信用代码”列：统一社会信用代码校验位不对")
    assert lines[2] == "第4行“结束日期”列：结束日期不能早于开始日期"
    assert lines[3].startswith("第5行：与第2行是同一条记录")
    assert lines[4].startswith("第6行“主体类型”列：主体类型“法院”不对")
    assert records(services) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "文件是空的"),
        ("header.csv", ",".join(HEADER).encode(), "没有数据行"),
        ("cols.csv", "名称,认定文书\n某某,文书\n".encode(), "缺少：主体类型"),
        ("binary.csv", bytes(range(256)) * 4, "不是 UTF-8 或 GBK"),
        ("fake.xlsx", b"PK\x03\x04 not really a workbook", "不是有效的 XLSX"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
        ("quote.csv", (",".join(HEADER) + '\n"unclosed,a\n').encode(), "CSV 文件格式有误"),
    ],
)
def test_malformed_files_are_refused_cleanly(
    services: Services,
    supervisor: Actor,
    tmp_path: Path,
    name: str,
    content: bytes,
    message: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CounterError) as caught:
        services.integrity.import_file(supervisor, path)
    assert message in caught.value.message
    assert caught.value.field == "file"
    assert records(services) == []


def test_a_missing_file_is_a_message(services: Services, supervisor: Actor, tmp_path: Path) -> None:
    with pytest.raises(CounterError, match="无法读取文件"):
        services.integrity.import_file(supervisor, tmp_path / "none.csv")


def test_a_removed_record_is_not_brought_back_by_an_import(
    services: Services, supervisor: Actor, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "credit.csv", ROWS[:1])
    services.integrity.import_file(supervisor, path)
    (row,) = services.integrity.list(supervisor)
    services.integrity.remove(supervisor, row.id, row.row_version, "误录")
    report = services.integrity.import_file(supervisor, path)
    assert (report.added, report.skipped_removed) == (0, 1)
    assert services.integrity.list(supervisor) == []
