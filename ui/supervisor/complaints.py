"""主管 → 投诉咨询: the register of complaints, consultations and suggestions (overdue red),
the selected one's detail and history, the form of its next step, and the registration form.

Keys: Ctrl+N 登记, Ctrl+R refresh, Ctrl+F the filter (未办结, 已超期, 全部), Alt+K the
kind filter, Enter on a row (or Ctrl+J) to its next step, Ctrl+I 显示联系方式 (audited),
Ctrl+Return 完成此步, Ctrl+P 打印书面答复, Ctrl+S 登记 in the form, Esc back to the list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.supervision.rules.complaint_forms import (
    ComplaintDetail,
    ComplaintRow,
    ComplaintView,
)
from counter_app.supervision.rules.complaints import Kind, State
from ui.admin.common import RED, AdminTableView, Column, RowsTableModel, show_failure
from ui.pdf_output import ask_save_path
from ui.supervisor.complaint_form import ComplaintEntryForm, ComplaintStepForm
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

COLUMNS: tuple[Column[ComplaintRow], ...] = (
    Column(tr("编号"), lambda r: r.number),
    Column(tr("登记日期"), lambda r: r.business_date.isoformat()),
    Column(tr("类别"), lambda r: r.kind.label),
    Column(tr("渠道"), lambda r: r.channel.label),
    Column(tr("涉及"), lambda r: r.about),
    Column(tr("状态"), lambda r: r.state.label),
    Column(tr("承办人"), lambda r: r.handler_name),
    Column(
        tr("答复期限"),
        lambda r: tr("{d}（超期）", d=r.due_date.isoformat()) if r.overdue else str(r.due_date),
    ),
)
ABOUT = 4  # the column that stretches
FILTERS = ((tr("未办结"), "open"), (tr("已超期"), "overdue"), (tr("全部"), "all"))
Staff = tuple[tuple[str, str], ...]


def detail_html(d: ComplaintDetail, names: dict[str, str] | None = None) -> str:
    """The selected complaint as the supervisor reads it, then its history (``names``: the
    staff's display names by username)."""
    names = names or {}
    r = d.row
    who = tr("匿名") if d.anonymous else f"{r.name}　{r.phone}　{d.address}"
    lines = [
        (tr("编号"), f"{r.number}（{r.kind.label}，{r.channel.label}）"),
        (tr("投诉人"), who),
        (tr("涉及"), r.about or "—"),
        (tr("内容"), d.text),
        (tr("状态"), f"{r.state.label}　{tr('承办人')} {r.handler_name or '—'}"),
        (tr("答复期限"), str(r.due_date) + (tr("（超期）") if r.overdue else "")),
    ]
    if d.finding:
        lines.append((tr("调查情况"), d.finding))
    if d.result:
        verdict = {True: tr("属实"), False: tr("不属实"), None: ""}[d.upheld]
        cause = d.cause.label if d.cause else ""
        lines.append((tr("处理结果"), "　".join(x for x in (d.result, cause, verdict) if x)))
    if d.reply_method:
        lines.append((tr("答复"), f"{d.reply_method.label}：{d.reply_text}"))
    if d.case_number:
        lines.append((tr("纠纷案件"), d.case_number))
    body = "".join(f"<p><b>{escape(k)}：</b>{escape(v)}</p>" for k, v in lines)
    steps = "".join(
        f"<li>{s.at.astimezone():%Y-%m-%d %H:%M}　{escape(s.label)}　"
        f"{escape(names.get(s.actor, s.actor))}"
        f"{'　' + escape(s.text[:120]) if s.text else ''}</li>"
        for s in d.steps
    )
    return f"{body}<p><b>{tr('办理记录')}</b></p><ol>{steps}</ol>"


class ComplaintsWidget(QWidget):
    """The register; the right side shows the selected one or the registration form."""

    sig_to_reception = Signal(object)
    """Emitted with ``ComplaintService.reception_prefill``'s dict: receive this dispute as a
    case at reception (the workspace switches to the 受理 tab and fills the form)."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.runner: Runner = runner or SyncRunner()
        self.choose_path: Callable[[QWidget, str], str] = ask_save_path
        self.staff: Staff = ()
        self.detail: ComplaintDetail | None = None
        self.banner = BannerLabel(self)
        self.filter = QComboBox(self)
        for label, key in FILTERS:
            self.filter.addItem(label, key)
        self.kind = QComboBox(self)
        self.kind.addItem(tr("全部类别"), None)
        for kind in Kind:
            self.kind.addItem(kind.label, kind)
        self.model: RowsTableModel[ComplaintRow] = RowsTableModel(
            COLUMNS, lambda r: RED if r.overdue else None
        )
        self.table = AdminTableView(self.model, self)
        self.count = QLabel(self)
        self.new_button = shortcut_button(tr("登记"), "Ctrl+N", self)
        self.refresh_button = shortcut_button(tr("刷新"), "Ctrl+R", self)
        self.reveal_button = shortcut_button(tr("显示联系方式"), "Ctrl+I", self)
        self.case_button = shortcut_button(tr("转为纠纷案件受理"), "Ctrl+G", self)
        self.info = QTextBrowser(self)
        self.step_form = ComplaintStepForm(self)
        self.entry_form = ComplaintEntryForm(self)
        self.side = QStackedWidget(self)
        self._build()
        self._connect()

    def _build(self) -> None:
        title = QLabel(tr("投诉咨询登记簿"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(QLabel(tr("范围"), self))
        header.addWidget(self.filter)
        header.addWidget(self.kind)
        header.addWidget(self.refresh_button)
        header.addWidget(self.new_button)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.count)
        page = QWidget(self.side)
        right = QVBoxLayout(page)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.info, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reveal_button)
        buttons.addWidget(self.case_button)
        right.addLayout(buttons)
        right.addWidget(self.step_form)
        self.side.addWidget(page)
        self.side.addWidget(self.entry_form)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addWidget(self.side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

    def _key(self, keys: str, slot: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def _connect(self) -> None:
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.refresh_button.clicked.connect(self.reload)
        self.new_button.clicked.connect(self.open_entry)
        self.reveal_button.clicked.connect(lambda: self._load_detail(reveal=True))
        self.case_button.clicked.connect(self.to_reception)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._load_detail())
        self.table.sig_row_activated.connect(lambda _r: self.step_form.first_field().setFocus())
        self.entry_form.sig_submitted.connect(self._on_register)
        self.entry_form.sig_cancelled.connect(self._close_entry)
        self.step_form.sig_step_submitted.connect(self._on_step)
        self.step_form.sig_letter_requested.connect(self._on_letter)
        self._key("Ctrl+F", self.filter.setFocus)
        self._key("Alt+K", self.kind.setFocus)
        self._key("Ctrl+J", lambda: self.step_form.first_field().setFocus())

    # -- the list --------------------------------------------------------------------------
    def reload(self, select: str = "") -> None:
        key = self.filter.currentData()
        kind = Kind(self.kind.currentData()) if self.kind.currentData() else None
        complaints = self.services.complaints

        def load() -> tuple[list[ComplaintRow], Staff]:
            rows = complaints.list(
                self.actor, open_only=key == "open", overdue_only=key == "overdue", kind=kind
            )
            people = tuple(
                (u.username, u.display_name) for u in self.services.staff.list_users() if u.active
            )
            return rows, people

        def loaded(got: tuple[list[ComplaintRow], Staff]) -> None:
            self._on_loaded(got[0], got[1], select)

        self.runner.run(load, loaded, self._fail)

    def _on_loaded(self, rows: list[ComplaintRow], staff: Staff, select: str) -> None:
        self.staff = staff
        self.model.set_rows(rows)
        overdue = sum(r.overdue for r in rows)
        self.count.setText(tr("共 {n} 件，其中超期 {o} 件", n=len(rows), o=overdue))
        self._fit_columns()
        numbers = [r.number for r in rows]
        if rows:
            self.table.select_source_row(numbers.index(select) if select in numbers else 0)
        else:
            self._show_detail(None)

    def _fit_columns(self) -> None:
        """Every column to its content, 涉及 takes the rest: nothing scrolls sideways."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(len(COLUMNS)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == ABOUT
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)

    def selected(self) -> ComplaintRow | None:
        row = self.table.current_row()
        return self.model.row_at(row) if row is not None else None

    def _load_detail(self, reveal: bool = False) -> None:
        row = self.selected()
        if row is None:
            self._show_detail(None)
            return
        complaints = self.services.complaints
        self.runner.run(
            lambda: complaints.get(self.actor, row.id, reveal=reveal), self._show_detail, self._fail
        )

    def _show_detail(self, detail: ComplaintDetail | None) -> None:
        self.detail = detail
        names = dict(self.staff)
        self.info.setHtml(detail_html(detail, names) if detail else tr("没有选中的投诉咨询"))
        self.reveal_button.setEnabled(detail is not None and not detail.revealed)
        self.case_button.setEnabled(
            detail is not None
            and detail.dispute
            and not detail.case_number
            and detail.row.state is not State.ARCHIVED
        )
        self.step_form.prepare(detail, self.staff)

    def to_reception(self) -> None:
        """A complaint that is really an IP dispute: received as a case at reception."""
        detail = self.detail
        if detail is None or not self.case_button.isEnabled():
            return
        complaints = self.services.complaints
        self.runner.run(
            lambda: complaints.reception_prefill(self.actor, detail.row.id),
            self.sig_to_reception.emit,
            self._fail,
        )

    # -- registration ----------------------------------------------------------------------
    def open_entry(self) -> None:
        self.banner.clear()
        self.side.setCurrentWidget(self.entry_form)
        self.entry_form.prepare(self.staff)

    def _close_entry(self) -> None:
        self.side.setCurrentIndex(0)
        self.table.setFocus()

    def _on_register(self) -> None:
        form, answer = self.entry_form.values(), self.entry_form.answered_now()
        complaints = self.services.complaints
        self.runner.run(
            lambda: complaints.register(self.actor, form, answered_now=answer),
            self._on_registered,
            lambda exc: self._fail(exc, self.entry_form.show_failure),
        )

    def _on_registered(self, view: ComplaintView) -> None:
        self.banner.show_info(
            tr("已登记 {n}，答复期限 {d}", n=view.number, d=view.due_date.isoformat())
        )
        self._close_entry()
        self.filter.blockSignals(True)
        self.filter.setCurrentIndex(2)
        self.filter.blockSignals(False)
        self.reload(select=view.number)

    # -- the steps -------------------------------------------------------------------------
    def _on_step(self) -> None:
        detail = self.detail
        if detail is None:
            return
        act = self._step_call(detail)
        self.runner.run(act, self._on_stepped, lambda e: self._fail(e, self.step_form.show_failure))

    def _step_call(self, detail: ComplaintDetail) -> Callable[[], ComplaintView]:
        c, f, a = self.services.complaints, self.step_form, self.actor
        i, v, state = detail.row.id, detail.row.row_version, detail.row.state
        if state is State.REGISTERED:
            handler = str(f.handler.currentData() or "")
            return lambda: c.assign(a, i, handler, v)
        if state is State.ASSIGNED:
            finding = f.finding.toPlainText()
            return lambda: c.investigate(a, i, finding, v)
        if state is State.INVESTIGATING:
            result, cause, upheld = f.result.toPlainText(), f.cause_value(), f.upheld_value()
            return lambda: c.resolve(a, i, result, cause, upheld, v)
        if state is State.RESOLVED:
            method, text = f.method_value(), f.reply_text.toPlainText()
            return lambda: c.reply(a, i, method, text, v)
        return lambda: c.archive(a, i, v)

    def _on_stepped(self, view: ComplaintView) -> None:
        self.banner.show_info(tr("{n}：{s}", n=view.number, s=view.state.label))
        self.reload(select=view.number)
        self.table.setFocus()

    def _on_letter(self) -> None:
        detail = self.detail
        if detail is None:
            return
        path = self.choose_path(self, f"{detail.row.number}-答复函.pdf")
        if not path:
            return
        complaints = self.services.complaints

        def write() -> Path:
            target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
            data = complaints.reply_letter(self.actor, detail.row.id)
            try:
                target.write_bytes(data)
            except OSError as exc:
                raise CounterError(tr("无法保存到 {p}：{e}", p=target, e=exc.strerror)) from exc
            return target

        self.runner.run(
            write,
            lambda p: self.banner.show_info(tr("书面答复已保存：{p}", p=p)),
            lambda e: self._fail(e, self.step_form.show_failure),
        )

    def _fail(self, exc: Exception, at_field: Callable[[CounterError], bool] | None = None) -> None:
        if isinstance(exc, CounterError) and at_field is not None and at_field(exc):
            return
        show_failure(exc, self.banner)
