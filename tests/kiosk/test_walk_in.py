"""The kiosk's 评价 and 咨询与投诉: the same records as the windows' screens and register."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.kiosk.walk_in import COMMON
from counter_app.supervision.rules.complaints import Channel, Kind
from counter_app.supervision.rules.evaluation import Level
from db.models.supervision import Evaluation
from tests.kiosk.support import desk
from tests.supervision.rating_support import WINDOW, RatingHall, open_rating_hall


@pytest.fixture
def hall(services: Services) -> RatingHall:
    return open_rating_hall(services)


def test_a_finished_service_is_rated_once_from_the_kiosk(hall: RatingHall) -> None:
    ticket = hall.serve()
    kiosk = desk(hall)
    view = kiosk.rate(ticket.number.lower(), 2, ("waiting",))
    assert view.level is Level.DISSATISFIED
    with pytest.raises(CounterError, match="只能评价一次"):
        kiosk.rate(ticket.number, 5, ())
    with pytest.raises(CounterError, match="只能评价一次"):
        kiosk.rate(f"https://x.example/ticket/{ticket.id}", 5, ())  # the QR: the same service
    with hall.services.db.read() as session:
        rows = list(session.scalars(select(Evaluation)))
    assert [(r.source, r.window_no, r.level, r.device) for r in rows] == [
        ("kiosk", WINDOW, 2, "K1")
    ]


def test_a_waiting_ticket_cannot_be_rated_yet(hall: RatingHall) -> None:
    waiting = hall.services.queue.issue("A").ticket
    with pytest.raises(CounterError, match="还没有办结"):
        desk(hall).rate(waiting.number, 5, ())


def test_a_complaint_from_the_kiosk_reaches_the_supervisor(hall: RatingHall) -> None:
    kiosk = desk(hall)
    complaint = kiosk.file(Kind.COMPLAINT, COMMON[Kind.COMPLAINT][0], WINDOW, "13812345678")
    anonymous = kiosk.file(Kind.SUGGESTION, "希望多放几把椅子")
    assert complaint.channel is Channel.KIOSK and complaint.due_date > hall.clock().date()
    rows = hall.services.complaints.list(hall.supervisor)
    by_number = {r.number: r for r in rows}
    mine = by_number[complaint.number]
    assert mine.channel is Channel.KIOSK and mine.channel.label == "现场自助"
    assert mine.phone == "138****5678" and mine.kind is Kind.COMPLAINT
    assert by_number[anonymous.number].phone == ""
    assert [w.number for w in kiosk.windows()] == [WINDOW]


def test_an_empty_complaint_is_refused_at_its_field(hall: RatingHall) -> None:
    with pytest.raises(CounterError) as caught:
        desk(hall).file(Kind.CONSULTATION, "   ")
    assert caught.value.field == "text"
    assert hall.services.complaints.list(hall.supervisor) == []


def test_the_pin_is_known_to_be_missing(hall: RatingHall) -> None:
    from counter_app.core.roles import SYSTEM_ACTOR

    kiosk = desk(hall)
    assert not kiosk.has_pin()
    hall.services.queue.set_kiosk_pin(SYSTEM_ACTOR, "2468")
    assert kiosk.has_pin()
