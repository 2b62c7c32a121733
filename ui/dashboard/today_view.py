"""今日: today's figures in large tiles, red/amber where a flag says so, with their source
and time. Refreshes itself every 30 s while shown, through the runner (never two loads at
once); a failed load keeps the last figures and says how old they are."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.reports.rules.views import TOTAL_KEY, By, Source, TodayFigures
from counter_app.reports.service import ReportService
from counter_app.supervision.rules.evaluation import Level
from ui.dashboard.models import DrillTarget
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

REFRESH_MS = 30_000
LEVEL_STYLE = {
    "": ("#f5f7fa", "#c9d3df", "#1a2b3c"),
    "amber": ("#fff4e0", "#e0a030", "#8a5a00"),
    "red": ("#fdecea", "#d9534f", "#b00020"),
}
# Which tile a flag colours (reports/rules/flags.py keys).
FLAG_TILES: dict[str, tuple[str, ...]] = {
    "longest_wait": ("longest",),
    "no_window": ("windows", "waiting"),
    "paused": ("windows",),
    "cases_overdue": ("overdue",),
    "cases_due_soon": ("due_soon",),
    "bad_reviews_overdue": ("bad_reviews",),
    "bad_reviews_today": ("evaluations",),
    "complaints_overdue": ("complaints",),
    "complaints_open": ("complaints",),
}


def _minutes(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds / 60:.0f}"


def local_time(source: Source, offset: timedelta) -> str:
    """The source's moment as the hall's local clock time."""
    return (source.at + offset).strftime("%H:%M:%S")


@dataclass(frozen=True)
class TileSpec:
    key: str
    group: str
    caption: str
    number: Callable[[TodayFigures], str]
    detail: Callable[[TodayFigures], str] = lambda _f: ""


def _waiting_detail(f: TodayFigures) -> str:
    return "　".join(tr("{c} {n} 人", c=w.name, n=w.waiting) for w in f.waiting) or tr("无人等候")


def _longest_detail(f: TodayFigures) -> str:
    worst = max(
        (w for w in f.waiting if w.longest_wait_s is not None),
        key=lambda w: w.longest_wait_s or 0,
        default=None,
    )
    return tr("{c}", c=worst.name) if worst is not None else ""


def _levels(f: TodayFigures) -> str:
    counts = f.evaluations_by_level
    return "　".join(f"{Level(k).label} {counts.get(k, 0)}" for k in (5, 4, 3, 2, 1))


QUEUE, CASES, CARE = tr("排队叫号"), tr("办件"), tr("评价与投诉")
TILES: tuple[TileSpec, ...] = (
    TileSpec("waiting", QUEUE, tr("等候人数"), lambda f: str(sum(w.waiting for w in f.waiting)),
             _waiting_detail),
    TileSpec("longest", QUEUE, tr("最长等候（分钟）"), lambda f: _minutes(f.longest_wait_s),
             _longest_detail),
    TileSpec("windows", QUEUE, tr("窗口 开放/暂停/服务中"),
             lambda f: f"{f.windows_open}/{f.windows_paused}/{f.windows_serving}"),
    TileSpec("issued", QUEUE, tr("已取号"), lambda f: str(f.tickets_issued)),
    TileSpec("served", QUEUE, tr("已办结"), lambda f: str(f.tickets_served)),
    TileSpec("no_show", QUEUE, tr("过号"), lambda f: str(f.tickets_no_show)),
    TileSpec("received", CASES, tr("今日受理"), lambda f: str(f.cases_received)),
    TileSpec("decided", CASES, tr("今日办结"), lambda f: str(f.cases_decided)),
    TileSpec("delivered", CASES, tr("今日送达"), lambda f: str(f.cases_delivered)),
    TileSpec("overdue", CASES, tr("超期办件"), lambda f: str(f.cases_overdue)),
    TileSpec("due_soon", CASES, tr("2 个工作日内到期"), lambda f: str(f.cases_due_soon)),
    TileSpec("evaluations", CARE, tr("今日评价"),
             lambda f: str(sum(f.evaluations_by_level.values())), _levels),
    TileSpec("bad_reviews", CARE, tr("差评待整改"), lambda f: str(f.bad_reviews_open),
             lambda f: tr("其中超期 {n} 件", n=f.bad_reviews_overdue)),
    TileSpec("complaints", CARE, tr("投诉未办结"), lambda f: str(f.complaints_open),
             lambda f: tr("其中超期 {n} 件", n=f.complaints_overdue)),
)  # fmt: skip


# Tiles with a list behind them (the period's drill-down for today): (kind, measure).
TILE_DRILLS: dict[str, tuple[str, str | None]] = {
    "issued": ("tickets", None),
    "served": ("tickets", "served"),
    "no_show": ("tickets", "no_show"),
    "received": ("cases", "received"),
    "delivered": ("cases", "delivered"),
    "evaluations": ("evaluations", None),
    "bad_reviews": ("bad_reviews", None),
    "complaints": ("open_complaints", None),
}


class Tile(QFrame):
    """One figure: a big number, its caption and a line of detail. A tile with a list behind
    it takes the focus (Tab) and opens it with Enter or a double click."""

    sig_activated = Signal()
    """The user asked for the list behind the figure."""

    def __init__(self, caption: str, parent: QWidget | None = None, drill: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.drill = drill
        if drill:
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.setToolTip(tr("按 Enter 或双击查看明细"))
        self.level = ""
        self.number = QLabel("—", self)
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = QLabel(caption, self)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QLabel("", self)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(2)
        layout.addWidget(self.number)
        layout.addWidget(self.caption)
        layout.addWidget(self.detail)
        self.set_level("")

    def show_value(self, number: str, detail: str, level: str) -> None:
        self.number.setText(number)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.set_level(level)

    def set_level(self, level: str) -> None:
        self.level = level
        background, border, colour = LEVEL_STYLE[level]
        self.setStyleSheet(
            f"QFrame#tile {{ background:{background}; border:2px solid {border};"
            " border-radius:6px; } QFrame#tile:focus { border:3px solid #1f5fbf; }"
        )
        self.number.setStyleSheet(f"font-size:26pt; font-weight:bold; color:{colour};")
        self.caption.setStyleSheet("font-size:11pt; color:#333;")
        self.detail.setStyleSheet("font-size:9pt; color:#555;")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.drill and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.sig_activated.emit()
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.drill:
            self.sig_activated.emit()
        super().mouseDoubleClickEvent(event)


def tile_levels(figures: TodayFigures) -> dict[str, str]:
    """red beats amber for a tile several flags colour."""
    levels: dict[str, str] = {}
    for flag in figures.flags:
        for key in FLAG_TILES.get(flag.key, ()):
            if levels.get(key) != "red":
                levels[key] = flag.level
    return levels


class TodayView(QWidget):
    sig_drill = Signal(object)
    """A DrillTarget for today's whole hall (a tile with a list behind it was opened)."""

    def __init__(
        self, reports: ReportService, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.reports, self.actor, self.runner = reports, actor, runner
        self.figures: TodayFigures | None = None
        self.loading = False
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.banner = BannerLabel(self)
        self.flags = QLabel(self)
        self.flags.setWordWrap(True)
        self.flags.setTextFormat(Qt.TextFormat.RichText)
        self.source = QLabel(tr("数据来源：—"), self)
        self.source.setStyleSheet("color:#444;")
        self.refresh_button = shortcut_button(tr("刷新"), "Ctrl+R", self)
        self.tiles: dict[str, Tile] = {}
        self._build()

    def _build(self) -> None:
        title = QLabel(tr("今日概况"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(16)
        head.addWidget(self.source, 1)
        head.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(self.flags)
        groups: dict[str, QGridLayout] = {}
        for spec in TILES:
            grid = groups.get(spec.group)
            if grid is None:
                box = QGroupBox(spec.group, self)
                grid = groups[spec.group] = QGridLayout(box)
                layout.addWidget(box)
            tile = self.tiles[spec.key] = Tile(spec.caption, self, spec.key in TILE_DRILLS)
            tile.sig_activated.connect(lambda s=spec: self._drill(s))
            grid.addWidget(tile, 0, grid.count())
        for grid in groups.values():
            for column in range(6):
                grid.setColumnStretch(column, 1)
        layout.addStretch(1)
        self.refresh_button.clicked.connect(self.refresh)

    def _drill(self, spec: TileSpec) -> None:
        kind, measure = TILE_DRILLS[spec.key]
        self.sig_drill.emit(
            DrillTarget(kind, measure, By.WINDOW, TOTAL_KEY, tr("今日全厅"), spec.caption)
        )

    # -- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Ask the runner for today's figures, unless a load is still under way."""
        if self.loading:
            return
        self.loading = True
        self.runner.run(lambda: self.reports.today(self.actor), self._loaded, self._failed)

    def _loaded(self, figures: TodayFigures) -> None:
        self.loading = False
        self.figures = figures
        self.banner.clear()
        levels = tile_levels(figures)
        for spec in TILES:
            self.tiles[spec.key].show_value(
                spec.number(figures), spec.detail(figures), levels.get(spec.key, "")
            )
        self._show_flags(figures)
        self.source.setText(
            tr(
                "数据来源：{s} · {t}（每 30 秒自动刷新）",
                s=figures.source.label,
                t=local_time(figures.source, self.reports.reader.offset),
            )
        )
        self.source.setStyleSheet("color:#444;")

    def _show_flags(self, figures: TodayFigures) -> None:
        if not figures.flags:
            self.flags.setText(tr("<span style='color:#1b5e20'>目前没有需要处理的事项</span>"))
            return
        colours = {"red": "#b00020", "amber": "#8a5a00"}
        parts = [
            f"<span style='color:{colours.get(f.level, '#333')}; font-weight:bold'>"
            f"● {f.text}</span>"
            for f in figures.flags
        ]
        self.flags.setText(tr("需要关注：") + "&nbsp;&nbsp;".join(parts))

    def _failed(self, exc: Exception) -> None:
        self.loading = False
        message = exc.message if isinstance(exc, CounterError) else str(exc)
        if self.figures is None:
            self.banner.show_error(tr("今日数据读取失败：{m}", m=message))
            return
        when = local_time(self.figures.source, self.reports.reader.offset)
        self.banner.show_error(tr("刷新失败：{m}。下面仍是 {t} 的数据", m=message, t=when))
        self.source.setText(
            tr("数据来源：{s} · {t}（未能更新）", s=self.figures.source.label, t=when)
        )
        self.source.setStyleSheet("color:#b00020;")

    # -- the timer runs only while the page is shown ------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.timer.isActive():
            self.timer.start()
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.timer.stop()
