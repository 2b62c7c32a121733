"""The kiosk's slips on a receipt printer at the far end of a real serial pair (a pty): the
带走清单 of a guide and the receipt of a complaint, read back from the wire and decoded from
GB18030; a printer out of paper keeps the slip in the print queue and the kiosk says to ask
at the service desk."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from counter_app.container import Services
from counter_app.kiosk.guide import KioskGuide
from counter_app.kiosk.slips import ASK_STAFF, NO_PRINTER, PRINTED, KioskSlips
from counter_app.printing.service import PrintService
from counter_app.printing.views import JobState, PrinterInput
from counter_app.supervision.rules.complaints import Kind
from printers.errors import PrinterContentError
from printers.escpos import PAPER_58
from printers.escpos.kiosk_slips import (
    MaterialsSlip,
    SlipFee,
    SlipMaterial,
    render_materials_escpos,
)
from tests.kiosk.support import desk
from tests.printers.decode import parse_escpos
from tests.printers.fakes import FakeSerialPrinter
from tests.printing.support import FAST, PAPER_OUT, QUERY, Finished, on_the_wire
from tests.supervision.rating_support import RatingHall, open_rating_hall

PRINTED_ON = date(2026, 11, 27)


@pytest.fixture
def hall(services: Services) -> RatingHall:
    return open_rating_hall(services)


@pytest.fixture
def printing(services: Services) -> Iterator[PrintService]:
    service = PrintService(services.db, station="kiosk-test", policy=FAST)
    yield service
    service.stop()


def _guide(hall: RatingHall, printing: PrintService) -> KioskGuide:
    services = hall.services
    slips = KioskSlips(printing, services.hall, lambda: PRINTED_ON, wait_seconds=5)
    return KioskGuide(services.queue, services.info, slips)


def _plug(hall: RatingHall, printing: PrintService, printer: FakeSerialPrinter) -> None:
    url = f"serial://{printer.path}?baud=115200"
    printing.add_printer(hall.admin, PrinterInput("自助机票据打印机", "receipt", url))


def _lines(payload: bytes) -> list[str]:
    return [text.strip() for text, _scale in parse_escpos(payload).lines]


def test_the_materials_slip_reaches_the_printer_in_chinese(
    hall: RatingHall, printing: PrintService
) -> None:
    printer = FakeSerialPrinter()
    try:
        _plug(hall, printing, printer)
        guide = _guide(hall, printing)
        item = next(i for i in hall.services.catalog.list_items() if i.name == "专利申请")
        shown = guide.item_guide(item)
        assert guide.can_print()
        outcome = guide.print_materials(shown)
        assert outcome.printed and outcome.message == PRINTED and outcome.job_id is not None
        payload = printing.job_payload(outcome.job_id)
        wire = printer.wait_for(len(on_the_wire(payload)))
        assert wire == on_the_wire(payload)  # status asked, the slip, status asked
        lines = _lines(wire[len(QUERY) : -len(QUERY)])
    finally:
        printer.close()
    assert lines[0] == "连云港市知识产权保护中心" and "带走清单" in lines
    assert "专利申请" in lines and "需要带的材料：" in lines
    assert "1. 请求书（原件 1 份）" in lines
    assert any(line.startswith("发明专利实质审查费") and "￥2,500.00" in line for line in lines)
    assert any(line.startswith("办理时限") for line in lines)
    assert "办理地点：03 号窗口（取号后按叫号前往）" in "".join(lines)
    assert "取号类别：专利（A字头号）" in lines
    assert any(line.startswith("打印日期") and line.endswith("2026年11月27日") for line in lines)
    job = printing.job(outcome.job_id)
    assert job.kind == "kiosk_materials" and job.created_by == "kiosk"


def test_out_of_paper_the_slip_waits_in_the_queue_and_prints_later(
    hall: RatingHall, printing: PrintService
) -> None:
    printer, finished = FakeSerialPrinter(status=PAPER_OUT), Finished(printing)
    try:
        _plug(hall, printing, printer)
        guide = _guide(hall, printing)
        item = next(i for i in hall.services.catalog.list_items() if i.name == "著作权登记")
        outcome = guide.print_materials(guide.item_guide(item))
        assert not outcome.printed and outcome.message == ASK_STAFF
        assert outcome.job_id is not None
        failed = printing.job(outcome.job_id)
        assert failed.state == JobState.FAILED and "缺纸" in failed.last_error
        assert (QUERY * 1000).startswith(bytes(printer.received))  # nothing but status asked
        printer.status = b"\x12\x12\x12\x12"  # paper loaded: the queue sends it by itself
        finished.wait({outcome.job_id: JobState.DONE.value})
        payload = printing.job_payload(outcome.job_id)
        tail = on_the_wire(payload)
        finished.wait_until(lambda: bytes(printer.received).endswith(tail))
    finally:
        printer.close()
    assert "著作权登记" in _lines(payload)


def test_the_complaint_receipt_has_its_number_deadline_channel_and_masked_phone(
    hall: RatingHall, printing: PrintService
) -> None:
    printer = FakeSerialPrinter()
    try:
        _plug(hall, printing, printer)
        view = desk(hall).file(Kind.COMPLAINT, "等候时间太长", "03", "13812345678")
        slips = KioskSlips(printing, hall.services.hall, lambda: PRINTED_ON, wait_seconds=5)
        outcome = slips.print_complaint(view, "等候时间太长", "03", "13812345678")
        assert outcome.printed and outcome.job_id is not None
        payload = printing.job_payload(outcome.job_id)
        wire = printer.wait_for(len(on_the_wire(payload)))
    finally:
        printer.close()
    assert wire == on_the_wire(payload)
    lines = _lines(payload)
    joined = "\n".join(lines)
    assert "投诉登记回执" in lines and view.number in lines
    assert "现场自助" in joined and "138****5678" in joined and "13812345678" not in joined
    due = view.due_date
    assert f"{due.year}年{due.month}月{due.day}日" in joined and "答复期限" in joined
    assert "涉及窗口" in joined and "等候时间太长" in joined


def test_without_a_receipt_printer_nothing_is_queued(
    hall: RatingHall, printing: PrintService
) -> None:
    guide = _guide(hall, printing)
    item = hall.services.catalog.list_items()[0]
    assert not guide.can_print()
    outcome = guide.print_materials(guide.item_guide(item))
    assert outcome == dataclasses.replace(outcome, printed=False, message=NO_PRINTER, job_id=None)
    assert printing.jobs() == []


def test_a_character_no_printer_font_has_is_named() -> None:
    slip = MaterialsSlip(
        hall_name="大厅",
        item_name="专利申请",
        materials=(SlipMaterial("请求书\U0001f600"),),
        fees=(SlipFee("申请费", Decimal("900")),),
        time_limit="15 个工作日",
        where="03 号窗口",
        ticket="专利",
        printed_on=PRINTED_ON,
    )
    with pytest.raises(PrinterContentError, match="材料名称"):
        render_materials_escpos(slip, PAPER_58)
