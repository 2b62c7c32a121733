"""The period's tables as a real .xlsx (openpyxl): one sheet per view, numbers and dates as
cells, a title row with the hall, the period, who and when, the header frozen, widths that
fit Chinese text."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from counter_app.i18n import tr
from counter_app.reports.rules.columns import columns_for, display_width, value
from counter_app.reports.rules.views import PeriodTable

SHEET_NAMES = {"window": "窗口", "staff": "工作人员", "item": "事项", "category": "业务类别"}
HEADER_ROW = 3
BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDE7F3")


def write_xlsx(path: Path, hall: str, tables: list[PeriodTable], who: str, when: datetime) -> None:
    """Write ``tables`` (one per view) to ``path``; ``when`` is local time, shown as is."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        _sheet(book, hall, table, who, when)
    book.properties.title = tr("{h} 窗口服务统计", h=hall)
    book.properties.creator = who
    book.save(path)


def _sheet(book: Workbook, hall: str, table: PeriodTable, who: str, when: datetime) -> None:
    sheet = book.create_sheet(SHEET_NAMES[table.by.value])
    columns = columns_for(table.by)
    sheet.cell(1, 1, tr("{h} 窗口服务统计（按{v}）", h=hall, v=table.by.label)).font = Font(
        bold=True, size=13
    )
    meta: list[tuple[str, date | datetime | str]] = [
        (tr("开始"), table.start),
        (tr("结束"), table.end),
        (tr("导出人"), who),
        (tr("导出时间"), when.replace(tzinfo=None)),
        (tr("数据来源"), table.source.label),
    ]
    col = 1
    for label, item in meta:
        sheet.cell(2, col, label)
        cell = sheet.cell(2, col + 1, item)
        if isinstance(item, datetime):
            cell.number_format = "yyyy-mm-dd hh:mm"
        elif isinstance(item, date):
            cell.number_format = "yyyy-mm-dd"
        col += 2
    headers = [table.by.label, *(c.header for c in columns)]
    for j, header in enumerate(headers, 1):
        cell = sheet.cell(HEADER_ROW, j, header)
        cell.font, cell.fill = BOLD, HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [display_width(h) for h in headers]
    r = HEADER_ROW
    for row in (*table.rows, table.total):
        r += 1
        sheet.cell(r, 1, row.label)
        widths[0] = max(widths[0], display_width(row.label))
        for j, column in enumerate(columns, 2):
            v = value(row, column)
            cell = sheet.cell(r, j, v)
            if column.unit == "pct":
                cell.number_format = "0.0%"
            elif column.unit == "min":
                cell.number_format = "0.0"
            widths[j - 1] = max(widths[j - 1], len(str(v)))
        if row is table.total:
            for j in range(1, len(headers) + 1):
                sheet.cell(r, j).font = BOLD
    for j, w in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(j)].width = min(max(w, 6) + 2, 40)
    sheet.column_dimensions["B"].width = max(sheet.column_dimensions["B"].width, 12)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 2)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{r}"
