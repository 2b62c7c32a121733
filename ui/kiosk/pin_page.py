"""The staff PIN pad that is the kiosk's only way out."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from counter_app.i18n import tr
from ui.kiosk.pages import big_button, label

MAX_PIN = 8


class PinPage(QWidget):
    def __init__(
        self,
        on_pin: Callable[[str], None],
        on_cancel: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._on_pin = on_pin
        self.pin = ""
        self.title = label(tr("工作人员退出：请输入密码"))
        self.dots: QLabel = label("", "font-size: 40pt;")
        grid = QGridLayout()
        keys = [*"123456789", "C", "0", "OK"]
        for index, key in enumerate(keys):
            button = big_button(key, "#455a64", self._presser(key), size=28)
            button.setMinimumSize(160, 76)
            grid.addWidget(button, index // 3, index % 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.dots)
        layout.addLayout(grid)
        back = big_button(tr("返回"), "#607d8b", on_cancel, size=24)
        back.setMinimumSize(300, 90)
        layout.addWidget(back)

    def _presser(self, key: str) -> Callable[[], None]:
        return lambda: self._press(key)

    def reset(self) -> None:
        self.pin = ""
        self.dots.setText("")
        self.title.setText(tr("工作人员退出：请输入密码"))

    def show_wrong(self) -> None:
        self.reset()
        self.title.setText(tr("密码不对，请重新输入"))

    def _press(self, key: str) -> None:
        if key == "C":
            self.reset()
        elif key == "OK":
            self._on_pin(self.pin)
        elif len(self.pin) < MAX_PIN:
            self.pin += key
            self.dots.setText("●" * len(self.pin))
