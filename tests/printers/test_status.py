"""DLE EOT status: decoding, and print jobs guarded by a status read before and after."""

from __future__ import annotations

import pytest

from printers.errors import PrinterJobError, PrinterStatusError
from printers.escpos import PAPER_58, render_ticket_escpos
from printers.job import print_with_status
from printers.status import parse_status, query_status, status_query
from printers.transports import open_transport
from tests.printers.fakes import READY, FakeSerialPrinter, FakeTcpPrinter
from tests.printers.samples import TICKET

JOB = render_ticket_escpos(TICKET, PAPER_58)
PAPER_OUT = b"\x12\x32\x12\x72"  # n=2 bit 5 paper-end stop, n=4 bits 5-6 paper end
COVER_OPEN = b"\x1a\x16\x12\x12"  # n=1 offline, n=2 bit 2 cover open
NEAR_END = b"\x12\x12\x12\x1e"
CUTTER = b"\x1a\x52\x1a\x12"  # n=2 bit 6 error, n=3 bit 3 autocutter


def test_queries() -> None:
    assert [status_query(n) for n in (1, 4)] == [b"\x10\x04\x01", b"\x10\x04\x04"]
    with pytest.raises(ValueError):
        status_query(5)


def test_decoding() -> None:
    assert parse_status(READY).ready and parse_status(READY).summary == "打印机正常"
    out = parse_status(PAPER_OUT)
    assert out.paper_out and not out.ready and out.summary == "打印机缺纸，请装入新纸卷"
    cover = parse_status(COVER_OPEN)
    assert cover.cover_open and not cover.online
    assert [i.code for i in cover.issues] == ["cover_open"]
    near = parse_status(NEAR_END)
    assert near.ready and near.paper_near_end and "请准备更换纸卷" in near.summary
    cutter = parse_status(CUTTER)
    assert cutter.cutter_error and "清除卡纸" in cutter.summary
    with pytest.raises(ValueError):
        parse_status(b"\x00\x12\x12\x12")  # fixed bits wrong: not a status answer


@pytest.mark.parametrize("status", [PAPER_OUT, COVER_OPEN, CUTTER])
def test_blocking_status_stops_the_job_before_sending(status: bytes) -> None:
    printer = FakeSerialPrinter(status=status)
    transport = open_transport(f"serial://{printer.path}")
    try:
        with pytest.raises(PrinterStatusError) as error:
            print_with_status(transport, JOB)
    finally:
        transport.close()
        printer.close()
    assert error.value.message.startswith("不能打印：")
    assert bytes(printer.received) == b"".join(status_query(n) for n in (1, 2, 3, 4))


def test_ready_printer_prints_and_reports_paper_near_end() -> None:
    printer = FakeSerialPrinter(status=NEAR_END)
    transport = open_transport(f"serial://{printer.path}")
    try:
        result = print_with_status(transport, JOB)
    finally:
        transport.close()
    queries = b"".join(status_query(n) for n in (1, 2, 3, 4))
    assert printer.wait_for(len(JOB) + 24) == queries + JOB + queries
    printer.close()
    assert result.bytes_sent == len(JOB)
    assert result.warnings == ("纸卷快用完了，请准备更换纸卷",)


def test_paper_running_out_during_the_job_fails_it() -> None:
    printer = FakeSerialPrinter(status=READY)
    printer.switch_at, printer.switch_to = 12 + len(JOB), PAPER_OUT  # the roll ends meanwhile
    transport = open_transport(f"serial://{printer.path}")
    try:
        with pytest.raises(PrinterJobError, match="打印可能不完整：打印机缺纸"):
            print_with_status(transport, JOB)
    finally:
        transport.close()
        printer.close()


def test_silent_printer_prints_without_status() -> None:
    printer = FakeSerialPrinter(status=b"")  # never answers DLE EOT
    transport = open_transport(f"serial://{printer.path}")
    try:
        result = print_with_status(transport, JOB, status_timeout=0.1)
    finally:
        transport.close()
    assert result.status_before is None and result.status_after is None
    assert JOB in printer.wait_for(len(JOB) + 6)
    printer.close()


def test_status_over_tcp() -> None:
    printer = FakeTcpPrinter(status=COVER_OPEN)
    transport = open_transport(f"tcp://127.0.0.1:{printer.port}")
    try:
        status = query_status(transport, 1.0)
    finally:
        transport.close()
        printer.close()
    assert status is not None and status.cover_open
