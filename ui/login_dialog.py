"""The login screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from counter_app.domain.errors import CounterError
from counter_app.domain.roles import Actor
from counter_app.i18n import tr
from counter_app.services.staff import StaffService
from ui.form import FieldForm
from ui.widgets import BannerLabel


class LoginDialog(QDialog):
    """Username and password; wrong passwords count towards a lockout (shown in the message)."""

    def __init__(
        self, staff: StaffService, hall_name: str, counter_code: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._staff = staff
        self.actor: Actor | None = None
        self.setWindowTitle(tr("登录 - {h}", h=hall_name))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        title = QLabel(hall_name)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(title.font())
        font.setPointSize(18)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        subtitle = QLabel(tr("知识产权保护“一件事”集成服务窗口　·　窗口 {c}", c=counter_code))
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(subtitle)
        self.banner = BannerLabel(self)
        layout.addWidget(self.banner)
        self.form = FieldForm()
        layout.addLayout(self.form)
        self.username = self.form.line("username", tr("用户名"), max_length=32)
        self.password = self.form.line("password", tr("密码"), password=True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("登录 (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("退出 (Esc)"))
        buttons.accepted.connect(self._on_login)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _on_login(self) -> None:
        self.form.clear_errors()
        self.banner.clear()
        try:
            self.actor = self._staff.login(self.username.text(), self.password.text())
        except CounterError as exc:
            self.password.clear()
            if not self.form.show_error(exc):
                self.banner.show_error(exc.message)
            return
        self.accept()
