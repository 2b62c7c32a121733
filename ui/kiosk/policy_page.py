"""政策与资助 at the kiosk (from 办事指南): the information window's policies, rights-protection
aid and subsidies, read-only in large text. One question per screen: which of the three, then
its entries (title and text) in an area that scrolls by touch, and 返回."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QScroller, QStackedWidget, QVBoxLayout, QWidget

from counter_app.core.errors import CounterError
from counter_app.hall.info import INFO_KINDS
from counter_app.i18n import tr
from counter_app.kiosk.guide import POLICY_KINDS
from db.errors import DatabaseProblem
from ui.kiosk.pages import TITLE_STYLE, Choice, ChoicePage, big_button, label
from ui.kiosk.steps import DETAILS_STYLE, OneAtATime
from ui.tasks import Runner

if TYPE_CHECKING:
    from counter_app.hall.info import InfoView
    from counter_app.kiosk.guide import KioskGuide

TITLE = tr("政策与资助")
BACK = "#546e7a"
COLOURS = {"policy": "#1565c0", "aid": "#c62828", "subsidy": "#2e7d32"}
NONE_YET = tr("暂无相关信息，请到信息窗口咨询")
UNAVAILABLE = tr("暂时无法读取，请到信息窗口咨询")


def entries_html(entries: Sequence[InfoView]) -> str:
    """Titles bold, each text under its title; a link shown as its address (no browser)."""
    parts = []
    for entry in entries:
        body = html.escape(entry.body.strip()).replace("\n", "<br>")
        link = f"<br>{tr('网址：')}{html.escape(entry.url)}" if entry.url else ""
        parts.append(f"<p><b>{html.escape(entry.title)}</b><br>{body}{link}</p>")
    return "".join(parts)


class ReadStep(QWidget):
    """A heading, the entries in a touch-scrolled area, 返回."""

    def __init__(self, on_back: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label("", TITLE_STYLE)
        self.text = label("", DETAILS_STYLE)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setWidget(self.text)
        self.area.setStyleSheet("QScrollArea { border: none; background: transparent; }")
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(
            self.area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        self.back = big_button(tr("返回"), BACK, on_back, size=26)
        self.back.setMinimumSize(240, 96)
        self.back.setMaximumHeight(130)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 6, 40, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.back, 0, Qt.AlignmentFlag.AlignHCenter)

    def show_entries(self, title: str, entries: Sequence[InfoView], empty: str = NONE_YET) -> None:
        self.title.setText(title)
        self.text.setText(entries_html(entries) if entries else html.escape(empty))
        self.area.verticalScrollBar().setValue(0)


class PolicyPage(QStackedWidget):
    def __init__(
        self,
        guide: KioskGuide | None,
        runner: Runner,
        on_back: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._guide, self._runner, self._back = guide, OneAtATime(runner), on_back
        self.entries: list[InfoView] = []
        self.choice, self.read = ChoicePage(), ReadStep(self._kinds)
        for step in (self.choice, self.read):
            self.addWidget(step)

    def start(self) -> None:
        guide = self._guide
        if guide is None:
            self._show([])
            return
        self._runner.run(guide.policies, self._show, self._failed)

    def _show(self, entries: list[InfoView]) -> None:
        self.entries = entries
        self._kinds()

    def _kinds(self) -> None:
        """The three kinds, each with how many entries it has (an empty one says so)."""
        choices: list[Choice] = [
            (self._kind_text(kind), COLOURS[kind], self._reader(kind)) for kind in POLICY_KINDS
        ]
        choices.append((tr("返回"), BACK, self._back))
        self.choice.set_choices(TITLE, tr("请选择要了解的内容"), choices)
        self.setCurrentWidget(self.choice)

    def _kind_text(self, kind: str) -> str:
        count = sum(1 for e in self.entries if e.kind == kind)
        return tr("{k}（{n} 条）", k=INFO_KINDS[kind], n=count)

    def _reader(self, kind: str) -> Callable[[], None]:
        def read() -> None:
            chosen = [e for e in self.entries if e.kind == kind]
            self.read.show_entries(INFO_KINDS[kind], chosen)
            self.setCurrentWidget(self.read)

        return read

    def _failed(self, exc: Exception) -> None:
        if not isinstance(exc, CounterError | DatabaseProblem):
            raise exc
        self.read.show_entries(TITLE, [], UNAVAILABLE)
        self.setCurrentWidget(self.read)
