"""The reception tab: the form, the save, the document; drafts; the case view by number."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.cases.reception_notice import (
    Notice,
    ReceptionDesk,
    SavedReception,
    notice_kind,
)
from counter_app.cases.rules.reception import FormInvalid, Outcome
from counter_app.cases.views import ApplicantView, CaseView
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.rules.catalog import ItemView
from counter_app.i18n import tr
from ui.reception.drafts import DraftStore
from ui.reception.form_page import ReceptionForm
from ui.reception.keys import action_button, key
from ui.reception.result_page import ReceptionResult
from ui.scan import SCAN_TARGET
from ui.tasks import Runner, SyncRunner
from ui.widgets import BannerLabel

if TYPE_CHECKING:
    from counter_app.container import Services
    from ui.reception.case_dialog import CaseDialog

logger = logging.getLogger(__name__)

DRAFT_DELAY_MS = 400
CONFIRM_SECONDS = 3.0
FIELD_FOCUS = {
    "items": "picker",
    "materials": "materials_view",
    "reasons": "reasons",
    "competent_authority": "authority",
}


def message_of(exc: Exception) -> str:
    return str(getattr(exc, "message", "") or exc)


class ReceptionPanel(QWidget):
    """One form per applicant; ``draft_key`` makes a repeated save return the same case."""

    sig_case_received = Signal(object)
    """Emitted on the GUI thread after a case was saved (CaseView)."""

    def __init__(
        self,
        services: Services,
        actor: Actor,
        runner: Runner | None = None,
        drafts: DraftStore | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.actor = services, actor
        self.desk = ReceptionDesk(services.reception, services.documents)
        self.runner: Runner = runner or SyncRunner()
        self.drafts = drafts or DraftStore(actor.username)
        self.draft_key = str(uuid.uuid4())
        self._saving = False
        self._restoring = False
        self._catalog_loaded = False
        self._new_pressed_at = 0.0
        self._items: dict[str, ItemView] = {}
        self.case_dialog: CaseDialog | None = None
        # A dispute complaint being received as a case (its number and id), linked on save.
        self.from_complaint: tuple[str, str] | None = None
        # The ticket now served at this window (set by the workspace from the queue tab): the
        # cases received are linked to it, so its rating and its times reach them.
        self.current_ticket: Callable[[], uuid.UUID | None] = lambda: None
        self._build()
        self._connect()
        self.reload()

    def _build(self) -> None:
        self.banner = BannerLabel(self)
        title = QLabel(tr("受理"), self)
        title.setStyleSheet("font-size:16pt; font-weight:bold;")
        self.case_box = QLineEdit(self)
        self.case_box.setProperty(SCAN_TARGET, True)
        self.case_box.setPlaceholderText(tr("扫码或输入，回车打开"))
        self.case_box.setMaximumWidth(320)
        self.open_button = action_button(tr("打开案件"), "Ctrl+E", self)
        self.form = ReceptionForm(self)
        lookup, actor = self.services.integrity.lookup, self.actor  # no reference to self
        self.form.integrity.bind(lambda codes: lookup(actor, codes), self.runner)
        self.result = ReceptionResult(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.form)
        self.stack.addWidget(self.result)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(QLabel(tr("案件编号"), self))
        header.addWidget(self.case_box)
        header.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)

    def _connect(self) -> None:
        self.form.sig_changed.connect(self._on_form_changed)
        self.form.sig_outcome_chosen.connect(self._on_outcome_chosen)
        self.form.applicant.sig_lookup.connect(self._on_lookup)
        self.result.sig_payment_requested.connect(self._on_payment_requested)
        self.result.sig_case_requested.connect(self.open_case)
        self.result.new_button.clicked.connect(self.new_form)
        self.result.documents.sig_message.connect(self._on_message)
        self.case_box.returnPressed.connect(self._on_case_box_entered)
        self.open_button.clicked.connect(self._on_open_clicked)
        self._draft_timer.timeout.connect(self.save_draft)
        key(self, "Ctrl+N", self._on_new_key)
        key(self, "Esc", self._on_escape)

    # --- catalogue and drafts ----------------------------------------------------------

    def reload(self) -> None:
        """Fresh catalogue and bundles (the tab was shown); the first time, the draft too."""
        catalog, bundles = self.services.catalog, self.services.bundles
        self.runner.run(
            lambda: (catalog.search_index(), bundles.bundles()),
            self._on_catalog_loaded,
            self._on_failed,
        )

    def _on_catalog_loaded(self, loaded: Any) -> None:
        index, bundles = loaded
        self.form.picker.set_catalog(index, bundles)
        self._items = {item.id: item for item in index.search("")}
        if not self._catalog_loaded:
            self._catalog_loaded = True
            self.restore_draft()

    def restore_draft(self) -> bool:
        data = self.drafts.load()
        if not data:
            return False
        self._restoring = True
        try:
            self.form.load_json(data)
        except (TypeError, ValueError, KeyError):
            logger.exception("could not restore the reception draft")
            self.banner.show_error(
                tr("上次未完成的受理草稿无法恢复，已保留在 {p}", p=self.drafts.path)
            )
            return False
        finally:
            self._restoring = False
        self.draft_key = str(data.get("draft_key") or self.draft_key)
        self.banner.show_info(tr("已恢复上次未完成的受理"))
        return True

    def _on_form_changed(self) -> None:
        if not self._restoring and not self._saving:
            self._draft_timer.start()

    def save_draft(self) -> None:
        self._draft_timer.stop()
        if self.stack.currentWidget() is not self.form:
            return
        if self.form.is_empty():
            self.drafts.clear()
            return
        self.drafts.save({"draft_key": self.draft_key, **self.form.to_json()})

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        focus = QApplication.focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self._focus_start()

    def focus_first(self) -> None:
        """The tab was switched to: the first field of the form (or the saved case)."""
        self._focus_start()

    def _focus_start(self) -> None:
        if self.stack.currentWidget() is self.form:
            self.form.applicant.id_number.edit.setFocus()
        else:
            self.result.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._draft_timer.isActive():
            self.save_draft()
        super().hideEvent(event)

    # --- returning applicant -----------------------------------------------------------

    def _on_lookup(self, id_number: str) -> None:
        find = self.services.reception.find_applicant
        self.runner.run(
            lambda: find(self.actor, id_number), self._on_applicant_found, self._on_failed
        )

    def _on_applicant_found(self, found: ApplicantView | None) -> None:
        if found is None or found.kind != self.form.applicant.kind:
            return
        self.form.applicant.fill(found)
        self.banner.show_info(tr("老申请人：已按上次登记的资料填写，请与申请人核对"))

    # --- saving ------------------------------------------------------------------------

    def _on_outcome_chosen(self, outcome: Outcome) -> None:
        if self._saving or self.stack.currentWidget() is not self.form:
            return
        data = self.form.reception_input(outcome, self.draft_key)
        ticket = self.current_ticket()
        if ticket is not None:
            data = replace(data, ticket_id=str(ticket))
        self.save_draft()  # the typed work is on disk before the save starts
        self._saving = True
        self._set_buttons(False)
        desk, actor, now = self.desk, self.actor, self.form.print_at_once.isChecked()
        # Worker thread: the case in one transaction; its notice too only to print at once.
        self.runner.run(lambda: desk.save(actor, data, now), self._on_saved, self._on_save_failed)

    def _set_buttons(self, enabled: bool) -> None:
        if enabled:
            self.form.refresh()
            return
        for button in (self.form.accept_button, self.form.notice_button, self.form.refuse_button):
            button.setEnabled(False)

    def _on_saved(self, saved: SavedReception) -> None:
        self._saving = False
        self._draft_timer.stop()
        self.drafts.clear()
        has_fees = any(
            self._items[i.item_id].content.fees
            for i in saved.case.items
            if i.item_id in self._items
        )
        self.stack.setCurrentWidget(self.result)
        self.result.show_case(saved.case, None, "", has_fees)
        self.banner.show_info(tr("案件 {n} 已保存", n=saved.case.number))
        self.sig_case_received.emit(saved.case)
        if self.from_complaint is not None:
            self._link_complaint(saved.case)
        if saved.notice is not None:  # asked to print at once: rendered with the save
            self._on_notice(saved.case, saved.notice, print_it=True)
            return
        self.result.show_pending(saved.case)
        desk, actor, case = self.desk, self.actor, saved.case
        self.runner.run(
            lambda: desk.notice(actor, case),
            lambda notice: self._on_notice(case, notice),
            lambda exc: self._on_notice(case, Notice(notice_kind(case), None, message_of(exc))),
        )

    def _on_notice(self, case: CaseView, notice: Notice, print_it: bool = False) -> None:
        """The notice of a saved case is rendered: offered to print (or printed at once)."""
        if self.result.case is None or self.result.case.id != case.id:
            return
        self.result.documents.set_document(notice.document, notice.problem)
        if print_it and notice.document is not None:
            self.result.documents.print_button.click()

    # --- a dispute complaint received as a case ----------------------------------------

    def start_from_complaint(self, prefill: dict[str, Any]) -> None:
        """A fresh form filled from a complaint that is really an IP dispute (items 18-20):
        name, phone, address, the item and the matter; the case is linked to it when saved."""
        self.new_form()
        self.form.applicant.load_json(
            {key: prefill.get(key) or "" for key in ("phone", "address")}
            | {"name": prefill.get("applicant_name") or ""}
        )
        number = prefill.get("item_number")
        chosen = [i.id for i in self._items.values() if i.number == number]
        if chosen:
            self.form.picker.set_chosen_ids(chosen)
        matter = str(prefill.get("matter") or "")
        complaint = str(prefill.get("complaint_number") or "")
        self.form.notes.setText(tr("由投诉 {n} 转入：{t}", n=complaint, t=matter)[:500])
        self.form.refresh()
        self.from_complaint = (complaint, str(prefill.get("complaint_id") or ""))
        self.banner.show_info(
            tr("由投诉 {n} 转为纠纷案件受理：请核对申请人证件后保存", n=complaint)
        )
        self.form.applicant.id_number.edit.setFocus()

    def _link_complaint(self, case: CaseView) -> None:
        assert self.from_complaint is not None
        number, complaint_id = self.from_complaint
        self.from_complaint = None
        complaints, actor = self.services.complaints, self.actor
        self.runner.run(
            lambda: complaints.link_case(actor, complaint_id, case.id),
            lambda _v: self.banner.show_info(
                tr("案件 {c} 已保存，并已关联投诉 {n}", c=case.number, n=number)
            ),
            self._on_failed,
        )

    def _on_save_failed(self, exc: Exception) -> None:
        self._saving = False
        self._set_buttons(True)
        if isinstance(exc, FormInvalid):
            self.form.applicant.show_errors(exc.errors)
            self.banner.show_error(exc.summary)
            return
        if isinstance(exc, CounterError):
            self.banner.show_error(exc.message)
            target = FIELD_FOCUS.get(exc.field or "")
            if target:
                getattr(self.form, target).setFocus()
            return
        self.banner.show_error(
            tr("保存失败：{e}。填写的内容已保存为草稿，可稍后再试", e=message_of(exc))
        )

    def _on_failed(self, exc: Exception) -> None:
        self.banner.show_error(message_of(exc))

    def _on_message(self, message: str, error: bool) -> None:
        (self.banner.show_error if error else self.banner.show_info)(message)

    # --- new form, escape --------------------------------------------------------------

    def new_form(self) -> None:
        """A fresh form with a fresh draft key."""
        self.from_complaint = None
        self._draft_timer.stop()
        self.form.clear()
        self.drafts.clear()
        self.draft_key = str(uuid.uuid4())
        self.stack.setCurrentWidget(self.form)
        self.banner.clear()
        self._focus_start()

    def _on_new_key(self) -> None:
        if self.stack.currentWidget() is self.result or self.form.is_empty():
            self.new_form()
            return
        now = time.monotonic()
        if now - self._new_pressed_at < CONFIRM_SECONDS:
            self.new_form()
            return
        self._new_pressed_at = now
        self.banner.show_error(tr("再按一次 Ctrl+N 放弃当前填写的内容，开始新的受理"))

    def _on_escape(self) -> None:
        if self.stack.currentWidget() is self.result:
            self.new_form()
        elif not self.form.cancel_refusal():
            self.form.picker.search.clear()

    # --- cases and fees ----------------------------------------------------------------

    def _on_open_clicked(self) -> None:
        """Ctrl+E: the number in the box; else the case just saved; else to the box."""
        if self.case_box.text().strip():
            self._on_case_box_entered()
        elif self.stack.currentWidget() is self.result and self.result.case is not None:
            self.open_case(self.result.case.number)
        else:
            self.case_box.setFocus()

    def _on_case_box_entered(self) -> None:
        number = self.case_box.text().strip()
        if number:
            self.open_case(number)

    def open_case(self, number: str) -> None:
        """Open the case view for ``number`` (typed, scanned, or just saved)."""
        self.case_dialog_for().load(number.strip().upper())

    def case_dialog_for(self) -> CaseDialog:
        from ui.reception.case_dialog import CaseDialog

        if self.case_dialog is None:
            self.case_dialog = CaseDialog(self.services, self.actor, self.runner, self)
            self.case_dialog.sig_opened.connect(lambda _case: self.case_box.clear())
            self.case_dialog.sig_load_failed.connect(self.banner.show_error)
        return self.case_dialog

    def _on_payment_requested(self) -> None:
        case = self.result.case
        if case is None:
            return
        self.case_dialog_for().open_payment(case)
