"""A small hand-made day whose figures are worked out by hand in test_figures.py.

Day D (Monday 2026-11-23); local 09:00 is 01:00 UTC; minutes below are after 01:00 UTC.
Window 01 calls A (staff wang), window 02 calls A and B (staff li).

  T1 A001  issue 0   call W01 5   start 6   finish 16
  T2 A002  issue 2   call W02 4   recall 5  start 7   finish 12
  T3 B001  issue 10  call W02 20  no-show 23
  T4 A003  issue 12  call W01 20  start 21  transfer to B 25 | call W02 30 start 30 finish 40
  T5 B002  issue 35  (still waiting)
  W01 open 0 .. close 40; W02 open 0 .. close 50
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models.approval import CaseDecision
from db.models.catalog import CatalogItem
from db.models.delivery import Delivery
from db.models.queue import QueueCategory, QueueEvent, QueueTicket, QueueWindow
from db.models.reception import Applicant, Case, CaseItem
from db.models.staff import Staff
from db.models.supervision import Complaint, Evaluation, EvaluationFollowup

D = date(2026, 11, 23)
T0 = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
NOW = T0 + timedelta(minutes=45)
OFFSET = timedelta(hours=8)


def at(minutes: float, day: date = D) -> datetime:
    return T0 + timedelta(days=(day - D).days, minutes=minutes)


TICKETS = {
    "T1": ("A001", "A", "done", "01", "wang"),
    "T2": ("A002", "A", "done", "02", "li"),
    "T3": ("B001", "B", "no_show", "02", "li"),
    "T4": ("A003", "B", "done", "02", "li"),
    "T5": ("B002", "B", "waiting", "", ""),
}
# (ticket, kind, minute, window, category)
EVENTS = [
    ("", "window_open", 0, "01", ""),
    ("", "window_open", 0, "02", ""),
    ("T1", "issue", 0, "", "A"),
    ("T2", "issue", 2, "", "A"),
    ("T2", "call", 4, "02", "A"),
    ("T1", "call", 5, "01", "A"),
    ("T2", "recall", 5, "02", "A"),
    ("T1", "start", 6, "01", "A"),
    ("T2", "start", 7, "02", "A"),
    ("T3", "issue", 10, "", "B"),
    ("T2", "finish", 12, "02", "A"),
    ("T4", "issue", 12, "", "A"),
    ("T1", "finish", 16, "01", "A"),
    ("T3", "call", 20, "02", "B"),
    ("T4", "call", 20, "01", "A"),
    ("T4", "start", 21, "01", "A"),
    ("T3", "no_show", 23, "02", "B"),
    ("T4", "transfer", 25, "01", "B"),
    ("T4", "call", 30, "02", "B"),
    ("T4", "start", 30, "02", "B"),
    ("T5", "issue", 35, "", "B"),
    ("T4", "finish", 40, "02", "B"),
    ("", "window_close", 40, "01", ""),
    ("", "window_close", 50, "02", ""),
]
STAFF = {"01": "wang", "02": "li"}


def load(db: Database) -> dict[str, uuid.UUID]:
    """Writes the day; returns the ids by name (T1.., C1.., E1..)."""
    ids: dict[str, uuid.UUID] = {}
    with db.write() as s:
        _queue(s, ids)
        _cases(s, ids)
        _supervision(s, ids)
    return ids


def _queue(s: Session, ids: dict[str, uuid.UUID]) -> None:
    for model in (QueueEvent, QueueTicket, QueueWindow, QueueCategory):
        s.query(model).delete()
    s.add_all(
        [
            QueueCategory(code="A", name="专利", prefix="A"),
            QueueCategory(code="B", name="商标", prefix="B"),
            QueueWindow(number="01", name="受理一", categories=["A"], state="closed", staff="wang"),
            QueueWindow(
                number="02", name="受理二", categories=["A", "B"], state="open", staff="li"
            ),
        ]
    )
    for user, name in (("wang", "王芳"), ("li", "李强"), ("zhao", "赵审")):
        if s.scalar(select(Staff).where(Staff.username == user)) is None:
            s.add(Staff(username=user, display_name=name, roles=[], password_hash="x"))
    times: dict[str, dict[str, datetime]] = {}
    for name, kind, minute, _w, _c in EVENTS:
        if name:
            times.setdefault(name, {}).setdefault(kind, at(minute))
    for seq, (name, (number, cat, state, window, staff)) in enumerate(TICKETS.items(), 1):
        ids[name] = uuid.uuid4()
        t = times[name]
        s.add(
            QueueTicket(
                id=ids[name],
                business_date=D,
                category_code=cat,
                seq=seq,
                number=number,
                state=state,
                place_key=seq,
                window_no=window,
                issued_at=t["issue"],
                first_called_at=t.get("call"),
                called_at=t.get("call"),
                service_started_at=t.get("start"),
                finished_at=t.get("finish"),
                called_by=staff,
            )
        )
    for name, kind, minute, window, cat in EVENTS:
        s.add(
            QueueEvent(
                at=at(minute),
                business_date=D,
                kind=kind,
                ticket_id=ids.get(name) if name else None,
                number=TICKETS[name][0] if name else "",
                category_code=cat,
                window_no=window,
                staff=STAFF.get(window, "") if window else "",
            )
        )


def _cases(s: Session, ids: dict[str, uuid.UUID]) -> None:
    items = {n: i for i, n in s.execute(select(CatalogItem.id, CatalogItem.number))}
    person = Applicant(
        kind="person", name="张三丰", id_type="id_card", id_number="320705199001011234"
    )
    s.add(person)
    s.flush()
    # (name, ticket, received_by, items, promised, status, received_on)
    cases = [
        ("C1", "T1", "wang", [1], D + timedelta(days=5), "approved", D),
        ("C2", "T4", "li", [1, 5], D - timedelta(days=1), "rejected", D),
        ("C3", None, "wang", [5], D + timedelta(days=3), "received", D),
        (
            "C4",
            None,
            "wang",
            [5],
            D - timedelta(days=1),
            "under_examination",
            D - timedelta(days=10),
        ),
        ("C5", None, "wang", [5], D + timedelta(days=1), "received", D - timedelta(days=10)),
    ]
    for name, ticket, by, numbers, promised, status, received in cases:
        ids[name] = uuid.uuid4()
        s.add(
            Case(
                id=ids[name],
                number=f"LYG-{name}",
                status=status,
                applicant_id=person.id,
                received_on=received,
                received_at=at(20, received),
                received_by=by,
                counter_code="W01",
                promised_on=promised,
                draft_key=f"d-{name}",
                ticket_id=ids[ticket] if ticket else None,
            )
        )
        s.flush()
        for pos, n in enumerate(numbers):
            s.add(
                CaseItem(
                    case_id=ids[name],
                    item_id=items[n],
                    item_version=1,
                    item_number=n,
                    item_name=f"事项{n}",
                    position=pos,
                )
            )
    s.add(CaseDecision(case_id=ids["C1"], kind="approve", decided_by="zhao", decided_at=at(120)))
    s.add(CaseDecision(case_id=ids["C2"], kind="rejected", decided_by="zhao", decided_at=at(180)))
    s.add(
        Delivery(
            case_id=ids["C1"],
            method="pickup",
            state="collected",
            collected_at=at(240),
            created_by="wang",
        )
    )


def _supervision(s: Session, ids: dict[str, uuid.UUID]) -> None:
    # (name, level, window, staff, ticket, source, item)
    ratings = [
        ("E1", 5, "01", "wang", "T1", "window", 1),
        ("E2", 4, "02", "li", "T2", "window", None),
        ("E3", 1, "02", "li", "T4", "window", None),
        ("E4", 2, "02", "li", None, "window", None),
        ("E5", 3, "01", "wang", None, "self", None),
    ]
    for name, level, window, staff, ticket, source, item in ratings:
        ids[name] = uuid.uuid4()
        s.add(
            Evaluation(
                id=ids[name],
                service_key=f"k:{name}",
                source=source,
                level=level,
                business_date=D,
                window_no=window,
                staff=staff,
                ticket_id=ids[ticket] if ticket else None,
                item_no=item,
            )
        )
    s.flush()
    s.add(EvaluationFollowup(evaluation_id=ids["E3"], state="annulled", opened_on=D, due_date=D))
    s.add(
        EvaluationFollowup(
            evaluation_id=ids["E4"], state="verify", opened_on=D, due_date=D - timedelta(days=1)
        )
    )
    complaints = [
        ("P1", "complaint", "02", "li", True, "replied", D + timedelta(days=7)),
        ("P2", "consultation", "01", "wang", None, "registered", D - timedelta(days=1)),
        ("P3", "complaint", "01", "wang", None, "assigned", D - timedelta(days=1)),
    ]
    for name, kind, window, staff, upheld, state, due in complaints:
        s.add(
            Complaint(
                number=f"TS-{name}",
                kind=kind,
                channel="phone",
                about_window=window,
                about_staff=staff,
                text="……",
                state=state,
                business_date=D,
                due_date=due,
                upheld=upheld,
            )
        )
