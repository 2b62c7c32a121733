"""A whole year as twelve month grids: days off red, make-up working days blue, weekends grey.

Keyboard: arrows move a day (up/down a week), PageUp/PageDown a month, Home/End the year's
first and last day; the chosen day is described by ``sig_day_changed`` for a label beside it.
"""

from __future__ import annotations

import calendar as months
from datetime import date, timedelta

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from counter_app.hall.calendar import YearPlan
from counter_app.hall.rules.working_days import DayKind
from counter_app.i18n import tr

WEEK = "一二三四五六日"
COLUMNS, ROWS = 4, 3  # months across and down
LINES = 8  # a month: its name, the weekday header, six weeks
FILL = {
    DayKind.HOLIDAY: (QColor("#f8d7da"), QColor("#a4001d")),
    DayKind.MAKEUP: (QColor("#d6e6ff"), QColor("#0b4f9c")),
    DayKind.WEEKEND: (QColor("#f2f2f2"), QColor("#6b6b6b")),
    DayKind.WORKDAY: (QColor("#ffffff"), QColor("#1a1a1a")),
}
KIND_LABELS = {
    DayKind.HOLIDAY: tr("放假"),
    DayKind.MAKEUP: tr("调休上班"),
    DayKind.WEEKEND: tr("周末休息"),
    DayKind.WORKDAY: tr("上班"),
}
_MOVES = {
    Qt.Key.Key_Left: -1,
    Qt.Key.Key_Right: 1,
    Qt.Key.Key_Up: -7,
    Qt.Key.Key_Down: 7,
}


def describe(plan: YearPlan, day: date) -> str:
    """ "2027-02-05 星期五：放假（春节）", and whether saving changes it."""
    kind = plan.kind(day)
    text = tr("{d} 星期{w}：{k}", d=day.isoformat(), w=WEEK[day.weekday()], k=KIND_LABELS[kind])
    note = plan.notes.get(day, "") if day in plan.days else ""
    if note:
        text += f"（{note}）"
    if day in plan.changed:
        text += tr(" · 本次保存")
    return text


class YearGridWidget(QWidget):
    """Paints ``plan``'s year; focusable, the chosen day framed."""

    sig_day_changed = Signal(str)
    """The chosen day described in words (``describe``), after every move."""

    def __init__(self, plan: YearPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plan = plan
        self.current = date(plan.year, 1, 1)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(tr("{y} 年日历", y=plan.year))

    def sizeHint(self) -> QSize:
        return QSize(1200, 560)

    def minimumSizeHint(self) -> QSize:
        return QSize(760, 420)

    def set_current(self, day: date) -> None:
        year = self._plan.year
        self.current = min(max(day, date(year, 1, 1)), date(year, 12, 31))
        self.sig_day_changed.emit(describe(self._plan, self.current))
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in _MOVES:
            self.set_current(self.current + timedelta(days=_MOVES[key]))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            step = -1 if key == Qt.Key.Key_PageUp else 1
            month = min(max(self.current.month + step, 1), 12)
            self.set_current(date(self._plan.year, month, 1))
        elif key == Qt.Key.Key_Home:
            self.set_current(date(self._plan.year, 1, 1))
        elif key == Qt.Key.Key_End:
            self.set_current(date(self._plan.year, 12, 31))
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        point = event.position()
        for month in range(1, 13):
            for day, rect in self._cells(month):
                if rect.contains(point):
                    self.setFocus()
                    self.set_current(day)
                    return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = QFont(self.font())
        for month in range(1, 13):
            self._paint_month(painter, month, base)
        painter.end()

    def _box(self, month: int) -> QRectF:
        gap = 12.0
        width = (self.width() - gap * (COLUMNS - 1)) / COLUMNS
        height = (self.height() - gap * (ROWS - 1)) / ROWS
        column, row = (month - 1) % COLUMNS, (month - 1) // COLUMNS
        return QRectF(column * (width + gap), row * (height + gap), width, height)

    def _cells(self, month: int) -> list[tuple[date, QRectF]]:
        box = self._box(month)
        cell_w, cell_h = box.width() / 7, box.height() / LINES
        cells = []
        for week_no, week in enumerate(months.Calendar().monthdayscalendar(self._plan.year, month)):
            for weekday, number in enumerate(week):
                if number:
                    rect = QRectF(
                        box.left() + weekday * cell_w, box.top() + (week_no + 2) * cell_h,
                        cell_w, cell_h,
                    )  # fmt: skip
                    cells.append((date(self._plan.year, month, number), rect))
        return cells

    def _paint_month(self, painter: QPainter, month: int, base: QFont) -> None:
        box = self._box(month)
        cell_w, cell_h = box.width() / 7, box.height() / LINES
        title = QFont(base)
        title.setBold(True)
        painter.setFont(title)
        painter.setPen(QColor("#1a1a1a"))
        painter.drawText(QRectF(box.left(), box.top(), box.width(), cell_h),
                         Qt.AlignmentFlag.AlignCenter, tr("{m}月", m=month))  # fmt: skip
        painter.setFont(base)
        painter.setPen(QColor("#555555"))
        for index, name in enumerate(WEEK):
            header = QRectF(box.left() + index * cell_w, box.top() + cell_h, cell_w, cell_h)
            painter.drawText(header, Qt.AlignmentFlag.AlignCenter, name)
        for day, rect in self._cells(month):
            self._paint_day(painter, day, rect.adjusted(1, 1, -1, -1))

    def _paint_day(self, painter: QPainter, day: date, rect: QRectF) -> None:
        fill, ink = FILL[self._plan.kind(day)]
        painter.fillRect(rect, fill)
        if day in self._plan.changed:  # what a save writes: a thin frame in the day's ink
            painter.setPen(QPen(ink, 1.2))
            painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.setPen(ink)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(day.day))
        if day == self.current:
            width = 3.0 if self.hasFocus() else 1.5
            painter.setPen(QPen(QColor("#000000"), width))
            painter.drawRect(rect)
