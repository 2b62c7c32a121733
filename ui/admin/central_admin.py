"""中心数据库: where the hall's central PostgreSQL is, joining it, syncing now, leaving it.

Every counter PC works on its own database and syncs with the hall's central one in the
background; this page is where the administrator points the PC at the central. The password
goes to the operating system's keyring and is never shown again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIntValidator, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import DBAPIError

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.sync import config as cfg
from counter_app.sync.config import SSL_MODES, CentralConfig
from db.sync.client import SyncRefused, SyncReport
from ui.admin.admin_upload import AdminUploadBox
from ui.admin.common import Confirmer, ask_yes_no, chain_tab_order, show_failure
from ui.form import FieldForm
from ui.sync_status import SyncStatusLabel
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.hall.settings import HallService
    from counter_app.sync.service import SyncService

SSL_LABELS: dict[str, str] = {
    "disable": tr("不加密"),
    "prefer": tr("优先加密"),
    "require": tr("必须加密"),
    "verify-ca": tr("校验证书"),
    "verify-full": tr("校验证书和主机名"),
}

JOIN_RESULTS: dict[str, str] = {
    "founded": tr("已作为首台窗口建立大厅数据"),
    "joined": tr("已加入大厅，已取得大厅的事项、人员和设置；请用大厅账号重新登录"),
    "resumed": tr("已恢复同步"),
}

DEFAULTS = CentralConfig(host="")
NOTE_STYLE = "color:#555555;"
HELP_TEXT = tr(
    "每个窗口在本机数据库上办理业务，并在后台与大厅的中心数据库同步：案件、收费、送达、"
    "人员、事项和大厅设置在各窗口之间自动传递。\n\n"
    "中心连不上时本机照常办理，更改先保存在本机，恢复后自动上传。\n\n"
    "首台连接的窗口把本机数据建立为大厅数据；以后的窗口加入时取得大厅的数据，"
    "此后请用大厅的账号登录。\n\n"
    "服务器地址、账号和密码由信息科提供；每个窗口使用自己的数据库账号。"
)


@dataclass(frozen=True)
class CentralForm:
    """What the page shows: the saved connection (None: not joined) and this PC's code."""

    config: CentralConfig | None
    counter_code: str


def report_text(report: SyncReport) -> str:
    parts = [
        tr(
            "同步完成：上传 {p} 条，取回 {q} 条，待上传 {n} 条。",
            p=report.pushed,
            q=report.pulled,
            n=report.pending,
        )
    ]
    if report.conflicts:
        parts.append(tr("其中 {c} 条与中心冲突，已交主管处理。", c=len(report.conflicts)))
    if report.full_resync:
        parts.append(report.full_resync)
    return "".join(parts)


