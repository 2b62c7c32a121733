"""``FS &`` (select Chinese character mode) goes out before the first GB18030 byte of every
receipt, ticket and slip, whatever the printer profile; the profile (``--epson``) decides only
whether the printer is put back into its single-byte code page (``FS .``) after the job.

The bytes are read back from the far end of a real serial pair (a pty), as a printer gets them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from counter_app.cli import main
from counter_app.container import Services
from counter_app.hall.settings import HallSettings
from printers.escpos import (
    PAPER_58,
    PAPER_80,
    ReceiptProfile,
    render_acceptance_escpos,
    render_payment_escpos,
    render_test_page_escpos,
    render_ticket_escpos,
)
from printers.escpos.kiosk_slips import (
    ComplaintSlip,
    MaterialsSlip,
    SlipFee,
    SlipMaterial,
    render_complaint_escpos,
    render_materials_escpos,
)
from printers.job import send_job
from printers.transports import open_transport
from tests.conftest import ADMIN_PASSWORD
from tests.printers.decode import parse_escpos
from tests.printers.fakes import FakeSerialPrinter
from tests.printers.samples import ACCEPTANCE, HALL, PAGE, PAYMENT, TICKET

FS_AND = b"\x1c&"
FS_DOT = b"\x1c."
STATUS_QUERY = (b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x03", b"\x10\x04\x04")

MATERIALS = MaterialsSlip(
    hall_name=HALL,
    item_name="专利权质押登记",
    materials=(SlipMaterial("质押合同", original=True), SlipMaterial("身份证明", copies=2)),
    fees=(SlipFee("登记费", Decimal("0")),),
    time_limit="5 个工作日",
    where="3号窗口",
    ticket="A 专利",
    printed_on=date(2026, 11, 27),
)
COMPLAINT = ComplaintSlip(
    hall_name=HALL,
    number="TS-20261127-0001",
    kind="投诉",
    channel="现场自助",
    received_on=date(2026, 11, 27),
    reply_by=date(2026, 12, 4),
    matter="窗口等候时间过长",
    phone="138****5678",
)
DOCUMENTS: dict[str, Callable[[ReceiptProfile], bytes]] = {
    "ticket": lambda p: render_ticket_escpos(TICKET, p),
    "acceptance": lambda p: render_acceptance_escpos(ACCEPTANCE, p),
    "payment": lambda p: render_payment_escpos(PAYMENT, p),
    "testpage": lambda p: render_test_page_escpos(PAGE, p),
    "materials": lambda p: render_materials_escpos(MATERIALS, p),
    "complaint": lambda p: render_complaint_escpos(COMPLAINT, p),
}
PROFILES = {
    "xprinter58": PAPER_58,
    "xprinter80": PAPER_80,
    "epson58": dataclasses.replace(PAPER_58, boots_in_chinese_mode=False),
    "epson80": dataclasses.replace(PAPER_80, boots_in_chinese_mode=False),
}


@pytest.fixture
def printer() -> Iterator[FakeSerialPrinter]:
    fake = FakeSerialPrinter()
    yield fake
    fake.close()


def through_the_wire(printer: FakeSerialPrinter, job: bytes) -> bytes:
    transport = open_transport(f"serial://{printer.path}?baud=9600&flow=none")
    try:
        send_job(transport, job, chunk_size=64, timeout=3)
    finally:
        transport.close()
    received = printer.wait_for(len(job))
    assert len(received) >= len(job)
    return received


def mode_changes(data: bytes) -> list[tuple[int, bytes]]:
    """Where the printer enters or leaves Chinese mode, read as a decoder walks the stream
    (so a ``1C 26`` inside a barcode's or QR's data does not count)."""
    changes, offset = [], 0
    for command in parse_escpos(data).commands:
        offset = data.index(command, offset)
        if command in (FS_AND, FS_DOT):
            changes.append((offset, command))
        offset += len(command)
    return changes


def first_gb18030_byte(data: bytes, text: str) -> int:
    """The offset of the first byte of ``text`` (which has hanzi) as GB18030."""
    encoded = text.encode("gb18030")
    assert any(b >= 0x80 for b in encoded)
    at = data.find(encoded)
    assert at >= 0, f"{text} not sent"
    return at


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("document", DOCUMENTS)
def test_fs_ampersand_before_the_first_chinese_byte(
    printer: FakeSerialPrinter, document: str, profile: str
) -> None:
    job = DOCUMENTS[document](PROFILES[profile])
    wire = through_the_wire(printer, job)
    assert wire == job  # a raw pair: the printer gets exactly the job
    changes = mode_changes(wire)
    assert changes and changes[0][1] == FS_AND, changes
    first_text = first_gb18030_byte(wire, HALL)
    high = next(i for i, b in enumerate(wire) if b >= 0x80)
    assert changes[0][0] < high <= first_text  # nothing above 0x7F before Chinese mode
    assert wire[: changes[0][0]] == b"\x1b@"  # only the reset before it
    # Chinese mode holds to the last text line: FS . (if any) comes after every printed line.
    last_line = wire.rfind(b"\n")
    assert all(at > last_line for at, command in changes if command == FS_DOT)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_profile_decides_only_whether_the_printer_goes_back_to_its_code_page(
    document: str,
) -> None:
    chinese = DOCUMENTS[document](PROFILES["xprinter80"])
    epson = DOCUMENTS[document](PROFILES["epson80"])
    assert [c for _, c in mode_changes(chinese)] == [FS_AND]  # left in Chinese mode, as it boots
    assert [c for _, c in mode_changes(epson)] == [FS_AND, FS_DOT]
    assert epson.endswith(FS_DOT) and epson[: -len(FS_DOT)] == chinese  # nothing else differs


def test_raster_fallback_sends_no_text_and_no_mode_change() -> None:
    raster = dataclasses.replace(PAPER_58, chinese_font=False, boots_in_chinese_mode=False)
    data = render_ticket_escpos(TICKET, raster)
    assert mode_changes(data) == [] and parse_escpos(data).lines == []


@pytest.mark.parametrize("epson", [False, True])
def test_cli_printer_test_page_on_a_serial_pair(
    printer: FakeSerialPrinter, tmp_path: Path, epson: bool
) -> None:
    url = f"sqlite+pysqlite:///{tmp_path / 'counter.db'}"
    services = Services.open(url)
    services.hall.first_run(
        HallSettings(hall_name=HALL, hall_code="LYG", counter_code="W03"),
        "admin",
        "王管理",
        ADMIN_PASSWORD,
    )
    services.close()
    argv = ["--db", url, "printer", "test", f"serial://{printer.path}?baud=9600&flow=none"]
    assert main(argv + (["--epson"] if epson else [])) == 0
    wire = printer.wait_for(1)
    assert wire.endswith(STATUS_QUERY[-1])  # answered after the page: the page is all here
    for query in STATUS_QUERY:  # the status asked before and after the page
        wire = wire.replace(query, b"")
    assert wire.startswith(b"\x1b@" + FS_AND)
    assert [c for _, c in mode_changes(wire)] == ([FS_AND, FS_DOT] if epson else [FS_AND])
    assert parse_escpos(wire).lines[0][0].strip() == HALL
