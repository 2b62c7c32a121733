"""The period's charts (QtCharts): served per hour of day, stacked per window (bars), and the
waits over the days (median and P90 lines), both from ``ReportService.series``."""

from __future__ import annotations

from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from counter_app.i18n import tr
from counter_app.reports.rules.periods import minutes
from counter_app.reports.rules.views import Series

PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
)  # fmt: skip


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont()
    font.setPointSize(11)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    small = QFont()
    small.setPointSize(9)
    chart.legend().setFont(small)
    return chart


def _axis_font() -> QFont:
    font = QFont()
    font.setPointSize(9)
    return font


def nice_max(value: float) -> float:
    """A round upper bound for an axis (at least 1)."""
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step * 5:
            return float(step * ((int(value) // step) + 1))
    return float(value * 1.1)


class HourChart(QChartView):
    """Served per local hour of day, one stacked bar set per window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(200)
        self.hours: list[int] = []
        self.windows: list[str] = []
        self.show_series(None)

    def show_series(self, series: Series | None) -> None:
        chart = _chart(tr("各时段办结人次（按窗口）"))
        points = series.by_hour if series is not None else ()
        self.hours = sorted({p.hour for p in points})
        self.windows = sorted({p.window for p in points})
        if not self.hours:
            chart.setTitle(tr("各时段办结人次：本期没有数据"))
            self.setChart(chart)
            return
        served = {(p.window, p.hour): p.served for p in points}
        bars = QStackedBarSeries()
        for n, window in enumerate(self.windows):
            name = tr("{w} 号", w=window) if window else tr("无窗口")
            bar = QBarSet(name)
            bar.setColor(QColor(PALETTE[n % len(PALETTE)]))
            bar.append([float(served.get((window, h), 0)) for h in self.hours])
            bars.append(bar)
        chart.addSeries(bars)
        x = QBarCategoryAxis()
        x.append([tr("{h}时", h=h) for h in self.hours])
        x.setLabelsFont(_axis_font())
        y = QValueAxis()
        top = max(sum(served.get((w, h), 0) for w in self.windows) for h in self.hours)
        y.setRange(0, nice_max(top))
        y.applyNiceNumbers()
        y.setLabelFormat("%d")
        y.setLabelsFont(_axis_font())
        y.setTitleText(tr("人次"))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x)
        bars.attachAxis(y)
        chart.legend().setVisible(len(self.windows) > 1)
        self.setChart(chart)


def _moment(day: date) -> QDateTime:
    return QDateTime(day.year, day.month, day.day, 12, 0, 0)


class WaitChart(QChartView):
    """The median and P90 wait of each day, in minutes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumHeight(200)
        self.days: list[date] = []
        self.show_series(None)

    def show_series(self, series: Series | None) -> None:
        chart = _chart(tr("每日等候时间（分钟）"))
        points = [p for p in (series.by_day if series is not None else ()) if p.served]
        self.days = [p.day for p in points]
        if not points:
            chart.setTitle(tr("每日等候时间：本期没有数据"))
            self.setChart(chart)
            return
        top = 0.0
        for name, colour, attr in (
            (tr("中位数"), "#1f77b4", "wait_median_s"),
            (tr("P90"), "#d62728", "wait_p90_s"),
        ):
            line = QLineSeries()
            line.setName(name)
            line.setColor(QColor(colour))
            line.setPointsVisible(len(points) < 40)
            for p in points:
                m = minutes(getattr(p, attr))
                if m is not None:
                    line.append(float(_moment(p.day).toMSecsSinceEpoch()), m)
                    top = max(top, m)
            chart.addSeries(line)
        x = QDateTimeAxis()
        x.setFormat("MM-dd")
        x.setLabelsFont(_axis_font())
        first, last = _moment(points[0].day), _moment(points[-1].day)
        if first == last:  # one day: a day either side so the point is not on the frame
            first, last = first.addDays(-1), last.addDays(1)
        x.setRange(first.addSecs(-6 * 3600), last.addSecs(6 * 3600))
        x.setTickCount(min(max(len(points), 2), 8))
        y = QValueAxis()
        y.setRange(0, nice_max(top))
        y.applyNiceNumbers()
        y.setLabelFormat("%.0f")
        y.setLabelsFont(_axis_font())
        y.setTitleText(tr("分钟"))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in chart.series():
            s.attachAxis(x)
            s.attachAxis(y)
        self.setChart(chart)


__all__ = ["HourChart", "WaitChart", "nice_max"]
