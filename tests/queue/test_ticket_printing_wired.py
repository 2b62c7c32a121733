"""Kiosk tickets reach the print queue of a PC that has a receipt printer."""

from __future__ import annotations

from pathlib import Path

from counter_app.container import Services
from counter_app.core.roles import Actor
from counter_app.printing.views import PrinterInput


def test_a_ticket_is_printed_through_the_queue(
    sqlite_url: str, admin: Actor, services: Services, tmp_path: Path
) -> None:
    out = tmp_path / "tickets.bin"
    services.printing.add_printer(admin, PrinterInput("取号机", "receipt", f"file://{out}"))
    services.close()
    reopened = Services.open(sqlite_url)
    try:
        code = reopened.queue.kiosk_categories()[0].code
        issued = reopened.queue.issue(code, request_id="kiosk-1")
        assert issued.print_submitted
        ticket = issued.ticket
        jobs = reopened.printing.jobs(ticket_id=ticket.id)
        assert len(jobs) == 1
        done = reopened.printing.wait_for(jobs[0].id, timeout=10)
        assert done.state == "done" and out.read_bytes()
    finally:
        reopened.close()
