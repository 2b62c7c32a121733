"""counter-admin report throughput, through a local parser until the lead registers it in
counter_app/cli/report.py (then counter_app.cli.main runs the same function)."""

from __future__ import annotations

import argparse
import csv
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook

from counter_app.cli.report_throughput import add_throughput
from counter_app.core.errors import CounterError
from counter_app.reports.rules.columns import columns_for, value
from counter_app.reports.service import ReportService
from tests.reports.conftest import SUPERVISOR
from tests.reports.dataset import D

Day = tuple[ReportService, dict[str, uuid.UUID]]


def run(db: str, *argv: str) -> int:
    parser = argparse.ArgumentParser(prog="counter-admin")
    parser.add_argument("--db")
    groups = parser.add_subparsers(dest="group", required=True)
    report = groups.add_parser("report")
    add_throughput(report.add_subparsers(dest="action", required=True))
    args = parser.parse_args(["--db", db, "report", "throughput", *argv])
    return int(args.handler(args))


def _url(service: ReportService) -> str:
    return str(service._db.engine.url)


def test_csv_gives_the_services_numbers(day: Day, tmp_path: Path) -> None:
    service = day[0]
    out = tmp_path / "w.csv"
    assert run(_url(service), "--from", "2026-11-23", "--to", "2026-11-23", "--out", str(out)) == 0
    lines = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    table = service.period(SUPERVISOR, D, D, "window", compare=False)
    columns = columns_for(table.by)
    expected = [
        [row.label, *("" if (v := value(row, c)) is None else str(v) for c in columns)]
        for row in (*table.rows, table.total)
    ]
    assert lines[1:] == expected


def test_xlsx_by_item_and_pdf(day: Day, tmp_path: Path) -> None:
    url = _url(day[0])
    xlsx = tmp_path / "i.xlsx"
    run(url, "--from", "2026-11-23", "--to", "2026-11-23", "--by", "item", "--out", str(xlsx))
    assert load_workbook(xlsx).sheetnames == ["事项"]
    pdf = tmp_path / "r.pdf"
    run(url, "--from", "2026-11-23", "--to", "2026-11-23", "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("argv", "field", "words"),
    [
        (("--from", "2026-11-31", "--to", "2026-12-01"), "from", "YYYY-MM-DD"),
        (("--from", "2026-11-23", "--to", "2026-11-01"), "end", "早于"),
        (("--from", "2020-01-01", "--to", "2026-11-01"), "range", "三年"),
    ],
)
def test_bad_input_is_a_chinese_message(
    day: Day, tmp_path: Path, argv: tuple[str, ...], field: str, words: str
) -> None:
    with pytest.raises(CounterError) as err:
        run(_url(day[0]), *argv, "--out", str(tmp_path / "x.csv"))
    assert err.value.field == field and words in err.value.message
    assert not (tmp_path / "x.csv").exists()
