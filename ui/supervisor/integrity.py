"""诚信档案: the supervisor's list of dishonesty records (codes masked, in-force rows red), a
form beside it to add or edit one (opening a record is audited), repair, removal with a
reason, and the import of a CSV/XLSX export. Keyboard only; the work runs on the Runner."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.integrity.forms import IntegrityForm
from counter_app.integrity.rules import Category, Repair, SubjectKind
from counter_app.integrity.views import ImportReport, IntegrityRow, IntegrityView
from ui.admin.common import GREY, RED, AdminTableView, Column, RowsTableModel, show_failure
from ui.form import FieldForm
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

SEARCH_DELAY_MS = 250
NAME_COLUMN = 2  # takes the width left over
CAPPED = {4: 120, 5: 150}  # category and document: longer ones are cut, the tool tip has them
FORM_WIDTH_PX = 300


def _state(row: IntegrityRow) -> str:
    return tr("有效") if row.in_force else tr("无效")


COLUMNS: list[Column[IntegrityRow]] = [
    Column(tr("状态"), _state),
    Column(tr("主体"), lambda r: r.kind_label),
    Column(tr("名称"), lambda r: r.subject_name),
    Column(tr("证件号码/信用代码"), lambda r: r.code_masked),
    Column(tr("失信类别"), lambda r: r.category_label),
    Column(tr("认定文书"), lambda r: r.source_doc),
    Column(tr("认定日期"), lambda r: r.decision_date.isoformat()),
    Column(tr("期间"), lambda r: r.period),
    Column(tr("修复"), lambda r: r.repair_label),
]


def _colour(row: IntegrityRow) -> QColor | None:
    return RED if row.in_force else GREY


def _combo(parent: QWidget, options: dict[str, str]) -> QComboBox:
    combo = QComboBox(parent)
    for key, label in options.items():
        combo.addItem(label, key)
    return combo


def _date_edit(parent: QWidget) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class RecordForm(QGroupBox):
    """The fields of one record; ``record_id`` is None for a new one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("新增记录"), parent)
        self.record_id: str | None = None
        self.row_version = 0
        self.form = FieldForm()
        f = self.form
        self.kind = _combo(self, _labels(SubjectKind))
        self.category = _combo(self, _labels(Category))
        self.repair = _combo(self, _labels(Repair))
        self.decided, self.starts, self.ends = (_date_edit(self) for _ in range(3))
        f.add("subject_kind", tr("主体类型"), self.kind)
        self.name = f.line("subject_name", tr("名称"), tr("申请人或代理机构名称"), max_length=100)
        self.code = f.line(
            "subject_code", tr("证件号码"), tr("身份证号或统一社会信用代码"), max_length=40
        )
        f.add("category", tr("失信类别"), self.category)
        self.document = f.line("source_doc", tr("认定文书"), tr("文号或标题"), max_length=120)
        self.authority = f.line("authority", tr("认定机关"), max_length=100)
        f.add("decision_date", tr("认定日期"), self.decided)
        f.add("starts", tr("开始日期"), self.starts)
        self.open_ended = QCheckBox(tr("长期"), self)
        ends_row = QWidget(self)
        row = QHBoxLayout(ends_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.ends, 1)
        row.addWidget(self.open_ended)
        f.add("ends", tr("结束日期"), ends_row)
        f.add("repair", tr("修复状态"), self.repair)
        self.note = f.line("note", tr("备注"), max_length=500)
        self.reason = f.line("reason", tr("说明/理由"), tr("修复说明或删除理由"), max_length=500)
        self.open_ended.toggled.connect(lambda on: self.ends.setEnabled(not on))
        QVBoxLayout(self).addLayout(f)
        self.clear(date.today())

    def clear(self, today: date) -> None:
        self.record_id, self.row_version = None, 0
        self.setTitle(tr("新增记录"))
        for edit in (self.name, self.code, self.document, self.authority, self.note, self.reason):
            edit.clear()
        for combo in (self.kind, self.category, self.repair):
            combo.setCurrentIndex(0)
        for day_edit in (self.decided, self.starts, self.ends):
            day_edit.setDate(QDate(today.year, today.month, today.day))
        self.open_ended.setChecked(False)
        self.form.clear_errors()

    def load(self, view: IntegrityView) -> None:
        self.record_id, self.row_version = view.id, view.row_version
        self.setTitle(tr("修改记录：{n}", n=view.subject_name))
        self.kind.setCurrentIndex(self.kind.findData(view.subject_kind))
        self.category.setCurrentIndex(self.category.findData(view.category))
        self.repair.setCurrentIndex(self.repair.findData(view.repair))
        self.name.setText(view.subject_name)
        self.code.setText(view.subject_code)
        self.document.setText(view.source_doc)
        self.authority.setText(view.authority)
        self.note.setText(view.note)
        self.reason.clear()
        for edit, day in ((self.decided, view.decision_date), (self.starts, view.starts)):
            edit.setDate(QDate(day.year, day.month, day.day))
        self.open_ended.setChecked(view.ends is None)
        if view.ends is not None:
            self.ends.setDate(QDate(view.ends.year, view.ends.month, view.ends.day))
        self.form.clear_errors()

    def value(self) -> IntegrityForm:
        return IntegrityForm(
            subject_kind=str(self.kind.currentData()),
            subject_name=self.name.text(),
            subject_code=self.code.text(),
            category=str(self.category.currentData()),
            source_doc=self.document.text(),
            decision_date=_day(self.decided),
            starts=_day(self.starts),
            ends=None if self.open_ended.isChecked() else _day(self.ends),
            authority=self.authority.text(),
            note=self.note.text(),
            repair=str(self.repair.currentData()),
        )


