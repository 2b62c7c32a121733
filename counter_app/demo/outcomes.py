"""What the approval and delivery services record for a demo case (decisions, the delivery),
written in bulk beside its history: the hall's figures count these rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from counter_app.demo.plan import HALL_TZ, CasePlan
from counter_app.i18n import tr
from counter_app.identity.checksums import s10_check
from db.ids import new_uuid7

Row = dict[str, Any]
Key = Callable[[], Any]


DECISIONS = ("approve", "rejected", "returned_for_correction")
_ADDRESS = re.compile(
    r"^(?P<province>.+?省)(?P<city>.+?市)(?P<district>.+?[区县市])(?P<detail>.+)$"
)


def decision_row(
    case_id: Any, plan: CasePlan, at: datetime, kind: str, note: str, key: Key = new_uuid7
) -> Row:
    """The decision as the approval service writes it: an approval with its result number, a
    rejection or return with all its reasons (the history line's note, joined by "；"), a
    return with the day the corrected materials are due."""
    approve = kind == "approve"
    return {
        "id": key(),
        "case_id": case_id,
        "kind": kind,
        "reasons": [] if approve else [r for r in note.split("；") if r],
        "repeated_reasons": [],
        "result_number": plan.result if approve else "",
        "document_number": "",
        "authority": "",
        "resubmit_by": plan.resubmit_by if kind == "returned_for_correction" else None,
        "note": note,
        "decided_by": plan.staff,
        "decided_at": at,
    }


def split_address(address: str) -> dict[str, str]:
    """A demo address (江苏省连云港市海州区...) in the mail form's fields."""
    match = _ADDRESS.match(address)
    if match is None:
        return {"province": "", "city": "", "district": "", "address_detail": address}
    return {
        "province": match["province"],
        "city": match["city"],
        "district": match["district"],
        "address_detail": match["detail"],
    }


def delivery_row(
    case_id: Any, plan: CasePlan, steps: dict[str, datetime], key: Key = new_uuid7
) -> Row | None:
    """The delivery row the real services write, as it stands after the plan's steps: a
    pickup (waiting, or collected) or a mail item (sent, or delivered)."""
    ready, mailed = steps.get("pickup_ready"), steps.get("mailed")
    start = ready or mailed
    if start is None:
        return None
    collected, delivered = steps.get("collected"), steps.get("mail_delivered")
    last = collected or delivered or start
    row: Row = {
        "id": key(),
        "row_version": 2 if last is not start else 1,
        "created_at": start,
        "updated_at": last,
        "deleted": False,
        "case_id": case_id,
        "contents": [{"name": tr("办理结果"), "copies": 1}],
        "counter_code": plan.counter,
        "created_by": plan.staff,
        "collector": None,
        "collected_at": None,
        "pickup_from": None,
        "pickup_until": None,
        "pickup_address": "",
        "recipient_name": "",
        "mobile": "",
        "province": "",
        "city": "",
        "district": "",
        "address_detail": "",
        "postal_code": "",
        "tracking_number": "",
        "posted_on": None,
        "delivered_on": None,
        "returned_reason": "",
    }
    if ready is not None:
        row |= {
            "method": "pickup",
            "state": "collected" if collected else "waiting",
            "pickup_from": ready,
            "pickup_until": ready + timedelta(days=30),
            "collected_at": collected,
            "collector": {"name": plan.applicant.name, "relation": "self"} if collected else None,
        }
        return row
    serial = f"{int(plan.applicant_id) % 10**8:08d}"
    row |= {
        "method": "mail",
        "state": "delivered" if delivered else "sent",
        # a person receives the mail: the organisation's contact, else the applicant
        "recipient_name": plan.applicant.contact_name or plan.applicant.name,
        "mobile": plan.applicant.phone,
        **split_address(plan.applicant.address),
        "postal_code": plan.applicant.postal_code,
        "tracking_number": f"EA{serial}{s10_check(serial)}CN",
        "posted_on": _local_day(start),
        "delivered_on": _local_day(delivered) if delivered else None,
    }
    return row


def _local_day(at: datetime) -> date:
    """The hall's calendar day of ``at`` (China Standard Time)."""
    return at.astimezone(HALL_TZ).date()


def planned_stamps(plan: CasePlan, days: list[date]) -> list[datetime]:
    """Each planned step at 10:00 of its day in the hall (the service path writes its history
    at the moment of seeding; its decisions and deliveries carry the planned days)."""
    return [
        datetime.combine(days[event.day], time(10, 0), HALL_TZ).astimezone(UTC)
        for event in plan.events
    ]


def outcome_rows(
    case_id: Any, plan: CasePlan, stamps: list[datetime], key: Key = new_uuid7
) -> tuple[list[Row], list[Row]]:
    """(decision rows, delivery rows) of one case after its planned steps; ``key`` makes
    their ids (the bulk seed's are hex, see demo/driver.py)."""
    decisions: list[Row] = []
    steps: dict[str, datetime] = {}
    for at, event in zip(stamps, plan.events, strict=True):
        steps[event.action] = at
        if event.action in DECISIONS:
            decisions.append(decision_row(case_id, plan, at, event.action, event.note, key))
    delivery = delivery_row(case_id, plan, steps, key)
    return decisions, [delivery] if delivery is not None else []
