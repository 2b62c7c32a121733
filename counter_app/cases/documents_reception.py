"""Documents of reception: the acceptance notice (or receipt notice), the one-time notice of
what is missing and the refusal to accept, worded by the kind of act each item is."""

from __future__ import annotations

from counter_app.cases import documents_delivery as delivery_docs
from counter_app.cases.document_base import DocumentBase
from counter_app.cases.rules import notice_law as law
from counter_app.cases.rules.notice_law import ItemLaw
from counter_app.cases.rules.reception import missing, what_is_missing
from counter_app.cases.views import CaseView
from counter_app.hall.rules.settings import HallSettings
from counter_app.i18n import tr
from printers import pdf


def received(view: CaseView) -> tuple[pdf.MaterialReceived, ...]:
    rows = []
    for m in (mv.line for mv in view.materials if mv.line.received):
        form = "原件" if m.received_original else "复印件"
        rows.append(pdf.MaterialReceived(m.name, max(m.received_copies, 1), form))
    return tuple(rows)


def acceptance(
    view: CaseView, base: DocumentBase, officer: pdf.Officer, laws: tuple[ItemLaw, ...]
) -> tuple[bytes, str]:
    text = law.acceptance_text(laws, view.promised_on)
    data = pdf.render_acceptance_notice(
        pdf.AcceptanceNotice(
            **base,
            applicant=delivery_docs.pdf_applicant(view),
            items=view.item_names,
            received_on=view.received_on,
            materials=received(view),
            legal_basis=text.bases,
            promised_on=view.promised_on,
            officer=officer,
            title=text.title,
            intro=text.intro,
            time_label=text.time_label,
            time_lines=text.time_lines,
        )
    )
    return data, text.title


def supplement(
    view: CaseView, base: DocumentBase, officer: pdf.Officer, laws: tuple[ItemLaw, ...]
) -> bytes:
    lines = missing(tuple(m.line for m in view.materials))
    assert view.supplement_deadline is not None
    return pdf.render_supplement_notice(
        pdf.SupplementNotice(
            **base,
            applicant=delivery_docs.pdf_applicant(view),
            items=view.item_names,
            received_on=view.received_on,
            missing=tuple(pdf.MissingMaterial(m.name, what_is_missing(m)) for m in lines),
            deadline=view.supplement_deadline,
            consequence=tr(
                "请于期限内一次补齐上述材料；逾期未补齐的，本申请不予受理。"
                "补正期间不计入办理时限，材料齐全之日起计算。"
            ),
            legal_basis=law.correction_bases(laws),
            officer=officer,
        )
    )


def refusal(
    view: CaseView,
    base: DocumentBase,
    officer: pdf.Officer,
    settings: HallSettings,
    laws: tuple[ItemLaw, ...],
    authority: str,
) -> bytes:
    outside = bool(authority) or law.is_not_competent(view.reasons)
    return pdf.render_refusal_notice(
        pdf.RefusalNotice(
            **base,
            applicant=delivery_docs.pdf_applicant(view),
            items=view.item_names,
            received_on=view.received_on,
            reasons=view.reasons,
            legal_basis=law.refusal_bases(laws, outside),
            rights=delivery_docs.rights(settings),
            competent_authority=authority or None,
            officer=officer,
        )
    )
