"""大厅设置与审计: the hall settings form, the audit-chain check and the recent audit rows."""

from __future__ import annotations

from dataclasses import fields

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.audit import trail as audit
from counter_app.audit.trail import AuditEntry, VerifyResult
from counter_app.core.roles import Actor
from counter_app.hall.settings import HallService, HallSettings
from counter_app.i18n import tr
from counter_app.supervision import settings as supervision_settings
from counter_app.supervision.settings import MAX_DAYS, SupervisionSettings
from db.engine import Database
from ui.admin.common import (
    RED,
    AdminTableView,
    Column,
    RowsTableModel,
    chain_tab_order,
    local_time,
    show_failure,
)
from ui.form import FieldForm
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

RECENT_LIMIT = 200
OK_STYLE = "color:#1b5e20; font-weight:bold;"
BROKEN_STYLE = "color:#b00020; font-weight:bold;"

SETTING_FIELDS: tuple[tuple[str, str, str, int], ...] = (
    ("hall_name", tr("大厅名称"), tr("如：连云港市知识产权保护中心"), 60),
    ("office_name", tr("出文机关（盖章单位）"), tr("如：连云港市市场监督管理局"), 60),
    ("hall_code", tr("大厅代码"), tr("2-8 位大写字母或数字，如 LYG"), 8),
    ("counter_code", tr("本窗口代码"), tr("如 W03"), 6),
    ("address", tr("地址"), "", 200),
    ("phone", tr("咨询电话"), "", 40),
    ("complaint_phone", tr("投诉电话"), "", 40),
    ("progress_portal", tr("进度查询网址"), tr("https://…"), 300),
    ("review_authority", tr("行政复议机关"), tr("如：连云港市人民政府"), 60),
    ("court", tr("管辖法院"), tr("如：连云港市海州区人民法院"), 60),
    ("office_hours", tr("办公时间"), tr("如 09:00-17:00（空：09:00-17:00）"), 11),
)

ACTION_LABELS = {
    "first_run": tr("首次设置"),
    "login": tr("登录"),
    "login_failed": tr("登录失败"),
    "login_refused_locked": tr("锁定中拒绝登录"),
    "account_locked": tr("账号锁定"),
    "staff_add": tr("新增账号"),
    "staff_update": tr("修改账号"),
    "password_set": tr("设置密码"),
    "staff_unlock": tr("解锁账号"),
    "catalog_add": tr("新增事项"),
    "catalog_edit": tr("修改事项"),
    "catalog_retire": tr("停用事项"),
    "catalog_reinstate": tr("恢复事项"),
    "catalog_import": tr("导入事项"),
    "info_save": tr("保存信息"),
    "info_remove": tr("删除信息"),
    "settings_update": tr("修改大厅设置"),
    "case_receive": tr("受理"),
    "case_supplement": tr("补正齐全"),
    "case_refuse": tr("不予受理"),
    "view_personal_data": tr("查看个人信息"),
    "applicant_add": tr("新增申请人"),
    "applicant_update": tr("修改申请人"),
    "payment": tr("收费"),
    "payment_void": tr("作废收费"),
    "document_issue": tr("出具文书"),
    "holiday_override": tr("节假日调整"),
    "holiday_year": tr("节假日年度"),
    "bundle_save": tr("保存套餐"),
}

ENTITY_LABELS = {
    "catalog_item": tr("事项"),
    "catalog": tr("事项清单"),
    "staff": tr("账号"),
    "info_entry": tr("信息"),
    "setting": tr("大厅设置"),
    "case": tr("案件"),
    "applicant": tr("申请人"),
    "holiday": tr("节假日"),
    "bundle": tr("一件事套餐"),
}

AUDIT_COLUMNS: tuple[Column[AuditEntry], ...] = (
    Column(tr("序号"), lambda e: str(e.seq)),
    Column(tr("时间"), lambda e: local_time(e.at)),
    Column(tr("操作人"), lambda e: e.actor),
    Column(tr("操作"), lambda e: ACTION_LABELS.get(e.action, e.action)),
    Column(tr("对象"), lambda e: ENTITY_LABELS.get(e.entity, e.entity)),
)


def verify_text(result: VerifyResult) -> str:
    if result.broken is None:
        return tr("审计链完整：已校验 {n} 条记录，未发现篡改。", n=result.rows_checked)
    return tr(
        "审计链在第 {s} 条记录处断开：{r}（此前 {n} 条完好）。请立即报告科长。",
        s=result.broken.seq,
        r=result.broken.reason,
        n=result.rows_checked,
    )


