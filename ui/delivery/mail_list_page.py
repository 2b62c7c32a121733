"""The day's mail (sent, delivered, returned, missing tracking) and the undelivered list, with
妥投 / 退回 / 录入运单号 on the selected parcel and the printable mailing list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.cases.delivery import MAIL_STATES, DeliveryView
from counter_app.cases.documents import RenderedDocument, hall_info
from counter_app.cases.documents_delivery import mailing_list
from counter_app.cases.mail_report import FOLLOW_UP_DAYS, MailReport, mail_report
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.identity.identifiers import mask_name, mask_phone
from ui.admin.common import RED, AdminTableView, Column, RowsTableModel, show_failure
from ui.approval.inline_form import InlineForm
from ui.approval.tables import fit_columns
from ui.delivery.mail_actions import ReturnForm, TrackingForm
from ui.document_bar import DocumentBar
from ui.tasks import Runner
from ui.widgets import BannerLabel, shortcut_button

if TYPE_CHECKING:
    from counter_app.container import Services

Stub = tuple[str, DeliveryView]
AMBER = QColor("#8a5a00")
MAIL_COLUMNS: tuple[Column[Stub], ...] = (
    Column(tr("案件编号"), lambda s: s[0]),
    Column(tr("收件人"), lambda s: mask_name(s[1].recipient_name)),
    Column(tr("手机"), lambda s: mask_phone(s[1].mobile)),
    Column(tr("寄出"), lambda s: str(s[1].posted_on or "")),
    Column(tr("运单号"), lambda s: s[1].tracking_number or tr("（缺运单号）")),
    Column(tr("状态"), lambda s: MAIL_STATES.get(s[1].state, s[1].state)),
)


def stub_colour(stub: Stub) -> QColor | None:
    """Returned mail red; a stub without a tracking number amber."""
    if stub[1].state == "returned":
        return RED
    return AMBER if not stub[1].tracking_number else None


def summary_text(report: MailReport) -> str:
    text = tr(
        "{d}：寄出 {n} 件，已妥投 {ok}，退回 {r}，在途 {s}，缺运单号 {m}",
        d=report.day,
        n=len(report.posted),
        ok=len(report.by_state("delivered")),
        r=len(report.by_state("returned")),
        s=len(report.by_state("sent")),
        m=len(report.missing_tracking),
    )
    verdict = (
        tr("全部有着落") if not report.unaccounted else tr("{n} 件需要跟进", n=report.unaccounted)
    )
    return f"{text}。{verdict}"


class MailListPage(QWidget):
    def __init__(
        self, services: Services, actor: Actor, runner: Runner, today: Callable[[], date]
    ) -> None:
        super().__init__()
        self.services, self.actor, self.runner, self.today = services, actor, runner, today
        self.report: MailReport | None = None
        self.banner = BannerLabel(self)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.posted_model: RowsTableModel[Stub] = RowsTableModel(MAIL_COLUMNS, stub_colour)
        self.late_model: RowsTableModel[Stub] = RowsTableModel(MAIL_COLUMNS, stub_colour)
        self.posted_table = AdminTableView(self.posted_model, self)
        self.late_table = AdminTableView(self.late_model, self)
        self.delivered_button = shortcut_button(tr("妥投"), "Ctrl+Shift+D", self)
        self.returned_button = shortcut_button(tr("退回"), "Ctrl+Shift+R", self)
        self.tracking_button = shortcut_button(tr("录入运单号"), "Ctrl+Shift+Y", self)
        self.list_button = shortcut_button(tr("生成邮寄清单"), "Ctrl+Shift+L", self)
        self.refresh_button = shortcut_button(tr("刷新"), "Ctrl+R", self)
        self.return_form = ReturnForm(self)
        self.tracking_form = TrackingForm(self)
        self.forms = QStackedWidget(self)
        self.documents = DocumentBar(self, hide_when_empty=True)
        self._last_table: AdminTableView = self.posted_table
        self._build()
        self._connect()

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("日期"), self))
        top.addWidget(self.day)
        top.addWidget(self.refresh_button)
        top.addWidget(self.summary, 1)
        top.addWidget(self.list_button)
        actions = QHBoxLayout()
        actions.addStretch(1)
        for button in (self.tracking_button, self.returned_button, self.delivered_button):
            actions.addWidget(button)
        self.forms.addWidget(QWidget(self))
        self.forms.addWidget(self.return_form)
        self.forms.addWidget(self.tracking_form)
        self.forms.setMaximumHeight(150)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(QLabel(tr("当日邮件"), self))
        layout.addWidget(self.posted_table, 3)
        late = tr("超过 {d} 天未妥投、需跟进", d=FOLLOW_UP_DAYS)
        layout.addWidget(QLabel(late, self))
        layout.addWidget(self.late_table, 2)
        layout.addLayout(actions)
        layout.addWidget(self.forms)
        layout.addWidget(self.documents)

    def _connect(self) -> None:
        self.refresh_button.clicked.connect(self.reload)
        self.day.dateChanged.connect(lambda _d: self.reload())
        self.delivered_button.clicked.connect(self._on_delivered)
        self.returned_button.clicked.connect(lambda: self._open(self.return_form))
        self.tracking_button.clicked.connect(lambda: self._open(self.tracking_form))
        self.list_button.clicked.connect(self._on_mailing_list)
        self.return_form.sig_submitted.connect(self._on_returned)
        self.tracking_form.sig_submitted.connect(self._on_tracking)
        for form in (self.return_form, self.tracking_form):
            form.sig_cancelled.connect(self.close_form)
        for table in (self.posted_table, self.late_table):
            table.clicked.connect(lambda _i, t=table: self._remember(t))
            table.sig_row_activated.connect(lambda _r, t=table: self._remember(t))
        self.documents.sig_message.connect(self._on_message)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_form)

    def reload(self) -> None:
        if self.report is None:
            self.day.blockSignals(True)
            self.day.setDate(_qdate(self.today()))
            self.day.blockSignals(False)
        day = self.day.date().toPython()
        assert isinstance(day, date)
        db, today = self.services.db, self.today()
        self.runner.run(lambda: mail_report(db, day, today), self._on_loaded, self._on_failed)

    def _on_loaded(self, report: MailReport) -> None:
        self.report = report
        self.summary.setText(summary_text(report))
        self.posted_model.set_rows(report.posted)
        self.late_model.set_rows(report.undelivered)
        for table in (self.posted_table, self.late_table):
            fit_columns(table)
        if report.posted and self.posted_table.current_row() is None:
            self.posted_table.select_source_row(0)

    def _remember(self, table: AdminTableView) -> None:
        self._last_table = table

    def selected(self) -> Stub | None:
        """The parcel selected in the table used last (or the other one when it has none)."""
        pairs = [(self.posted_table, self.posted_model), (self.late_table, self.late_model)]
        pairs.sort(key=lambda pair: pair[0] is not self._last_table)
        for table, model in pairs:
            row = table.current_row()
            if row is not None:
                return model.row_at(row)
        return None

    def _open(self, form: ReturnForm | TrackingForm) -> None:
        stub = self.selected()
        if stub is None:
            self.banner.show_error(tr("请先在列表中选择一件邮件"))
            return
        if isinstance(form, TrackingForm):
            form.prepare(stub[1].tracking_number)
        else:
            form.prepare()
        form.title.setText(f"{form.base_title}：{stub[0]}")
        self.forms.setCurrentWidget(form)
        form.open()

    def close_form(self) -> None:
        self.forms.setCurrentIndex(0)
        self._last_table.setFocus()

    def _act(self, work: Callable[[str], Any], message: str, form: InlineForm | None) -> None:
        stub = self.selected()
        if stub is None:
            self.banner.show_error(tr("请先在列表中选择一件邮件"))
            return
        number, delivery_id = stub[0], stub[1].id

        def failed(exc: Exception) -> None:
            if form is not None and isinstance(exc, CounterError):
                form.show_failure(exc)
            else:
                show_failure(exc, self.banner)

        def done(_result: object) -> None:
            self.close_form()
            self.banner.show_info(tr("{n}：{m}", n=number, m=message))
            self.reload()

        self.runner.run(lambda: work(delivery_id), done, failed)

    def _on_delivered(self) -> None:
        delivery = self.services.delivery
        self._act(lambda d: delivery.mark_delivered(self.actor, d), tr("已登记妥投"), None)

    def _on_returned(self) -> None:
        reason, delivery = self.return_form.reason.text(), self.services.delivery
        self._act(
            lambda d: delivery.mark_returned(self.actor, d, reason),
            tr("已登记退回，案件回到待送达"),
            self.return_form,
        )

    def _on_tracking(self) -> None:
        number, delivery = self.tracking_form.number.text(), self.services.delivery
        self._act(
            lambda d: delivery.set_tracking(self.actor, d, number),
            tr("运单号已录入"),
            self.tracking_form,
        )

    def _on_mailing_list(self) -> None:
        report = self.report
        if report is None:
            return
        settings = self.services.hall.settings()
        operator = self.actor.display_name

        def work() -> RenderedDocument:
            data = mailing_list(settings, hall_info(settings), report, operator)
            number = f"{settings.hall_code}-{report.day:%Y%m%d}-{settings.counter_code}-YJ"
            return RenderedDocument("mailing_list", tr("邮寄清单"), number, data, False)

        self.runner.run(work, self._on_list_ready, self._on_failed)

    def _on_list_ready(self, document: RenderedDocument) -> None:
        self.documents.set_document(document)
        self.documents.print_button.setFocus()

    def _on_message(self, text: str, error: bool) -> None:
        if error:
            self.banner.show_error(text)
        else:
            self.banner.show_info(text)

    def _on_failed(self, exc: Exception) -> None:
        show_failure(exc, self.banner)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
