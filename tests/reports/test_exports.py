"""Exports read back: the .xlsx with openpyxl (same numbers, dates as dates, frozen header)
and as well-formed XML, the .csv with its BOM, the PDF with pdftotext and pdftoppm."""

from __future__ import annotations

import csv
import errno
import os
import subprocess
import uuid
import zipfile
from datetime import date, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from counter_app.core.errors import CounterError
from counter_app.reports import exports
from counter_app.reports.rules.columns import columns_for, value
from counter_app.reports.service import ReportService
from db.models.audit import AuditLog
from tests.reports.conftest import SUPERVISOR
from tests.reports.dataset import D

Day = tuple[ReportService, dict[str, uuid.UUID]]


def _exports(service: ReportService) -> list[AuditLog]:
    with service._db.read() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == "report.export")))


def test_xlsx_reads_back_the_same_numbers(day: Day, tmp_path: Path) -> None:
    service = day[0]
    path = service.export_xlsx(SUPERVISOR, D, D, tmp_path / "统计.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["窗口", "工作人员", "事项", "业务类别"]
    sheet = book["窗口"]
    assert sheet.freeze_panes == "B4"
    assert sheet["B2"].value == datetime(2026, 11, 23) and sheet["B2"].is_date
    assert sheet["D2"].value == datetime(2026, 11, 23)
    assert sheet["F2"].value == "钱科长" and isinstance(sheet["H2"].value, datetime)
    table = service.period(SUPERVISOR, D, D, "window", compare=False)
    columns = columns_for(table.by)
    header = [c.value for c in sheet[3]]
    assert header == ["窗口", *(c.header for c in columns)]
    for i, row in enumerate((*table.rows, table.total)):
        cells = [c.value for c in sheet[4 + i]]
        assert cells[0] == row.label
        assert cells[1:] == [value(row, c) for c in columns]
    assert sheet.cell(4, 2).data_type == "n"  # numbers, not text
    assert sheet.column_dimensions["A"].width >= 14  # "（无窗口）", "01 号窗口 受理一"
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                ElementTree.fromstring(archive.read(name))  # well-formed
    (entry,) = _exports(service)
    assert entry.actor == "chief" and (entry.after or {})["format"] == "xlsx"


def test_csv_has_a_bom_and_the_same_numbers(day: Day, tmp_path: Path) -> None:
    service = day[0]
    path = service.export_csv(SUPERVISOR, D, D, tmp_path / "staff.csv", by="staff")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert lines[0][:3] == ["工作人员", "服务人次", "过号"]
    wang = next(line for line in lines if line[0] == "王芳（wang）")
    assert wang[1] == "1" and lines[-1][0] == "合计"


def test_unwritable_or_missing_folder_names_the_path(day: Day, tmp_path: Path) -> None:
    service = day[0]
    missing = tmp_path / "没有" / "a.xlsx"
    with pytest.raises(CounterError) as err:
        service.export_xlsx(SUPERVISOR, D, D, missing)
    assert str(missing) in err.value.message and "不存在" in err.value.message
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as root: permissions are not enforced")
        with pytest.raises(CounterError, match="没有写入权限"):
            service.export_pdf(SUPERVISOR, D, D, locked / "a.pdf")
    finally:
        locked.chmod(0o700)
    assert _exports(service) == []  # nothing written, nothing audited


def test_pdf_report_and_daily_report(day: Day, tmp_path: Path) -> None:
    service = day[0]
    xlsx, pdf = service.daily_report(SUPERVISOR, D, tmp_path)
    assert xlsx.name == "窗口服务统计_2026-11-23.xlsx" and xlsx.exists()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "窗口服务统计报表" in text and "钱科长" in text and "2026-11-23" in text
    assert "01 号窗口" in text and "王芳（wang）" in text and "按事项统计" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all("WenQuanYi" in r and " yes " in r for r in rows)  # only ours, embedded
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    assert (tmp_path / "p-1.png").stat().st_size > 5000
    assert len(_exports(service)) == 2
    assert date.fromisoformat(str((_exports(service)[0].after or {})["start"])) == D


def test_a_full_disk_or_a_file_as_folder_is_said_with_the_path(
    day: Day, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = day[0]

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exports, "write_xlsx", full)
    target = tmp_path / "满.xlsx"
    with pytest.raises(CounterError, match="磁盘已满") as err:
        service.export_xlsx(SUPERVISOR, D, D, target)
    assert str(target) in err.value.message and err.value.field == "path"
    assert list(tmp_path.glob("*.xlsx")) == [] and list(tmp_path.glob(".report-*")) == []
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(CounterError, match="不是文件夹"):
        service.export_csv(SUPERVISOR, D, D, a_file / "a.csv")
    assert _exports(service) == []
