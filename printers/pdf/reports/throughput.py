"""窗口服务统计报表: an A4 landscape report — the hall's heading, the period, who printed it
and when, vector charts (reportlab.graphics) and the tables, with the font embedded.

The renderer prints what it is given (plain strings and numbers); the caller chooses the
tables, the words and the figures."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from printers.pdf.fonts import ensure_font
from printers.pdf.text import cn_datetime, para

PAGE = landscape(A4)
MARGIN = 12 * mm
WIDTH = PAGE[0] - 2 * MARGIN
BLUE = colors.Color(0.18, 0.42, 0.72)
GREY = colors.Color(0.6, 0.6, 0.6)
PALETTE = (BLUE, colors.Color(0.85, 0.45, 0.15), colors.Color(0.3, 0.6, 0.3), GREY)


@dataclass(frozen=True)
class DocTable:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the last one printed bold when ``total`` is set
    total: bool = True


@dataclass(frozen=True)
class Chart:
    """Bars (one group per label, a bar per series) or lines (a line per series)."""

    title: str
    kind: str  # bar | line
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str = ""


@dataclass(frozen=True)
class ThroughputReport:
    hall: str
    title: str
    period: str
    printed_by: str
    printed_at: datetime
    source: str
    charts: tuple[Chart, ...]
    tables: tuple[DocTable, ...]


def _chart(chart: Chart, font: str, width: float, height: float) -> Drawing:
    drawing = Drawing(width, height, initialFontName=font)
    drawing.add(String(0, height - 12, chart.title, fontName=font, fontSize=10))
    plot = VerticalBarChart() if chart.kind == "bar" else HorizontalLineChart()
    plot.x, plot.y = 36, 30
    plot.width, plot.height = width - 60, height - 70
    plot.data = [values or (0,) for _, values in chart.series]
    plot.categoryAxis.categoryNames = list(chart.labels) or [""]
    plot.categoryAxis.labels.fontName = font
    plot.categoryAxis.labels.fontSize = 7
    if len(chart.labels) > 14:
        plot.categoryAxis.labels.angle = 45
        plot.categoryAxis.labels.boxAnchor = "ne"
    plot.valueAxis.labels.fontName = font
    plot.valueAxis.labels.fontSize = 7
    plot.valueAxis.valueMin = 0
    for i in range(len(chart.series)):
        if chart.kind == "bar":
            plot.bars[i].fillColor = PALETTE[i % len(PALETTE)]
            plot.bars[i].strokeColor = None
        else:
            plot.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
            plot.lines[i].strokeWidth = 1.5
    drawing.add(_in_font(plot.draw(), font))
    if len(chart.series) > 1:
        legend = Legend()
        legend.x, legend.y = width - 150, height - 8
        legend.fontName, legend.fontSize = font, 7
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.colorNamePairs = [
            (PALETTE[i % len(PALETTE)], name) for i, (name, _) in enumerate(chart.series)
        ]
        drawing.add(_in_font(legend.draw(), font))
    if chart.unit:
        drawing.add(String(0, height - 26, chart.unit, fontName=font, fontSize=7))
    return drawing


def _in_font(node: Group, font: str) -> Group:
    """Every text of a drawn widget in the embedded font (some labels of reportlab's charts
    keep the standard Helvetica, which is never embedded)."""
    for child in node.contents:
        if isinstance(child, Group):
            _in_font(child, font)
        elif isinstance(child, String):
            child.fontName = font
    return node


def _table(table: DocTable, font: str) -> list[Flowable]:
    first = max(38 * mm, min(60 * mm, WIDTH * 0.2))
    rest = (WIDTH - first) / max(1, len(table.header) - 1)
    head = ParagraphStyle("th", fontName=font, fontSize=7, leading=8.5, alignment=TA_CENTER)
    data = [
        [Paragraph(escape(h), head) for h in table.header],
        *[list(r) for r in table.rows],
    ]
    out = LongTable(data, colWidths=[first, *[rest] * (len(table.header) - 1)], repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), font, 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.87, 0.91, 0.95)),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.25, GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if table.total and table.rows:
        style.append(("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.95, 0.95, 0.95)))
    out.setStyle(TableStyle(style))
    return [para(table.title, "section"), Spacer(1, 2 * mm), out]


def render(report: ThroughputReport) -> bytes:
    """The report as PDF bytes."""
    font = ensure_font()
    buffer = io.BytesIO()

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.drawString(
            MARGIN,
            7 * mm,
            f"{report.hall} · {report.period} · 打印：{report.printed_by} "
            f"{cn_datetime(report.printed_at)}",
        )
        canvas.drawRightString(PAGE[0] - MARGIN, 7 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=14 * mm,
        title=report.title,
        author=report.printed_by,
        initialFontName=font,  # no standard (never embedded) Helvetica in the file
    )
    story: list[Flowable] = [
        para(report.hall, "heading"),
        para(report.title, "title"),
        para(
            f"统计时段：{report.period}　　数据来源：{report.source}　　"
            f"打印人：{report.printed_by}　　打印时间：{cn_datetime(report.printed_at)}",
            "small",
        ),
        Spacer(1, 4 * mm),
    ]
    story += _charts(report.charts, font)
    for i, table in enumerate(report.tables):
        if i:
            story.append(PageBreak())
        story += _table(table, font)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _charts(charts: Sequence[Chart], font: str) -> list[Flowable]:
    out: list[Flowable] = []
    per_row = 2
    width = (WIDTH - 6 * mm) / per_row
    for i in range(0, len(charts), per_row):
        row = [_chart(c, font, width, 62 * mm) for c in charts[i : i + per_row]]
        holder = LongTable([row], colWidths=[width + 3 * mm] * len(row))
        holder.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), font)])
        )
        out.append(KeepTogether([holder, Spacer(1, 3 * mm)]))
    if out:
        out.append(PageBreak())
    return out
