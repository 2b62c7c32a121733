"""PySide6 6.12 loses a reference to None on every QObject.property() read of a property the
object lacks (CPython then aborts: "none_dealloc"); the kiosk and the counter's scanner filter
did that on every page turn and key press. Reads go through ui/qt_props.dynamic_property."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.qt_props import dynamic_property

UI = Path(__file__).resolve().parents[2] / "ui"


def test_reading_a_missing_property_costs_no_reference_to_none(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    gc.collect()
    gc.disable()  # other objects letting go of None must not blur the count
    try:
        before = sys.getrefcount(None)
        for _ in range(2000):
            assert dynamic_property(widget, "kioskBaseStyle") is None
        widget.setProperty("speaking", True)
        for _ in range(2000):
            assert dynamic_property(widget, "speaking") is True
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    assert after >= before - 500  # the raw read loses 2000 (other threads may move a few)


def test_no_screen_reads_a_property_the_raw_way() -> None:
    offenders = [
        f"{path.relative_to(UI.parent)}:{n}"
        for path in UI.rglob("*.py")
        if path.name != "qt_props.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ".property(" in line
    ]
    assert offenders == []


def test_the_binding_keeps_none_alive_across_calls_that_return_nothing(qtbot: QtBot) -> None:
    """PySide6 6.12.0 on CPython 3.11 dropped a reference to None on every such call (pinned
    out in pyproject.toml); a binding that does it again fails here before a hall sees it."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for n in range(2000):
            label.setText(str(n % 7))
            label.setStyleSheet("font-size: 24pt")
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    assert after >= before - 500  # the faulty binding loses 4000
