"""Where the shipped resources (fonts) live, for the plain-Python renderers."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The resources/ folder, also inside a PyInstaller one-folder build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def cjk_font_path() -> Path:
    """The shipped CJK TrueType collection (WenQuanYi Micro Hei, face 0)."""
    return resources_dir() / "fonts" / "wqy-microhei.ttc"
