"""The amber notice above the reception form: records of the integrity file (诚信档案) in force
for the applicant or for the agency whose agent acts. It informs and never blocks; the save of
a restricted item (priority examination, awards) is refused by the reception service."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from counter_app.i18n import tr
from counter_app.integrity.rules import RESTRICTED_ITEMS, SubjectKind
from counter_app.integrity.views import InForceRecord
from ui.tasks import Runner

if TYPE_CHECKING:
    from ui.reception.applicant_form import ApplicantForm
    from ui.reception.items_picker import ItemsPicker

Lookup = Callable[[Sequence[str]], list[InForceRecord]]
AMBER = "background:#fff4d6; color:#7a4f00; border:1px solid #e0a800; padding:6px;"


def banner_text(records: Sequence[InForceRecord], restricted: Sequence[str] = ()) -> str:
    """``诚信档案：该申请人有 1 条有效失信记录：非正常专利申请（国知发〔2026〕12号，至 …）``;
    the acting agency's records in a second sentence; the chosen items it holds back last."""
    parts = []
    for kind, who in ((SubjectKind.APPLICANT, tr("该申请人")), (SubjectKind.AGENCY, None)):
        mine = [r for r in records if r.subject_kind == kind.value]
        if not mine:
            continue
        subject = who or tr("代理机构“{n}”", n=mine[0].subject_name)
        listed = "；".join(r.summary for r in mine)
        parts.append(tr("{s}有 {n} 条有效失信记录：{l}", s=subject, n=len(mine), l=listed))
    text = tr("诚信档案：{p}。", p="。".join(parts))
    if restricted:
        text += tr(
            "所选“{i}”在记录有效期间不能受理（可不予受理并写明理由）；其他事项可照常办理。",
            i="、".join(restricted),
        )
    else:
        text += tr("仅作提示，其他事项可照常办理；专利优先审查、奖励资助不能受理。")
    return text


class IntegrityBanner(QLabel):
    """Looks up the subjects on the form (off the GUI thread) whenever a complete, valid ID
    number or credit code is there, and shows what is in force; hidden when nothing is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setStyleSheet(AMBER)
        self.setObjectName("integrity_banner")
        self.hide()
        self._lookup: Lookup | None = None
        self._runner: Runner | None = None
        self._form: ApplicantForm | None = None
        self._picker: ItemsPicker | None = None
        self._codes: tuple[str, ...] = ()
        self.records: list[InForceRecord] = []

    def bind(self, lookup: Lookup, runner: Runner) -> None:
        """Give the banner the service's lookup (the panel knows the services and the actor)."""
        self._lookup, self._runner = lookup, runner
        self._codes = ()
        self.refresh()

    def watch(self, form: ApplicantForm, picker: ItemsPicker) -> None:
        self._form, self._picker = form, picker
        form.id_number.sig_changed.connect(self.refresh)
        form.kind_group.buttonToggled.connect(lambda *_: self.refresh())
        form.agent_check.toggled.connect(lambda _on: self.refresh())
        form.agent.agency_code.sig_changed.connect(self.refresh)
        picker.sig_changed.connect(self._show)

    def subjects(self) -> tuple[str, ...]:
        """The applicant's code and the acting agency's, where complete and valid."""
        form = self._form
        if form is None:
            return ()
        codes = []
        if form.id_number.is_valid() and form.id_number.text().strip():
            codes.append(form.id_number.result().value)
        agency = form.agent.agency_code
        if form.agent_check.isChecked() and agency.text().strip() and agency.is_valid():
            codes.append(agency.result().value)
        return tuple(codes)

    def refresh(self) -> None:
        codes = self.subjects()
        if codes == self._codes:
            return
        self._codes = codes
        if not codes or self._lookup is None or self._runner is None:
            self.show_records([])
            return
        lookup = self._lookup
        self._runner.run(
            lambda: (codes, lookup(codes)),
            self._on_found,
            lambda _exc: None,  # the banner is a courtesy: a failed lookup shows nothing
        )

    def _on_found(self, found: tuple[tuple[str, ...], list[InForceRecord]]) -> None:
        codes, records = found
        if codes == self._codes:  # the staff typed on meanwhile: a newer lookup will answer
            self.show_records(records)

    def show_records(self, records: list[InForceRecord]) -> None:
        self.records = list(records)
        self._show()

    def restricted_chosen(self) -> list[str]:
        if self._picker is None or not self.records:
            return []
        return [i.name for i in self._picker.chosen_items() if i.number in RESTRICTED_ITEMS]

    def _show(self) -> None:
        if not self.records:
            self.setText("")
            self.hide()
            return
        self.setText(banner_text(self.records, self.restricted_chosen()))
        self.show()
