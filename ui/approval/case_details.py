"""What an officer reads before deciding: applicant (masked), items, materials, history,
decisions."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from counter_app.cases.approval import DecisionView
from counter_app.cases.rules.states import CaseState
from counter_app.cases.views import CaseView, EventView, MaterialView
from counter_app.i18n import tr
from ui.admin.common import AdminTableView, Column, RowsTableModel, local_time
from ui.approval.tables import fit_columns

ACTION_LABELS: dict[str, str] = {
    "receive": tr("受理"),
    "supplement_partial": tr("补交部分材料"),
    "supplement_complete": tr("材料补齐"),
    "refuse": tr("不予受理"),
    "examine": tr("开始审查"),
    "returned_for_correction": tr("退回补正"),
    "resubmitted": tr("补正材料已收到"),
    "approve": tr("准予"),
    "rejected": tr("不予许可"),
    "forward": tr("转外部机关"),
    "extend": tr("延期"),
    "pickup_ready": tr("待领取"),
    "collected": tr("领取"),
    "mailed": tr("邮寄"),
    "mail_delivered": tr("妥投"),
    "mail_returned": tr("邮件退回"),
    "close": tr("办结"),
}
DECISION_LABELS: dict[str, str] = {
    "approve": tr("准予"),
    "rejected": tr("不予许可"),
    "returned_for_correction": tr("退回补正"),
    "forward": tr("转外部机关"),
}


def _state_label(value: str) -> str:
    try:
        return CaseState(value).label
    except ValueError:
        return value


def _received(line: MaterialView) -> str:
    m = line.line
    if not m.received:
        return tr("未收")
    original = tr("，原件") if m.received_original else ""
    return tr("已收 {n} 份{o}", n=m.received_copies, o=original)


def _required(line: MaterialView) -> str:
    m = line.line
    original = tr("原件+") if m.original_required else ""
    return tr("{o}{n} 份", o=original, n=m.copies_required)


def _change(event: EventView) -> str:
    if event.from_status == event.to_status or not event.from_status:
        return _state_label(event.to_status)
    return f"{_state_label(event.from_status)} → {_state_label(event.to_status)}"


def _decision_text(d: DecisionView) -> str:
    parts = []
    if d.result_number:
        parts.append(tr("结果：{r}", r=d.result_number))
    if d.document_number:
        parts.append(tr("文号：{n}", n=d.document_number))
    if d.authority:
        parts.append(tr("转送：{a}", a=d.authority))
    parts.extend(f"{n}. {r}" for n, r in enumerate(d.reasons, 1))
    if d.repeated_reasons:
        parts.append(tr("（再次提出并确认：{r}）", r="；".join(d.repeated_reasons)))
    if d.resubmit_by:
        parts.append(tr("补正期限 {d}", d=d.resubmit_by))
    return "  ".join(parts)


MATERIAL_COLUMNS: tuple[Column[MaterialView], ...] = (
    Column(tr("材料"), lambda m: m.line.name),
    Column(tr("要求"), _required),
    Column(tr("收到"), _received),
)
EVENT_COLUMNS: tuple[Column[EventView], ...] = (
    Column(tr("时间"), lambda e: local_time(e.at.isoformat())),
    Column(tr("经办人"), lambda e: e.actor),
    Column(tr("环节"), lambda e: ACTION_LABELS.get(e.action, e.action)),
    Column(tr("状态"), _change),
    Column(tr("说明"), lambda e: e.note),
)
DECISION_COLUMNS: tuple[Column[DecisionView], ...] = (
    Column(tr("时间"), lambda d: local_time(d.decided_at.isoformat())),
    Column(tr("经办人"), lambda d: d.decided_by),
    Column(tr("决定"), lambda d: DECISION_LABELS.get(d.kind, d.kind)),
    Column(tr("内容"), _decision_text),
)


def applicant_text(case: CaseView) -> str:
    a = case.applicant
    lines = [
        tr("申请人：{n}", n=a.name),
        tr("{l}：{i}    电话：{p}", l=a.id_label, i=a.id_number, p=a.phone or "—"),
    ]
    if case.agent:
        name, number = case.agent.get("name", ""), case.agent.get("id_number", "")
        lines.append(tr("代理人：{n}（{i}）", n=name, i=number))
    items = "、".join(f"{i.number:02d} {i.name}" for i in case.items)
    lines.append(tr("事项：{i}", i=items))
    return "\n".join(lines)


def header_text(case: CaseView) -> str:
    promised = case.promised_on.isoformat() if case.promised_on else tr("未设定")
    paused = tr("（{d} 起暂停计时）", d=case.paused_since) if case.paused_since else ""
    return tr(
        "{n}　{s}　受理 {r}　承诺办结 {p}{x}",
        n=case.number,
        s=case.status.label,
        r=case.received_on,
        p=promised,
        x=paused,
    )


class CaseDetails(QWidget):
    """Read-only: header, applicant and items, and three tabs (materials, history, decisions)
    on Alt+1..3, which work anywhere in ``parent`` (the case page)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel(self)
        self.header.setStyleSheet("font-size:14pt; font-weight:bold;")
        self.header.setWordWrap(True)
        self.applicant = QLabel(self)
        self.applicant.setWordWrap(True)
        self.materials_model: RowsTableModel[MaterialView] = RowsTableModel(
            MATERIAL_COLUMNS, lambda m: None if m.line.received else QColor("#b00020")
        )
        self.events_model: RowsTableModel[EventView] = RowsTableModel(EVENT_COLUMNS)
        self.decisions_model: RowsTableModel[DecisionView] = RowsTableModel(DECISION_COLUMNS)
        self.tabs = QTabWidget(self)
        pages: tuple[tuple[QAbstractItemModel, str], ...] = (
            (self.materials_model, tr("材料 (Alt+1)")),
            (self.events_model, tr("办理经过 (Alt+2)")),
            (self.decisions_model, tr("审批决定 (Alt+3)")),
        )
        for number, (model, title) in enumerate(pages, 1):
            self.tabs.addTab(AdminTableView(model), title)
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), parent or self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=number: self.tabs.setCurrentIndex(n - 1))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.applicant)
        layout.addWidget(self.tabs, 1)

    def show_case(self, case: CaseView, decisions: list[DecisionView]) -> None:
        self.header.setText(header_text(case))
        self.applicant.setText(applicant_text(case))
        self.materials_model.set_rows(case.materials)
        self.events_model.set_rows(case.events)
        self.decisions_model.set_rows(decisions)
        for index in range(self.tabs.count()):
            view = self.tabs.widget(index)
            if isinstance(view, AdminTableView):
                fit_columns(view)
