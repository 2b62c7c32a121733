"""The queue service on SQLite and PostgreSQL: issue, call, recall, transfer, hold, times."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR
from counter_app.queue.rules.tickets import CategoryView, Priority, TicketState, WindowState
from db.models.queue import QueueEvent
from tests.queue.conftest import CLERK, CLERK2, Hall


def _numbers(hall: Hall, codes: str) -> list[str]:
    return [hall.queue.issue(c).ticket.number for c in codes]


def test_numbers_per_category_restart_daily_and_history_is_kept(any_hall: Hall) -> None:
    assert _numbers(any_hall, "AABA") == ["A001", "A002", "B001", "A003"]
    any_hall.clock.advance(days=1)
    assert _numbers(any_hall, "BA") == ["B001", "A001"]
    assert len(any_hall.queue.tickets()) == 2
    any_hall.clock.advance(days=-1)
    assert len(any_hall.queue.tickets()) == 4


def test_call_next_follows_window_priorities_and_interleaves_priority(any_hall: Hall) -> None:
    q, clock = any_hall.queue, any_hall.clock
    q.open_window(CLERK, "1")  # A then B
    q.open_window(CLERK2, "2")  # B then A
    _numbers(any_hall, "AB")
    clock.advance(minutes=5)
    q.issue("A")  # A002
    clock.advance(minutes=1)
    elderly = q.issue("A", Priority.ELDERLY).ticket  # A003, placed 15 min earlier
    assert q.call_next(CLERK2, "2").number == "B001"  # type: ignore[union-attr]
    assert q.call_next(CLERK, "1").number == "A003"  # type: ignore[union-attr]
    assert elderly.number == "A003"
    assert [q.call_next(CLERK, "1").number for _ in range(2)] == ["A001", "A002"]  # type: ignore[union-attr]
    assert q.call_next(CLERK, "1") is None  # nothing waits: no error, nothing called


def test_call_next_finishes_the_current_ticket_first(any_hall: Hall) -> None:
    q = any_hall.queue
    q.open_window(CLERK, "1")
    first = _numbers(any_hall, "AA")[0]
    called = q.call_next(CLERK, "1")
    assert called is not None and called.number == first
    q.call_next(CLERK, "1")
    assert q.ticket(called.id).state is TicketState.DONE


def test_recall_at_most_n_times_then_no_show(any_hall: Hall) -> None:
    q = any_hall.queue
    q.open_window(CLERK, "1")
    q.issue("A")
    ticket = q.call_next(CLERK, "1")
    assert ticket is not None
    for n in (1, 2, 3):
        assert q.recall(CLERK, "1", ticket.id).recall_count == n
    with pytest.raises(CounterError, match="过号"):
        q.recall(CLERK, "1", ticket.id)
    assert q.no_show(CLERK, "1", ticket.id).state is TicketState.NO_SHOW
    late = q.requeue(CLERK, ticket.id)
    assert late.state is TicketState.WAITING


def test_transfer_keeps_place_and_refuses_a_closed_window(any_hall: Hall) -> None:
    q, clock = any_hall.queue, any_hall.clock
    q.open_window(CLERK, "1")
    _numbers(any_hall, "A")
    clock.advance(minutes=1)
    _numbers(any_hall, "C")  # C001 later than A001
    ticket = q.call_next(CLERK, "1")
    assert ticket is not None
    with pytest.raises(CounterError, match="未开窗"):
        q.transfer(CLERK, "1", ticket.id, to_window="3")
    with pytest.raises(CounterError):
        q.transfer(CLERK, "1", ticket.id)
    q.transfer(CLERK, "1", ticket.id, to_category="C")
    q.open_window(CLERK2, "3")
    assert q.call_next(CLERK2, "3").number == "A001"  # type: ignore[union-attr]
    assert q.call_next(CLERK2, "3").number == "C001"  # type: ignore[union-attr]


def test_transfer_to_a_window_goes_first_there(any_hall: Hall) -> None:
    q = any_hall.queue
    q.open_window(CLERK, "1")
    q.open_window(CLERK2, "2")
    _numbers(any_hall, "BBA")
    ticket = q.call_next(CLERK, "1")  # A001: window 1 prefers A
    assert ticket is not None and ticket.number == "A001"
    moved = q.transfer(CLERK, "1", ticket.id, to_window="2")
    assert moved.target_window == "2" and q.window_status("1").current is None
    assert q.call_next(CLERK2, "2").number == "A001"  # type: ignore[union-attr]


def test_hold_and_call_back(any_hall: Hall) -> None:
    q = any_hall.queue
    q.open_window(CLERK, "1")
    _numbers(any_hall, "AA")
    first = q.call_next(CLERK, "1")
    assert first is not None
    q.start_service(CLERK, "1", first.id)
    q.hold(CLERK, "1", first.id)
    status = q.window_status("1")
    assert status.current is None and [t.number for t in status.held] == ["A001"]
    second = q.call_next(CLERK, "1")
    assert second is not None
    with pytest.raises(CounterError, match="请先办结"):
        q.call_back(CLERK, "1", first.id)
    q.finish(CLERK, "1", second.id)
    assert q.call_back(CLERK, "1", first.id).state is TicketState.CALLED
    assert q.finish(CLERK, "1", first.id).state is TicketState.DONE


def test_pause_needs_a_reason_and_blocks_calling(any_hall: Hall) -> None:
    q = any_hall.queue
    q.open_window(CLERK, "1")
    q.issue("A")
    with pytest.raises(CounterError, match="原因"):
        q.pause_window(CLERK, "1", " ")
    assert q.pause_window(CLERK, "1", "午休").state is WindowState.PAUSED
    with pytest.raises(CounterError, match="午休"):
        q.call_next(CLERK, "1")
    q.resume_window(CLERK, "1")
    assert q.call_next(CLERK, "1") is not None


def test_a_failed_print_is_not_waiting_until_handed_over(any_hall: Hall) -> None:
    q = any_hall.queue
    q.open_window(CLERK, "1")
    any_hall.printer.fail = True
    issued = q.issue("A")
    assert not issued.print_submitted
    assert q.ticket(issued.ticket.id).state is TicketState.PRINT_FAILED
    assert q.call_next(CLERK, "1") is None
    assert dict((c.code, n) for c, n in q.board().waiting)["A"] == 0
    assert [t.number for t in q.window_status("1").print_failed] == ["A001"]
    q.confirm_handed_over(CLERK, issued.ticket.id)
    assert q.call_next(CLERK, "1").number == "A001"  # type: ignore[union-attr]


def test_a_late_print_failure_report_takes_the_ticket_out(any_hall: Hall) -> None:
    q = any_hall.queue
    issued = q.issue("A")
    assert issued.print_submitted and any_hall.printer.jobs[0][0] == issued.ticket.id
    document = any_hall.printer.jobs[0][1]
    assert document.number == "A001" and document.wait_text == "暂无法估计"  # type: ignore[attr-defined]
    q.ticket_print_failed(issued.ticket.id)
    assert q.ticket(issued.ticket.id).state is TicketState.PRINT_FAILED


def test_same_request_id_gives_the_same_ticket(any_hall: Hall) -> None:
    q = any_hall.queue
    first = q.issue("A", request_id="kiosk-1-abc")
    again = q.issue("A", request_id="kiosk-1-abc")
    assert again.repeated and again.ticket.id == first.ticket.id
    assert len(q.tickets()) == 1 and len(any_hall.printer.jobs) == 1


def test_daily_limit_refuses_without_using_a_number(any_hall: Hall) -> None:
    q = any_hall.queue
    cat = next(c for c in q.categories() if c.code == "E")
    q.save_category(SYSTEM_ACTOR, replace(cat, daily_limit=2))
    _numbers(any_hall, "EE")
    with pytest.raises(CounterError, match="已发完"):
        q.issue("E")
    assert len(q.tickets()) == 2


def test_configuration_is_checked(any_hall: Hall) -> None:
    q = any_hall.queue
    with pytest.raises(CounterError):
        q.save_category(SYSTEM_ACTOR, CategoryView("F", "其他", "A"))  # prefix taken
    with pytest.raises(CounterError):
        q.save_category(CLERK, CategoryView("F", "其他", "F"))  # not an administrator
    saved = q.save_category(SYSTEM_ACTOR, CategoryView("F", "其他", "F", sort_order=9))
    assert saved.code == "F" and "F" in {c.code for c in q.kiosk_categories()}


def test_times_are_recorded_per_ticket_window_and_staff(any_hall: Hall) -> None:
    q, clock = any_hall.queue, any_hall.clock
    q.open_window(CLERK, "1")
    q.issue("A")
    clock.advance(minutes=7)
    ticket = q.call_next(CLERK, "1")
    assert ticket is not None
    clock.advance(minutes=1)
    q.start_service(CLERK, "1", ticket.id)
    clock.advance(minutes=12)
    done = q.finish(CLERK, "1", ticket.id)
    assert done.finished_at is not None and done.called_at is not None
    [summary] = q.times()
    assert (summary.window, summary.staff, summary.served) == ("1", "li", 1)
    assert (summary.wait_median_min, summary.service_median_min) == (7.0, 12.0)
    with any_hall.services.db.read() as session:
        kinds = list(session.scalars(select(QueueEvent.kind).order_by(QueueEvent.seq)))
    assert kinds[-4:] == ["issue", "call", "start", "finish"]


def test_board_shows_calls_newest_first(any_hall: Hall) -> None:
    q = any_hall.queue
    q.open_window(CLERK, "1")
    _numbers(any_hall, "AA")
    first = q.call_next(CLERK, "1")
    assert first is not None
    q.recall(CLERK, "1", first.id)
    q.call_next(CLERK, "1")
    board = q.board()
    assert [(c.number, c.kind.value) for c in board.calls] == [
        ("A002", "call"),
        ("A001", "recall"),
        ("A001", "call"),
    ]
    assert board.serving == (("1", "A002"),)


def test_only_counter_staff_call(any_hall: Hall) -> None:
    with pytest.raises(CounterError, match="接待"):
        any_hall.queue.open_window(SYSTEM_ACTOR, "1")


def test_a_ticket_lists_the_cases_received_while_serving_it(hall: Hall) -> None:
    from datetime import date

    from db.models import Applicant, Case

    q = hall.queue
    q.open_window(CLERK, "1")
    q.issue("A")
    ticket = q.call_next(CLERK, "1")
    assert ticket is not None
    with hall.services.db.write() as session:
        person = Applicant(kind="person", name="张三", id_type="id_card", id_number="1")
        session.add(person)
        session.flush()
        for n in ("LYG-20260302-W03-0002", "LYG-20260302-W03-0001"):
            session.add(
                Case(
                    number=n,
                    status="received",
                    applicant_id=person.id,
                    received_on=date(2026, 3, 2),
                    received_by="li",
                    counter_code="W03",
                    draft_key=n,
                    ticket_id=ticket.id,
                )
            )
    assert q.case_numbers(ticket.id) == ["LYG-20260302-W03-0001", "LYG-20260302-W03-0002"]


def test_print_queue_wiring_reports_a_failed_ticket_job(hall: Hall) -> None:
    import uuid
    from collections.abc import Callable
    from dataclasses import dataclass
    from typing import Any

    from counter_app.queue.printing import wire_ticket_printing

    @dataclass
    class Job:
        ticket_id: uuid.UUID | None
        state: str

    class FakePrintQueue:
        def __init__(self) -> None:
            self.tickets: list[tuple[Any, uuid.UUID]] = []
            self.listeners: list[Callable[[Any], None]] = []

        def print_ticket(self, ticket: Any, ticket_id: uuid.UUID) -> None:
            self.tickets.append((ticket, ticket_id))

        def on_job_finished(self, listener: Callable[[Any], None]) -> Callable[[], None]:
            self.listeners.append(listener)
            return lambda: self.listeners.remove(listener)

    printing = FakePrintQueue()
    unwire = wire_ticket_printing(hall.queue, printing)
    first, second = hall.queue.issue("A"), hall.queue.issue("A")
    assert [t[1] for t in printing.tickets] == [first.ticket.id, second.ticket.id]
    for listener in printing.listeners:
        listener(Job(first.ticket.id, "done"))
        listener(Job(second.ticket.id, "failed"))
        listener(Job(None, "failed"))
    assert hall.queue.ticket(first.ticket.id).state is TicketState.WAITING
    assert hall.queue.ticket(second.ticket.id).state is TicketState.PRINT_FAILED
    unwire()
    assert printing.listeners == []
