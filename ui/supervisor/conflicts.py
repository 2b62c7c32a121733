"""同步冲突: changes a counter made that the central refused, each with both versions.

A change conflicts when another counter changed the same record first (both decided on one
case while cut off, for instance). The supervisor compares the counter's change with what the
central holds now and keeps the central's version or applies the counter's change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import DBAPIError

from counter_app.cases.rules.states import CaseState
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from ui.admin.common import AdminTableView, Column, Confirmer, RowsTableModel, ask_yes_no
from ui.admin.common import show_failure as show_banner_failure
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.sync.service import Conflict, SyncService

TABLE_LABELS: dict[str, str] = {
    "cases": tr("案件"),
    "applicant": tr("申请人"),
    "case_event": tr("案件记录"),
    "case_decision": tr("审批决定"),
    "payment": tr("收费"),
    "delivery": tr("送达"),
    "staff": tr("人员"),
    "catalog_item": tr("事项"),
    "setting": tr("设置"),
}
FIELD_LABELS: dict[str, str] = {
    "status": tr("状态"),
    "from_status": tr("原状态"),
    "to_status": tr("新状态"),
    "kind": tr("类别"),
    "action": tr("动作"),
    "note": tr("备注"),
    "reasons": tr("理由"),
    "decided_at": tr("决定时间"),
    "decided_by": tr("决定人"),
    "number": tr("编号"),
    "name": tr("名称"),
    "display_name": tr("姓名"),
    "title": tr("标题"),
    "value": tr("值"),
    "amount": tr("金额"),
    "promised_on": tr("承诺办结日"),
    "result_number": tr("结果编号"),
    "document_number": tr("文书编号"),
    "resubmit_by": tr("重新提交期限"),
    "authority": tr("机关"),
    "at": tr("时间"),
    "actor": tr("操作人"),
}
STATE_FIELDS = frozenset({"status", "kind", "action", "from_status", "to_status"})
"""Fields that hold a case state: shown by its Chinese name."""
STATE_VALUES = frozenset(state.value for state in CaseState)
HIDDEN_FIELDS = frozenset({"row_version", "updated_at"})
"""Bookkeeping every change carries; not what the supervisor decides on."""
NAME_FIELDS = ("number", "username", "name", "title")
"""A record's own name, shown instead of its key when it has one."""
NOT_CONNECTED = tr("本机未连接中心数据库")
MAX_VALUE = 60
OP_LABELS = {"i": tr("新增"), "u": tr("修改"), "d": tr("删除")}
OP_ORDER = {"u": 0, "d": 1, "i": 2}
"""Changed fields first (what collided), then removed and added records."""

Row = Mapping[str, Any]


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name)


