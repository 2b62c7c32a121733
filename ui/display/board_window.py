"""The hall board (R-Q-3): readable from 10 m on a 1920x1080 TV.

Sizes follow the screen height H: the current number is H/5 tall (at least the H/8 UX.md asks
for), the window line H/10, recent calls and counts H/18, the notice H/22.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.i18n import tr
from counter_app.queue.rules.tickets import BoardView, CallView, EventKind
from ui.display.marquee import MarqueeLabel

BACKGROUND, FLASH = "#0b1d3a", "#8e1b1b"
MAX_RECENT = 7


def recent_calls(board: BoardView) -> list[CallView]:
    """Earlier calls, newest first, one line per ticket, without the one shown large."""
    seen = {board.calls[0].number} if board.calls else set()
    out = []
    for call in board.calls[1:]:
        if call.number not in seen:
            seen.add(call.number)
            out.append(call)
    return out[:MAX_RECENT]


def _label(colour: str = "white", bold: bool = True) -> QLabel:
    widget = QLabel("")
    widget.setStyleSheet(f"color: {colour}; background: transparent;")
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    font = widget.font()
    font.setBold(bold)
    widget.setFont(font)
    return widget


def _pixel_font(widget: QWidget, pixels: int) -> None:
    font = QFont(widget.font())
    font.setPixelSize(max(8, pixels))
    widget.setFont(font)


class BoardWindow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.FramelessWindowHint)
        self.setAutoFillBackground(True)
        self.hall = _label("#ffd54f")
        self.clock = _label("white", bold=False)
        self.stale = _label("#ffffff")
        self.stale.setStyleSheet("color: white; background: #c62828; padding: 6px;")
        self.stale.hide()
        self.number = _label("#ffeb3b")
        self.call_line = _label("white")
        self.recent_title = _label("#90caf9")
        self.recent_title.setText(tr("最近叫号"))
        self.recent = [(_label("#ffeb3b"), _label("white")) for _ in range(MAX_RECENT)]
        self.waiting = _label("#c8e6c9", bold=False)
        self.waiting.setWordWrap(True)
        self.notice = MarqueeLabel(self)
        self._flash = QTimer(self)
        self._flash.setSingleShot(True)
        self._flash.timeout.connect(lambda: self._set_background(BACKGROUND))
        self._build()
        self._set_background(BACKGROUND)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._update_clock)
        self._tick.start(1000)
        self._update_clock()
        self.last_board: BoardView | None = None

    def _build(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.hall, 3)
        header.addWidget(self.clock, 2)
        current = QVBoxLayout()
        current.addStretch(1)
        current.addWidget(self.number)
        current.addWidget(self.call_line)
        current.addStretch(1)
        recent = QGridLayout()
        recent.addWidget(self.recent_title, 0, 0, 1, 2)
        for row, (number, window) in enumerate(self.recent, start=1):
            recent.addWidget(number, row, 0)
            recent.addWidget(window, row, 1)
        body = QHBoxLayout()
        body.addLayout(current, 3)
        body.addLayout(recent, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.addLayout(header)
        layout.addWidget(self.stale)
        layout.addLayout(body, 1)
        layout.addWidget(self.waiting)
        layout.addWidget(self.notice)

    def resizeEvent(self, event: QResizeEvent) -> None:
        height = max(1, event.size().height())
        _pixel_font(self.number, height // 5)
        _pixel_font(self.call_line, height // 10)
        for widget in (self.hall, self.clock, self.stale):
            _pixel_font(widget, height // 20)
        for number, window in self.recent:
            _pixel_font(number, height // 18)
            _pixel_font(window, height // 18)
        _pixel_font(self.recent_title, height // 22)
        _pixel_font(self.waiting, height // 22)
        _pixel_font(self.notice, height // 22)
        super().resizeEvent(event)

    def _set_background(self, colour: str) -> None:
        self.setStyleSheet(f"BoardWindow {{ background: {colour}; }}")
        palette = self.palette()
        palette.setColor(self.backgroundRole(), colour)
        self.setPalette(palette)

    def _update_clock(self) -> None:
        now = datetime.now()
        weekday = "一二三四五六日"[now.weekday()]
        self.clock.setText(
            tr(
                "{d}  星期{w}  {t}",
                d=now.strftime("%Y-%m-%d"),
                w=weekday,
                t=now.strftime("%H:%M:%S"),
            )
        )

    def show_board(self, board: BoardView) -> None:
        newest = board.calls[0] if board.calls else None
        previous = (
            self.last_board.calls[0].seq if self.last_board and self.last_board.calls else None
        )
        self.last_board = board
        self.hall.setText(board.hall_name or tr("知识产权服务大厅"))
        if newest is None:
            self.number.setText(tr("欢迎"))
            self.call_line.setText(tr("请取号后留意叫号"))
        else:
            self.number.setText(newest.number)
            again = tr("（重呼）") if newest.kind is EventKind.RECALL else ""
            self.call_line.setText(tr("请到 {w} 号窗口{a}", w=newest.window, a=again))
        earlier = recent_calls(board)
        for index, (number, window) in enumerate(self.recent):
            call = earlier[index] if index < len(earlier) else None
            number.setText(call.number if call else "")
            window.setText(tr("{w} 号窗口", w=call.window) if call else "")
        counts = "    ".join(f"{c.prefix} {c.name} {n}人" for c, n in board.waiting)
        self.waiting.setText(tr("等候人数：{c}", c=counts))
        self.notice.set_text(board.notice)
        if newest is not None and previous is not None and newest.seq != previous:
            self._set_background(FLASH)
            self._flash.start(1500)

    def set_stale(self, since: datetime | None) -> None:
        """Show (or hide, with ``None``) that the data is not current."""
        if since is None:
            self.stale.hide()
            return
        self.stale.setText(
            tr("数据未更新：与数据库的连接自 {t} 起中断，正在重连……", t=since.strftime("%H:%M:%S"))
        )
        self.stale.show()
