"""The day's payments of a counter (日对账单): totals per channel and the printable list."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from counter_app.cases.documents import CHANNEL_PDF, hall_info
from counter_app.cases.payments import DayList
from counter_app.hall.rules.settings import HallSettings
from db.engine import Database
from db.models import Payment
from printers import pdf


def reconciliation_pdf(
    settings: HallSettings, day_list: DayList, cashier: str, voided_ids: set[str]
) -> bytes:
    rows = tuple(
        pdf.ReconciliationRow(
            p.receipt_number,
            p.paid_at.astimezone(),
            p.payer,
            "、".join(str(ln["item"]) for ln in p.lines),
            CHANNEL_PDF[p.channel],
            p.amount,
            p.transaction_ref,
            p.id in voided_ids,
        )
        for p in day_list.payments
        if p.amount > 0
    )
    return pdf.render_reconciliation_list(
        pdf.ReconciliationList(
            hall=hall_info(settings),
            number=f"{settings.hall_code}-{day_list.day:%Y%m%d}-{day_list.counter_code}-DZ",
            qr_payload=f"{day_list.counter_code}-{day_list.day}",
            issued_on=day_list.day,
            counter=day_list.counter_code,
            cashier=cashier,
            business_date=day_list.day,
            rows=rows,
        )
    )


def voided_payment_ids(database: Database, day_list: DayList) -> set[str]:
    ids = [uuid.UUID(p.id) for p in day_list.payments]
    with database.read() as session:
        rows = session.scalars(select(Payment.voids_id).where(Payment.voids_id.in_(ids)))
        return {str(r) for r in rows if r}
