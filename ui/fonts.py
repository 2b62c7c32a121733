"""Load the shipped CJK font so a machine without one shows Chinese, not boxes."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from printers.resources import cjk_font_path

logger = logging.getLogger(__name__)

BASE_POINT_SIZE = 12


def install_app_font(app: QApplication, point_size: int = BASE_POINT_SIZE) -> str:
    """Register the shipped font and make it the application font; returns its family."""
    font_id = QFontDatabase.addApplicationFont(str(cjk_font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        logger.error("could not load the CJK font %s", cjk_font_path())
        return app.font().family()
    family = families[0]
    font = QFont(family, point_size)
    app.setFont(font)
    return family