class CentralAdminWidget(QWidget):
    sig_joined = Signal(str)
    """Emitted with "founded", "joined" or "resumed" after this PC joined the central."""
    sig_left = Signal()
    """Emitted after this PC left the central (it works on its own again)."""

    def __init__(
        self,
        sync: SyncService,
        hall: HallService,
        actor: Actor | None,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sync, self._hall, self._actor = sync, hall, actor
        self._runner: Runner = runner or SyncRunner()
        self.confirm: Confirmer = ask_yes_no
        self.joined = False
        self.banner = BannerLabel(self)
        self.status_label = SyncStatusLabel(sync, self._runner, self, " font-size:13pt;")
        self.current_label = QLabel(self)
        self.current_label.setWordWrap(True)
        self.form = FieldForm()
        self.host = self.form.line(
            "host", tr("服务器地址"), tr("如 192.168.1.10 或 db.hall.local"), max_length=253
        )
        self.port = self.form.line("port", tr("端口"), tr("PostgreSQL 默认 5432"), max_length=5)
        self.port.setValidator(QIntValidator(1, 65535, self.port))
        self.database = self.form.line("database", tr("数据库名"), tr("如 counter"), max_length=63)
        self.user = self.form.line(
            "user", tr("账号"), tr("本窗口的数据库账号，如 counter_w03"), max_length=63
        )
        self.password = self.form.line(
            "password",
            tr("密码"),
            tr("留空则使用系统密码库中已保存的密码"),
            password=True,
            max_length=200,
        )
        note = QLabel(tr("密码保存在系统密码库，不会显示，也不写入任何文件。"), self)
        note.setStyleSheet(NOTE_STYLE)
        note.setWordWrap(True)
        self.form.addRow("", note)
        self.sslmode = QComboBox(self)
        for mode in SSL_MODES:
            self.sslmode.addItem(SSL_LABELS.get(mode, mode), mode)
        self.form.add("sslmode", tr("加密方式"), self.sslmode)
        self.sslrootcert = QLineEdit(self)
        self.sslrootcert.setPlaceholderText(tr("可选：根证书文件，校验证书时需要"))
        self.sslrootcert.setMaxLength(500)
        self.browse_button = QPushButton(tr("选择…"), self)
        self.form.add("sslrootcert", tr("根证书"), self._with_button(self.sslrootcert))
        self.counter_code = self.form.line(
            "counter_code", tr("本窗口代码"), tr("如 W03"), max_length=6
        )
        self.join_button = shortcut_button(tr("连接并加入"), "Ctrl+S", self)
        self.sync_button = shortcut_button(tr("立即同步"), "Ctrl+R", self)
        self.leave_button = shortcut_button(tr("断开中心"), "Ctrl+Del", self)
        self._join_text = self.join_button.text()
        self.admin_upload = AdminUploadBox(sync, self._runner, self)
        self.admin_upload.sig_uploaded.connect(
            lambda _report: self.status_label.show_status(self._sync.status())
        )
        for button in (self.join_button, self.sync_button, self.leave_button, self.browse_button):
            button.setAutoDefault(True)  # Enter on a focused button presses that button
        self._layout()
        chain_tab_order(
            [
                self.host,
                self.port,
                self.database,
                self.user,
                self.password,
                self.sslmode,
                self.sslrootcert,
                self.browse_button,
                self.counter_code,
                self.join_button,
                self.sync_button,
                self.leave_button,
            ]
        )
        self.join_button.clicked.connect(self._on_join)
        self.sync_button.clicked.connect(self._on_sync_now)
        self.leave_button.clicked.connect(self._on_leave)
        self.browse_button.clicked.connect(self._on_browse)
        self._fill(CentralForm(None, ""))
        if actor is None:
            self.sync_button.hide()
            self.leave_button.hide()
        if not sync.available:
            self.banner.show_info(tr("本机直接使用中心数据库，无需同步。"))
            for widget in (self.join_button, self.sync_button, self.leave_button):
                widget.setEnabled(False)

    def _with_button(self, edit: QLineEdit) -> QWidget:
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(self.browse_button)
        box.setFocusProxy(edit)
        return box

    def _layout(self) -> None:
        title = QLabel(tr("中心数据库"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(24)
        header.addWidget(self.status_label, 1)
        connection = QGroupBox(tr("连接设置"), self)
        column = QVBoxLayout(connection)
        column.addLayout(self.form)
        column.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.leave_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.join_button)
        column.addLayout(buttons)
        about = QGroupBox(tr("说明"), self)
        side = QVBoxLayout(about)
        side.addWidget(self.current_label)
        help_text = QLabel(HELP_TEXT, self)
        help_text.setWordWrap(True)
        help_text.setStyleSheet(NOTE_STYLE)
        side.addSpacing(8)
        side.addWidget(help_text)
        side.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(about, 1)
        right.addWidget(self.admin_upload)
        body = QHBoxLayout()
        body.addWidget(connection, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self._runner.run(self._load, self._fill, self._on_failed)

    def _load(self) -> CentralForm:
        return CentralForm(self._sync.config(), self._hall.settings().counter_code)

    def _fill(self, loaded: CentralForm) -> None:
        config = loaded.config or DEFAULTS
        self.joined = loaded.config is not None
        self.host.setText(config.host)
        self.port.setText(str(config.port))
        self.database.setText(config.database)
        self.user.setText(config.user)
        self.password.clear()
        index = self.sslmode.findData(config.sslmode)
        self.sslmode.setCurrentIndex(max(index, 0))
        self.sslrootcert.setText(config.sslrootcert)
        self.counter_code.setText(loaded.counter_code)
        self.current_label.setText(self._current_text(loaded.config))
        available = self._sync.available
        self.sync_button.setEnabled(available and self.joined)
        self.leave_button.setEnabled(available and self.joined)
        self.admin_upload.setVisible(available and self.joined and self._actor is not None)

    @staticmethod
    def _current_text(config: CentralConfig | None) -> str:
        if config is None:
            return tr("本机尚未连接中心数据库，单机运行。")
        return tr(
            "本机已连接中心数据库 {h}:{p}/{d}（账号 {u}，{s}）。",
            h=config.host,
            p=config.port,
            d=config.database,
            u=config.user,
            s=SSL_LABELS.get(config.sslmode, config.sslmode),
        )

    # -- the form --------------------------------------------------------------------------
    def config_from_form(self) -> CentralConfig:
        """The connection typed in; a port that is not a number is refused at its field."""
        port = self.port.text().strip()
        if not port.isdigit():
            raise CounterError(tr("端口应为 1-65535，PostgreSQL 默认 5432"), "port")
        return CentralConfig(
            host=self.host.text().strip(),
            port=int(port),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            sslmode=str(self.sslmode.currentData() or "prefer"),
            sslrootcert=self.sslrootcert.text().strip(),
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in any field (the line edits and the combo box pass it on) joins."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.join_button.isEnabled():
            self.join_button.click()
            return
        super().keyPressEvent(event)

    def _on_browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("选择根证书"), "", tr("证书 (*.crt *.pem *.cer);;所有文件 (*)")
        )
        if path:
            self.sslrootcert.setText(path)
        self.sslrootcert.setFocus()

    # -- actions ---------------------------------------------------------------------------
    def _on_join(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        try:
            config = self.config_from_form()
        except CounterError as exc:
            show_failure(exc, self.banner, [self.form])
            return
        password, code = self.password.text(), self.counter_code.text().strip()
        self.join_button.setEnabled(False)
        self.join_button.setText(tr("正在连接…"))
        self._runner.run(
            lambda: self._join(config, password, code), self._on_joined, self._on_join_failed
        )

    def _join(self, config: CentralConfig, password: str, code: str) -> str:
        checked = cfg.check(config)  # the field errors before the keyring is asked
        if not password:
            password = cfg.read_password(checked) or ""
        if self._actor is None:  # a new PC joining from its first-run page
            return self._sync.join(checked, password, code)
        return self._sync.configure(self._actor, checked, password, code)

    def _restore_join_button(self) -> None:
        self.join_button.setText(self._join_text)
        self.join_button.setEnabled(self._sync.available)

    def _on_joined(self, how: str) -> None:
        self._restore_join_button()
        self.banner.show_info(JOIN_RESULTS.get(how, tr("已连接中心数据库")))
        self.status_label.show_status(self._sync.status())
        self.reload()
        self.sig_joined.emit(how)

    def _on_join_failed(self, exc: Exception) -> None:
        self._restore_join_button()
        show_failure(exc, self.banner, [self.form])

    def _on_sync_now(self) -> None:
        self.banner.clear()
        self.sync_button.setEnabled(False)
        self._runner.run(self._sync_now, self._on_synced, self._on_sync_failed)

    def _sync_now(self) -> SyncReport | None:
        try:
            return self._sync.run_once()
        except SyncRefused as exc:
            raise CounterError(str(exc)) from exc
        except DBAPIError as exc:
            message = self._sync.status().message
            raise CounterError(message or tr("无法连接中心数据库，请稍后再试。")) from exc

    def _on_synced(self, report: SyncReport | None) -> None:
        self.sync_button.setEnabled(self.joined)
        self.status_label.show_status(self._sync.status())
        if report is None:
            self.banner.show_error(tr("本机尚未连接中心数据库，请先填写连接设置并“连接并加入”。"))
            return
        self.banner.show_info(report_text(report))

    def _on_sync_failed(self, exc: Exception) -> None:
        self.sync_button.setEnabled(self.joined)
        self.status_label.show_status(self._sync.status())
        show_failure(exc, self.banner)

    def _on_leave(self) -> None:
        self.banner.clear()
        pending = self._sync.status().pending
        question = tr(
            "断开中心数据库？断开后本机单机运行，不再与其他窗口同步。"
            "尚未上传的 {n} 条更改保留在本机，重新连接后继续上传。",
            n=pending,
        )
        actor = self._actor
        if actor is None or not self.confirm(self, question):
            return
        self._runner.run(lambda: self._sync.leave(actor), self._on_left, self._on_failed)

    def _on_left(self, _result: object) -> None:
        self.banner.show_info(tr("已断开中心数据库，本机单机运行。"))
        self.status_label.show_status(self._sync.status())
        self.reload()
        self.sig_left.emit()

    def _on_failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner, [self.form])
