"""The complaints register's rows: numbers, look-ups, the views handed out, the list and the
period's counts (GROUP BY in SQL). Used by ComplaintService (complaints.py)."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, select, update
from sqlalchemy.orm import Session, aliased

from counter_app.cases.numbering import next_number
from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.identity.masking import mask_name, mask_phone
from counter_app.supervision.rules.complaint_forms import (
    ComplaintDetail,
    ComplaintRow,
    ComplaintSummary,
    ComplaintView,
    StepView,
)
from counter_app.supervision.rules.complaints import (
    OPEN_STATES,
    Cause,
    Channel,
    Kind,
    ReplyMethod,
    State,
)
from db.ids import utc_now
from db.models import Case, CatalogItem, CatalogItemVersion, DailyCounter, Staff
from db.models.supervision import Complaint, SupervisionStep

PREFIX = "TS"
NUMBER_KIND = "complaint"
_TRAILING = re.compile(r"(\d+)$")
OPEN_VALUES = tuple(s.value for s in OPEN_STATES)


def new_number(session: Session, counter_code: str, day: date) -> str:
    """``TS-W03-20261206-001``: unique in the hall without asking anyone, as the counter code
    is. Continues after the highest such number already here (a reinstalled PC that pulled
    its earlier complaints from the central does not hand one out twice)."""
    code = counter_code or "PC"
    stem = f"{PREFIX}-{code}-{day:%Y%m%d}-"
    n = next_number(session, code, day, NUMBER_KIND)
    numbers = session.scalars(select(Complaint.number).where(Complaint.number.like(stem + "%")))
    highest = max((int(m.group(1)) for x in numbers if (m := _TRAILING.search(x))), default=0)
    if n <= highest:
        n = highest + 1
        session.execute(
            update(DailyCounter)
            .where(
                DailyCounter.counter_code == code,
                DailyCounter.business_date == day,
                DailyCounter.kind == NUMBER_KIND,
            )
            .values(last=n)
        )
    return f"{stem}{n:03d}"


def _key(complaint_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(complaint_id))
    except ValueError:
        return None


def locked(session: Session, complaint_id: str, row_version: int | None = None) -> Complaint:
    """The complaint, locked for this transaction; a stale form (someone else took a step
    meanwhile) is refused."""
    key = _key(complaint_id)
    row = session.get(Complaint, key, with_for_update=True) if key else None
    if row is None or row.deleted:
        raise CounterError(tr("找不到该投诉咨询记录"), "complaint")
    if row_version is not None and row.row_version != row_version:
        raise CounterError(tr("{n} 刚被他人办理过，请刷新后再操作", n=row.number), "complaint")
    return row


def by_number(session: Session, number_or_id: str) -> Complaint:
    text = number_or_id.strip().upper()
    row = session.scalar(select(Complaint).where(Complaint.number == text))
    if row is None:
        key = _key(number_or_id.strip())
        row = session.get(Complaint, key) if key else None
    if row is None or row.deleted:
        raise CounterError(tr("找不到编号为 {n} 的投诉咨询记录", n=number_or_id.strip()), "number")
    return row


def case_id_for(session: Session, number: str) -> uuid.UUID | None:
    text = number.strip().upper()
    if not text:
        return None
    case_id = session.scalar(select(Case.id).where(Case.number == text))
    if case_id is None:
        raise CounterError(tr("找不到案件 {n}，请核对案件编号", n=text), "about_case")
    return case_id


def item_name(session: Session, number: int) -> str:
    return (
        session.scalar(
            select(CatalogItemVersion.name)
            .join(CatalogItem, CatalogItem.id == CatalogItemVersion.item_id)
            .where(
                CatalogItem.number == number,
                CatalogItemVersion.version == CatalogItem.current_version,
            )
        )
        or ""
    )


def staff_name(session: Session, username: str) -> str:
    if not username:
        return ""
    name = session.scalar(select(Staff.display_name).where(Staff.username == username))
    return name or username


def view(row: Complaint) -> ComplaintView:
    return ComplaintView(
        id=str(row.id),
        number=row.number,
        kind=Kind(row.kind),
        channel=Channel(row.channel),
        state=State(row.state),
        business_date=row.business_date,
        due_date=row.due_date,
        handler=row.handler,
        row_version=row.row_version,
    )


def about_text(window: str, staff: str, case_number: str, item: int | None) -> str:
    """What a complaint is about in a few words: 第3号窗口；李受理；案件 ...；第18项."""
    parts = []
    if window:
        parts.append(tr("第{w}号窗口", w=window) if window.isdigit() else tr("{w}窗口", w=window))
    if staff:
        parts.append(staff)
    if case_number:
        parts.append(tr("案件 {n}", n=case_number))
    if item is not None:
        parts.append(tr("第{n}项事项", n=item))
    return "；".join(parts)


def overdue(row: Complaint, today: date) -> bool:
    return row.state in OPEN_VALUES and today > row.due_date


def _about_case(session: Session, row: Complaint) -> str:
    if row.about_case_id is None:
        return ""
    return session.scalar(select(Case.number).where(Case.id == row.about_case_id)) or ""


def to_row(
    row: Complaint,
    today: date,
    about_staff: str,
    about_case: str,
    reveal: bool = False,
    handler_name: str = "",
) -> ComplaintRow:
    return ComplaintRow(
        id=str(row.id),
        number=row.number,
        business_date=row.business_date,
        kind=Kind(row.kind),
        channel=Channel(row.channel),
        name=row.name if reveal else mask_name(row.name),
        phone=row.phone if reveal else mask_phone(row.phone),
        about=about_text(row.about_window, about_staff, about_case, row.about_item),
        state=State(row.state),
        handler=row.handler,
        due_date=row.due_date,
        overdue=overdue(row, today),
        row_version=row.row_version,
        handler_name=handler_name or row.handler,
    )


def steps(session: Session, row: Complaint) -> tuple[StepView, ...]:
    found = session.scalars(
        select(SupervisionStep)
        .where(SupervisionStep.subject == "complaint", SupervisionStep.subject_id == row.id)
        .order_by(SupervisionStep.at, SupervisionStep.id)
    )
    return tuple(StepView(s.step, s.actor, s.at, s.text) for s in found)


def detail(session: Session, row: Complaint, today: date, reveal: bool) -> ComplaintDetail:
    about_case = _about_case(session, row)
    linked = (
        session.scalar(select(Case.number).where(Case.id == row.case_id)) if row.case_id else ""
    )
    return ComplaintDetail(
        row=to_row(
            row,
            today,
            staff_name(session, row.about_staff),
            about_case,
            reveal,
            staff_name(session, row.handler),
        ),
        anonymous=row.anonymous,
        address=row.address if reveal else ("*" * min(len(row.address), 6)),
        text=row.text,
        about_window=row.about_window,
        about_staff=row.about_staff,
        about_case_number=about_case,
        about_item=row.about_item,
        registered_by=row.registered_by,
        finding=row.finding,
        result=row.result,
        cause=Cause(row.cause) if row.cause else None,
        upheld=row.upheld,
        reply_method=ReplyMethod(row.reply_method) if row.reply_method else None,
        reply_text=row.reply_text,
        case_number=linked or "",
        revealed=reveal,
        steps=steps(session, row),
    )


def list_query(
    today: date,
    open_only: bool,
    overdue_only: bool,
    kind: Kind | None,
    date_from: date | None,
    date_to: date | None,
) -> Select[Complaint, str, str, str]:
    about, handler = aliased(Staff), aliased(Staff)
    query = (
        select(Complaint, about.display_name, Case.number, handler.display_name)
        .outerjoin(about, about.username == Complaint.about_staff)
        .outerjoin(handler, handler.username == Complaint.handler)
        .outerjoin(Case, Case.id == Complaint.about_case_id)
        .where(Complaint.deleted.is_(False))
    )
    if open_only or overdue_only:
        query = query.where(Complaint.state.in_(OPEN_VALUES))
    if overdue_only:
        query = query.where(Complaint.due_date < today)
    if kind is not None:
        query = query.where(Complaint.kind == kind.value)
    if date_from is not None:
        query = query.where(Complaint.business_date >= date_from)
    if date_to is not None:
        query = query.where(Complaint.business_date <= date_to)
    return query.order_by(Complaint.business_date.desc(), Complaint.number.desc())


def _counts(session: Session, column: Any, period: Any) -> dict[Any, int]:
    query = select(column, func.count()).where(period).group_by(column)
    return {key: int(n) for key, n in session.execute(query)}


def summarize(session: Session, date_from: date, date_to: date, today: date) -> ComplaintSummary:
    period = and_(
        Complaint.deleted.is_(False),
        Complaint.business_date >= date_from,
        Complaint.business_date <= date_to,
    )
    kinds = _counts(session, Complaint.kind, period)
    causes = _counts(session, Complaint.cause, period)
    late = and_(period, Complaint.state.in_(OPEN_VALUES), Complaint.due_date < today)
    return ComplaintSummary(
        date_from=date_from,
        date_to=date_to,
        total=sum(kinds.values()),
        by_kind={Kind(k): n for k, n in kinds.items()},
        by_channel={Channel(k): n for k, n in _counts(session, Complaint.channel, period).items()},
        by_cause={Cause(k): n for k, n in causes.items() if k},
        by_state={State(k): n for k, n in _counts(session, Complaint.state, period).items()},
        upheld=_counts(session, Complaint.upheld, period),
        overdue=int(session.scalar(select(func.count()).where(late)) or 0),
    )


def case_by_id(session: Session, case_id: str) -> Case:
    key = _key(case_id)
    case = session.get(Case, key) if key else None
    if case is None:
        raise CounterError(tr("找不到该案件"), "case")
    return case


def log_step(
    session: Session, actor: str, row: Complaint, step: str, text: str, **detail: Any
) -> None:
    """One line of the complaint's history (insert-only)."""
    session.add(
        SupervisionStep(
            subject="complaint",
            subject_id=row.id,
            step=step,
            actor=actor,
            at=utc_now(),
            text=text,
            detail=detail,
        )
    )
