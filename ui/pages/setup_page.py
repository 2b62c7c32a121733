"""The first start: hall name, hall and counter codes, and the first administrator."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.rules.settings import HallSettings
from counter_app.i18n import tr
from ui.form import FieldForm
from ui.widgets import BannerLabel, shortcut_button

FirstRunFunc = Callable[[HallSettings, str, str, str], Actor]


class FirstRunPage(QWidget):
    """Asked once per database; everything is saved in one transaction or not at all."""

    sig_done = Signal(object)
    """Emitted with the new administrator's Actor once the hall is set up."""
    sig_join = Signal()
    """The staff chose to join an existing hall (its central database) instead."""

    def __init__(self, first_run: FirstRunFunc, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._first_run = first_run
        intro = QLabel(tr("欢迎使用知识产权“一件事”窗口系统。请填写本大厅信息并设置管理员账号。"))
        intro.setWordWrap(True)
        self.banner = BannerLabel(self)
        self.form = FieldForm()
        self._build_fields()
        self.save_button = QPushButton(tr("保存并开始 (Enter)"))
        self.save_button.clicked.connect(self._on_save)
        self.join_button = shortcut_button(tr("加入已有大厅：连接中心数据库…"), "Ctrl+J", self)
        self.join_button.clicked.connect(self.sig_join.emit)
        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(640)
        column = QVBoxLayout(card)
        column.addWidget(intro)
        column.addWidget(self.banner)
        column.addLayout(self.form)
        column.addWidget(self.save_button)
        column.addWidget(self.join_button)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

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
        edits = [
            self.hall_name,
            self.hall_code,
            self.counter_code,
            self.username,
            self.display_name,
            self.password,
        ]
        for edit, following in zip(edits, [*edits[1:], self.password2], strict=True):
            edit.returnPressed.connect(following.setFocus)
        self.password2.returnPressed.connect(self._on_save)

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
            actor = self._first_run(
                settings, self.username.text(), self.display_name.text(), self.password.text()
            )
        except CounterError as exc:
            if not self.form.show_error(exc):
                self.banner.show_error(exc.message)
            return
        self.sig_done.emit(actor)