class HallAdminWidget(QWidget):
    sig_hall_changed = Signal(object)
    """Emitted with the saved HallSettings after the administrator saved them."""

    def __init__(
        self,
        hall: HallService,
        database: Database,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._hall, self._db, self._actor = hall, database, actor
        self._runner: Runner = runner or SyncRunner()
        self.banner = BannerLabel(self)
        self.form = FieldForm()
        self.edits: dict[str, QLineEdit] = {
            name: self.form.line(name, label, hint, max_length=limit)
            for name, label, hint, limit in SETTING_FIELDS
        }
        # Local rules of supervision, in working days (FACTS.md: configurable).
        self.followup_days = QSpinBox(self)
        self.complaint_days = QSpinBox(self)
        for spin in (self.followup_days, self.complaint_days):
            spin.setRange(1, MAX_DAYS)
            spin.setSuffix(tr(" 个工作日"))
        self.form.add("followup_days", tr("差评整改期限"), self.followup_days)
        self.form.add("complaint_days", tr("投诉答复期限"), self.complaint_days)
        self.save_button = shortcut_button(tr("保存设置"), "Ctrl+S", self)
        self.verify_button = shortcut_button(tr("校验审计链"), "Ctrl+K", self)
        self.verify_label = QLabel(self)
        self.verify_label.setWordWrap(True)
        self.audit_model: RowsTableModel[AuditEntry] = RowsTableModel(AUDIT_COLUMNS)
        self.audit_table = AdminTableView(self.audit_model, self)
        self._layout()
        chain_tab_order(
            [
                *self.edits.values(),
                self.followup_days,
                self.complaint_days,
                self.save_button,
                self.verify_button,
                self.audit_table,
            ]
        )
        self.save_button.clicked.connect(self._on_save)
        self.verify_button.clicked.connect(self._on_verify)
        for edit in self.edits.values():
            edit.returnPressed.connect(self._on_save)

    def _layout(self) -> None:
        settings = QGroupBox(tr("大厅设置"), self)
        column = QVBoxLayout(settings)
        column.addLayout(self.form)
        column.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        column.addLayout(row)
        trail = QGroupBox(tr("审计记录（最近 {n} 条）", n=RECENT_LIMIT), self)
        right = QVBoxLayout(trail)
        check = QHBoxLayout()
        check.addWidget(self.verify_label, 1)
        check.addWidget(self.verify_button)
        right.addLayout(check)
        right.addWidget(self.audit_table, 1)
        body = QHBoxLayout()
        body.addWidget(settings, 5)
        body.addWidget(trail, 6)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    def reload(self) -> None:
        self._runner.run(self._load, self._fill_all, self._on_failed)
        self.reload_audit()

    def reload_audit(self) -> None:
        self._runner.run(
            lambda: audit.recent(self._db, RECENT_LIMIT), self._on_audit_loaded, self._on_failed
        )

    def _on_audit_loaded(self, entries: list[AuditEntry]) -> None:
        self.audit_model.set_rows(entries)
        self.audit_table.resizeColumnsToContents()

    def _load(self) -> tuple[HallSettings, SupervisionSettings]:
        return self._hall.settings(), supervision_settings.load(self._db)

    def _fill_all(self, loaded: tuple[HallSettings, SupervisionSettings]) -> None:
        hall, deadlines = loaded
        self._fill(hall)
        self.followup_days.setValue(deadlines.followup_days)
        self.complaint_days.setValue(deadlines.complaint_days)

    def _fill(self, settings: HallSettings) -> None:
        for name, edit in self.edits.items():
            edit.setText(str(getattr(settings, name)))

    def settings_from_form(self) -> HallSettings:
        values = {f.name: self.edits[f.name].text().strip() for f in fields(HallSettings)}
        return HallSettings(**values)

    def _on_save(self) -> None:
        self.banner.clear()
        self.form.clear_errors()
        settings = self.settings_from_form()
        deadlines = SupervisionSettings(self.followup_days.value(), self.complaint_days.value())

        def save() -> HallSettings:
            saved = self._hall.update(self._actor, settings)
            supervision_settings.save(self._db, self._actor, deadlines)
            return saved

        self._runner.run(
            save,
            self._on_saved,
            lambda exc: show_failure(exc, self.banner, [self.form]),
        )

    def _on_saved(self, settings: HallSettings) -> None:
        self._fill(settings)
        self.banner.show_info(tr("大厅设置已保存"))
        self.reload_audit()
        self.sig_hall_changed.emit(settings)

    def _on_verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.verify_label.setStyleSheet("")
        self.verify_label.setText(tr("正在校验…"))
        self._runner.run(lambda: audit.verify(self._db), self._on_verified, self._on_failed)

    def _on_verified(self, result: VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        self.verify_label.setStyleSheet(OK_STYLE if result.ok else BROKEN_STYLE)
        self.verify_label.setText(verify_text(result))
        broken = result.broken.seq if result.broken else None
        self.audit_model.foreground = lambda e: RED if e.seq == broken else None
        self.reload_audit()

    def _on_failed(self, exc: Exception) -> None:
        self.verify_button.setEnabled(True)
        show_failure(exc, self.banner)
