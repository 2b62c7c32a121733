"""Barcode scanners type like a keyboard: a fast burst of characters ended by Enter.

``ScanFilter`` watches every key press of the application. A burst (each character within
``max_interval`` seconds of the previous one) that ends with Enter and names a case is taken
out of whatever field it landed in and reported by ``sig_scanned``; the Enter is swallowed.
Widgets that expect scans (the case-number box, a transaction reference) carry the dynamic
property ``SCAN_TARGET`` and keep their input.

The filter follows the keyboard focus: it watches only the widget that has it (key presses
go there first), never the whole application. An application-wide event filter written in
Python is called for every event of every widget (each costs a call into Python: building a
tab's widgets took ~1.5x as long with one installed, issue 17).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from counter_app.cases.rules.numbers import looks_like_case_number, number_in_code
from ui.qt_props import dynamic_property

SCAN_TARGET = "scan_target"
MAX_INTERVAL = 0.05  # seconds between the characters of one scan
MIN_LENGTH = 8
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_COMMAND = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def expects_scan(widget: QWidget | None) -> bool:
    """Whether ``widget`` or one of its parents (up to its window) is marked as a scan field."""
    while widget is not None:
        if dynamic_property(widget, SCAN_TARGET):
            return True
        if widget.isWindow():
            return False
        widget = widget.parentWidget()
    return False


@dataclass
class _Snapshot:
    """How the field looked before the burst began, to put it back."""

    widget: QWidget
    text: str
    position: int

    @classmethod
    def of(cls, widget: QWidget) -> _Snapshot | None:
        if isinstance(widget, QLineEdit):
            return cls(widget, widget.text(), widget.cursorPosition())
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            return cls(widget, widget.toPlainText(), widget.textCursor().position())
        if isinstance(widget, QComboBox) and not widget.isEditable():
            return cls(widget, "", widget.currentIndex())
        return None

    def restore(self) -> None:
        widget = self.widget
        if not shiboken6.isValid(widget):
            return
        if isinstance(widget, QLineEdit):
            widget.setText(self.text)
            widget.setCursorPosition(self.position)
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            widget.setPlainText(self.text)
            cursor = widget.textCursor()
            cursor.setPosition(min(self.position, len(self.text)))
            widget.setTextCursor(cursor)
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(self.position)


class ScanFilter(QObject):
    """Recognises scanned case numbers anywhere in the application (typed into whichever
    widget has the keyboard focus)."""

    sig_scanned = Signal(str)
    """Emitted with the case number (upper case) of a scan outside a scan field."""

    def __init__(
        self,
        accepting: Callable[[], bool] = lambda: True,
        matches: Callable[[str], bool] = looks_like_case_number,
        parent: QObject | None = None,
        clock: Callable[[], float] = time.monotonic,
        max_interval: float = MAX_INTERVAL,
    ) -> None:
        super().__init__(parent)
        self._accepting, self._matches, self._clock = accepting, matches, clock
        self._max_interval = max_interval
        self._buffer = ""
        self._last_at = 0.0
        self._snapshot: _Snapshot | None = None
        self._last_event: tuple[int, QWidget | None] = (0, None)
        self._watched: QWidget | None = None

    def install(self) -> ScanFilter:
        """Watch the focus widget from now on (and each one that gets the focus after it)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
            self._on_focus_changed(None, QApplication.focusWidget())
        return self

    def uninstall(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.disconnect(self._on_focus_changed)
        self._watch(None)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # No focus widget: the keys go to the active window itself.
        self._watch(new if new is not None else QApplication.activeWindow())

    def _watch(self, widget: QWidget | None) -> None:
        watched = self._watched
        if watched is widget:
            return
        if watched is not None and shiboken6.isValid(watched):
            watched.removeEventFilter(self)
        self._watched = widget
        if widget is not None:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        assert isinstance(event, QKeyEvent)
        if self._propagated(watched, event):
            return False
        if event.key() in _ENTER:
            return self._on_enter(watched)
        self._on_key(watched, event)
        return False

    def _propagated(self, widget: QWidget, event: QKeyEvent) -> bool:
        """Qt offers an ignored key to each parent in turn: count it once."""
        address = shiboken6.getCppPointer(event)[0]
        last_address, last_widget = self._last_event
        self._last_event = (address, widget)
        return (
            address == last_address
            and last_widget is not None
            and shiboken6.isValid(last_widget)
            and widget is not last_widget
            and widget.isAncestorOf(last_widget)
        )

    def _on_key(self, widget: QWidget, event: QKeyEvent) -> None:
        text = event.text()
        now = self._clock()
        if not text or not text.isprintable() or event.modifiers() & _COMMAND:
            self._reset()
            return
        if self._buffer and now - self._last_at <= self._max_interval:
            self._buffer += text
        else:
            self._buffer = text
            self._snapshot = _Snapshot.of(widget)
        self._last_at = now

    def _on_enter(self, widget: QWidget) -> bool:
        burst, snapshot = number_in_code(self._buffer), self._snapshot
        fast = self._clock() - self._last_at <= self._max_interval
        self._reset()
        if not fast or len(burst) < MIN_LENGTH or not self._matches(burst):
            return False
        if expects_scan(widget) or not self._accepting():
            return False
        if snapshot is not None and snapshot.widget is widget:
            snapshot.restore()
        self.sig_scanned.emit(burst.upper())
        return True

    def _reset(self) -> None:
        self._buffer = ""
        self._snapshot = None
