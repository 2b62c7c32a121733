"""改进报告 (standard 8.4.2) and other supervision summaries: an A4 report of numbered sections,
each with lines of text, tables and an optional small vector bar chart, then who printed it.

The renderer prints what it is given: the caller chooses the sections, words and figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from printers.pdf.blocks import Cell, heading, list_table, section
from printers.pdf.fonts import ensure_font
from printers.pdf.models import PrintBase
from printers.pdf.page import PageDecor, body_width, build_pdf
from printers.pdf.text import cn_datetime, para

WIDTH = body_width()
SERIES_COLOURS = (colors.Color(0.18, 0.42, 0.72), colors.Color(0.7, 0.7, 0.7))
CHART_HEIGHT = 52 * mm


@dataclass(frozen=True)
class ReportTable:
    """A table with a header row; ``widths`` are shares of the page width (they sum to 1)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    aligns: tuple[str, ...] = ()  # "", "center" or "right" per column
    caption: str = ""
    empty: str = "（无）"  # printed instead of a table without rows


@dataclass(frozen=True)
class BarChart:
    """Grouped bars: one group per label, one bar per series (at most two series)."""

    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (name, one value per label)


@dataclass(frozen=True)
class ReportSection:
    title: str
    lines: tuple[str, ...] = ()
    tables: tuple[ReportTable, ...] = ()
    chart: BarChart | None = None
    side_by_side: bool = False  # the tables in one row (small breakdowns)


@dataclass(frozen=True, kw_only=True)
class SupervisionReport(PrintBase):
    title: str  # 改进报告
    subtitle: str  # 2026年11月（2026-11-01 至 2026-11-30）
    sections: tuple[ReportSection, ...]
    printed_by: str
    printed_at: datetime  # local time of the printing


def _table(table: ReportTable, width: float = WIDTH) -> list[Flowable]:
    """The caption and the table; ``width`` other than the page's: the shares are scaled to
    fill it (a table in a row of tables)."""
    out: list[Flowable] = []
    if table.caption:
        out.append(para(table.caption, "cell"))
    if not table.rows:
        return [*out, para(table.empty, "cell"), Spacer(1, 2 * mm)]
    rows: list[list[Cell]] = [list(r) for r in table.rows]
    scale = 1.0 if width == WIDTH else 1 / sum(table.widths)
    widths = [width * share * scale for share in table.widths]
    built = list_table(table.header, rows, widths, table.aligns)
    built.hAlign = "LEFT"
    return [*out, built, Spacer(1, 3 * mm)]


def _in_a_row(tables: tuple[ReportTable, ...]) -> Table:
    gap = 5 * mm
    column = (WIDTH - gap * (len(tables) - 1)) / len(tables)
    cells = [_table(t, column) for t in tables]
    widths = [column + (gap if i < len(tables) - 1 else 0) for i in range(len(tables))]
    row = Table([cells], colWidths=widths, hAlign="LEFT")
    row.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), ensure_font()),  # else Helvetica is referenced
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-2, -1), gap),
            ]
        )
    )
    return row


def bar_chart(chart: BarChart, width: float = WIDTH * 0.8) -> Drawing:
    """A small vector chart on the embedded font (title, bars with values, legend)."""
    font = ensure_font()
    drawing = Drawing(width, CHART_HEIGHT)
    drawing.initialFontName = font  # else the renderer starts on Helvetica (not embedded)
    drawing.add(String(0, CHART_HEIGHT - 10, chart.title, fontName=font, fontSize=9.5))
    bars = VerticalBarChart()
    bars.x, bars.y = 28, 22
    bars.width, bars.height = width - 150, CHART_HEIGHT - 42
    bars.data = [list(values) for _name, values in chart.series] or [[0] * len(chart.labels)]
    top = max((v for _n, values in chart.series for v in values), default=0)
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = max(4, int(top * 1.2) + 1)
    bars.valueAxis.valueStep = max(1, bars.valueAxis.valueMax // 4)
    bars.valueAxis.labels.fontName = font
    bars.valueAxis.labels.fontSize = 7.5
    bars.categoryAxis.categoryNames = list(chart.labels)
    bars.categoryAxis.labels.fontName = font
    bars.categoryAxis.labels.fontSize = 8
    bars.barLabelFormat = "%d"
    bars.barLabels.fontName = font
    bars.barLabels.fontSize = 7
    bars.barLabels.nudge = 6
    bars.groupSpacing = 8
    for index, colour in enumerate(SERIES_COLOURS[: len(bars.data)]):
        bars.bars[index].fillColor = colour
        bars.bars[index].strokeColor = colour
    drawing.add(bars)
    legend = Legend()
    legend.x, legend.y = width - 110, CHART_HEIGHT - 30
    legend.fontName, legend.fontSize = font, 8
    legend.alignment = "right"
    legend.colorNamePairs = list(
        zip(SERIES_COLOURS, [name for name, _v in chart.series], strict=False)
    )
    drawing.add(legend)
    return drawing


def _section(number: int, part: ReportSection) -> list[Flowable]:
    head: list[Flowable] = [section(f"{_NUMERALS[number]}、{part.title}")]
    body: list[Flowable] = [para(line, "indent") for line in part.lines]
    if part.lines:
        body.append(Spacer(1, 2 * mm))
    if part.side_by_side and len(part.tables) > 1:
        body += [_in_a_row(part.tables), Spacer(1, 3 * mm)]
    else:
        for table in part.tables:
            body.extend(_table(table))
    if part.chart is not None:
        body.append(bar_chart(part.chart))
    first = body[:2]  # a title never ends a page alone
    return [KeepTogether(head + first), *body[2:]]


_NUMERALS = ("〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


def render_supervision_report(doc: SupervisionReport) -> bytes:
    """PDF bytes: heading, subtitle, the numbered sections, who printed it and when."""
    story: list[Flowable] = [*heading(doc, doc.title), para(doc.subtitle, "number")]
    story.append(Spacer(1, 3 * mm))
    for number, part in enumerate(doc.sections, start=1):
        story.extend(_section(number, part))
    printed = f"打印人：{doc.printed_by}　　打印时间：{cn_datetime(doc.printed_at)}"
    story += [Spacer(1, 6 * mm), para(printed, "right")]
    decor = PageDecor(
        barcode=doc.number,
        qr_payload=doc.qr_payload,
        qr_lines=(f"{doc.title}：{doc.subtitle}", printed),
        reprinted_at=doc.reprinted_at,
        title=f"{doc.title} {doc.number}",
    )
    return build_pdf(story, decor)
