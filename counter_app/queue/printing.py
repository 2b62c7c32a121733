"""Tickets through the print queue: the ``TicketPrinter`` the kiosk's ``QueueService`` uses,
and the listener that takes a ticket out of the queue when its print job fails.

Duck-typed against the print service (``print_ticket(ticket, ticket_id)`` and
``on_job_finished(listener)`` whose jobs carry ``ticket_id`` and ``state``), so the queue does
not import the printing modules. Wiring, in the composition root::

    unwire = wire_ticket_printing(services.queue, services.printing)
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from counter_app.queue.service import QueueService
from printers.documents import QueueTicket as TicketDocument

logger = logging.getLogger(__name__)

FAILED_STATES = frozenset({"failed", "cancelled"})


class FinishedJob(Protocol):
    @property
    def ticket_id(self) -> uuid.UUID | None: ...

    @property
    def state(self) -> str: ...


class TicketPrintQueue(Protocol):
    def print_ticket(self, ticket: TicketDocument, ticket_id: uuid.UUID) -> Any: ...

    def on_job_finished(self, listener: Callable[[Any], None]) -> Callable[[], None]: ...


class PrintQueueTicketPrinter:
    """``TicketPrinter`` over the print queue: the job is stored before it is sent."""

    def __init__(self, printing: TicketPrintQueue) -> None:
        self._printing = printing

    def submit(self, ticket_id: uuid.UUID, ticket: TicketDocument) -> None:
        self._printing.print_ticket(ticket, ticket_id)


def job_finished(queue: QueueService, job: FinishedJob) -> bool:
    """Report a failed ticket job to the queue; True when it was one."""
    if job.ticket_id is None or str(job.state) not in FAILED_STATES:
        return False
    try:
        queue.ticket_print_failed(job.ticket_id)
    except Exception:  # the print worker must go on whatever the queue says
        logger.exception("could not mark ticket %s as not printed", job.ticket_id)
        return False
    return True


def wire_ticket_printing(queue: QueueService, printing: TicketPrintQueue) -> Callable[[], None]:
    """Send the kiosk's tickets to ``printing`` and listen for failures; returns the unwiring."""
    queue.printer = PrintQueueTicketPrinter(printing)

    def listener(job: Any) -> None:
        job_finished(queue, job)

    return printing.on_job_finished(listener)
