"""Delivery (送达): pickup at the window with identity check, or mail with a kept stub."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.cases.reception import local_today
from counter_app.cases.rules.delivery import (
    CollectorInput,
    MailInput,
    check_mail,
    check_tracking,
    collector_may_collect,
    normalise_id,
)
from counter_app.cases.rules.pickup_window import next_open, window_end
from counter_app.cases.rules.states import CaseState, transition
from counter_app.cases.store import add_event, case_by_number, get_case
from counter_app.cases.views import CaseView, case_view
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.calendar import load_calendar
from counter_app.hall.rules.settings import office_hours
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.identity.masking import mask_id
from db.engine import Database
from db.ids import utc_now
from db.models import Applicant, Case, Delivery


@dataclass(frozen=True)
class DeliveryView:
    id: str
    case_id: str
    method: str
    state: str
    contents: tuple[dict[str, object], ...]
    recipient_name: str
    mobile: str
    address: str
    postal_code: str
    tracking_number: str
    posted_on: date | None
    delivered_on: date | None
    pickup_until: datetime | None
    collector: dict[str, str] | None
    row_version: int


def _masked_collector(collector: dict[str, str] | None) -> dict[str, str] | None:
    """Who collected, as lists show it: the ID number masked (in full only in the audit)."""
    if collector is None:
        return None
    shown = dict(collector)
    if shown.get("id_number"):
        shown["id_number"] = mask_id(str(shown["id_number"]))
    return shown


def delivery_view(row: Delivery) -> DeliveryView:
    address = f"{row.province}{row.city}{row.district}{row.address_detail}"
    return DeliveryView(
        str(row.id),
        str(row.case_id),
        row.method,
        row.state,
        tuple(row.contents),
        row.recipient_name,
        row.mobile,
        address,
        row.postal_code,
        row.tracking_number,
        row.posted_on,
        row.delivered_on,
        row.pickup_until,
        _masked_collector(row.collector),
        row.row_version,
    )


class DeliveryService:
    def __init__(
        self, database: Database, hall: HallService, today: Callable[[], date] = local_today
    ) -> None:
        self._db, self._hall, self._today = database, hall, today

    def prepare_pickup(
        self,
        actor: Actor,
        case_id: str,
        row_version: int,
        contents: tuple[str, ...],
        working_days: int = 10,
        address: str = "",
    ) -> CaseView:
        """Results ready at the window: a pickup window is set and the case awaits pickup."""
        if not contents:
            raise CounterError(tr("请列出领取的办理结果（证书、决定书等）"), "contents")
        settings = self._hall.settings()
        with self._db.write() as session:
            case = get_case(session, case_id, row_version)
            target = transition(CaseState(case.status), CaseState.AWAITING_PICKUP)
            calendar = load_calendar(session)
            opens, closes = office_hours(settings)
            # Now on the business day; out of hours it opens at the next working opening.
            now = datetime.combine(self._today(), utc_now().astimezone().timetz())
            start = next_open(now, calendar, opens, closes)
            until_at = window_end(start, calendar, working_days, closes)
            until = until_at.date()
            session.add(
                Delivery(
                    case_id=case.id,
                    method="pickup",
                    state="waiting",
                    contents=[{"name": c, "copies": 1} for c in contents],
                    pickup_from=start,
                    pickup_until=until_at,
                    pickup_address=address or settings.address,
                    counter_code=settings.counter_code,
                    created_by=actor.username,
                )
            )
            self._move(
                session, case, actor, target, "pickup_ready", tr("待领取，领取期限至 {d}", d=until)
            )
            return case_view(session, case)

    def collect(self, actor: Actor, number_or_id: str, collector: CollectorInput) -> CaseView:
        """At pickup: scan the notice, check the collector's ID or authorisation, hand over all."""
        with self._db.write() as session:
            case = case_by_number(session, number_or_id)
            if case.status != CaseState.AWAITING_PICKUP:
                raise CounterError(
                    tr("案件当前为“{s}”，没有待领取的结果", s=CaseState(case.status).label), "case"
                )
            role = collector_may_collect(collector, _on_file(session, case))
            pickup = _open_delivery(session, case, "pickup")
            pickup.state, pickup.collected_at = "collected", utc_now()
            pickup.collector = {
                **asdict(collector),
                "role": role,
                "id_number": normalise_id(collector.id_type, collector.id_number),
            }
            pickup.row_version += 1
            self._move(
                session,
                case,
                actor,
                CaseState.DELIVERED,
                "collected",
                tr(
                    "{n}（{r}）领取全部结果",
                    n=collector.name.strip(),
                    r=tr("本人") if role == "applicant" else tr("代领"),
                ),
            )
            return case_view(session, case)

    def send_mail(
        self, actor: Actor, case_id: str, row_version: int, mail: MailInput
    ) -> DeliveryView:
        """Seal and post: every item of the parcel checked; the row is the mailing stub."""
        checked = check_mail(mail)
        settings = self._hall.settings()
        with self._db.write() as session:
            case = get_case(session, case_id, row_version)
            target = transition(CaseState(case.status), CaseState.MAILED)
            row = Delivery(
                case_id=case.id,
                method="mail",
                state="sent",
                contents=[asdict(c) for c in checked.contents],
                recipient_name=checked.recipient_name,
                mobile=checked.mobile,
                province=checked.province.strip(),
                city=checked.city.strip(),
                district=checked.district,
                address_detail=checked.detail,
                postal_code=checked.postal_code,
                tracking_number=checked.tracking_number,
                posted_on=self._today(),
                counter_code=settings.counter_code,
                created_by=actor.username,
            )
            session.add(row)
            session.flush()
            self._move(
                session,
                case,
                actor,
                target,
                "mailed",
                tr(
                    "邮寄至 {n}，运单号 {t}",
                    n=checked.recipient_name,
                    t=checked.tracking_number or tr("待录入"),
                ),
            )
            return delivery_view(row)

    def set_tracking(self, actor: Actor, delivery_id: str, tracking_number: str) -> DeliveryView:
        number = check_tracking(tracking_number)
        with self._db.write() as session:
            row = _delivery(session, delivery_id)
            before = row.tracking_number
            row.tracking_number = number
            row.row_version += 1
            audit.record(
                session,
                actor.username,
                "mail_tracking",
                "delivery",
                delivery_id,
                before={"tracking": before},
                after={"tracking": number},
            )
            return delivery_view(row)

    def mark_delivered(self, actor: Actor, delivery_id: str, on: date | None = None) -> CaseView:
        with self._db.write() as session:
            row = _delivery(session, delivery_id, expected="sent")
            row.state, row.delivered_on = "delivered", on or self._today()
            row.row_version += 1
            case = get_case(session, str(row.case_id))
            self._move(
                session,
                case,
                actor,
                CaseState.DELIVERED,
                "mail_delivered",
                tr("邮件已妥投（{d}）", d=row.delivered_on),
            )
            return case_view(session, case)

    def mark_returned(self, actor: Actor, delivery_id: str, reason: str) -> CaseView:
        if not reason.strip():
            raise CounterError(tr("请填写退回原因"), "reason")
        with self._db.write() as session:
            row = _delivery(session, delivery_id, expected="sent")
            row.state, row.returned_reason = "returned", reason.strip()
            row.row_version += 1
            case = get_case(session, str(row.case_id))
            self._move(
                session,
                case,
                actor,
                CaseState.MAIL_RETURNED,
                "mail_returned",
                tr("邮件退回：{r}", r=reason.strip()),
            )
            return case_view(session, case)

    def close(self, actor: Actor, case_id: str, row_version: int) -> CaseView:
        with self._db.write() as session:
            case = get_case(session, case_id, row_version)
            self._move(session, case, actor, CaseState.CLOSED, "close", tr("办结归档"))
            return case_view(session, case)

    def deliveries(self, case_id: str) -> list[DeliveryView]:
        with self._db.read() as session:
            rows = session.scalars(
                select(Delivery).where(Delivery.case_id == uuid.UUID(case_id)).order_by(Delivery.id)
            )
            return [delivery_view(r) for r in rows]

    def _move(
        self, session: Session, case: Case, actor: Actor, target: CaseState, action: str, note: str
    ) -> None:
        old = case.status
        case.status = transition(CaseState(old), target).value
        case.row_version += 1
        add_event(session, case, actor, action, old, case.status, note)
        audit.record(
            session,
            actor.username,
            f"case_{action}",
            "case",
            str(case.id),
            before={"status": old},
            after={"status": case.status, "note": note},
        )


