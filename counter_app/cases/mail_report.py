"""Mail reconciliation (R-DEL-2): the day's mail, and what is not yet accounted for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from counter_app.cases.delivery import DeliveryView, delivery_view
from db.engine import Database
from db.models import Case, Delivery

FOLLOW_UP_DAYS = 7


@dataclass(frozen=True)
class MailReport:
    day: date
    posted: tuple[tuple[str, DeliveryView], ...]  # (case number, stub) posted that day
    undelivered: tuple[tuple[str, DeliveryView], ...]  # still in transit past the follow-up

    def by_state(self, state: str) -> tuple[tuple[str, DeliveryView], ...]:
        return tuple(p for p in self.posted if p[1].state == state)

    @property
    def missing_tracking(self) -> tuple[tuple[str, DeliveryView], ...]:
        return tuple(p for p in self.posted if not p[1].tracking_number)

    @property
    def unaccounted(self) -> int:
        """Stubs without a tracking number plus mail lost in transit: each needs follow-up."""
        return len(self.missing_tracking) + len(self.undelivered)


def mail_report(
    database: Database, day: date, today: date, follow_up_days: int = FOLLOW_UP_DAYS
) -> MailReport:
    cutoff = today - timedelta(days=follow_up_days)
    with database.read() as session:
        posted = session.execute(
            select(Case.number, Delivery)
            .join(Case, Case.id == Delivery.case_id)
            .where(Delivery.method == "mail", Delivery.posted_on == day)
            .order_by(Delivery.id)
        )
        posted_rows = tuple((n, delivery_view(d)) for n, d in posted)
        late = session.execute(
            select(Case.number, Delivery)
            .join(Case, Case.id == Delivery.case_id)
            .where(
                Delivery.method == "mail",
                Delivery.state == "sent",
                Delivery.posted_on <= min(day, cutoff),
            )
            .order_by(Delivery.posted_on)
        )
        late_rows = tuple((n, delivery_view(d)) for n, d in late)
    return MailReport(day, posted_rows, late_rows)


def format_report(report: MailReport) -> str:
    lines = [
        f"邮寄对账 {report.day:%Y-%m-%d}：共寄出 {len(report.posted)} 件，"
        f"已妥投 {len(report.by_state('delivered'))}，退回 {len(report.by_state('returned'))}，"
        f"在途 {len(report.by_state('sent'))}，缺运单号 {len(report.missing_tracking)}"
    ]
    for number, stub in report.posted:
        tracking = stub.tracking_number or "（缺运单号）"
        lines.append(f"  {number}  {stub.recipient_name}  {tracking}  {_state(stub.state)}")
    if report.undelivered:
        lines.append(f"超过 {FOLLOW_UP_DAYS} 天未妥投、需跟进 {len(report.undelivered)} 件：")
        for number, stub in report.undelivered:
            lines.append(
                f"  {number}  {stub.recipient_name}  {stub.tracking_number or '—'}"
                f"  寄出 {stub.posted_on}"
            )
    verdict = "全部有着落" if not report.unaccounted else f"{report.unaccounted} 件需要跟进"
    lines.append(f"结论：{verdict}")
    return "\n".join(lines)


def _state(state: str) -> str:
    return {"sent": "在途", "delivered": "已妥投", "returned": "已退回"}.get(state, state)
