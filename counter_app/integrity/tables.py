"""Reading an integrity file export: CSV (UTF-8 with or without BOM, or GBK) or XLSX, the first
row the Chinese column headers. A file that cannot be read is one clear message."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from counter_app.core.errors import CounterError
from counter_app.i18n import tr

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000

KIND, NAME, CODE = "主体类型", "名称", "证件号码/统一社会信用代码"
CATEGORY, DOC, AUTHORITY = "失信类别", "认定文书", "认定机关"
DECIDED, STARTS, ENDS, REPAIR, NOTE = "认定日期", "开始日期", "结束日期", "修复状态", "备注"
COLUMNS = (KIND, NAME, CODE, CATEGORY, DOC, AUTHORITY, DECIDED, STARTS, ENDS, REPAIR, NOTE)
REQUIRED = (KIND, NAME, CODE, CATEGORY, DOC, DECIDED, STARTS)
# Headers other exports use for the same column.
ALIASES = {
    "证件号码": CODE,
    "统一社会信用代码": CODE,
    "证件号码/统一社会信用代码": CODE,
    "证件号码或统一社会信用代码": CODE,
}

Cell = str | date | None


@dataclass(frozen=True)
class Table:
    """The rows of a file by column header; ``number`` is the row's line in the file."""

    rows: tuple[tuple[int, dict[str, Cell]], ...]


def _cell(value: Any) -> Cell:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(raw: list[Any]) -> list[str]:
    names = [str(v).strip().lstrip("\ufeff") if v is not None else "" for v in raw]
    names = [ALIASES.get(n.replace(" ", ""), n) for n in names]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise CounterError(
            tr(
                "文件第1行应为列名，缺少：{m}。应有的列：{c}",
                m="、".join(missing),
                c="、".join(COLUMNS),
            ),
            "file",
        )
    seen = [n for n in names if n]
    doubled = sorted({n for n in seen if seen.count(n) > 1})
    if doubled:
        raise CounterError(tr("列名重复：{d}", d="、".join(doubled)), "file")
    return names


def _table(lines: list[list[Any]]) -> Table:
    if not lines:
        raise CounterError(tr("文件是空的"), "file")
    header = _header(lines[0])
    rows = []
    for number, raw in enumerate(lines[1:], start=2):
        values = [_cell(v) for v in raw]
        if not any(v not in (None, "") for v in values):
            continue  # a blank line
        if len(values) > len(header) and any(v not in (None, "") for v in values[len(header) :]):
            raise CounterError(tr("第{r}行的列数比列名多，请检查分隔符或引号", r=number), "file")
        row = {name: values[i] if i < len(values) else None for i, name in enumerate(header)}
        rows.append((number, row))
        if len(rows) > MAX_ROWS:
            raise CounterError(tr("一次最多导入 {n} 行，请分批导入", n=MAX_ROWS), "file")
    if not rows:
        raise CounterError(tr("文件中只有列名，没有数据行"), "file")
    return Table(tuple(rows))


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise CounterError(tr("文件不是 UTF-8 或 GBK 编码的文本（CSV），请另存为 CSV UTF-8"), "file")


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise CounterError(tr("CSV 文件格式有误（{e}），请检查引号", e=exc), "file") from None
    return _table([list(line) for line in lines])


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook  # only the import needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise CounterError(
            tr("{f} 不是有效的 XLSX 工作簿，请用 Excel 或 WPS 另存为 .xlsx", f=path.name), "file"
        ) from None
    try:
        sheet = book.worksheets[0]
        lines = []
        for line in sheet.iter_rows(values_only=True):
            lines.append(list(line))
            if len(lines) > MAX_ROWS + 1:
                raise CounterError(tr("一次最多导入 {n} 行，请分批导入", n=MAX_ROWS), "file")
    finally:
        book.close()
    return _table(lines)


def read_table(path: Path) -> Table:
    """The file's rows; CounterError (field "file") when it cannot be used."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".txt"):
        hint = tr("（.xls 请先另存为 .xlsx）") if suffix == ".xls" else ""
        raise CounterError(tr("只能导入 CSV 或 XLSX 文件{h}", h=hint), "file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CounterError(tr("文件过大（超过 20 MB），请分批导入"), "file")
        if suffix == ".xlsx":
            return _read_xlsx(path)
        return _read_csv(path.read_bytes())
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CounterError(tr("无法读取文件 {f}：{e}", f=path, e=reason), "file") from None
