"""The kiosk's pages: big touch buttons (at least 15 mm, text 24 pt and up), six at most."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import tr
from counter_app.queue.rules.policy import MAX_KIOSK_CHOICES
from counter_app.queue.rules.tickets import IssuedTicket, WaitEstimate

BUTTON_STYLE = (
    "QPushButton { font-size: %dpt; font-weight: bold; color: white; background: %s;"
    " border-radius: 18px; padding: 12px; }"
    "QPushButton:pressed { background: #0b3d91; }"
)
TITLE_STYLE = "font-size: 40pt; font-weight: bold; color: #0d2b5c;"
TEXT_STYLE = "font-size: 28pt; color: #1a1a1a;"
Choice = tuple[str, str, Callable[[], None]]  # text, colour, action
NARROW = 900  # a page narrower than this (portrait 768) shows its choices in one column


def big_button(text: str, colour: str, action: Callable[[], None], size: int = 32) -> QPushButton:
    button = QPushButton(text)
    button.setStyleSheet(BUTTON_STYLE % (size, colour))
    button.setMinimumSize(300, 130)  # well over 15 mm at a touch screen's 96-120 dpi
    button.setMaximumHeight(230)  # tall screens: buttons grow, then the space goes around them
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(action)
    return button


def label(text: str, style: str = TEXT_STYLE) -> QLabel:
    widget = QLabel(text)
    widget.setStyleSheet(style)
    widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
    widget.setWordWrap(True)
    return widget


class ChoicePage(QWidget):
    """A title, an optional line of text and up to six large buttons in two columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("", TITLE_STYLE)
        self.text = label("")
        self._grid = QGridLayout()
        self._grid.setSpacing(28)
        self.buttons: list[QPushButton] = []
        self._columns = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 10, 60, 10)
        # Tall screens: the buttons grow to their limit, then the page centres (no bunching).
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(self._grid, 8)
        layout.addStretch(1)

    def set_choices(self, title: str, text: str, choices: Sequence[Choice], size: int = 32) -> None:
        if len(choices) > MAX_KIOSK_CHOICES:
            raise ValueError("a kiosk page shows at most six choices")
        self.title.setText(title)
        self.text.setText(text)
        self.text.setVisible(bool(text))
        for button in self.buttons:
            self._grid.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.buttons = [big_button(t, colour, action, size) for t, colour, action in choices]
        self._columns = 0
        self._place()

    def _place(self) -> None:
        """Two columns when there are more than two choices and room for two (not on a narrow
        portrait screen, where one column of wide buttons reads better)."""
        columns = 1 if len(self.buttons) <= 2 or self.width() < NARROW else 2
        if columns == self._columns:
            return
        self._columns = columns
        for button in self.buttons:
            self._grid.removeWidget(button)
        for index, button in enumerate(self.buttons):
            self._grid.addWidget(button, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()


class TicketPage(QWidget):
    """The issued ticket: number huge, people ahead, the wait range, the printer's news."""

    def __init__(self, on_done: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = label(tr("您的号码"), TITLE_STYLE)
        self.number = label("", "font-size: 120pt; font-weight: bold; color: #b71c1c;")
        self.details = label("")
        self.print_note = label("")
        self.done = big_button(tr("完成"), "#2e7d32", on_done)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(60, 30, 60, 30)
        for widget in (self.heading, self.number, self.details, self.print_note):
            layout.addWidget(widget)
        layout.addWidget(self.done, 0, Qt.AlignmentFlag.AlignHCenter)

    def show_ticket(self, issued: IssuedTicket, printed: bool, has_printer: bool = True) -> None:
        ticket, est = issued.ticket, issued.estimate
        self.number.setText(ticket.number)
        self.details.setText(
            tr(
                "{c}　前面还有 {n} 人\n预计等候：{w}\n取号时间 {t}",
                c=ticket.category_name,
                n=est.people_ahead,
                w=est.text,
                t=ticket.issued_at.astimezone().strftime("%H:%M"),
            )
        )
        if printed or not has_printer:
            self.print_note.setStyleSheet(TEXT_STYLE)
            note = tr("请取走号票，留意叫号") if printed else tr("请记下您的号码，留意叫号")
            self.print_note.setText(note)
        else:
            self.print_note.setStyleSheet("font-size: 28pt; font-weight: bold; color: #b00020;")
            self.print_note.setText(tr("号票未能打印！请记下号码，到服务台出示此屏幕领取号票"))


def confirm_text(estimate: WaitEstimate) -> str:
    if not estimate.known:
        return tr("目前没有窗口办理该业务，等候时间暂无法估计。\n仍要取号吗？")
    return tr(
        "前面还有 {n} 人，预计等候 {w}。\n仍要取号吗？", n=estimate.people_ahead, w=estimate.text
    )
