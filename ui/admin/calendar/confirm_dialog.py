"""The confirmation before a year's arrangement is saved: the year as a calendar, its counts,
and where it differs from today's calendar. Enter saves, Esc cancels."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.hall.calendar import YearPlan
from counter_app.hall.rules.working_days import DayKind
from counter_app.i18n import tr
from ui.admin.calendar.year_grid import FILL, KIND_LABELS, YearGridWidget, describe
from ui.admin.common import dialog_buttons


def _swatch(kind: DayKind) -> QLabel:
    fill, ink = FILL[kind]
    label = QLabel(KIND_LABELS[kind])
    label.setStyleSheet(
        f"background:{fill.name()}; color:{ink.name()}; padding:2px 10px; border:1px solid #ccc;"
    )
    return label


def summary(plan: YearPlan) -> str:
    """ "放假 33 天，调休上班 6 天（其余周一至周五上班）"."""
    days = [date for date in plan.days if date.year == plan.year]
    off = sum(1 for day in days if plan.kind(day) is DayKind.HOLIDAY)
    makeup = sum(1 for day in days if plan.kind(day) is DayKind.MAKEUP)
    return tr("放假 {o} 天，调休上班 {m} 天（其余日期周一至周五上班）", o=off, m=makeup)


class YearConfirmDialog(QDialog):
    """``plan`` shown on a calendar; ``notes`` are lines above it (differences, what is saved)."""

    def __init__(
        self,
        plan: YearPlan,
        heading: str,
        ok_text: str,
        notes: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(heading)
        self.plan = plan
        self.heading = QLabel(f"<b>{heading}</b>")
        self.summary = QLabel(summary(plan))
        self.notes = QLabel("\n".join(notes))
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(notes))
        self.grid = YearGridWidget(plan, self)
        self.day = QLabel(describe(plan, self.grid.current))
        self.grid.sig_day_changed.connect(self.day.setText)
        legend = QHBoxLayout()
        for kind in (DayKind.HOLIDAY, DayKind.MAKEUP, DayKind.WEEKEND, DayKind.WORKDAY):
            legend.addWidget(_swatch(kind))
        hint = tr("方向键逐日、PageUp/PageDown 换月查看")
        keys = QLabel(hint + (tr("；带框的日期为本次保存的") if plan.changed else ""))
        keys.setStyleSheet("color:#555;")
        legend.addWidget(keys, 1)
        self.buttons = dialog_buttons(self, ok_text, self.accept)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.summary, self.notes):
            layout.addWidget(widget)
        layout.addLayout(legend)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.day)
        layout.addWidget(self.buttons)
        self.grid.setFocus()
