"""Typed work in the decision and mail forms kept on disk while the form is open (issue 16
point 15): a crash or a logout loses at most a second of typing; the page restores the draft
when the form is opened again for the same case, and discards it once the step is saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from ui.reception.drafts import DraftStore

if TYPE_CHECKING:
    from ui.approval.case_page import ApprovalCasePage
    from ui.approval.inline_form import InlineForm

INTERVAL_MS = 1000


class FormDraft(QObject):
    """``snapshot()`` gives the open form's values (None: no form open); they are written
    when they changed, every ``INTERVAL_MS`` while started, and on ``flush()``."""

    def __init__(
        self,
        store: DraftStore,
        snapshot: Callable[[], dict[str, Any] | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self._snapshot = store, snapshot
        self._last: dict[str, Any] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.flush)

    def start(self) -> None:
        self._last = self.store.load()
        self._timer.start()

    def stop(self) -> None:
        self.flush()
        self._timer.stop()

    def flush(self) -> None:
        data = self._snapshot()
        if data is not None and data != self._last:
            self.store.save(data)
            self._last = data

    def load(self, case_id: str = "", form: str = "") -> dict[str, Any] | None:
        """The draft, or None; with ``case_id``/``form`` only a draft of that case and form."""
        data = self.store.load()
        if data is None:
            return None
        if case_id and data.get("case_id") != case_id:
            return None
        if form and data.get("form") != form:
            return None
        return data

    def clear(self, case_id: str = "") -> None:
        """Discard the draft (of ``case_id`` only, when given): the step was saved."""
        self._timer.stop()
        if case_id and (self.store.load() or {}).get("case_id") not in (None, case_id):
            return
        self.store.clear()
        self._last = None


class DecisionDrafts:
    """The approval case page's draft: the case, which form, its values."""

    def __init__(self, page: ApprovalCasePage, store: DraftStore) -> None:
        self.page = page
        self.keeper = FormDraft(store, self.snapshot, page)
        self.pending: dict[str, Any] | None = None

    def name(self, form: InlineForm) -> str:
        page = self.page
        if form is page.reasons_form:
            return f"reasons:{page.reasons_form.kind}"
        return (
            "approve"
            if form is page.approve_form
            else ("forward" if form is page.forward_form else "extend")
        )

    def snapshot(self) -> dict[str, Any] | None:
        form, loaded = self.page.current_form(), self.page.loaded
        if form is None or loaded is None:
            return None
        return {
            "case_id": loaded.case.id,
            "case_number": loaded.case.number,
            "form": self.name(form),
            "values": form.values_json(),
        }

    def fill(self, form: InlineForm) -> bool:
        """The draft of this case and form into ``form``; whether there was one."""
        loaded = self.page.loaded
        kept = self.keeper.load(loaded.case.id if loaded else "", self.name(form))
        if kept is None or loaded is None:
            return False
        form.load_values(dict(kept.get("values") or {}))
        return True

    def restore(self) -> bool:
        """After a crash or a logout: open the draft's case, then its form."""
        data = self.keeper.load()
        if not data or not data.get("case_id"):
            return False
        self.pending = data
        self.page.open_case(str(data["case_id"]))
        return True

    def on_loaded(self, case_id: str) -> None:
        pending, self.pending = self.pending, None
        if pending is None or pending.get("case_id") != case_id:
            return
        page = self.page
        buttons = {
            "approve": page.approve_button,
            "reasons:return": page.return_button,
            "reasons:reject": page.reject_button,
            "forward": page.forward_button,
            "extend": page.extend_button,
        }
        button = buttons.get(str(pending.get("form") or ""))
        if button is not None and button.isEnabled():
            button.click()
        else:  # the case has moved on: the draft no longer applies
            self.keeper.clear()
