"""查询办理进度 at the kiosk: a case by its notice's code or by number + phone's last four,
a queue ticket by its QR. Wrong tries are counted per kiosk (lockout.py); every look-up is
audited. Personal data leave here masked.

Where the cases are: a lone PC has them; a hall kiosk PC synced with a ``kiosk_*`` account
pulls none (db/sync/central_roles.py), so there each look-up is one call of the central's
function (central_progress.py), which counts the tries too; no central: "暂时无法查询".

Proof of holding the applicant's paper or phone: a notice's QR carries the case's key (the
number alone is easy to guess); a typed or barcode-scanned number asks the phone's last four.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.cases.rules.states import CaseState
from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.identity.masking import mask_name
from counter_app.kiosk.central_progress import ask_central, collect_words, reply_fields
from counter_app.kiosk.lockout import Lockout
from counter_app.kiosk.scan import case_key, case_number, plain_words, read_code
from counter_app.queue.rules.tickets import TicketState
from db.engine import Database
from db.errors import DatabaseProblem
from db.ids import utc_now
from db.models import Applicant, Case, CaseMaterial, Delivery
from db.models.queue import QueueTicket

LIMITED_ACCOUNTS = ("kiosk_", "display_")


@dataclass(frozen=True)
class CaseProgress:
    number: str
    applicant: str  # masked
    state: str  # the register's label
    plain: str  # the state in plain words
    promised_on: date | None
    missing: tuple[str, ...]  # materials awaited when a supplement is asked for
    supplement_by: date | None
    collect: str  # where and how the result reaches the applicant


@dataclass(frozen=True)
class TicketProgress:
    number: str
    category: str
    state: str
    people_ahead: int | None  # only while waiting
    window: str


def wrong_answer(left: int) -> CounterError:
    """The same words for a wrong phone and a number that does not exist."""
    return CounterError(
        tr("编号或手机号后四位不对，请核对后重试（还可试 {n} 次）", n=max(left, 0)), "number"
    )


def locked(until: datetime) -> CounterError:
    return CounterError(
        tr(
            "输错次数过多，查询暂停到 {t}，请稍后再试或到咨询窗口询问",
            t=until.astimezone().strftime("%H:%M"),
        ),
        "locked",
    )


UNAVAILABLE = tr("暂时无法查询，请到咨询窗口询问")


class ProgressLookup:
    def __init__(
        self,
        database: Database,
        queue_db: Callable[[], Database],
        device: str,
        cases_here: bool = True,
        clock: Callable[[], datetime] = utc_now,
        lockout: Lockout | None = None,
        central: Callable[[], Engine | None] = lambda: None,
    ) -> None:
        self._db, self._queue_db, self.device = database, queue_db, device[:16] or "kiosk"
        self.available, self.clock = cases_here, clock
        self.lockout = lockout or Lockout()
        self._central = central

    @property
    def actor(self) -> str:
        return f"kiosk:{self.device}"[:32]

    def locked_until(self) -> datetime | None:
        return self.lockout.locked_until(self.device, self.clock())

    def needs_phone(self, text: str) -> str:
        """The case number of a scanned code that proves nothing by itself (a barcode or a
        typed number: the page then asks the phone's last four), else ''."""
        code = read_code(text)
        return code.case if code.ticket is None and code.case and not code.key else ""

    def scanned(self, text: str) -> CaseProgress | TicketProgress:
        """A scanned notice QR (its key proves the paper) or queue ticket."""
        code = read_code(text)
        if code.ticket is not None:
            return self._ticket(code.ticket)
        if code.case and not code.key:
            raise CounterError(tr("请输入手机号码的后四位"), "phone")
        return self._case(code.case, None, "scan", code.key)  # not ours: a wrong try

    def typed(self, number: str, phone_last4: str) -> CaseProgress:
        digits = "".join(c for c in phone_last4 if c.isdigit())
        if len(digits) != 4:
            raise CounterError(tr("请输入手机号码的后四位"), "phone")
        if not case_number(number):
            raise CounterError(tr("请输入受理编号"), "number")
        return self._case(case_number(number), digits, "typed")

    # -- cases ----------------------------------------------------------------------------
    def _case(self, number: str, digits: str | None, how: str, key: str = "") -> CaseProgress:
        now = self.clock()
        until = self.lockout.locked_until(self.device, now)
        if until is not None:
            raise locked(until)
        if not self.available:
            return self._central_case(number, digits, how, key, now)
        try:
            with self._db.write() as session:
                found = _find(session, number) if number else None
                right = found is not None and (
                    case_key(found[0].id) == key
                    if key
                    else bool(digits) and _ends(found[1], digits)
                )
                audit.record(
                    session,
                    self.actor,
                    "kiosk_progress",
                    "case",
                    number[:64],
                    after={"how": how, "right": right},
                )
                answer = _progress(session, found[0], found[2]) if right and found else None
        except DatabaseProblem:
            raise CounterError(UNAVAILABLE, "unavailable") from None
        if answer is None:
            until = self.lockout.wrong(self.device, now)
            if until is not None:
                raise locked(until)
            raise wrong_answer(self.lockout.tries_left(self.device, now))
        return answer

    def _central_case(
        self, number: str, digits: str | None, how: str, key: str, now: datetime
    ) -> CaseProgress:
        reply = ask_central(self._central, number, digits, key)
        if reply.status == "unavailable":
            raise CounterError(UNAVAILABLE, "unavailable")
        try:
            with self._db.write() as session:
                after = {"how": how, "right": reply.status == "ok", "central": True}
                audit.record(
                    session, self.actor, "kiosk_progress", "case", number[:64], after=after
                )
        except DatabaseProblem:
            pass  # the central holds the record of the try (kiosk_lookup)
        if reply.status == "locked":
            until = reply.until or now + self.lockout.lock
            self.lockout.lock_until(self.device, until)
            raise locked(until)
        if reply.status == "wrong":
            raise wrong_answer(reply.left)
        return CaseProgress(**reply_fields(reply.data or {}))

    # -- queue tickets --------------------------------------------------------------------
    def _ticket(self, ticket_id: uuid.UUID) -> TicketProgress:
        try:
            with self._queue_db().read() as session:
                row = session.get(QueueTicket, ticket_id)
                ahead = None
                if row is not None and row.state == TicketState.WAITING.value:
                    ahead = _ahead(session, row)
                view = None if row is None or row.deleted else _ticket_view(row, ahead)
            with self._db.write() as session:
                audit.record(
                    session,
                    self.actor,
                    "kiosk_ticket",
                    "queue_ticket",
                    str(ticket_id),
                    after={"found": view is not None},
                )
        except DatabaseProblem:
            raise CounterError(UNAVAILABLE, "unavailable") from None
        if view is None:
            raise CounterError(tr("没有找到这张号票，请向工作人员询问"), "number")
        return view


def _ends(phones: str, digits: str | None) -> bool:
    return bool(digits) and len(phones) >= 4 and phones.endswith(digits or "")


def _find(session: Session, number: str) -> tuple[Case, str, str] | None:
    row = session.execute(
        select(Case, Applicant.phone, Applicant.name)
        .join(Applicant, Applicant.id == Case.applicant_id)
        .where(Case.number == number, Case.deleted.is_(False))
    ).first()
    if row is None:
        return None
    case, phone, name = row
    agent_phone = str((case.agent or {}).get("phone", ""))
    phones = "".join(c for c in phone if c.isdigit())
    if not phones and agent_phone:
        phones = "".join(c for c in agent_phone if c.isdigit())
    return case, phones, name


def _progress(session: Session, case: Case, name: str) -> CaseProgress:
    state = CaseState(case.status) if case.status in CaseState._value2member_map_ else None
    missing: tuple[str, ...] = ()
    if state in (CaseState.AWAITING_SUPPLEMENT, CaseState.RETURNED_FOR_CORRECTION):
        missing = tuple(
            session.scalars(
                select(CaseMaterial.name)
                .where(CaseMaterial.case_id == case.id, CaseMaterial.received.is_(False))
                .order_by(CaseMaterial.position)
            )
        )
    delivery = session.scalars(
        select(Delivery)
        .where(Delivery.case_id == case.id, Delivery.deleted.is_(False))
        .order_by(Delivery.created_at.desc())
    ).first()
    return CaseProgress(
        number=case.number,
        applicant=mask_name(name),
        state=state.label if state else case.status,
        plain=plain_words(case.status),
        promised_on=case.promised_on,
        missing=missing,
        supplement_by=case.supplement_deadline if missing else None,
        collect=_collect(delivery),
    )


def _collect(delivery: Delivery | None) -> str:
    """Where the result reaches the applicant: the same words as the central's answer."""
    if delivery is None:
        return collect_words(None)
    until = delivery.pickup_until
    return collect_words(
        {
            "method": delivery.method,
            "tracking": delivery.tracking_number,
            "pickup_address": delivery.pickup_address,
            "pickup_until": until.isoformat() if until is not None else None,
        }
    )


def _ahead(session: Session, row: QueueTicket) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(QueueTicket)
            .where(
                QueueTicket.business_date == row.business_date,
                QueueTicket.category_code == row.category_code,
                QueueTicket.state == TicketState.WAITING.value,
                QueueTicket.seq < row.seq,
                QueueTicket.deleted.is_(False),
            )
        )
        or 0
    )


def _ticket_view(row: QueueTicket, ahead: int | None) -> TicketProgress:
    state = TicketState(row.state) if row.state in TicketState._value2member_map_ else None
    return TicketProgress(
        number=row.number,
        category=row.category_code,
        state=state.label if state else row.state,
        people_ahead=ahead,
        window=getattr(row, "window_no", "") or "",
    )
