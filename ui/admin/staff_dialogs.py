"""Account dialogs: a new account, editing one (roles, window, photo), resetting a password."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role
from counter_app.hall.staff import PASSWORD_MIN, StaffService, StaffView
from counter_app.i18n import tr
from ui.admin.common import dialog_buttons, show_failure
from ui.form import FieldForm
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

PHOTO_MAX_PX = 480
PASSWORD_HINT = tr("至少 {n} 位，含字母和数字", n=PASSWORD_MIN)


class RoleChecks(QWidget):
    """One check box per role, in a row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes = {role: QCheckBox(role.label, self) for role in Role}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for box in self.boxes.values():
            row.addWidget(box)
        row.addStretch(1)

    def selected(self) -> frozenset[Role]:
        return frozenset(role for role, box in self.boxes.items() if box.isChecked())

    def set_selected(self, roles: frozenset[Role]) -> None:
        for role, box in self.boxes.items():
            box.setChecked(role in roles)


def photo_bytes(path: str) -> bytes:
    """Read an image file, shrink it to at most PHOTO_MAX_PX, return it as JPEG."""
    image = QImage(path)
    if image.isNull():
        raise CounterError(tr("无法读取该图片，请选择 JPG 或 PNG 文件"), "photo")
    if max(image.width(), image.height()) > PHOTO_MAX_PX:
        image = image.scaled(
            PHOTO_MAX_PX,
            PHOTO_MAX_PX,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPG", 90)  # type: ignore[call-overload]  # stub says bytes
    buffer.close()
    return bytes(data.data())


def choose_image_file(parent: QWidget) -> str:
    path, _ = QFileDialog.getOpenFileName(
        parent, tr("选择照片"), "", tr("图片 (*.jpg *.jpeg *.png *.bmp)")
    )
    return path


class _StaffDialog(QDialog):
    """Banner + form + Enter/Esc buttons; subclasses build the fields and the work to run."""

    def __init__(
        self,
        staff: StaffService,
        actor: Actor,
        runner: Runner | None,
        parent: QWidget | None,
        title: str,
    ) -> None:
        super().__init__(parent)
        self._staff, self._actor = staff, actor
        self._runner: Runner = runner or SyncRunner()
        self.saved: Any = None
        self.setWindowTitle(title)
        self.setMinimumWidth(640)
        self.banner = BannerLabel(self)
        self.form = FieldForm()
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.banner)
        self._layout.addLayout(self.form)

    def _finish_layout(self) -> None:
        self._layout.addStretch(1)
        self._layout.addWidget(dialog_buttons(self, tr("保存"), self._on_save))

    def _on_save(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        try:
            work = self._work()
        except CounterError as exc:
            show_failure(exc, self.banner, [self.form])
            return
        self.setEnabled(False)
        self._runner.run(work, self._on_saved, self._on_failed)

    def _work(self) -> Callable[[], Any]:
        raise NotImplementedError

    def _on_saved(self, result: Any) -> None:
        self.saved = result
        self.setEnabled(True)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.setEnabled(True)
        show_failure(exc, self.banner, [self.form])

    def _checked_password(self) -> str:
        if self.password.text() != self.password2.text():
            raise CounterError(tr("两次输入的密码不一致，请重新输入"), "password2")
        return str(self.password.text())

    def _password_fields(self, label: str) -> None:
        self.password = self.form.line("password", label, PASSWORD_HINT, True, 64)
        self.password2 = self.form.line(
            "password2", tr("再次输入密码"), password=True, max_length=64
        )


class AddUserDialog(_StaffDialog):
    def __init__(
        self,
        staff: StaffService,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(staff, actor, runner, parent, tr("新增账号"))
        self.username = self.form.line(
            "username", tr("用户名"), tr("字母、数字、下划线或点"), max_length=32
        )
        self.display_name = self.form.line("display_name", tr("姓名"), max_length=32)
        self.roles = RoleChecks()
        self.form.add("roles", tr("角色"), self.roles)
        self._password_fields(tr("初始密码"))
        self._finish_layout()

    def _work(self) -> Callable[[], StaffView]:
        password = self._checked_password()
        username, name = self.username.text(), self.display_name.text()
        roles = self.roles.selected()
        return lambda: self._staff.add_user(self._actor, username, name, roles, password)


class PasswordDialog(_StaffDialog):
    def __init__(
        self,
        staff: StaffService,
        actor: Actor,
        user: StaffView,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = tr("重设密码：{u}（{n}）", u=user.username, n=user.display_name)
        super().__init__(staff, actor, runner, parent, title)
        self._user = user
        self._password_fields(tr("新密码"))
        self._finish_layout()

    def _work(self) -> Callable[[], None]:
        password = self._checked_password()
        return lambda: self._staff.set_password(self._actor, self._user.id, password)


class EditUserDialog(_StaffDialog):
    """Name, roles, window, services, published, active and the photo of one account."""

    def __init__(
        self,
        staff: StaffService,
        actor: Actor,
        user: StaffView,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = tr("编辑账号：{u}", u=user.username)
        super().__init__(staff, actor, runner, parent, title)
        self._user = user
        self.choose_file: Callable[[QWidget], str] = choose_image_file
        self._photo: bytes | None = staff.photo(user.id) if user.has_photo else None
        self._photo_changed = False
        self._build_fields()
        self._finish_layout()
        self._fill(user)
        self._show_photo()

    def _build_fields(self) -> None:
        f = self.form
        self.display_name = f.line("display_name", tr("姓名"), max_length=32)
        self.roles = RoleChecks()
        f.add("roles", tr("角色"), self.roles)
        self.window_no = f.line("window_no", tr("窗口号"), tr("如 3 号窗口填 3"), max_length=16)
        self.services_text = QPlainTextEdit()
        self.services_text.setTabChangesFocus(True)
        self.services_text.setMaximumHeight(80)
        self.services_text.setPlaceholderText(tr("公示的服务事项，如：专利申请受理、商标质押登记"))
        f.add("services_text", tr("服务事项"), self.services_text)
        self.published = QCheckBox(tr("在“窗口人员公示”中显示"))
        f.add("published", tr("公示"), self.published)
        self.active = QCheckBox(tr("账号可用（取消后不能登录）"))
        f.add("active", tr("状态"), self.active)
        f.add("photo", tr("照片"), self._photo_row())

    def _photo_row(self) -> QWidget:
        box = QWidget()
        self.photo_label = QLabel(box)
        self.photo_label.setFixedSize(96, 96)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border:1px solid #bbb;")
        self.choose_button = shortcut_button(tr("选择图片…"), "Ctrl+O", self)
        self.remove_button = shortcut_button(tr("移除照片"), "Ctrl+R", self)
        self.choose_button.clicked.connect(self._on_choose_photo)
        self.remove_button.clicked.connect(self.remove_photo)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.photo_label)
        row.addWidget(self.choose_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        return box

    def _fill(self, user: StaffView) -> None:
        self.display_name.setText(user.display_name)
        self.roles.set_selected(user.roles)
        self.window_no.setText(user.window_no)
        self.services_text.setPlainText(user.services_text)
        self.published.setChecked(user.published)
        self.active.setChecked(user.active)
        if user.username == self._actor.username:
            self.active.setEnabled(False)
            self.active.setToolTip(tr("不能停用自己的账号"))

    def _on_choose_photo(self) -> None:
        path = self.choose_file(self)
        if path:
            self.set_photo_file(path)

    def set_photo_file(self, path: str) -> None:
        self.form.clear_errors()
        try:
            self._photo = photo_bytes(path)
        except CounterError as exc:
            self.form.show_error(exc)
            return
        self._photo_changed = True
        self._show_photo()

    def remove_photo(self) -> None:
        self._photo, self._photo_changed = None, True
        self._show_photo()

    def _show_photo(self) -> None:
        pixmap = QPixmap()
        if self._photo and pixmap.loadFromData(self._photo):
            self.photo_label.setPixmap(
                pixmap.scaled(
                    96,
                    96,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.photo_label.setPixmap(QPixmap())
            self.photo_label.setText(tr("无照片"))
        self.remove_button.setEnabled(self._photo is not None)

    def changes(self) -> dict[str, object]:
        changes: dict[str, object] = {
            "display_name": self.display_name.text().strip(),
            "roles": self.roles.selected(),
            "window_no": self.window_no.text().strip(),
            "services_text": self.services_text.toPlainText().strip(),
            "published": self.published.isChecked(),
            "active": self.active.isChecked(),
        }
        if self._photo_changed:
            changes["photo"] = self._photo
        return changes

    def _work(self) -> Callable[[], StaffView]:
        changes = self.changes()
        return lambda: self._staff.update_user(self._actor, self._user.id, **changes)
