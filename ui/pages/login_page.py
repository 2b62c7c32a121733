"""The login page, shown inside the main window as soon as the program starts.

Built before the window first shows: no ``Qt`` namespace enum is touched (see ui/widgets.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from ui.form import FieldForm
from ui.tasks import Runner, SyncRunner
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
    """Username and password; wrong passwords count towards a lockout (said in the message).
    The password is checked through the runner (argon2 takes most of a second) while a busy
    bar runs and the fields wait."""

    sig_logged_in = Signal(object)
    """Emitted with the Actor after a successful login."""

    def __init__(self, parent: QWidget | None = None, runner: Runner | None = None) -> None:
        super().__init__(parent)
        self._login: LoginFunc | None = None
        self._runner: Runner = runner or SyncRunner()
        self._busy = False
        self.title = QLabel(tr("知识产权“一件事”窗口"))
        self.title.setProperty("alignment", "AlignCenter")
        self.title.setFont(_title_font(self.font(), 20))
        self.subtitle = QLabel(tr("正在打开数据库……"))
        self.subtitle.setProperty("alignment", "AlignCenter")
        self.banner = BannerLabel(self)
        self.form = FieldForm()
        self.username = self.form.line("username", tr("用户名"), max_length=32)
        self.password = self.form.line("password", tr("密码"), password=True)
        self.login_button = QPushButton(tr("登录 (Enter)"))
        self.login_button.setEnabled(False)
        self.login_button.clicked.connect(self._on_login)
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # no end known: the bar runs
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(8)
        self.busy_label = QLabel(tr("正在验证……"), self)
        self.busy_label.setProperty("alignment", "AlignCenter")
        self.busy_bar.hide()
        self.busy_label.hide()
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
        column.addWidget(self.busy_label)
        column.addWidget(self.busy_bar)
        across = QHBoxLayout()  # the card centred (stretches: no Qt enum before the window shows)
        across.addStretch(1)
        across.addWidget(card)
        across.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(across)
        outer.addStretch(2)

    def set_ready(self, login: LoginFunc, hall_name: str, counter_code: str) -> None:
        """The database is open: enable the login for this hall and counter."""
        self._login = login
        self.title.setText(hall_name)
        self.subtitle.setText(tr("知识产权保护“一件事”集成服务窗口　·　窗口 {c}", c=counter_code))
        self.login_button.setEnabled(True)
        self.reset()

    def set_busy(self, busy: bool, text: str = "") -> None:
        """While a login is checked or the tabs are prepared: the bar runs, nothing is typed."""
        self._busy = busy
        self.busy_label.setText(text or tr("正在登录……"))
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        for widget in (self.username, self.password, self.login_button):
            widget.setEnabled(not busy and (widget is not self.login_button or bool(self._login)))

    def reset(self) -> None:
        self.set_busy(False)
        self.password.clear()
        self.form.clear_errors()
        self.banner.clear()
        (self.password if self.username.text() else self.username).setFocus()

    def _on_login(self) -> None:
        login = self._login
        if login is None or self._busy:
            return  # still opening the database, or a login under way
        self.form.clear_errors()
        self.banner.clear()
        username, password = self.username.text(), self.password.text()
        self.set_busy(True, tr("正在验证密码……"))
        self._runner.run(lambda: login(username, password), self._on_done, self._on_failed)

    def _on_done(self, actor: Actor) -> None:
        self.set_busy(False)
        self.password.clear()
        self.sig_logged_in.emit(actor)

    def _on_failed(self, exc: Exception) -> None:
        self.set_busy(False)
        self.password.clear()
        if isinstance(exc, CounterError):
            if not self.form.show_error(exc):
                self.banner.show_error(exc.message)
        else:
            self.banner.show_error(tr("登录时出错：{e}", e=exc))
        self.password.setFocus()