def _on_file(session: Session, case: Case) -> tuple[str, ...]:
    applicant = session.get(Applicant, case.applicant_id)
    numbers = [applicant.id_number] if applicant else []
    if case.agent:
        numbers.append(normalise_id(case.agent.get("id_type", ""), case.agent.get("id_number", "")))
    return tuple(numbers)


def _open_delivery(session: Session, case: Case, method: str) -> Delivery:
    row = session.scalar(
        select(Delivery)
        .where(Delivery.case_id == case.id, Delivery.method == method, Delivery.state == "waiting")
        .order_by(Delivery.id.desc())
    )
    if row is None:
        raise CounterError(tr("没有找到待领取的记录"), "case")
    return row


def _delivery(session: Session, delivery_id: str, expected: str | None = None) -> Delivery:
    try:
        row = session.get(Delivery, uuid.UUID(delivery_id), with_for_update=True)
    except ValueError:
        row = None
    if row is None:
        raise CounterError(tr("找不到该邮寄记录"), "delivery")
    if expected and row.state != expected:
        raise CounterError(
            tr("该邮件当前状态为“{s}”，不能这样更改", s=MAIL_STATES.get(row.state, row.state)),
            "delivery",
        )
    return row


MAIL_STATES = {
    "sent": tr("已寄出"),
    "delivered": tr("已妥投"),
    "returned": tr("已退回"),
    "waiting": tr("待领取"),
    "collected": tr("已领取"),
}
