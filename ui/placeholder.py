"""A tab for an area that this version does not provide yet: says so, shows no fake data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counter_app.i18n import tr


class AreaPlaceholder(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(
            tr("“{t}”功能尚未在本版本中开通。\n目前可使用“信息窗口”查询事项与办事指南。", t=title),
            self,
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        label.setStyleSheet("color:#666; font-size:16pt;")
        layout = QVBoxLayout(self)
        layout.addWidget(label)

    def reload(self) -> None:
        """Nothing to load."""
