"""Third-party evaluation surveys (8.2.1) imported from CSV or XLSX, all rows or none.

Columns (by their header, any order): 日期, 窗口, 工作人员 (username or display name),
事项 (item number, optional), 评价等级 (words or 1-5), 原因 (optional, words separated by 、
or commas), 意见 (optional), 评价机构 (the third party). CSV as UTF-8 (with or without BOM)
or GBK as Excel saves it in China. Any bad row refuses the whole file with the row and the
column named; nothing is saved. Each row's key is ``x:<digest of the file>:<row>``, so the
same file imported again adds nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select

from counter_app.audit import trail as audit
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.i18n import tr
from counter_app.supervision.rules.evaluation import COMMENT_MAX, Source
from counter_app.supervision.rules.rating import (
    clean_comment,
    import_key,
    level_from_text,
    reasons_from_text,
)
from db.engine import Database
from db.ids import utc_now
from db.models.catalog import CatalogItem
from db.models.staff import Staff
from db.models.supervision import Evaluation

MAX_BYTES = 5_000_000
MAX_ROWS = 20_000
MAX_CELL = 1_000
AGENCY_MAX = 100  # the evaluation's ``rater_org``
REQUIRED = ("日期", "窗口", "工作人员", "评价等级", "评价机构")
OPTIONAL = ("事项", "原因", "意见")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(\s.*)?$")
_WINDOW = re.compile(r"^([0-9A-Za-z]{1,3})\s*(号窗口|号|窗口)?$")


@dataclass(frozen=True)
class ImportReport:
    batch: str
    rows: int  # data rows in the file
    added: int  # new evaluations saved
    already: int  # rows imported before (the same file again)


def _bad(row: int, column: str, why: str) -> CounterError:
    return CounterError(tr("第 {r} 行“{c}”：{w}", r=row, c=column, w=why), "file")


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CounterError(tr("文件太大（超过 5 MB），请分批导入"), "file")
        return path.read_bytes()
    except OSError as exc:
        raise CounterError(
            tr("无法读取文件 {f}：{e}", f=path.name, e=exc.strerror), "file"
        ) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise CounterError(tr("无法读取该 XLSX 文件，文件可能已损坏"), "file") from None
    try:
        sheet = book.worksheets[0]
        out: list[list[str]] = []
        for index, cells in enumerate(sheet.iter_rows(), start=1):
            if index > MAX_ROWS + 1:
                raise CounterError(tr("行数太多（超过 {n} 行），请分批导入", n=MAX_ROWS), "file")
            row = []
            for cell in cells:
                if getattr(cell, "data_type", "") == "f":
                    raise CounterError(
                        tr("第 {r} 行有公式，请先在表格软件中“粘贴为数值”再导入", r=index), "file"
                    )
                row.append(_cell_text(cell.value))
            out.append(row)
        return out
    finally:
        book.close()


def _csv_rows(data: bytes) -> list[list[str]]:
    if b"\x00" in data:
        raise CounterError(tr("文件不是 CSV 或 XLSX 表格"), "file")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string without NUL
        raise CounterError(tr("无法识别文件的文字编码（应为 UTF-8 或 GBK）"), "file")
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise CounterError(tr("CSV 文件格式有误：{e}", e=exc), "file") from None


def read_table(path: Path) -> tuple[bytes, list[list[str]]]:
    data = _read(path)
    if not data.strip():
        raise CounterError(tr("文件是空的"), "file")
    suffix = path.suffix.lower()
    if suffix == ".xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CounterError(tr("只能导入 CSV 或 XLSX 文件（旧版 .xls 请另存为 .xlsx）"), "file")
    if data.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise CounterError(tr("无法读取该 XLSX 文件，文件可能已损坏"), "file")
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(data)
    rows = [r for r in rows if any(c.strip() for c in r)]
    if len(rows) > MAX_ROWS + 1:
        raise CounterError(tr("行数太多（超过 {n} 行），请分批导入", n=MAX_ROWS), "file")
    return data, rows


def _columns(header: list[str]) -> dict[str, int]:
    names = [h.strip().lstrip("\ufeff") for h in header]
    found = {name: names.index(name) for name in (*REQUIRED, *OPTIONAL) if name in names}
    missing = [name for name in REQUIRED if name not in found]
    if missing:
        raise CounterError(tr("第 1 行应为列名，缺少：{m}", m="、".join(missing)), "file")
    return found


class _Row:
    def __init__(self, number: int, cells: list[str], columns: dict[str, int]) -> None:
        self.number, self._cells, self._columns = number, cells, columns

    def get(self, column: str) -> str:
        index = self._columns.get(column)
        value = self._cells[index] if index is not None and index < len(self._cells) else ""
        if len(value) > MAX_CELL:
            raise _bad(self.number, column, tr("内容过长（超过 {n} 字）", n=MAX_CELL))
        if value.startswith("="):
            raise _bad(self.number, column, tr("不能是公式，请填写数值或文字"))
        return value.strip()

    def fail(self, column: str, why: str) -> CounterError:
        return _bad(self.number, column, why)


def _day(row: _Row, today: date) -> date:
    text = row.get("日期")
    match = _DATE.match(text)
    try:
        day = date(int(match[1]), int(match[2]), int(match[3])) if match else None
    except ValueError:
        day = None
    if day is None:
        raise row.fail("日期", tr("“{t}”不是日期，应如 2026-11-28", t=text[:20]))
    if day > today:
        raise row.fail("日期", tr("{d} 晚于今天", d=day.isoformat()))
    return day


def _staff(row: _Row, staff: dict[str, str], names: dict[str, list[str]]) -> str:
    text = row.get("工作人员")
    if text in staff:
        return text
    users = names.get(text, [])
    if len(users) == 1:
        return users[0]
    if len(users) > 1:
        raise row.fail("工作人员", tr("有多位名为“{n}”的工作人员，请填用户名", n=text))
    raise row.fail("工作人员", tr("没有名为“{n}”的工作人员", n=text[:20] or tr("（空）")))


def _evaluation(row: _Row, ctx: _Context) -> Evaluation:
    window = _WINDOW.match(row.get("窗口"))
    if window is None:
        raise row.fail("窗口", tr("应为窗口号，如 03"))
    level = level_from_text(row.get("评价等级"))
    if level is None:
        raise row.fail(
            "评价等级", tr("应为 非常满意、满意、基本满意、不满意、非常不满意 或 5 至 1")
        )
    reasons = reasons_from_text(row.get("原因"))
    if reasons is None:
        raise row.fail("原因", tr("有不认识的原因，可选：办事效率、服务水平、服务态度等"))
    item_text = row.get("事项")
    item = int(item_text) if item_text.isdigit() and len(item_text) <= 3 else None
    if item_text and (item is None or item not in ctx.items):
        raise row.fail("事项", tr("“{t}”不是目录中的事项序号", t=item_text[:20]))
    comment = clean_comment(row.get("意见"))
    if len(comment) > COMMENT_MAX:
        raise row.fail("意见", tr("不能超过 {n} 字", n=COMMENT_MAX))
    agency = clean_comment(row.get("评价机构"))
    if not agency or len(agency) > AGENCY_MAX:
        raise row.fail("评价机构", tr("请填写评价机构名称（至多 {n} 字）", n=AGENCY_MAX))
    return Evaluation(
        service_key=import_key(ctx.batch, row.number),
        source=Source.THIRD_PARTY.value,
        level=int(level),
        reasons=reasons,
        comment=comment,
        business_date=_day(row, ctx.today),
        rated_at=utc_now(),
        window_no=window[1],
        staff=_staff(row, ctx.staff, ctx.names),
        item_no=item,
        rater_org=agency,
        batch=ctx.batch,
    )


@dataclass
class _Context:
    batch: str
    today: date
    staff: dict[str, str]
    names: dict[str, list[str]]
    items: set[int]


def import_file(
    database: Database, actor: Actor, path: Path, today: Callable[[], date]
) -> ImportReport:
    require(actor, Role.SUPERVISOR)
    data, table = read_table(Path(path))
    if len(table) < 2:
        raise CounterError(tr("文件中没有评价数据（第 1 行为列名，从第 2 行起每行一条）"), "file")
    batch = hashlib.sha256(data).hexdigest()[:32]
    columns = _columns(table[0])
    with database.read() as session:
        staff = {u: n for u, n in session.execute(select(Staff.username, Staff.display_name))}
        items = set(session.scalars(select(CatalogItem.number)).all())
    names: dict[str, list[str]] = {}
    for username, name in staff.items():
        names.setdefault(name, []).append(username)
    ctx = _Context(batch, today(), staff, names, items)
    rows = [_evaluation(_Row(n, cells, columns), ctx) for n, cells in enumerate(table[1:], 2)]
    with database.write() as session:
        keys = [r.service_key for r in rows]
        known = set(
            session.scalars(select(Evaluation.service_key).where(Evaluation.batch == batch)).all()
        )
        fresh = [r for r in rows if r.service_key not in known]
        session.add_all(fresh)
        audit.record(
            session,
            actor.username,
            "evaluation_import",
            "evaluation",
            batch,
            after={"file": Path(path).name[:100], "rows": len(keys), "added": len(fresh)},
        )
    return ImportReport(batch, len(rows), len(fresh), len(rows) - len(fresh))
