"""The first start: hall name, hall and counter codes, and the first administrator."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from counter_app.domain.errors import CounterError
from counter_app.domain.roles import Actor
from counter_app.i18n import tr
from counter_app.services.hall import HallService, HallSettings
from ui.form import FieldForm
from ui.widgets import BannerLabel


class FirstRunDialog(QDialog):
    """Asked once per database; everything is saved in one transaction or not at all."""

    def __init__(self, hall: HallService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hall = hall
        self.actor: Actor | None = None
        self.setWindowTitle(tr("首次启动设置"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        intro = QLabel(tr("欢迎使用知识产权“一件事”窗口系统。请填写本大厅信息并设置管理员账号。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.banner = BannerLabel(self)
        layout.addWidget(self.banner)
        self.form = FieldForm()
        layout.addLayout(self.form)
        self._build_fields()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("保存并开始 (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("退出 (Esc)"))
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _build_fields(self) -> None:
        f = self.form
        self.hall_name = f.line(
            "hall_name", tr("大厅名称"), tr("如：连云港市知识产权保护中心"), max_length=60
        )
        self.hall_code = f.line(
            "hall_code", tr("大厅代码"), tr("2-8 位字母数字，如 LYG"), max_length=8
        )
        self.counter_code = f.line("counter_code", tr("本窗口代码"), tr("如 W03"), max_length=6)
        self.username = f.line("username", tr("管理员用户名"), "admin", max_length=32)
        self.display_name = f.line("display_name", tr("管理员姓名"), max_length=32)
        self.password = f.line("password", tr("管理员密码"), tr("至少 8 位，含字母和数字"), True)
        self.password2 = f.line("password2", tr("再次输入密码"), password=True)
        self.username.setText("admin")

    def _on_save(self) -> None:
        self.form.clear_errors()
        self.banner.clear()
        if self.password.text() != self.password2.text():
            self.form.show_error(CounterError(tr("两次输入的密码不一致"), "password2"))
            return
        settings = HallSettings(
            hall_name=self.hall_name.text(),
            hall_code=self.hall_code.text(),
            counter_code=self.counter_code.text(),
        )
        try:
            self.actor = self._hall.first_run(
                settings, self.username.text(), self.display_name.text(), self.password.text()
            )
        except CounterError as exc:
            if not self.form.show_error(exc):
                self.banner.show_error(exc.message)
            return
        self.accept()