def _labels(enum: Any) -> dict[str, str]:
    return {member.value: member.label for member in enum}


class IntegrityWidget(QWidget):
    def __init__(
        self, services: Services, actor: Actor, runner: Runner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service, self._actor, self._runner = services.integrity, actor, runner
        self._today = services.business_date
        self.banner = BannerLabel(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(tr("按名称或证件号码查找 (Ctrl+F)"))
        self.in_force = QCheckBox(tr("只看有效记录 (Ctrl+E)"), self)
        self.model: RowsTableModel[IntegrityRow] = RowsTableModel(COLUMNS, _colour)
        self.table = AdminTableView(self.model, self)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(
            NAME_COLUMN, QHeaderView.ResizeMode.Stretch
        )
        self.count_label = QLabel(self)
        self.record = RecordForm(self)
        self.new_button = shortcut_button(tr("新增"), "Ctrl+N", self)
        self.save_button = shortcut_button(tr("保存"), "Ctrl+S", self)
        self.repair_button = shortcut_button(tr("已修复"), "Ctrl+H", self)
        self.remove_button = shortcut_button(tr("删除"), "Ctrl+D", self)
        self.import_button = shortcut_button(tr("导入文件"), "Ctrl+I", self)
        self.refresh_button = shortcut_button(tr("刷新"), "Ctrl+R", self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._layout()
        self._connect()
        self.record.clear(self._today())
        self._update_buttons()

    def _layout(self) -> None:
        title = QLabel(tr("诚信档案"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.search, 1)
        header.addWidget(self.in_force)
        header.addWidget(self.import_button)
        header.addWidget(self.refresh_button)
        above = QHBoxLayout()
        above.addWidget(self.count_label, 1)
        for button in (self.new_button, self.repair_button, self.remove_button):
            above.addWidget(button)
        left = QVBoxLayout()
        left.addLayout(above)
        left.addWidget(self.table, 1)
        self.record.setFixedWidth(FORM_WIDTH_PX)
        right = QVBoxLayout()
        right.addWidget(self.record)
        right.addWidget(self.save_button)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 1)
        body.addLayout(right)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.reload)
        self._timer.timeout.connect(self.reload)
        self.in_force.toggled.connect(lambda _on: self.reload())
        self.table.sig_row_activated.connect(self._open)
        self.new_button.clicked.connect(self.new_record)
        self.save_button.clicked.connect(self._save)
        self.repair_button.clicked.connect(self._repair)
        self.remove_button.clicked.connect(self._remove)
        self.import_button.clicked.connect(self._import)
        self.refresh_button.clicked.connect(self.reload)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search.setFocus)
        QShortcut(QKeySequence("Ctrl+E"), self, self.in_force.toggle)

    # --- the list --------------------------------------------------------------------------

    def reload(self) -> None:
        self._timer.stop()
        query, only = self.search.text(), self.in_force.isChecked()
        self._runner.run(
            lambda: self._service.list(self._actor, query, only), self._on_loaded, self._failed
        )

    def _on_loaded(self, rows: list[IntegrityRow]) -> None:
        self.model.set_rows(rows)
        in_force = sum(r.in_force for r in rows)
        self.count_label.setText(tr("共 {n} 条，其中有效 {f} 条（红色）", n=len(rows), f=in_force))
        self.table.resizeColumnsToContents()
        for column, most in CAPPED.items():
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), most))

    def _open(self, row: int) -> None:
        record_id = self.model.row_at(row).id
        self._runner.run(
            lambda: self._service.get(self._actor, record_id), self._on_opened, self._failed
        )

    def _on_opened(self, view: IntegrityView) -> None:
        self.record.load(view)
        self._update_buttons()
        self.record.name.setFocus()

    def new_record(self) -> None:
        self.record.clear(self._today())
        self.banner.clear()
        self._update_buttons()
        self.record.kind.setFocus()

    def _update_buttons(self) -> None:
        editing = self.record.record_id is not None
        self.repair_button.setEnabled(editing)
        self.remove_button.setEnabled(editing)

    # --- changes ---------------------------------------------------------------------------

    def _run(self, work: Any, message: str) -> None:
        self.banner.clear()
        self.record.form.clear_errors()
        self._runner.run(work, lambda result: self._on_done(result, message), self._failed)

    def _on_done(self, result: Any, message: str) -> None:
        if isinstance(result, IntegrityView):
            self.record.load(result)
        else:
            self.record.clear(self._today())
        self._update_buttons()
        self.banner.show_info(message)
        self.reload()

    def _save(self) -> None:
        form, record_id, version = (
            self.record.value(),
            self.record.record_id,
            self.record.row_version,
        )
        if record_id is None:
            self._run(lambda: self._service.add(self._actor, form), tr("已登记"))
        else:
            self._run(
                lambda: self._service.update(self._actor, record_id, version, form), tr("已保存")
            )

    def _repair(self) -> None:
        record_id, version = self.record.record_id, self.record.row_version
        if record_id is None:
            return
        note, repaired = self.record.reason.text(), Repair.REPAIRED.value
        self._run(
            lambda: self._service.set_repair(self._actor, record_id, version, repaired, note),
            tr("已记为信用修复：该记录不再限制办理"),
        )

    def _remove(self) -> None:
        record_id, version = self.record.record_id, self.record.row_version
        if record_id is None:
            return
        reason = self.record.reason.text()
        self._run(
            lambda: self._service.remove(self._actor, record_id, version, reason),
            tr("已删除（理由已记入审计记录）"),
        )

    def choose_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("导入诚信档案"), "", tr("表格文件 (*.csv *.xlsx)")
        )
        return path

    def _import(self) -> None:
        path = self.choose_file()
        if not path:
            return
        self.banner.clear()
        self._runner.run(
            lambda: self._service.import_file(self._actor, path), self._on_imported, self._failed
        )

    def _on_imported(self, report: ImportReport) -> None:
        if report.ok:
            self.banner.show_info(report.text)
            self.reload()
        else:
            self.banner.show_error(report.text)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, CounterError) and exc.field == "record":
            self.banner.show_error(exc.message)
            return
        show_failure(exc, self.banner, [self.record.form])
