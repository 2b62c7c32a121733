"""The self-service kiosk (R-Q-1, R-K-1): full screen, no frame, no way out but the staff PIN.

With a ``WalkInDesk`` (as ``main.py --mode kiosk`` starts it) the home page offers 取号,
查询办理进度, 评价 and 咨询与投诉 (walk_in.py wires them); without one it is the ticket kiosk
alone. Tickets: categories -> normal or priority -> (asked first when many wait) -> the ticket.
Back home after 30 s without a touch, counting down on screen in the last 10 s.
A burst of touches issues one ticket: a tap is ignored
while a request runs or within ``DEBOUNCE_MS`` of the last, and every request of one visit
carries the same request id, so the service returns the first ticket again.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.queue.rules.policy import MAX_KIOSK_CHOICES, should_confirm
from counter_app.queue.rules.tickets import CategoryView, IssuedTicket, Priority, WaitEstimate
from db.errors import DatabaseProblem
from ui.kiosk.pages import Choice, ChoicePage, TicketPage, confirm_text
from ui.kiosk.pin_page import PinPage
from ui.kiosk.read_aloud import Speaker
from ui.kiosk.walk_in import WalkInPages
from ui.tasks import Runner

if TYPE_CHECKING:
    from counter_app.kiosk.walk_in import WalkInDesk
    from counter_app.queue.service import QueueService

IDLE_MS = 30_000
DEBOUNCE_MS = 800
COLOURS = ("#1565c0", "#2e7d32", "#6a1b9a", "#c62828", "#ef6c00", "#00838f")
_TOUCH = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress}


class KioskWindow(QWidget):
    def __init__(
        self,
        queue: QueueService,
        runner: Runner,
        hall_name: str,
        many: int,
        desk: WalkInDesk | None = None,
        speaker: Speaker | None = None,
    ) -> None:
        super().__init__()
        self._queue, self._runner, self._many = queue, runner, many
        # No exit PIN yet: no lock-down (a frame, closable), and the screen says how to set one.
        self.locked_down = desk is None or desk.has_pin()
        if self.locked_down:
            self.setWindowFlags(
                Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint
            )
        self.setStyleSheet("background: #f4f7fb;")
        self.request_id = ""
        self.unlocked = False
        self._busy, self._last_tap = False, 0.0
        self._category: CategoryView | None = None
        self._categories: list[CategoryView] = []
        self.pages = QStackedWidget(self)
        self.choice = ChoicePage()
        self.ticket_page = TicketPage(self.go_home)
        self.pin_page = PinPage(self._on_pin, self.go_home)
        for page in (self.choice, self.ticket_page, self.pin_page):
            self.pages.addWidget(page)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setTimerType(Qt.TimerType.PreciseTimer)  # the countdown reads its time left
        self.idle.setInterval(IDLE_MS)
        self.idle.timeout.connect(self.go_home)
        # Degraded (central down): try the central every 15 s, so that the tickets issued
        # meanwhile go back to the hall's queue without waiting for the next touch.
        self.reconnect_timer = QTimer(self)
        self.reconnect_timer.setInterval(15_000)
        self.reconnect_timer.timeout.connect(self._reconnect_if_degraded)
        self.reconnect_timer.start()
        self._layout(hall_name)
        self.walk_in = None if desk is None else WalkInPages(self, desk, runner, speaker)
        self.go_home()

    def _reconnect_if_degraded(self) -> None:
        if self._queue.degraded:
            self._runner.run(self._queue.reconnect, lambda _ok: None, lambda _exc: None)

    def _layout(self, hall_name: str) -> None:
        header = QHBoxLayout()
        title = QLabel(hall_name or tr("知识产权服务大厅"))
        title.setStyleSheet("font-size: 30pt; font-weight: bold; color: #0d2b5c;")
        title.setWordWrap(True)  # a narrow portrait screen: the name takes two lines
        staff = QPushButton(tr("工作人员"))
        staff.setStyleSheet("font-size: 14pt; color: #607d8b; border: none;")
        staff.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        staff.clicked.connect(self._on_staff)
        header.addWidget(title, 1)
        self.header = header
        header.addWidget(staff)
        self.message = QLabel("")
        self.message.setStyleSheet("font-size: 26pt; color: #b00020;")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)
        # The pages' own layouts never push the window past the screen (the layout test
        # checks that nothing is cut off instead).
        self.pages.setMinimumSize(320, 320)
        self.footer = layout

    # -- idle, debounce --------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _TOUCH:
            self.idle.start()
        if self.walk_in is not None and event.type() == QEvent.Type.KeyPress:
            return self.walk_in.key(cast(QKeyEvent, event))
        return False

    def _tap_allowed(self) -> bool:
        now = time.monotonic()
        if self._busy or (now - self._last_tap) * 1000 < DEBOUNCE_MS:
            return False
        self._last_tap = now
        return True

    # -- pages ------------------------------------------------------------------------
    def go_home(self) -> None:
        self.request_id = f"kiosk-{uuid.uuid4()}"
        self._category = None
        self.message.setText("")
        if self.walk_in is not None:
            self.walk_in.home()
            return
        self.take_ticket()

    def take_ticket(self) -> None:
        self.message.setText("")
        self._runner.run(self._queue.kiosk_categories, self._show_categories, self._failed)

    def take_ticket_in(self, code: str) -> None:
        """取号 in one category (the guide's button): straight to its priority question; the
        categories to choose from when that one is not offered now."""
        self.message.setText("")

        def chosen(categories: list[CategoryView]) -> None:
            found = next((c for c in categories if c.code == code), None)
            if found is None:
                self._show_categories(categories)
                return
            self._last_tap = 0.0  # the guide's tap was not a ticket tap
            self._on_category(found)
            self.pages.setCurrentWidget(self.choice)
            self.idle.start()

        self._runner.run(self._queue.kiosk_categories, chosen, self._failed)

    def _show_categories(self, categories: list[CategoryView]) -> None:
        home = self.walk_in is not None  # a way back home takes the sixth place
        self._categories = categories[: MAX_KIOSK_CHOICES - (1 if home else 0)]
        choices: list[Choice] = [
            (c.name, COLOURS[i % len(COLOURS)], self._chooser(c))
            for i, c in enumerate(self._categories)
        ]
        if home:
            choices.append((tr("返回首页"), "#546e7a", self.go_home))
        self.choice.set_choices(tr("请选择办理的业务"), "", choices)
        self.pages.setCurrentWidget(self.choice)
        self.idle.start()

    def _chooser(self, category: CategoryView) -> Callable[[], None]:
        return lambda: self._on_category(category)

    def _on_category(self, category: CategoryView) -> None:
        if not self._tap_allowed():
            return
        self._category = category
        choices: list[Choice] = [
            (tr("普通取号"), "#1565c0", lambda: self._on_priority(Priority.NORMAL)),
            (tr("老年人（65岁以上）"), "#2e7d32", lambda: self._on_priority(Priority.ELDERLY)),
            (tr("残疾人"), "#2e7d32", lambda: self._on_priority(Priority.DISABLED)),
            (tr("已预约"), "#6a1b9a", lambda: self._on_priority(Priority.APPOINTMENT)),
            (tr("返回"), "#607d8b", self.go_home),
        ]
        self.choice.set_choices(category.name, tr("是否需要优先服务？"), choices)

    def _on_priority(self, priority: Priority) -> None:
        if self._category is None or not self._tap_allowed():
            return
        code = self._category.code
        self._busy = True
        self._runner.run(
            lambda: self._queue.preview(code),
            lambda est: self._after_preview(est, priority),
            self._failed,
        )

    def _after_preview(self, estimate: WaitEstimate, priority: Priority) -> None:
        self._busy = False
        if not should_confirm(estimate, self._many):
            self._issue(priority)
            return
        choices: list[Choice] = [
            (tr("仍然取号"), "#1565c0", lambda: self._on_confirmed(priority)),
            (tr("返回"), "#607d8b", self.go_home),
        ]
        self.choice.set_choices(tr("请确认"), confirm_text(estimate), choices)

    def _on_confirmed(self, priority: Priority) -> None:
        if self._tap_allowed():
            self._issue(priority)

    def _issue(self, priority: Priority) -> None:
        if self._category is None:
            return
        code, request = self._category.code, self.request_id
        self._busy = True
        self._runner.run(
            lambda: self._queue.issue(code, priority, request), self._on_issued, self._failed
        )

    def _on_issued(self, issued: IssuedTicket) -> None:
        self._busy = False
        printed = issued.print_submitted or issued.repeated
        self.ticket_page.show_ticket(issued, printed, self._queue.printer is not None)
        self.pages.setCurrentWidget(self.ticket_page)
        self.idle.start(15_000)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        if isinstance(exc, CounterError | DatabaseProblem):
            self.message.setText(exc.message)
        else:
            self.message.setText(tr("暂时无法取号，请联系工作人员"))
            raise exc

    # -- staff exit -------------------------------------------------------------------
    def _on_staff(self) -> None:
        self.pin_page.reset()
        self.pages.setCurrentWidget(self.pin_page)
        self.idle.start()

    def _on_pin(self, pin: str) -> None:
        self._runner.run(lambda: self._queue.check_kiosk_pin(pin), self._pin_checked, self._failed)

    def _pin_checked(self, ok: bool) -> None:
        if not ok:
            self.pin_page.show_wrong()
            return
        self.unlocked = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.unlocked or not self.locked_down:
            event.accept()
        else:
            event.ignore()  # Alt+F4 and friends do nothing; staff leave by PIN
