"""账号管理: the staff accounts; add, edit, reset a password, unlock."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from counter_app.core.roles import Actor
from counter_app.hall.staff import StaffService, StaffView
from counter_app.i18n import tr
from ui.admin.common import (
    GREY,
    AdminTableView,
    Column,
    DialogOpener,
    RowsTableModel,
    exec_dialog,
    show_failure,
)
from ui.admin.staff_dialogs import AddUserDialog, EditUserDialog, PasswordDialog
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button


def _yes(value: bool) -> str:
    return tr("是") if value else tr("否")


STAFF_COLUMNS: tuple[Column[StaffView], ...] = (
    Column(tr("用户名"), lambda s: s.username),
    Column(tr("姓名"), lambda s: s.display_name),
    Column(tr("角色"), lambda s: s.role_labels),
    Column(tr("窗口"), lambda s: s.window_no),
    Column(tr("公示"), lambda s: _yes(s.published)),
    Column(tr("可用"), lambda s: _yes(s.active)),
    Column(tr("锁定"), lambda s: tr("已锁定") if s.locked else ""),
)


class StaffAdminWidget(QWidget):
    sig_staff_changed = Signal()
    """Emitted after an account was added or changed (the published staff list may differ)."""

    def __init__(
        self,
        staff: StaffService,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._staff, self._actor = staff, actor
        self._runner: Runner = runner or SyncRunner()
        self.open_dialog: DialogOpener = exec_dialog
        self.banner = BannerLabel(self)
        self.count_label = QLabel(self)
        self.model: RowsTableModel[StaffView] = RowsTableModel(
            STAFF_COLUMNS, lambda s: None if s.active else GREY
        )
        self.table = AdminTableView(self.model, self)
        self.add_button = shortcut_button(tr("新增账号"), "Ctrl+N", self)
        self.edit_button = shortcut_button(tr("编辑"), "Ctrl+E", self)
        self.password_button = shortcut_button(tr("重设密码"), "Ctrl+P", self)
        self.unlock_button = shortcut_button(tr("解锁"), "Ctrl+U", self)
        self._layout()
        self._connect()
        self._update_buttons()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        for button in (self.unlock_button, self.password_button, self.edit_button, self.add_button):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self._on_add)
        self.edit_button.clicked.connect(self._on_edit)
        self.password_button.clicked.connect(self._on_password)
        self.unlock_button.clicked.connect(self._on_unlock)
        self.table.sig_row_activated.connect(lambda _row: self._on_edit())
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def reload(self, select_id: str | None = None) -> None:
        current = self.current_user()
        keep = select_id or (current.id if current else None)
        self._runner.run(
            self._staff.list_users, lambda users: self._on_loaded(users, keep), self._on_failed
        )

    def _on_loaded(self, users: list[StaffView], select_id: str | None) -> None:
        self.model.set_rows(users)
        self.table.resizeColumnsToContents()
        self.count_label.setText(tr("共 {n} 个账号", n=len(users)))
        rows = [i for i, user in enumerate(users) if user.id == select_id]
        self.table.select_source_row(rows[0] if rows else 0)
        self._update_buttons()

    def current_user(self) -> StaffView | None:
        row = self.table.current_row()
        return None if row is None else self.model.row_at(row)

    def _on_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        user = self.current_user()
        self.edit_button.setEnabled(user is not None)
        self.password_button.setEnabled(user is not None)
        self.unlock_button.setEnabled(user is not None and user.locked)

    def _on_add(self) -> None:
        self.banner.clear()
        dialog = AddUserDialog(self._staff, self._actor, self._runner, self)
        if self.open_dialog(dialog) and isinstance(dialog.saved, StaffView):
            self._done(tr("已新增账号 {u}", u=dialog.saved.username), dialog.saved.id)

    def _on_edit(self) -> None:
        user = self.current_user()
        if user is None:
            return
        self.banner.clear()
        dialog = EditUserDialog(self._staff, self._actor, user, self._runner, self)
        if self.open_dialog(dialog) and isinstance(dialog.saved, StaffView):
            self._done(tr("已保存账号 {u}", u=user.username), user.id)

    def _on_password(self) -> None:
        user = self.current_user()
        if user is None:
            return
        self.banner.clear()
        if self.open_dialog(PasswordDialog(self._staff, self._actor, user, self._runner, self)):
            self.banner.show_info(tr("已为 {u} 设置新密码，请当面告知本人", u=user.username))
            self.reload(user.id)

    def _on_unlock(self) -> None:
        user = self.current_user()
        if user is None:
            return
        self.banner.clear()
        self._runner.run(
            lambda: self._staff.unlock(self._actor, user.id),
            lambda _r: self._done(tr("已解锁 {u}", u=user.username), user.id),
            self._on_failed,
        )

    def _done(self, message: str, staff_id: str) -> None:
        self.banner.show_info(message)
        self.reload(staff_id)
        self.sig_staff_changed.emit()

    def _on_failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner)