def _moment(text: str) -> str | None:
    """An ISO timestamp as local "YYYY-MM-DD HH:MM"; None when ``text`` is not one."""
    if len(text) < 19 or text[10] != "T" or not text[:4].isdigit():
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def value_text(value: Any, name: str = "") -> str:
    """A stored value as the supervisor reads it; long text is cut (the tool tip has it all)."""
    if value is None or value == "" or value == []:
        return tr("（空）")
    if isinstance(value, bool):
        return tr("是") if value else tr("否")
    if isinstance(value, list):
        return "；".join(value_text(v) for v in value)
    if isinstance(value, str):
        if name in STATE_FIELDS and value in STATE_VALUES:
            return CaseState(value).label
        if value.startswith("\\x"):
            return tr("（二进制数据 {n} 字节）", n=(len(value) - 2) // 2)
        text = _moment(value) or value
    else:
        text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def conflict_time(at: datetime | str) -> str:
    if isinstance(at, str):
        return _moment(at) or at
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class DetailRow:
    """One line of the comparison: a field of a record, the counter's change, the central's."""

    record: str
    field: str
    counter: str
    central: str
    differs: bool


def _changes(command: object) -> list[Row]:
    if isinstance(command, Mapping):
        changes = command.get("changes", [])
        if isinstance(changes, Sequence):
            return [c for c in changes if isinstance(c, Mapping)]
    return []


def _server_rows(rows: object) -> dict[tuple[str, str], Row | None]:
    found: dict[tuple[str, str], Row | None] = {}
    if isinstance(rows, Sequence):
        for entry in rows:
            if isinstance(entry, Sequence) and len(entry) == 3:
                table, key, row = entry
                found[(str(table), str(key))] = row if isinstance(row, Mapping) else None
    return found


class _Names:
    """How the records of one conflict are called: by their number, or their case's number."""

    def __init__(self, changes: list[Row], server: dict[tuple[str, str], Row | None]) -> None:
        self.case_numbers: dict[str, str] = {}
        for change in changes:
            if change.get("t") == "cases":
                key = str(change.get("k", ""))
                for row in (change.get("new"), change.get("old"), server.get(("cases", key))):
                    if isinstance(row, Mapping) and row.get("number"):
                        self.case_numbers.setdefault(key, str(row["number"]))

    def record(self, table: str, key: str, *rows: Row | None) -> str:
        for row in rows:
            for name in NAME_FIELDS:
                if row and row.get(name):
                    return f"{table_label(table)} {row[name]}"
        if table == "cases" and key in self.case_numbers:
            return f"{table_label(table)} {self.case_numbers[key]}"
        for row in rows:
            case = str(row.get("case_id", "")) if row else ""
            if case in self.case_numbers:
                return tr("{t}（案件 {n}）", t=table_label(table), n=self.case_numbers[case])
        short = key if len(key) <= 13 else key[:8] + "…"
        return f"{table_label(table)} {short}"


def _summary(row: Row | None) -> str:
    """A whole record in one line: its filled-in fields, without keys and bookkeeping."""
    if row is None:
        return tr("中心无此记录")
    parts = [
        tr("{f}：{v}", f=field_label(name), v=value_text(value, name))
        for name, value in row.items()
        if name not in HIDDEN_FIELDS
        and name != "id"
        and not name.endswith("_id")
        and value not in (None, "", [])
    ]
    return "；".join(parts) or tr("（空记录）")


def reason_text(conflict: Conflict) -> str:
    """The central's reason, with the record called by its name instead of table and key."""
    reason = str(conflict.reason)
    server = _server_rows(conflict.server_rows)
    changes = _changes(conflict.command)
    names = _Names(changes, server)
    for change in changes:
        table, key = str(change.get("t", "")), str(change.get("k", ""))
        raw = f"{table} {key}"
        if raw in reason:
            rows = (change.get("new"), change.get("old"), server.get((table, key)))
            reason = reason.replace(raw, names.record(table, key, *rows))
    for state in CaseState:  # "approved" -> 准予（通过）
        reason = reason.replace(f'"{state.value}"', f"“{state.label}”")
    return re.sub(r"字段 (\w+)：", lambda m: tr("字段“{f}”：", f=field_label(m.group(1))), reason)


def detail_rows(conflict: Conflict) -> list[DetailRow]:
    """The comparison: each changed field (old → new here, the central's value), then each
    record the counter removed or added, in one line."""
    server = _server_rows(conflict.server_rows)
    changes = sorted(_changes(conflict.command), key=lambda c: OP_ORDER.get(str(c.get("o")), 3))
    names = _Names(changes, server)
    out: list[DetailRow] = []
    for change in changes:
        table, key, op = str(change.get("t", "")), str(change.get("k", "")), str(change.get("o"))
        old: Row = change.get("old") or {}
        new: Row = change.get("new") or {}
        central = server.get((table, key))
        record = tr(
            "{r}（{o}）",
            r=names.record(table, key, new, old, central),
            o=OP_LABELS.get(op, op),
        )
        if op == "i":
            there = _summary(central) if central is not None else tr("中心无此记录")
            out.append(DetailRow(record, tr("整条记录"), _summary(new), there, False))
            continue
        if op == "d":
            out.append(DetailRow(record, tr("整条记录"), tr("删除该记录"), _summary(central), True))
            continue
        names_ = [n for n in new if n not in HIDDEN_FIELDS] or list(new)
        for name in names_:
            here = tr("{a} → {b}", a=value_text(old.get(name), name), b=value_text(new[name], name))
            if central is None:
                there, differs = tr("中心无此记录"), True
            else:
                there = value_text(central.get(name), name)
                differs = str(central.get(name)) != str(new[name])
            out.append(DetailRow(record, field_label(name), here, there, differs))
    return out


CONFLICT_COLUMNS: tuple[Column[Conflict], ...] = (
    Column(tr("时间"), lambda c: conflict_time(c.at)),
    Column(tr("窗口"), lambda c: c.origin),
    Column(tr("原因"), reason_text),
)
DETAIL_HEADERS = (tr("记录"), tr("字段"), tr("该窗口的更改"), tr("中心现有版本"))


class ConflictsWidget(QWidget):
    """The open conflicts of the hall and, for the selected one, both versions side by side."""

    def __init__(
        self,
        sync: SyncService,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._sync, self._actor = sync, actor
        self._runner: Runner = runner or SyncRunner()
        self.confirm: Confirmer = ask_yes_no
        self.connected = False
        self.banner = BannerLabel(self)
        self.count_label = QLabel(self)
        self.model: RowsTableModel[Conflict] = RowsTableModel(CONFLICT_COLUMNS)
        self.table = AdminTableView(self.model, self)
        self.detail = QTableWidget(0, len(DETAIL_HEADERS), self)
        self.detail_title = QLabel(self)
        self.detail_title.setWordWrap(True)
        self.empty_label = QLabel(NOT_CONNECTED, self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("font-size:14pt; color:#555555;")
        self.empty_label.setWordWrap(True)
        self.refresh_button = shortcut_button(tr("刷新"), "Ctrl+R", self)
        self.apply_button = shortcut_button(tr("采用该窗口的更改"), "Ctrl+U", self)
        self.keep_button = shortcut_button(tr("以中心为准"), "Ctrl+K", self)
        self._setup_detail()
        self._build()
        self.refresh_button.clicked.connect(self.reload)
        self.keep_button.clicked.connect(lambda: self._resolve("keep"))
        self.apply_button.clicked.connect(lambda: self._resolve("apply"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self._show_selected()

    def _setup_detail(self) -> None:
        self.detail.setHorizontalHeaderLabels(list(DETAIL_HEADERS))
        self.detail.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.detail.setTabKeyNavigation(False)
        self.detail.setAlternatingRowColors(True)
        self.detail.setWordWrap(True)
        self.detail.verticalHeader().hide()
        header = self.detail.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def _build(self) -> None:
        title = QLabel(tr("同步冲突"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addSpacing(16)
        header.addWidget(self.count_label, 1)
        header.addWidget(self.refresh_button)
        header.addWidget(self.apply_button)
        header.addWidget(self.keep_button)
        hint = QLabel(
            tr(
                "窗口离线时改了其他窗口也改过的记录，中心保留了先到的版本。"
                "请对照两个版本，选择以中心为准或采用该窗口的更改；处理结果会同步到所有窗口。"
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#555555;")
        lists = QWidget(self)
        column = QVBoxLayout(lists)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(hint)
        column.addWidget(self.table, 1)
        column.addWidget(self.detail_title)
        column.addWidget(self.detail, 3)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(lists)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self._runner.run(self._load, self._on_loaded, self._on_failed)

    def _load(self) -> list[Conflict] | None:
        """The open conflicts; None when this PC is not joined to a central."""
        if self._sync.central_engine() is None:
            return None
        try:
            return self._sync.conflicts(self._actor)
        except DBAPIError as exc:
            raise CounterError(tr("无法连接中心数据库，请稍后按“刷新”再试。")) from exc

    def _on_loaded(self, conflicts: list[Conflict] | None) -> None:
        self.connected = conflicts is not None
        if conflicts is None:
            self._show_not_connected(NOT_CONNECTED)
            return
        self.stack.setCurrentIndex(0)
        previous = self.selected()
        self.model.set_rows(conflicts)
        self.table.resizeColumnsToContents()
        self.count_label.setText(
            tr("待处理 {n} 条", n=len(conflicts)) if conflicts else tr("没有待处理的冲突")
        )
        rows = [c.id for c in conflicts]
        if rows:
            keep = rows.index(previous.id) if previous and previous.id in rows else 0
            self.table.select_source_row(keep)
        self._show_selected()

    def _show_not_connected(self, message: str) -> None:
        self.model.set_rows([])
        self.empty_label.setText(message)
        self.stack.setCurrentIndex(1)
        self.count_label.setText("")
        self._show_selected()

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, CounterError) and exc.field == "host":
            self._show_not_connected(exc.message)  # left the central meanwhile
            return
        show_banner_failure(exc, self.banner)

    # -- the selected conflict -------------------------------------------------------------
    def selected(self) -> Conflict | None:
        row = self.table.current_row()
        return None if row is None else self.model.row_at(row)

    def _show_selected(self) -> None:
        conflict = self.selected()
        for button in (self.keep_button, self.apply_button):
            button.setEnabled(conflict is not None)
        self.detail.setRowCount(0)
        if conflict is None:
            self.detail_title.setText(tr("选择一条冲突，查看两个版本。") if self.connected else "")
            return
        self.detail_title.setText(
            tr("窗口 {o} 的更改未能写入中心：{r}", o=conflict.origin, r=reason_text(conflict))
        )
        rows = detail_rows(conflict)
        self.detail.setRowCount(len(rows))
        for index, row in enumerate(rows):
            texts = (row.record, row.field, row.counter, row.central)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if row.differs and column >= 2:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.detail.setItem(index, column, item)
        self.detail.resizeRowsToContents()

    def detail_texts(self) -> list[tuple[str, ...]]:
        """What the comparison shows, row by row (for tests and screen checks)."""
        out = []
        for row in range(self.detail.rowCount()):
            cells = (self.detail.item(row, c) for c in range(self.detail.columnCount()))
            out.append(tuple(cell.text() if cell else "" for cell in cells))
        return out

    def _resolve(self, action: str) -> None:
        conflict = self.selected()
        if conflict is None:
            self.banner.show_error(tr("请先在列表中选择一条冲突"))
            return
        if action == "keep":
            question = tr(
                "以中心为准：保留中心现有版本，放弃窗口 {o} 的这次更改？", o=conflict.origin
            )
        else:
            question = tr(
                "采用窗口 {o} 的更改：用它覆盖中心现有版本？各窗口下次同步后都改为该版本。",
                o=conflict.origin,
            )
        if not self.confirm(self, question):
            return
        self.banner.clear()
        self._runner.run(
            lambda: self._sync.resolve(self._actor, conflict.id, action),
            lambda _r: self._on_resolved(action),
            self._on_failed,
        )

    def _on_resolved(self, action: str) -> None:
        done = tr("已处理：以中心为准") if action == "keep" else tr("已处理：已采用该窗口的更改")
        self.banner.show_info(done)
        self.reload()
