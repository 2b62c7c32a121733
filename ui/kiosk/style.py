"""The kiosk's look: high contrast, text 24 pt and up, and the 大字 toggle that scales every
font size on the screen (the base sizes are kept on each widget, so toggling twice restores)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QWidget

from ui.qt_props import dynamic_property

LARGE = 1.3
KEY_STYLE = (
    "QPushButton { font-size: 26pt; font-weight: bold; color: white; background: #37474f;"
    " border-radius: 10px; padding: 4px; }"
    "QPushButton:pressed { background: #0b3d91; }"
)
FIELD_STYLE = (
    "font-size: 34pt; font-weight: bold; color: #0d2b5c; background: white;"
    " border: 3px solid #0d2b5c; border-radius: 8px; padding: 8px;"
)
ERROR_STYLE = "font-size: 26pt; font-weight: bold; color: #b00020;"
SMALL_STYLE = "font-size: 24pt; color: #263238;"
_SIZE = re.compile(r"font-size:\s*(\d+)pt")
_BASE = "kioskBaseStyle"


def apply_scale(root: QWidget, factor: float) -> None:
    """Scale the ``font-size: Npt`` of ``root`` and its children from their base styles."""
    for widget in [root, *root.findChildren(QWidget)]:
        style = widget.styleSheet()
        if "font-size" not in style:
            continue
        base = dynamic_property(widget, _BASE)
        if not isinstance(base, str) or style not in (base, scaled(base, LARGE)):
            base = style  # new, or set again by its page since: a base style
            widget.setProperty(_BASE, base)
        wanted = scaled(base, factor)
        if style != wanted:  # a style set again re-polishes the widget: only when it changes
            widget.setStyleSheet(wanted)


def scaled(style: str, factor: float) -> str:
    return _SIZE.sub(lambda m: f"font-size: {round(int(m.group(1)) * factor)}pt", style)
