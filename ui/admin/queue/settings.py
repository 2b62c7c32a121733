"""选项 and 自助机退出密码: the queue's hall-wide options with the board's notice, and the
kiosk's staff-exit PIN."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.queue.admin import QueueOptions
from counter_app.queue.service import QueueService
from ui.admin.common import button_row, chain_tab_order, show_failure
from ui.form import FieldForm
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

NOTICE_MAX = 200


def portal_text(portal: str) -> str:
    if portal:
        return tr(
            "取号小票的二维码指向 {u}/ticket/…（在“大厅设置与审计”的进度查询网址中修改）",
            u=portal.rstrip("/"),
        )
    return tr(
        "未设置进度查询网址：小票二维码只有自助机“查询”页能读。"
        "如有网上查询，请在“大厅设置与审计”中填写进度查询网址。"
    )


class OptionsPage(QWidget):
    def __init__(
        self,
        queue: QueueService,
        hall: HallService,
        actor: Actor,
        runner: Runner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._queue, self._hall, self._actor, self._runner = queue, hall, actor, runner
        self._loaded = QueueOptions()
        self.banner = BannerLabel(self)
        f = self.form = FieldForm()
        self.max_recalls = self._spin(0, 9, tr(" 次"))
        self.many_waiting = self._spin(1, 999, tr(" 人"))
        self.notice = QPlainTextEdit(self)
        self.notice.setTabChangesFocus(True)
        self.notice.setFixedHeight(72)
        self.voice_repeat = self._spin(1, 3, tr(" 遍"))
        self.voice_volume = self._spin(0, 100, "%")
        self.voice_volume.setSpecialValueText(tr("关闭语音"))
        self.led_port = QLineEdit(self)
        self.led_port.setPlaceholderText(tr("如 /dev/ttyUSB0 或 COM3，留空：没有 LED 屏"))
        self.led_port.setMaxLength(60)
        f.add("max_recalls", tr("最多重呼次数"), self.max_recalls)
        f.add("many_waiting", tr("等候人数提醒"), self.many_waiting)
        f.add("notice", tr("大厅显示屏提示语"), self.notice)
        f.add("voice_repeat", tr("语音播报次数"), self.voice_repeat)
        f.add("voice_volume", tr("语音音量"), self.voice_volume)
        f.add("led_port", tr("LED 屏串口"), self.led_port)
        self.portal = QLabel(self)
        self.portal.setWordWrap(True)
        f.addRow(tr("小票二维码"), self.portal)
        self.save_button = shortcut_button(tr("保存选项"), "Ctrl+S", self)
        self.save_button.clicked.connect(self.save)
        self.led_port.returnPressed.connect(self.save)
        box = QGroupBox(tr("叫号选项"), self)
        column = QVBoxLayout(box)
        hint = QLabel(tr("等候人数达到提醒人数时，自助机取号前先问一声“仍要取号吗”。"), self)
        hint.setWordWrap(True)
        column.addWidget(hint)
        column.addLayout(f)
        column.addStretch(1)
        column.addLayout(button_row([self.save_button]))
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(box, 1)
        chain_tab_order(
            [
                self.max_recalls,
                self.many_waiting,
                self.notice,
                self.voice_repeat,
                self.voice_volume,
                self.led_port,
                self.save_button,
            ]
        )

    def _spin(self, low: int, high: int, suffix: str) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setSuffix(suffix)
        return spin

    def reload(self) -> None:
        def load() -> tuple[QueueOptions, str]:
            return self._queue.options(), self._hall.settings().progress_portal

        self._runner.run(load, self._show, self._failed)

    def _show(self, loaded: tuple[QueueOptions, str]) -> None:
        options, portal = loaded
        self._fill(options)
        self.portal.setText(portal_text(portal))

    def _fill(self, options: QueueOptions) -> None:
        self._loaded = options
        self.max_recalls.setValue(options.max_recalls)
        self.many_waiting.setValue(options.many_waiting)
        self.notice.setPlainText(options.notice)
        self.voice_repeat.setValue(options.voice_repeat)
        self.voice_volume.setValue(options.voice_volume)
        self.led_port.setText(options.led_port)

    def _failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner, [self.form])

    def options_from_form(self) -> QueueOptions:
        return replace(
            self._loaded,
            max_recalls=self.max_recalls.value(),
            many_waiting=self.many_waiting.value(),
            notice=self.notice.toPlainText().strip(),
            voice_repeat=self.voice_repeat.value(),
            voice_volume=self.voice_volume.value(),
            led_port=self.led_port.text().strip(),
        )

    def save(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        options = self.options_from_form()
        if len(options.notice) > NOTICE_MAX:
            self.form.show_error(CounterError(tr("提示语最多 {n} 字", n=NOTICE_MAX), "notice"))
            return
        self._runner.run(
            lambda: self._queue.set_options(self._actor, options), self._saved, self._failed
        )

    def _saved(self, options: QueueOptions) -> None:
        self._fill(options)
        self.banner.show_info(tr("叫号选项已保存；大厅显示屏在下次刷新时显示新的提示语"))


class PinPage(QWidget):
    """The kiosk's staff-exit PIN: typed twice, masked, never shown."""

    def __init__(
        self, queue: QueueService, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._queue, self._actor, self._runner = queue, actor, runner
        self.banner = BannerLabel(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        f = self.form = FieldForm()
        self.pin = f.line("pin", tr("新的退出密码"), tr("4-8 位数字"), password=True, max_length=8)
        self.pin2 = f.line("pin2", tr("再次输入"), password=True, max_length=8)
        digits = QRegularExpressionValidator(QRegularExpression(r"[0-9]{0,8}"), self)
        for edit in (self.pin, self.pin2):
            edit.setValidator(digits)
        self.pin.returnPressed.connect(self.pin2.setFocus)
        self.pin2.returnPressed.connect(self.save)
        self.save_button = shortcut_button(tr("设置密码"), "Ctrl+S", self)
        self.save_button.clicked.connect(self.save)
        box = QGroupBox(tr("自助机退出密码"), self)
        column = QVBoxLayout(box)
        hint = QLabel(
            tr(
                "工作人员在自助机上输入此密码退出全屏。未设置密码时自助机不锁定全屏。"
                "改密码后，各自助机下次输入时即用新密码。"
            ),
            self,
        )
        hint.setWordWrap(True)
        column.addWidget(self.status)
        column.addWidget(hint)
        column.addLayout(f)
        column.addLayout(button_row([self.save_button]))
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(box, 1)
        chain_tab_order([self.pin, self.pin2, self.save_button])

    def reload(self) -> None:
        self._runner.run(self._queue.kiosk_pin_is_set, self._show_status, self._failed)

    def _show_status(self, is_set: bool) -> None:
        self.is_set = is_set
        if is_set:
            self.status.setStyleSheet("color:#1b5e20; font-weight:bold;")
            self.status.setText(tr("已设置退出密码。输入新密码即可更改。"))
            self.save_button.setText(tr("更改密码 (Ctrl+S)"))
        else:
            self.status.setStyleSheet("color:#b00020; font-weight:bold;")
            self.status.setText(tr("尚未设置退出密码：自助机不能锁定全屏。"))
            self.save_button.setText(tr("设置密码 (Ctrl+S)"))

    def _failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner, [self.form])

    def save(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        pin = self.pin.text()
        if pin != self.pin2.text():
            self.form.show_error(CounterError(tr("两次输入的密码不一致"), "pin2"))
            return
        self._runner.run(
            lambda: self._queue.set_kiosk_pin(self._actor, pin), self._saved, self._failed
        )

    def _saved(self, _result: object) -> None:
        self.pin.clear()
        self.pin2.clear()
        self.banner.show_info(tr("自助机退出密码已保存"))
        self._show_status(True)
