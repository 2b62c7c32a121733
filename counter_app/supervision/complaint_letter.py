"""The data of a complaint's written reply (答复函): who it goes to, what was complained
about, the finding and result, who to contact. The PDF is printers/pdf/supervision."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from counter_app.cases.documents import hall_info
from counter_app.core.errors import CounterError
from counter_app.hall.settings import HallSettings
from counter_app.i18n import tr
from counter_app.supervision import complaint_store as store
from counter_app.supervision.rules.complaints import State
from db.models import Case
from db.models.supervision import Complaint
from printers.pdf.supervision.reply_letter import ReplyLetter

ANSWERED = frozenset({State.RESOLVED.value, State.REPLIED.value, State.ARCHIVED.value})


def letter_about(session: Session, row: Complaint) -> str:
    """What it was about, as a letter says it: 第3号窗口工作人员李受理、案件 ...、“...”事项."""
    parts = []
    who = store.staff_name(session, row.about_staff)
    window = ""
    if row.about_window:
        window = f"第{row.about_window}号窗口" if row.about_window.isdigit() else row.about_window
    if window or who:
        parts.append(window + (f"工作人员{who}" if who else ""))
    if row.about_case_id is not None:
        case = session.get(Case, row.about_case_id)
        if case is not None:
            parts.append(f"案件{case.number}")
    if row.about_item is not None:
        name = store.item_name(session, row.about_item)
        parts.append(f"“{name}”事项" if name else f"第{row.about_item}项事项")
    return "、".join(parts)


def check_letter(row: Complaint) -> None:
    """Refuse a letter that cannot be written: anonymous, no address, no result yet."""
    if row.anonymous or not row.name:
        raise CounterError(tr("匿名件没有收件人和通信地址，不能出具书面答复"), "complaint")
    if not row.address:
        raise CounterError(tr("此件没有通信地址，不能出具书面答复，请先补充地址"), "address")
    if row.state not in ANSWERED:
        raise CounterError(tr("此件尚未形成处理结果，请先完成“处理”一步再打印书面答复"), "step")


def build_letter(
    session: Session, row: Complaint, settings: HallSettings, today: date
) -> ReplyLetter:
    check_letter(row)
    handler = store.staff_name(session, row.handler)
    return ReplyLetter(
        hall=hall_info(settings),
        number=row.number,
        qr_payload=row.number,
        issued_on=today,
        kind=row.kind,
        channel=row.channel,
        name=row.name,
        address=row.address,
        received_on=row.business_date,
        about=letter_about(session, row),
        text=row.text,
        finding=row.finding,
        result=row.result,
        upheld=row.upheld,
        contact_name=handler,
        contact_phone=settings.phone,
    )
