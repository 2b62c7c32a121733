"""The records in force for some subjects, and the items reception must refuse because of
them: run inside the caller's transaction (reception's save, the banner's lookup)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.integrity.forms import normalise_code
from counter_app.integrity.rules import RESTRICTED_ITEMS, Repair, SubjectKind
from counter_app.integrity.views import InForceRecord, Refusal, in_force_record
from db.models.integrity import IntegrityRecord

MAX_SUBJECTS = 20


def in_force_clause(today: date) -> ColumnElement[bool]:
    """rules.in_force in SQL: not repaired, started, not ended."""
    return and_(
        IntegrityRecord.deleted.is_(False),
        IntegrityRecord.repair != Repair.REPAIRED.value,
        IntegrityRecord.starts <= today,
        or_(IntegrityRecord.ends.is_(None), IntegrityRecord.ends >= today),
    )


def clean_codes(codes: Sequence[str]) -> list[str]:
    """The distinct, normalised, non-empty codes (at most ``MAX_SUBJECTS``)."""
    cleaned = [normalise_code(c) for c in codes if c and c.strip()]
    return list(dict.fromkeys(c for c in cleaned if c))[:MAX_SUBJECTS]


def records_in_force(session: Session, codes: Sequence[str], today: date) -> list[IntegrityRecord]:
    """The rows in force today for these subjects, latest decision first."""
    wanted = clean_codes(codes)
    if not wanted:
        return []
    query = (
        select(IntegrityRecord)
        .where(IntegrityRecord.subject_code.in_(wanted), in_force_clause(today))
        .order_by(IntegrityRecord.decision_date.desc(), IntegrityRecord.id)
    )
    rows = list(session.scalars(query))
    rows.sort(key=lambda row: wanted.index(row.subject_code))  # the applicant's own first
    return rows


def restricted_items(
    session: Session, codes: Sequence[str], items: Mapping[int, str], today: date
) -> list[Refusal]:
    """For each chosen item in ``RESTRICTED_ITEMS`` (``items``: number -> name), the record in
    force that forbids it, if any. ``codes``: the applicant's, then the acting agency's."""
    chosen = sorted(n for n in items if n in RESTRICTED_ITEMS)
    if not chosen:
        return []
    rows = records_in_force(session, codes, today)
    if not rows:
        return []
    record = in_force_record(rows[0])
    return [Refusal(n, items[n], record) for n in chosen]


def refusal_error(refusals: Collection[Refusal]) -> CounterError:
    """The message at the items field: who, which record, which items."""
    first = next(iter(refusals)).record
    who = tr("代理机构") if first.subject_kind == SubjectKind.AGENCY.value else tr("申请人")
    names = "、".join(r.item_name for r in refusals)
    return CounterError(
        tr(
            "{w}“{n}”在诚信档案中有有效失信记录（{c}，{d}，{e}），不得办理{i}"
            "（失信主体在优先审查、费用减缴和奖励资助方面受限）",
            w=who,
            n=first.subject_name,
            c=first.category_label,
            d=first.source_doc,
            e=_until(first),
            i=names,
        ),
        "items",
    )


def _until(record: InForceRecord) -> str:
    return tr("至 {d}", d=record.ends.isoformat()) if record.ends else tr("长期")


def refuse_restricted(
    session: Session, codes: Sequence[str], items: Mapping[int, str], today: date
) -> None:
    """Reception's hook: raise the refusal when a restricted item meets a record in force."""
    refusals = restricted_items(session, codes, items, today)
    if refusals:
        raise refusal_error(refusals)
