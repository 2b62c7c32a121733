"""A reception saved first, its notice second.

Saving a case (one short transaction: number, applicant, items, materials, event, audit) and
rendering its notice (受理通知书 / 一次性告知书 / 不予受理通知书: tens of milliseconds of PDF
layout) are two steps. ``ReceptionDesk.save`` commits and returns the case; only when the
staff asked to print at once does it render the notice too, after the commit. Otherwise the
caller shows the saved case at once and asks ``notice`` for the document next (in the
background, or when the staff opens or prints it). A notice that cannot be rendered never
undoes the case: the problem is returned beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.cases.documents import DocumentService, RenderedDocument
from counter_app.cases.reception import ReceptionService
from counter_app.cases.rules.reception import ReceptionInput
from counter_app.cases.rules.states import CaseState
from counter_app.cases.views import CaseView
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor

# The notice a reception ends with, by the state the case was saved in.
NOTICE_KIND = {
    CaseState.RECEIVED: "acceptance",
    CaseState.AWAITING_SUPPLEMENT: "supplement",
    CaseState.REFUSED: "refusal",
}


def notice_kind(case: CaseView) -> str:
    """The kind of notice (DocumentService.render) the case's reception ends with."""
    return NOTICE_KIND.get(case.status, "acceptance")


@dataclass(frozen=True)
class Notice:
    """A reception's notice: the document, or why it could not be rendered."""

    kind: str
    document: RenderedDocument | None
    problem: str = ""


@dataclass(frozen=True)
class SavedReception:
    """The committed case; ``notice`` only when it was asked for at once."""

    case: CaseView
    notice: Notice | None


class ReceptionDesk:
    """The reception's save and its notice, as two steps."""

    def __init__(self, reception: ReceptionService, documents: DocumentService) -> None:
        self._reception, self._documents = reception, documents

    def save(self, actor: Actor, data: ReceptionInput, print_now: bool = False) -> SavedReception:
        """Commit the case (ReceptionService.receive); with ``print_now`` render its notice
        after the commit. Without it nothing is rendered: call ``notice`` when needed."""
        case = self._reception.receive(actor, data)
        return SavedReception(case, self.notice(actor, case) if print_now else None)

    def notice(self, actor: Actor, case: CaseView) -> Notice:
        """Render (and record the issue of) the notice of a saved case."""
        kind = notice_kind(case)
        try:
            document = self._documents.render(actor, case.number, kind)
        except CounterError as exc:
            return Notice(kind, None, exc.message)
        return Notice(kind, document)
