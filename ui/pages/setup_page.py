"""The first start: hall name, hall and counter codes, the first administrator, and (optional)
the kiosk's staff-exit PIN."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.rules.settings import HallSettings
from counter_app.i18n import tr
from counter_app.queue.admin import check_pin
from db.errors import DatabaseProblem
from ui.form import FieldForm
from ui.widgets import BannerLabel, shortcut_button

logger = logging.getLogger(__name__)

FirstRunFunc = Callable[[HallSettings, str, str, str], Actor]
SetPinFunc = Callable[[Actor, str], None]


class FirstRunPage(QWidget):
    """Asked once per database; everything is saved in one transaction or not at all."""

    sig_done = Signal(object)
    """Emitted with the new administrator's Actor once the hall is set up."""
    sig_join = Signal()
    """The staff chose to join an existing hall (its central database) instead."""

    def __init__(
        self,
        first_run: FirstRunFunc,
        parent: QWidget | None = None,
        set_kiosk_pin: SetPinFunc | None = None,
    ) -> None:
        """``set_kiosk_pin`` (e.g. ``services.queue.set_kiosk_pin``): when given, the page
        offers the kiosk PIN too (blank = set it later under 管理 → 排队与自助机)."""
        super().__init__(parent)
        self._first_run = first_run
        self._set_kiosk_pin = set_kiosk_pin
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
        # Centred by stretches, not by an alignment flag: an aligned item gets only its minimum
        # height, so a field's error message squeezed the field above it.
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(card, 2)
        middle.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(middle)
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
        self.kiosk_pin = f.line(
            "kiosk_pin",
            tr("自助机退出密码"),
            tr("4-8 位数字，可留空以后再设"),
            password=True,
            max_length=8,
        )
        self.kiosk_pin2 = f.line("kiosk_pin2", tr("再次输入退出密码"), password=True, max_length=8)
        digits = QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,8}"), self)
        for edit in (self.kiosk_pin, self.kiosk_pin2):
            edit.setValidator(digits)
        if self._set_kiosk_pin is None:
            for name in ("kiosk_pin", "kiosk_pin2"):
                box = self.form.editor(name).parentWidget()
                assert box is not None
                self.form.setRowVisible(box, False)
        else:  # optional, after the administrator: Tab reaches it, Enter on password2 saves
            self.kiosk_pin.returnPressed.connect(self.kiosk_pin2.setFocus)
            self.kiosk_pin2.returnPressed.connect(self._on_save)
        self.password2.returnPressed.connect(self._on_save)

    def _on_save(self) -> None:
        self.form.clear_errors()
        self.banner.clear()
        if self.password.text() != self.password2.text():
            self.form.show_error(CounterError(tr("两次输入的密码不一致"), "password2"))
            return
        pin = self._checked_pin()
        if pin is None:
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
        if pin and self._set_kiosk_pin is not None:
            try:  # the format was checked above; a database fault leaves it to 管理 later
                self._set_kiosk_pin(actor, pin)
            except (CounterError, DatabaseProblem):
                logger.warning("first run: the kiosk PIN was not saved", exc_info=True)
        self.sig_done.emit(actor)

    def _checked_pin(self) -> str | None:
        """The kiosk PIN to set ("" = later), or None after showing what is wrong with it."""
        if self._set_kiosk_pin is None:
            return ""
        pin = self.kiosk_pin.text()
        if not pin and not self.kiosk_pin2.text():
            return ""
        try:
            check_pin(pin)
        except CounterError as exc:
            self.form.show_error(CounterError(exc.message, "kiosk_pin"))
            return None
        if pin != self.kiosk_pin2.text():
            self.form.show_error(CounterError(tr("两次输入的退出密码不一致"), "kiosk_pin2"))
            return None
        return pin
