"""Fees at the window (R-REC-6): payments with channel and reference, receipts, the day's list."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.audit import trail as audit
from counter_app.cases.numbering import next_number
from counter_app.cases.reception import local_today
from counter_app.cases.rules.reception import receipt_number
from counter_app.cases.store import add_event, get_case
from counter_app.cases.views import PaymentView
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor, Role, require
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from db.engine import Database
from db.ids import utc_now
from db.models import Applicant, Payment

CHANNELS: dict[str, str] = {
    "cash": tr("现金"),
    "card": tr("银行卡"),
    "wechat": tr("微信"),
    "alipay": tr("支付宝"),
    "other": tr("其他"),
}
DIGITAL = frozenset({"card", "wechat", "alipay"})


@dataclass(frozen=True)
class FeeLine:
    item: str
    amount: Decimal  # line total, yuan
    quantity: int = 1
    note: str = ""


def check_lines(lines: tuple[FeeLine, ...]) -> Decimal:
    if not lines:
        raise CounterError(tr("请至少填写一项收费"), "lines")
    total = Decimal("0")
    for line in lines:
        try:
            amount = Decimal(line.amount)
        except (InvalidOperation, TypeError):
            raise CounterError(tr("金额“{a}”不是数字", a=line.amount), "lines") from None
        if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise CounterError(tr("金额应大于 0，最多两位小数"), "lines")
        if not line.item.strip():
            raise CounterError(tr("请填写收费项目"), "lines")
        total += amount
    return total


def check_channel(channel: str, reference: str) -> str:
    if channel not in CHANNELS:
        raise CounterError(tr("请选择支付方式"), "channel")
    ref = "".join(reference.split())
    if channel in DIGITAL and not ref:
        raise CounterError(
            tr("{c}支付须登记交易流水号（可扫码录入）", c=CHANNELS[channel]), "transaction_ref"
        )
    if len(ref) > 64:
        raise CounterError(tr("交易流水号过长"), "transaction_ref")
    return ref


def _view(row: Payment) -> PaymentView:
    return PaymentView(
        str(row.id),
        row.receipt_number,
        row.payer,
        row.amount,
        row.channel,
        row.transaction_ref,
        row.paid_at,
        row.cashier,
        tuple(row.lines),
    )


@dataclass(frozen=True)
class DayList:
    day: date
    counter_code: str
    payments: tuple[PaymentView, ...]
    totals: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.totals.values(), Decimal("0"))


class PaymentService:
    def __init__(
        self, database: Database, hall: HallService, today: Callable[[], date] = local_today
    ) -> None:
        self._db, self._hall, self._today = database, hall, today

    def record(
        self,
        actor: Actor,
        case_id: str,
        lines: tuple[FeeLine, ...],
        channel: str,
        transaction_ref: str = "",
    ) -> PaymentView:
        total = check_lines(lines)
        ref = check_channel(channel, transaction_ref)
        settings = self._hall.settings()
        with self._db.write() as session:
            case = get_case(session, case_id)
            applicant = session.get(Applicant, case.applicant_id)
            assert applicant is not None
            today = self._today()
            seq = next_number(session, settings.counter_code, today, "receipt")
            row = Payment(
                case_id=case.id,
                receipt_number=receipt_number(
                    settings.hall_code, today, settings.counter_code, seq
                ),
                payer=applicant.name,
                amount=total,
                channel=channel,
                transaction_ref=ref,
                paid_at=utc_now(),
                business_date=today,
                counter_code=settings.counter_code,
                cashier=actor.username,
                lines=[
                    {
                        "item": ln.item.strip(),
                        "amount": str(Decimal(ln.amount)),
                        "quantity": ln.quantity,
                        "note": ln.note,
                    }
                    for ln in lines
                ],
            )
            session.add(row)
            add_event(
                session,
                case,
                actor,
                "payment",
                case.status,
                case.status,
                tr("收费 {a} 元（{c}）", a=total, c=CHANNELS[channel]),
            )
            audit.record(
                session,
                actor.username,
                "payment",
                "case",
                str(case.id),
                after={
                    "receipt": row.receipt_number,
                    "amount": str(total),
                    "channel": channel,
                    "ref": ref,
                },
            )
            return _view(row)

    def void(self, actor: Actor, payment_id: str, reason: str) -> None:
        """A wrong payment is cancelled by a voiding row (the original stays)."""
        if not reason.strip():
            raise CounterError(tr("作废须写明原因"), "reason")
        require(actor, Role.SUPERVISOR)
        settings = self._hall.settings()
        with self._db.write() as session:
            original = session.get(Payment, uuid.UUID(payment_id))
            if original is None or _is_voided(session, original):
                raise CounterError(tr("该笔收费不存在或已作废"), "payment")
            today = self._today()
            seq = next_number(session, settings.counter_code, today, "receipt")
            session.add(
                Payment(
                    case_id=original.case_id,
                    receipt_number=receipt_number(
                        settings.hall_code, today, settings.counter_code, seq
                    )
                    + "-V",
                    payer=original.payer,
                    amount=-original.amount,
                    channel=original.channel,
                    transaction_ref=original.transaction_ref,
                    business_date=today,
                    counter_code=settings.counter_code,
                    cashier=actor.username,
                    lines=[
                        {
                            "item": tr("作废 {r}", r=original.receipt_number),
                            "amount": str(-original.amount),
                            "quantity": 1,
                            "note": reason.strip(),
                        }
                    ],
                    voids_id=original.id,
                )
            )
            audit.record(
                session,
                actor.username,
                "payment_void",
                "case",
                str(original.case_id),
                after={"receipt": original.receipt_number, "reason": reason.strip()},
            )

    def day_list(self, day: date, counter_code: str | None = None) -> DayList:
        """The day's payments of one counter (default: this one) with totals per channel."""
        counter = counter_code or self._hall.settings().counter_code
        with self._db.read() as session:
            rows = list(
                session.scalars(
                    select(Payment)
                    .where(Payment.business_date == day, Payment.counter_code == counter)
                    .order_by(Payment.id)
                )
            )
        totals: dict[str, Decimal] = {}
        for row in rows:
            totals[row.channel] = totals.get(row.channel, Decimal("0")) + row.amount
        return DayList(day, counter, tuple(_view(r) for r in rows), totals)


def _is_voided(session: Session, payment: Payment) -> bool:
    if payment.voids_id is not None:
        return True
    return session.scalar(select(Payment.id).where(Payment.voids_id == payment.id)) is not None
