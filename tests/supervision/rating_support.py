"""A hall in a test for the rating screen: a window 03 served by 李受理, a queue clock moved by
hand, the evaluation service reading the same queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from counter_app.container import Services
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.queue.rules.tickets import TicketView, WindowView
from counter_app.queue.service import QueueService
from tests.conftest import ADMIN_PASSWORD

WINDOW = "03"


@dataclass
class Clock:
    # 12:00 in China on the tests' business date (tests/conftest.py TODAY).
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 27, 4, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class RatingHall:
    services: Services
    clock: Clock
    admin: Actor
    clerk: Actor
    supervisor: Actor

    def serve(self, category: str = "A", window: str = WINDOW) -> TicketView:
        """Issue a ticket, call it at the window and finish it (F1 then F5)."""
        queue = self.services.queue
        issued = queue.issue(category)
        called = queue.call_number(self.clerk, window, issued.ticket.number)
        self.clock.advance(minutes=3)
        return queue.finish(self.clerk, window, called.id)


def open_rating_hall(services: Services) -> RatingHall:
    """``services`` over a fresh database (the ``services`` fixture): hall set up, staff, a
    window 03 open, queue and evaluations on one hand-moved clock."""
    from counter_app.hall.settings import HallSettings

    admin = services.hall.first_run(
        HallSettings(hall_name="连云港市知识产权保护中心", hall_code="LYG", counter_code="W03"),
        "admin",
        "王管理",
        ADMIN_PASSWORD,
    )
    services.staff.add_user(admin, "li", "李受理", frozenset({Role.RECEPTION}), "recept2026")
    services.staff.add_user(admin, "zhou", "周科长", frozenset({Role.SUPERVISOR}), "superv2026")
    clerk = services.staff.login("li", "recept2026")
    supervisor = services.staff.login("zhou", "superv2026")
    clock = Clock()
    services.queue = QueueService(services.db, clock=clock)
    services.evaluations.clock = clock
    services.evaluations.attach_queue(services.queue.watch_database)
    services.queue.save_window(SYSTEM_ACTOR, WindowView(WINDOW, "", ("A", "B")))
    services.queue.open_window(clerk, WINDOW)
    return RatingHall(services, clock, admin, clerk, supervisor)
