"""Third-party surveys from real CSV (UTF-8, UTF-8 with BOM, GBK) and XLSX files: all rows or
none, the row and the column named, the same file twice not doubled, malformed files refused."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.supervision.rules.evaluation import Level, Source
from db.models.supervision import Evaluation
from tests.conftest import TODAY
from tests.supervision.rating_support import RatingHall, open_rating_hall

HEADER = ["日期", "窗口", "工作人员", "事项", "评价等级", "原因", "意见", "评价机构"]
ROWS = [
    ["2026-11-20", "03", "li", "1", "非常满意", "办事效率、服务态度", "很好", "江苏省营商评价中心"],
    ["2026/11/21", "3号窗口", "李受理", "", "2", "等候时间,环境设施", "", "江苏省营商评价中心"],
    ["2026年11月22日", "03", "zhou", "", "基本满意", "", "", "第三方调查"],
]


@pytest.fixture
def hall(services: Services) -> RatingHall:
    return open_rating_hall(services)


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file).writerows([HEADER, *rows])
    return path


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _count(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Evaluation)) or 0)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_a_csv_in_each_encoding_excel_saves(
    hall: RatingHall, tmp_path: Path, encoding: str
) -> None:
    path = _csv(tmp_path / "survey.csv", ROWS, encoding)
    report = hall.services.evaluations.import_file(hall.supervisor, path)
    assert (report.rows, report.added, report.already) == (3, 3, 0)
    rows = hall.services.evaluations.list(hall.supervisor, TODAY.replace(day=1), TODAY)
    assert [(r.business_date.day, r.window_no, r.staff, r.level) for r in rows] == [
        (20, "03", "li", Level.VERY_SATISFIED),
        (21, "3", "li", Level.DISSATISFIED),
        (22, "03", "zhou", Level.BASICALLY_SATISFIED),
    ]
    assert rows[0].reasons == "办事效率、服务态度" and rows[1].reasons == "等候时间、环境设施"
    assert rows[0].source is Source.THIRD_PARTY
    assert rows[0].source_label == "第三方评价（江苏省营商评价中心）"
    with hall.services.db.read() as session:
        keys = session.scalars(select(Evaluation.service_key)).all()
    assert all(k.startswith(f"x:{report.batch}:") for k in keys)

    again = hall.services.evaluations.import_file(hall.supervisor, path)  # the same file again
    assert (again.added, again.already) == (0, 3)
    assert _count(hall.services) == 3


def test_an_xlsx_written_by_openpyxl(hall: RatingHall, tmp_path: Path) -> None:
    from datetime import date, datetime

    rows: list[list[object]] = [
        [date(2026, 11, 20), "03", "li", 1, 5, "服务水平", "", "评价中心"],
        [datetime(2026, 11, 21, 9, 30), 3, "李受理", None, 1.0, None, "太慢", "评价中心"],
    ]
    report = hall.services.evaluations.import_file(
        hall.supervisor, _xlsx(tmp_path / "s.xlsx", rows)
    )
    assert report.added == 2
    counts = hall.services.evaluations.counts(hall.supervisor, TODAY.replace(day=1), TODAY)
    assert counts[Level.VERY_SATISFIED] == 1 and counts[Level.VERY_DISSATISFIED] == 1


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (["2026-11-23", "03", "li", "", "挺好", "", "", "中心"], "第 3 行“评价等级”"),
        (
            ["2026-11-23", "03", "王五", "", "满意", "", "", "中心"],
            "第 3 行“工作人员”：没有名为“王五”",
        ),
        (["2026-13-40", "03", "li", "", "满意", "", "", "中心"], "第 3 行“日期”"),
        (
            ["2026-12-30", "03", "li", "", "满意", "", "", "中心"],
            "第 3 行“日期”：2026-12-30 晚于今天",
        ),
        (["2026-11-23", "窗口三", "li", "", "满意", "", "", "中心"], "第 3 行“窗口”"),
        (["2026-11-23", "03", "li", "99", "满意", "", "", "中心"], "第 3 行“事项”"),
        (["2026-11-23", "03", "li", "", "满意", "态度差", "", "中心"], "第 3 行“原因”"),
        (["2026-11-23", "03", "li", "", "满意", "", "", ""], "第 3 行“评价机构”"),
        (["2026-11-23", "03", "li", "", "满意", "", "=HYPERLINK(1)", "中心"], "第 3 行“意见”"),
        (["2026-11-23", "03", "li", "", "满意", "", "长" * 1001, "中心"], "第 3 行“意见”"),
    ],
)
def test_one_bad_row_refuses_the_whole_file(
    hall: RatingHall, tmp_path: Path, bad_row: list[str], message: str
) -> None:
    path = _csv(tmp_path / "bad.csv", [ROWS[0], bad_row, ROWS[2]])
    with pytest.raises(CounterError, match=message) as caught:
        hall.services.evaluations.import_file(hall.supervisor, path)
    assert caught.value.field == "file"
    assert _count(hall.services) == 0


def test_malformed_files_are_refused_cleanly(hall: RatingHall, tmp_path: Path) -> None:
    evaluations, boss = hall.services.evaluations, hall.supervisor
    cases: dict[str, tuple[bytes, str]] = {
        "empty.csv": (b"", "文件是空的"),
        "blank.csv": (b"\r\n \r\n", "文件是空的"),
        "header.csv": (",".join(HEADER).encode(), "没有评价数据"),
        "columns.csv": (
            "日期,窗口\n2026-11-20,03\n".encode(),
            "缺少：工作人员、评价等级、评价机构",
        ),
        "picture.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是 CSV 或 XLSX"),
        "old.xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 64, "旧版 .xls"),
        "broken.xlsx": (b"PK\x03\x04" + b"\x00" * 40, "文件可能已损坏"),
    }
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(CounterError, match=message):
            evaluations.import_file(boss, path)
    with pytest.raises(CounterError, match="无法读取文件"):
        evaluations.import_file(boss, tmp_path / "missing.csv")
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"a," * 3_000_000)
    with pytest.raises(CounterError, match="文件太大"):
        evaluations.import_file(boss, huge)
    assert _count(hall.services) == 0


def test_a_formula_in_an_xlsx_is_refused(hall: RatingHall, tmp_path: Path) -> None:
    rows: list[list[object]] = [["2026-11-20", "03", "li", "", "=4+1", "", "", "中心"]]
    with pytest.raises(CounterError, match="第 2 行有公式"):
        hall.services.evaluations.import_file(hall.supervisor, _xlsx(tmp_path / "f.xlsx", rows))
    assert _count(hall.services) == 0


def test_only_a_supervisor_imports(hall: RatingHall, tmp_path: Path) -> None:
    path = _csv(tmp_path / "survey.csv", ROWS)
    for who in (hall.clerk, hall.admin):
        with pytest.raises(CounterError, match="科长"):
            hall.services.evaluations.import_file(who, path)
    assert _count(hall.services) == 0


def test_the_command_line_imports_and_lists(
    hall: RatingHall, tmp_path: Path, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from counter_app.cli import main

    path = _csv(tmp_path / "survey.csv", ROWS, "gbk")
    assert main(["--db", sqlite_url, "evaluation", "import", str(path)]) == 0
    assert "已导入 3 条第三方评价" in capsys.readouterr().out
    assert main(["--db", sqlite_url, "evaluation", "import", str(path)]) == 0
    assert "其中 3 条此前已导入" in capsys.readouterr().out
    args = ["--db", sqlite_url, "evaluation", "list", "--from", "2026-11-01", "--to", "2026-11-30"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "共 3 条评价" and len(lines) == 4
    assert lines[0].startswith("2026-11-20  --:--  03号窗口  李受理(li)  非常满意")
    assert "第三方评价（江苏省营商评价中心）" in lines[0] and "办事效率、服务态度" in lines[0]
    assert main([*args, "--level", "不满意"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "共 1 条评价"
    for bad, message in (
        (["--level", "7"], "--level 应为 1 至 5"),
        (["--source", "mail"], "--source 可选"),
    ):
        assert main([*args, *bad]) == 2
        assert message in capsys.readouterr().err
    wrong_date = ["--db", sqlite_url, "evaluation", "list", "--from", "11/01", "--to", "x"]
    assert main(wrong_date) == 2
    assert "日期格式应为 YYYY-MM-DD" in capsys.readouterr().err
    assert main(["--db", sqlite_url, "evaluation", "import", str(tmp_path / "none.csv")]) == 2
    assert "无法读取文件" in capsys.readouterr().err


def test_a_long_agency_name_is_kept_whole(hall: RatingHall, tmp_path: Path) -> None:
    agency = "连云港市营商环境第三方评估与社会满意度调查研究中心有限公司"
    row = ["2026-11-20", "03", "li", "", "满意", "", "", agency]
    hall.services.evaluations.import_file(hall.supervisor, _csv(tmp_path / "s.csv", [row]))
    (shown,) = hall.services.evaluations.list(hall.supervisor, TODAY.replace(day=1), TODAY)
    assert shown.source_label == f"第三方评价（{agency}）"
    too_long = [*row[:7], "某" * 101]
    with pytest.raises(CounterError, match="评价机构"):
        hall.services.evaluations.import_file(hall.supervisor, _csv(tmp_path / "t.csv", [too_long]))
