"""Staff photos: scaled thumbnails for tables."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QTableWidgetItem

from counter_app.i18n import tr

THUMB = 64


def photo_item(data: bytes | None) -> QTableWidgetItem:
    item = QTableWidgetItem()
    pixmap = QPixmap()
    if data and pixmap.loadFromData(data):
        scaled = pixmap.scaled(
            THUMB,
            THUMB,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        item.setIcon(QIcon(scaled))
    else:
        item.setText(tr("无"))
    return item
