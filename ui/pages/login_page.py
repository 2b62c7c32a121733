"""The login page, shown inside the main window as soon as the program starts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from ui.form import FieldForm
from ui.widgets import BannerLabel

if TYPE_CHECKING:
    from counter_app.core.roles import Actor

LoginFunc = Callable[[str, str], "Actor"]


def _title_font(base: QFont, size: int) -> QFont:
    font = QFont(base)
    font.setPointSize(size)
    font.setBold(True)
    return font


class LoginPage(QWidget):
    """Username and password; wrong passwords count towards a lockout (said in the message)."""

    sig_logged_in = Signal(object)
    """Emitted with the Actor after a successful login."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._login: LoginFunc | None = None
        self.title = QLabel(tr("知识产权“一件事”窗口"))
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setFont(_title_font(self.font(), 20))
        self.subtitle = QLabel(tr("正在打开数据库……"))
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner = BannerLabel(self)
        self.form = FieldForm()
        self.username = self.form.line("username", tr("用户名"), max_length=32)
        self.password = self.form.line("password", tr("密码"), password=True)
        self.login_button = QPushButton(tr("登录 (Enter)"))
        self.login_button.setEnabled(False)
        self.login_button.clicked.connect(self._on_login)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._on_login)
        self._lay_out()

    def _lay_out(self) -> None:
        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(520)
        column = QVBoxLayout(card)
        for widget in (self.title, self.subtitle, self.banner):
            column.addWidget(widget)
        column.addLayout(self.form)
        column.addWidget(self.login_button)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def set_ready(self, login: LoginFunc, hall_name: str, counter_code: str) -> None:
        """The database is open: enable the login for this hall and counter."""
        self._login = login
        self.title.setText(hall_name)
        self.subtitle.setText(tr("知识产权保护“一件事”集成服务窗口　·　窗口 {c}", c=counter_code))
        self.login_button.setEnabled(True)
        self.reset()

    def reset(self) -> None:
        self.password.clear()
        self.form.clear_errors()
        self.banner.clear()
        (self.password if self.username.text() else self.username).setFocus()

    def _on_login(self) -> None:
        if self._login is None:
            return  # still opening the database; the button is disabled meanwhile
        self.form.clear_errors()
        self.banner.clear()
        try:
            actor = self._login(self.username.text(), self.password.text())
        except CounterError as exc:
            self.password.clear()
            if not self.form.show_error(exc):
                self.banner.show_error(exc.message)
            return
        self.password.clear()
        self.sig_logged_in.emit(actor)
