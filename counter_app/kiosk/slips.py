"""The kiosk's printed slips on its receipt printer: the 带走清单 of an item's guide and the
receipt of a complaint filed at the kiosk.

Through the print queue like the tickets: the job is stored before it is sent, and a printer
out of paper or unreachable leaves it there, failed or waiting, in the list the staff see
(管理 → 打印机 / the status bar), where it can be retried or reprinted; the printer's worker
sends recent failed jobs again by itself when the printer answers. The kiosk waits a few
seconds for the outcome (off the GUI thread) and then says either "take your slip" or
"打印机暂时无法打印，请到服务台领取" - never a system dialog.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from counter_app.cases.reception import local_today
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.rules.catalog import ItemView
from counter_app.i18n import tr
from counter_app.identity.masking import mask_phone
from counter_app.printing.render import receipt_profile
from counter_app.printing.views import JobState, PrinterRole
from counter_app.queue.links import TicketLink
from counter_app.supervision.rules.complaint_forms import ComplaintView
from db.errors import DatabaseProblem
from printers.errors import PrinterError
from printers.escpos.kiosk_slips import (
    ComplaintSlip,
    MaterialsSlip,
    SlipFee,
    SlipMaterial,
    render_complaint_escpos,
    render_materials_escpos,
)

if TYPE_CHECKING:
    from counter_app.hall.settings import HallService
    from counter_app.printing.service import PrintService

logger = logging.getLogger(__name__)

SLIP_ACTOR = Actor("kiosk", "自助机", frozenset())
MATERIALS_JOB = "kiosk_materials"  # print-queue job kinds (stored as text)
COMPLAINT_JOB = "kiosk_complaint"
WAIT_SECONDS = 8.0
PRINTED = tr("请取走打印的清单")
PRINTED_RECEIPT = tr("请取走打印的回执")
ASK_STAFF = tr("打印机暂时无法打印，请到服务台领取")
NO_PRINTER = tr("本机不能打印，请拍照或记下以上内容")
NOT_PRINTABLE = tr("内容中有打印机无法打印的字，请到服务台咨询")


@dataclass(frozen=True)
class SlipOutcome:
    """``printed``: the printer took it. ``job_id``: the job in the print queue (None when
    nothing could be queued); a job not printed stays there for the staff."""

    printed: bool
    message: str
    job_id: uuid.UUID | None = None


def time_limit_text(item: ItemView) -> str:
    content = item.content
    if content.time_limit_days:
        return tr("{n} 个工作日", n=content.time_limit_days)
    return content.time_limit_note or tr("当场办结或按规定")


def ticket_text(link: TicketLink | None) -> str:
    if link is None:
        return tr("请到服务台咨询")
    return tr("{n}（{c}字头号）", n=link.name, c=link.code)


class KioskSlips:
    def __init__(
        self,
        printing: PrintService | None,
        hall: HallService,
        today: Callable[[], date] = local_today,
        wait_seconds: float = WAIT_SECONDS,
    ) -> None:
        self._printing, self._hall, self.today = printing, hall, today
        self.wait_seconds = wait_seconds

    def can_print(self) -> bool:
        """This PC has an enabled receipt printer (else the kiosk offers no 打印 button)."""
        if self._printing is None:
            return False
        try:
            printers = self._printing.printers()
        except DatabaseProblem:
            return False
        return any(p.role == PrinterRole.RECEIPT and p.enabled for p in printers)

    def _hall_name(self) -> str:
        return self._hall.settings().hall_name or tr("知识产权服务大厅")

    # -- documents ------------------------------------------------------------------------
    def materials_slip(self, item: ItemView, link: TicketLink | None, where: str) -> MaterialsSlip:
        content = item.content
        return MaterialsSlip(
            hall_name=self._hall_name(),
            item_name=content.name,
            materials=tuple(SlipMaterial(m.name, m.original, m.copies) for m in content.materials),
            fees=tuple(SlipFee(f.name, f.amount) for f in content.fees),
            time_limit=time_limit_text(item),
            where=where,
            ticket=ticket_text(link),
            printed_on=self.today(),
        )

    def complaint_slip(
        self, view: ComplaintView, matter: str, about_window: str = "", phone: str = ""
    ) -> ComplaintSlip:
        return ComplaintSlip(
            hall_name=self._hall_name(),
            number=view.number,
            kind=view.kind.label,
            channel=view.channel.label,
            received_on=view.business_date,
            reply_by=view.due_date,
            matter=matter,
            about=tr("{n} 号窗口", n=about_window) if about_window else "",
            phone=mask_phone(phone) if phone.strip() else "",
        )

    # -- printing -------------------------------------------------------------------------
    def print_materials(self, item: ItemView, link: TicketLink | None, where: str) -> SlipOutcome:
        slip = self.materials_slip(item, link, where)
        description = tr("带走清单 {n}", n=slip.item_name)
        return self._print(
            MATERIALS_JOB, description, lambda p: render_materials_escpos(slip, p), PRINTED
        )

    def print_complaint(
        self, view: ComplaintView, matter: str, about_window: str = "", phone: str = ""
    ) -> SlipOutcome:
        slip = self.complaint_slip(view, matter, about_window, phone)
        description = tr("{k}回执 {n}", k=slip.kind, n=slip.number)
        return self._print(
            COMPLAINT_JOB, description, lambda p: render_complaint_escpos(slip, p), PRINTED_RECEIPT
        )

    def _print(
        self, kind: str, description: str, render: Callable[..., bytes], done: str
    ) -> SlipOutcome:
        printing = self._printing
        if printing is None or not self.can_print():
            return SlipOutcome(False, NO_PRINTER)
        try:
            printer = printing.printer_for(PrinterRole.RECEIPT)
            try:
                payload = render(receipt_profile(printer))
            except PrinterError as exc:  # a character no printer font has: nothing queued
                logger.warning("kiosk slip not printable: %s", exc.message)
                return SlipOutcome(False, NOT_PRINTABLE)
            job = printing.enqueue(printer.id, kind, description, payload, actor=SLIP_ACTOR)
            final = printing.wait_for(job.id, self.wait_seconds)
        except (CounterError, DatabaseProblem) as exc:
            logger.warning("kiosk slip not queued: %s", exc)
            return SlipOutcome(False, ASK_STAFF)
        if final.state == JobState.DONE:
            return SlipOutcome(True, done, job.id)
        return SlipOutcome(False, ASK_STAFF, job.id)
