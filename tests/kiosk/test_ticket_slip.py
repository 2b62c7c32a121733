"""The ticket slip's QR promises only what exists: the hall's progress portal when one is set
(the QR is its address), else the kiosk's 查询 page (the QR is the ticket's id, which the page
reads)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counter_app.container import Services
from counter_app.kiosk.progress import TicketProgress
from printers.escpos import PAPER_58, render_ticket_escpos
from tests.kiosk.support import desk
from tests.printers.decode import parse_escpos
from tests.supervision.rating_support import RatingHall, open_rating_hall

PORTAL = "https://ip.lyg.gov.cn/progress"


class Printer:
    def __init__(self) -> None:
        self.documents: list[object] = []

    def submit(self, ticket_id: object, ticket: object) -> None:
        self.documents.append(ticket)


@pytest.fixture
def hall(services: Services) -> RatingHall:
    return open_rating_hall(services)


def _slip(hall: RatingHall) -> tuple[str, list[str]]:
    printer = Printer()
    hall.services.queue.printer = printer
    hall.services.queue.issue("A")
    document = printer.documents[-1]
    doc = parse_escpos(render_ticket_escpos(document, PAPER_58))  # type: ignore[arg-type]
    return doc.qr_data[0].decode(), [text.strip() for text, _ in doc.lines]


def test_without_a_portal_the_slip_sends_to_the_kiosk_which_reads_it(hall: RatingHall) -> None:
    payload, lines = _slip(hall)
    assert not payload.startswith("http")
    assert "请在自助机“查询”页扫描此码" in lines and "微信扫码查看排队进度" not in lines
    found = desk(hall).progress.scanned(payload)
    assert isinstance(found, TicketProgress) and found.number == "A001"


def test_with_a_portal_the_qr_is_its_address(hall: RatingHall) -> None:
    settings = hall.services.hall.settings()
    hall.services.hall.update(hall.admin, replace(settings, progress_portal=PORTAL))
    payload, lines = _slip(hall)
    assert payload.startswith(PORTAL + "/ticket/")
    assert "微信扫码查看排队进度" in lines and "请在自助机“查询”页扫描此码" not in lines
    found = desk(hall).progress.scanned(payload)  # the kiosk reads it too
    assert isinstance(found, TicketProgress) and found.number == "A001"
