"""The print service: the documents of the counter on the printers of this PC.

``PrintService`` is the print queue (``printing_queue``: printers, jobs, retry, reprint, the
``on_job_finished`` listeners) plus one method per document. Each renders first (a document
that cannot be printed fails here and nothing is stored), then queues the bytes.
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime

from counter_app.core.roles import Actor
from counter_app.hall.settings import HallService
from counter_app.i18n import tr
from counter_app.paths import data_dir
from counter_app.printing import config as config
from counter_app.printing import render as render
from counter_app.printing.queue import JobListener, PrintQueue, by_name
from counter_app.printing.selftest import send_test_page, status_message, test_page
from counter_app.printing.views import (
    JobKind,
    JobState,
    JobView,
    MailLabelOutcome,
    PrinterInput,
    PrinterRole,
    PrinterView,
    TestPrintResult,
)
from printers import pdf
from printers.documents import AcceptanceReceipt, MailLabel, PaymentReceipt, QueueTicket
from printers.transports import parse_printer_url

__all__ = ["JobListener", "PrintService"]


class PrintService(PrintQueue):
    def print_ticket(
        self,
        ticket: QueueTicket,
        ticket_id: uuid.UUID,
        *,
        actor: Actor | None = None,
        printer_id: uuid.UUID | None = None,
    ) -> JobView:
        """Queue a ticket on the receipt printer; the job carries ``ticket_id``."""
        printer = self.printer_for(PrinterRole.RECEIPT, printer_id)
        payload = render.render_receipt(printer, ticket)
        return self.enqueue(
            printer.id,
            JobKind.TICKET,
            render.describe_ticket(ticket),
            payload,
            actor=actor,
            ticket_id=ticket_id,
        )

    def print_acceptance_receipt(
        self,
        receipt: AcceptanceReceipt,
        case_id: uuid.UUID | None = None,
        *,
        actor: Actor | None = None,
        printer_id: uuid.UUID | None = None,
    ) -> JobView:
        printer = self.printer_for(PrinterRole.RECEIPT, printer_id)
        payload = render.render_receipt(printer, receipt)
        description = render.describe_acceptance(receipt)
        return self.enqueue(
            printer.id, JobKind.ACCEPTANCE, description, payload, actor=actor, case_id=case_id
        )

    def print_payment_receipt(
        self,
        receipt: PaymentReceipt,
        case_id: uuid.UUID | None = None,
        *,
        actor: Actor | None = None,
        printer_id: uuid.UUID | None = None,
    ) -> JobView:
        printer = self.printer_for(PrinterRole.RECEIPT, printer_id)
        payload = render.render_receipt(printer, receipt)
        description = render.describe_payment(receipt)
        return self.enqueue(
            printer.id, JobKind.PAYMENT, description, payload, actor=actor, case_id=case_id
        )

    def print_mail_label(
        self,
        label: MailLabel | pdf.MailLabel,
        case_id: uuid.UUID | None = None,
        *,
        actor: Actor | None = None,
    ) -> MailLabelOutcome:
        """On the label printer (TSPL/ZPL) if one is enabled, else a PDF file (its path)."""
        printers = [p for p in self.printers() if p.role == PrinterRole.LABEL and p.enabled]
        if not printers:
            folder = self._pdf_folder or data_dir() / "labels"
            path = render.write_label_pdf(label, folder, datetime.now())
            return MailLabelOutcome(None, path)
        payload = render.render_label(printers[0], label)
        job = self.enqueue(
            printers[0].id,
            JobKind.MAIL_LABEL,
            render.describe_label(label),
            payload,
            actor=actor,
            case_id=case_id,
        )
        return MailLabelOutcome(job, None)

    def print_pdf(
        self,
        data: bytes,
        description: str,
        case_id: uuid.UUID | None = None,
        *,
        actor: Actor | None = None,
    ) -> JobView:
        """Queue a PDF on the A4 printer (a system printer, ``spool://``)."""
        printer = self.printer_for(PrinterRole.A4)
        return self.enqueue(
            printer.id, JobKind.PDF, description, data, actor=actor, case_id=case_id
        )

    def print_test_page(
        self,
        url: str,
        *,
        actor: Actor | None = None,
        settings: PrinterInput | None = None,
        direct: bool = False,
    ) -> TestPrintResult:
        """Print a test page and say what the printer reported (blocks: call it off the GUI).

        A URL of a printer of this PC goes through its queue; another URL (a setting not yet
        saved) is sent at once with ``settings`` (paper, font) or a 58 mm default. ``direct``
        always sends at once (another process, such as counter-admin, must not run workers).
        """
        url = config.check_url(url)
        hall_name = HallService(self._db).settings().hall_name
        for printer in [] if direct else self.printers():
            if printer.url == url and printer.enabled and printer.role == PrinterRole.RECEIPT:
                return self._queued_test_page(printer, hall_name, actor)
        base = settings or PrinterInput(tr("测试"), PrinterRole.RECEIPT, url)
        printer = PrinterView(**dataclasses.asdict(dataclasses.replace(base, url=url)))
        return send_test_page(self._store, printer, hall_name, by_name(actor))

    def _queued_test_page(
        self, printer: PrinterView, hall_name: str, actor: Actor | None
    ) -> TestPrintResult:
        payload = render.render_receipt(printer, test_page(hall_name, printer))
        job = self.enqueue(printer.id, JobKind.TEST_PAGE, tr("测试页"), payload, actor=actor)
        self._pool.wake(printer.id, force=True)
        final = self.wait_for(job.id, 2 * parse_printer_url(printer.url).timeout + 5)
        ok = final.state == JobState.DONE
        status = self._pool.last_status(printer.id) if ok else ""
        error = final.last_error or tr("打印机没有及时完成，任务仍在队列中")
        return TestPrintResult(ok, status_message(ok, status, error), status, final)
