"""以管理员账号上传: the changes only an administrator may make (accounts, roles, catalogue,
holidays, hall settings) reach the central only with the administrator's own central account.
The password is typed for this one act and forgotten: never saved, never shown again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget
from sqlalchemy.exc import DBAPIError

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from db.sync.client import SyncRefused, SyncReport
from ui.admin.common import show_failure
from ui.form import FieldForm
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.sync.service import SyncService

NOTE = tr(
    "新增或修改账号、角色、事项目录、节假日和大厅设置后，须由管理员用本人的中心数据库账号"
    "上传，中心才会接受；窗口的数据库账号无权上传这些更改。密码只用于这一次，不会保存。"
)


class AdminUploadBox(QGroupBox):
    sig_uploaded = Signal(object)
    """Emitted with the SyncReport after an administrator's upload."""

    def __init__(self, sync: SyncService, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(tr("管理员上传"), parent)
        self._sync, self._runner = sync, runner
        self.banner = BannerLabel(self)
        self.form = FieldForm()
        self.user = self.form.line("user", tr("管理员账号"), tr("如 admin_wang"), max_length=63)
        self.password = self.form.line("password", tr("密码"), "", password=True, max_length=200)
        self.button = shortcut_button(tr("以管理员账号上传"), "Ctrl+U", self)
        self.button.setAutoDefault(True)
        self.button.clicked.connect(self._on_upload)
        note = QLabel(NOTE, self)
        note.setWordWrap(True)
        note.setStyleSheet("color:#555555;")
        column = QVBoxLayout(self)
        column.addWidget(note)
        column.addWidget(self.banner)
        column.addLayout(self.form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        column.addLayout(row)
        QWidget.setTabOrder(self.user, self.password)
        QWidget.setTabOrder(self.password, self.button)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the account or password field uploads (not the page's 连接并加入)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.button.isEnabled():
                self.button.click()
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_upload(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        user, password = self.user.text().strip(), self.password.text()
        self.password.clear()  # typed for this act only
        self.button.setEnabled(False)
        self._runner.run(lambda: self._upload(user, password), self._on_done, self._on_failed)

    def _upload(self, user: str, password: str) -> SyncReport:
        try:
            return self._sync.run_as_administrator(user, password)
        except SyncRefused as exc:
            raise CounterError(str(exc)) from exc
        except DBAPIError as exc:
            message = self._sync.status().message
            raise CounterError(message or tr("无法以该账号连接中心数据库"), "password") from exc

    def _on_done(self, report: SyncReport) -> None:
        self.button.setEnabled(True)
        self.banner.show_info(tr("已以管理员账号上传 {n} 项更改。", n=report.pushed))
        self.sig_uploaded.emit(report)

    def _on_failed(self, exc: Exception) -> None:
        self.button.setEnabled(True)
        show_failure(exc, self.banner, [self.form])
