"""安全事件: changes the central refused because the account that sent them had no authority
for them (a counter's account creating an administrator, editing the catalogue, a tool
editing a PC's database file, an audit chain rewritten). Read from the central, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget
from sqlalchemy.exc import DBAPIError

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from ui.admin.common import AdminTableView, Column, RowsTableModel, show_failure
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.sync.service import SecurityEvent, SyncService

COLUMNS: list[Column[SecurityEvent]] = [
    Column(tr("时间"), lambda e: e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")),
    Column(tr("窗口"), lambda e: e.origin),
    Column(tr("数据库账号"), lambda e: e.db_user),
    Column(tr("内容"), lambda e: e.reason),
    Column(tr("状态"), lambda e: tr("已查看") if e.seen else tr("未查看")),
]


class SecurityEventsWidget(QWidget):
    def __init__(
        self, sync: SyncService, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._sync, self._actor, self._runner = sync, actor, runner
        self.banner = BannerLabel(self)
        self.model: RowsTableModel[SecurityEvent] = RowsTableModel(COLUMNS)
        self.table = AdminTableView(self.model, self)
        self.count_label = QLabel(self)
        self.refresh_button = shortcut_button(tr("刷新"), "F5", self)
        self.refresh_button.clicked.connect(self.reload)
        title = QLabel(tr("安全事件：中心拒绝的越权更改"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        note = QLabel(
            tr(
                "窗口的数据库账号只能上传窗口业务；账号、角色、事项目录、节假日和大厅设置须由管理员"
                "本人的中心账号上传。以下每一条都被中心拒绝、没有生效，请核实是哪台电脑、谁做的。"
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet("color:#555555;")
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(note)
        layout.addWidget(self.banner)
        layout.addWidget(self.count_label)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        self.banner.clear()
        self._runner.run(self._load, self._on_loaded, self._on_failed)

    def _load(self) -> list[SecurityEvent]:
        try:
            return self._sync.security_events(self._actor)
        except DBAPIError as exc:
            raise CounterError(
                tr("无法从中心读取安全事件（本机的数据库账号须为主管账号）")
            ) from exc

    def _on_loaded(self, events: list[SecurityEvent]) -> None:
        self.model.set_rows(events)
        unseen = sum(not e.seen for e in events)
        self.count_label.setText(tr("共 {n} 条，其中 {u} 条未查看", n=len(events), u=unseen))
        self.table.resizeColumnsToContents()
        self.table.setFocus()

    def _on_failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner)
