"""The Queue tab (R-Q-2): call, recall, no-show, transfer, finish on F1..F5, the rest on F6..F9;
the window's current ticket always in large type at the top."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.queue.rules.tickets import (
    CategoryView,
    TicketState,
    TicketView,
    WindowState,
    WindowView,
)
from counter_app.queue.service import WindowStatus
from db.errors import DatabaseProblem
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

PAUSE_REASONS = (tr("午休"), tr("临时离开"), tr("系统故障"), tr("业务培训"))


def current_text(ticket: TicketView | None) -> str:
    if ticket is None:
        return tr("无（按 F1 叫号）")
    recalls = tr("（已重呼 {n} 次）", n=ticket.recall_count) if ticket.recall_count else ""
    return tr(
        "{n}  {c}  {s}{r}", n=ticket.number, c=ticket.category_name, s=ticket.state.label, r=recalls
    )


class QueuePanel(QWidget):
    sig_current_changed = Signal(str)
    """Emitted with the current ticket's text whenever it changes (for a status bar)."""

    def __init__(self, services: Services, actor: Actor, runner: Runner) -> None:
        super().__init__()
        self._queue, self._actor, self._runner = services.queue, actor, runner
        self.status: WindowStatus | None = None
        self.banner = BannerLabel(self)
        self.window_box = QComboBox(self)
        self.window_state = QLabel(self)
        self.current = QLabel(tr("当前：{t}", t=current_text(None)), self)
        self.current.setStyleSheet("font-size: 28pt; font-weight: bold; color: #0d47a1;")
        self.waiting = QLabel(self)
        self.reason_box = QComboBox(self)
        self.reason_box.setEditable(True)
        self.reason_box.addItems(PAUSE_REASONS)
        self.target_box = QComboBox(self)
        self.number_edit = QLineEdit(self)
        self.number_edit.setPlaceholderText(tr("输入或扫描号码，如 A012，回车叫号"))
        self.number_edit.returnPressed.connect(self._on_call_number)
        self.degraded_label = QLabel(self)
        self.degraded_label.setWordWrap(True)
        self.degraded_label.setStyleSheet(
            "background: #fff3cd; color: #7a4f01; padding: 6px; font-weight: bold;"
        )
        self.degraded_label.hide()
        self._was_degraded = False
        self.held = QListWidget(self)
        self.failed = QListWidget(self)
        self.buttons: dict[str, QPushButton] = {}
        self._build()
        self._load_windows()
        # The degraded mode shows within a second of the sync finding the central gone.
        self._degraded_timer = QTimer(self)
        self._degraded_timer.timeout.connect(self._show_degraded)
        self._degraded_timer.start(1000)

    # -- layout ----------------------------------------------------------------------
    def _button(self, name: str, text: str, keys: str, slot: Callable[[], None]) -> QPushButton:
        button = shortcut_button(text, keys, self)
        button.setMinimumHeight(44)
        button.clicked.connect(slot)
        self.buttons[name] = button
        return button

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("本窗口：")))
        top.addWidget(self.window_box)
        top.addWidget(self._button("open", tr("开窗"), "Ctrl+O", self._on_open))
        top.addWidget(self.window_state, 1)
        top.addWidget(self.reason_box)
        top.addWidget(self._button("pause", tr("暂停/恢复"), "F9", self._on_pause_toggle))
        grid = QGridLayout()
        specs = [
            ("next", tr("叫下一位"), "F1", self._on_next),
            ("recall", tr("重呼"), "F2", lambda: self._act(self._queue.recall)),
            ("no_show", tr("过号"), "F3", lambda: self._act(self._queue.no_show)),
            ("transfer", tr("转移"), "F4", self._on_transfer),
            ("finish", tr("办结"), "F5", lambda: self._act(self._queue.finish)),
            ("start", tr("开始办理"), "F6", lambda: self._act(self._queue.start_service)),
            ("hold", tr("暂挂"), "F7", lambda: self._act(self._queue.hold)),
            ("call_back", tr("回呼暂挂号"), "F8", self._on_call_back),
        ]
        for index, (name, text, key, slot) in enumerate(specs):
            grid.addWidget(self._button(name, text, key, slot), index // 4, index % 4)
        by_number = QHBoxLayout()
        by_number.addWidget(QLabel(tr("按号码叫号（F10）：")))
        by_number.addWidget(self.number_edit, 1)
        focus = QShortcut(QKeySequence("F10"), self)
        focus.activated.connect(self.number_edit.setFocus)
        transfer = QHBoxLayout()
        transfer.addWidget(QLabel(tr("转到（选好后按 F4）：")))
        transfer.addWidget(self.target_box, 1)
        lists = QHBoxLayout()
        lists.addLayout(self._titled(tr("暂挂的号（选中后按 F8 回呼）"), self.held))
        handed = self._button("handed", tr("确认已交号票"), "Ctrl+H", self._on_handed_over)
        lists.addLayout(self._titled(tr("打印失败的号票"), self.failed, handed))
        layout = QVBoxLayout(self)
        for part in (self.banner, self.degraded_label, self.current, self.waiting):
            layout.addWidget(part)
        layout.insertLayout(1, top)
        layout.addLayout(grid)
        layout.addLayout(by_number)
        layout.addLayout(transfer)
        layout.addLayout(lists, 1)
        self.window_box.currentIndexChanged.connect(lambda _i: self.reload())

    @staticmethod
    def _titled(title: str, widget: QWidget, extra: QWidget | None = None) -> QVBoxLayout:
        box = QVBoxLayout()
        box.addWidget(QLabel(title))
        box.addWidget(widget)
        if extra is not None:
            box.addWidget(extra)
        return box

    # -- data ------------------------------------------------------------------------
    @property
    def window_no(self) -> str:
        return str(self.window_box.currentData() or "")

    @property
    def current_ticket_id(self) -> uuid.UUID | None:
        """The ticket now at this window (reception links the cases it receives to it)."""
        return self.status.current.id if self.status and self.status.current else None

    def _load_windows(self) -> None:
        """The windows and categories, read through the runner; then this window's status."""
        queue = self._queue
        self._runner.run(
            lambda: (queue.windows(), queue.categories(include_inactive=False)),
            self._on_windows,
            self._failed,
        )

    def _on_windows(self, loaded: tuple[list[WindowView], list[CategoryView]]) -> None:
        windows, categories = loaded
        self.window_box.blockSignals(True)
        for w in windows:
            self.window_box.addItem(w.label, w.number)
        mine = next((w.number for w in windows if w.staff == self._actor.username), "")
        preferred = self._actor.window_no or mine
        if preferred and (index := self.window_box.findData(preferred)) >= 0:
            self.window_box.setCurrentIndex(index)
        self.window_box.blockSignals(False)
        self.target_box.clear()
        for w in windows:
            self.target_box.addItem(tr("{w}（窗口）", w=w.label), f"window:{w.number}")
        for c in categories:
            self.target_box.addItem(tr("{c} {n}（类别）", c=c.code, n=c.name), f"category:{c.code}")
        if not windows:
            self.banner.show_error(
                tr("还没有设置窗口：请管理员用 counter-admin queue window-set 设置")
            )
        self.reload()

    def reload(self) -> None:
        if not self.window_no:
            return
        self._runner.run(
            lambda: self._queue.window_status(self.window_no), self._show, self._failed
        )

    def _show(self, status: WindowStatus) -> None:
        self.status = status
        self._show_degraded()
        text = current_text(status.current)
        self.current.setText(tr("当前：{t}", t=text))
        self.sig_current_changed.emit(text)
        state = status.window.state
        extra = f"（{status.window.pause_reason}）" if state is WindowState.PAUSED else ""
        self.window_state.setText(tr("状态：{s}{e}", s=state.label, e=extra))
        self.waiting.setText(tr("本窗口可叫等候：{n} 人", n=status.waiting_for_window))
        self._fill(self.held, status.held)
        self._fill(self.failed, status.print_failed)

    def _show_degraded(self) -> None:
        """The amber line, shown and hidden as the central goes and comes (no I/O here: the
        text is made once per change)."""
        degraded = self._queue.degraded
        if degraded == self._was_degraded:
            return
        self._was_degraded = degraded
        if degraded:
            self.degraded_label.setText(
                tr(
                    "应急叫号：中心数据库暂时连不上。本机发的号从本机号段起（如 A{s}001）；"
                    "其他号请按顾客所持号码叫号（输入或扫描后回车）。恢复后自动并回中心。",
                    s=self._queue.reserved_slot(),
                )
            )
        self.degraded_label.setVisible(degraded)

    def _on_call_number(self) -> None:
        number, window = self.number_edit.text().strip(), self.window_no
        if not number:
            self.banner.show_error(tr("请输入或扫描号码"))
            return

        def called(ticket: TicketView) -> str:
            self.number_edit.clear()
            return tr("已叫 {n}", n=ticket.number)

        self._run(lambda: self._queue.call_number(self._actor, window, number), called)

    @staticmethod
    def _fill(widget: QListWidget, tickets: tuple[TicketView, ...]) -> None:
        widget.clear()
        for t in tickets:
            item = QListWidgetItem(f"{t.number}  {t.category_name}")
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            widget.addItem(item)
        if tickets:
            widget.setCurrentRow(0)

    # -- actions ---------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], message: Callable[[Any], str]) -> None:
        def done(result: Any) -> None:
            self.banner.show_info(message(result))
            self.reload()

        self._runner.run(work, done, self._failed)

    def _failed(self, exc: Exception) -> None:
        self._show_degraded()
        if isinstance(exc, CounterError | DatabaseProblem):
            self.banner.show_error(exc.message)
        else:
            raise exc

    def _current_id(self) -> uuid.UUID | None:
        current = self.status.current if self.status else None
        if current is None:
            self.banner.show_error(tr("本窗口当前没有号，请先按 F1 叫号"))
            return None
        return current.id

    def _act(self, action: Callable[[Actor, str, uuid.UUID], TicketView]) -> None:
        ticket_id, window = self._current_id(), self.window_no
        if ticket_id is not None:
            self._run(lambda: action(self._actor, window, ticket_id), self._done_text)

    @staticmethod
    def _done_text(ticket: TicketView) -> str:
        if ticket.state is TicketState.WAITING and ticket.target_window:
            return tr("{n} 已转到 {w} 号窗口", n=ticket.number, w=ticket.target_window)
        return tr("{n}：{s}", n=ticket.number, s=ticket.state.label)

    def _on_next(self) -> None:
        window = self.window_no

        def said(ticket: TicketView | None) -> str:
            return tr("已叫 {n}", n=ticket.number) if ticket else tr("当前没有等候的号")

        self._run(lambda: self._queue.call_next(self._actor, window), said)

    def _on_transfer(self) -> None:
        ticket_id, window = self._current_id(), self.window_no
        data = str(self.target_box.currentData() or "")
        if ticket_id is None:
            return
        if ":" not in data:
            self.banner.show_error(tr("请先在“转到”中选择窗口或类别"))
            return
        kind, value = data.split(":", 1)
        to_window, to_category = (value, "") if kind == "window" else ("", value)
        self._run(
            lambda: self._queue.transfer(self._actor, window, ticket_id, to_window, to_category),
            self._done_text,
        )

    def _selected(self, widget: QListWidget) -> uuid.UUID | None:
        item = widget.currentItem()
        value = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        return value if isinstance(value, uuid.UUID) else None

    def _on_call_back(self) -> None:
        ticket_id, window = self._selected(self.held), self.window_no
        if ticket_id is None:
            self.banner.show_error(tr("没有暂挂的号"))
            return
        self._run(lambda: self._queue.call_back(self._actor, window, ticket_id), self._done_text)

    def _on_handed_over(self) -> None:
        ticket_id = self._selected(self.failed)
        if ticket_id is not None:
            self._run(
                lambda: self._queue.confirm_handed_over(self._actor, ticket_id),
                lambda t: tr("{n} 已确认交给申请人，恢复排队", n=t.number),
            )

    def _on_open(self) -> None:
        window = self.window_no
        self._run(
            lambda: self._queue.open_window(self._actor, window),
            lambda w: tr("{w} 已开窗", w=w.label),
        )

    def _on_pause_toggle(self) -> None:
        window, reason = self.window_no, self.reason_box.currentText()
        paused = self.status is not None and self.status.window.state is WindowState.PAUSED
        if paused:
            self._run(
                lambda: self._queue.resume_window(self._actor, window),
                lambda w: tr("{w} 已恢复服务", w=w.label),
            )
        else:
            self._run(
                lambda: self._queue.pause_window(self._actor, window, reason),
                lambda w: tr("{w} 已暂停：{r}", w=w.label, r=w.pause_reason),
            )
