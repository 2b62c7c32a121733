"""Transports against real fake printers: pseudo-terminals, a TCP socket, files and FIFOs."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from printers.errors import PrinterConfigError, PrinterConnectionError, PrinterJobError
from printers.escpos import PAPER_58, render_ticket_escpos
from printers.job import send_job
from printers.transports import (
    DeviceFileTransport,
    Flow,
    SerialTransport,
    Transport,
    open_transport,
    parse_printer_url,
)
from tests.printers.fakes import FakeSerialPrinter, FakeTcpPrinter
from tests.printers.samples import TICKET

JOB = render_ticket_escpos(TICKET, PAPER_58)


@pytest.fixture
def serial_printer():
    printer = FakeSerialPrinter()
    yield printer
    printer.close()


def test_parse_serial_url() -> None:
    config = parse_printer_url("serial:///dev/ttyS0?baud=19200&parity=e&flow=rtscts&stop=2")
    assert (config.scheme, config.path, config.baud, config.parity) == (
        "serial",
        "/dev/ttyS0",
        19200,
        "E",
    )
    assert config.flow is Flow.RTSCTS and config.stop_bits == 2.0
    assert parse_printer_url("serial://COM3").path == "COM3"


def test_parse_other_urls() -> None:
    usb = parse_printer_url("usb://0x0416:0x5011")
    assert (usb.vendor_id, usb.product_id) == (0x0416, 0x5011)
    assert parse_printer_url("usbfile:///dev/usb/lp0").path == "/dev/usb/lp0"
    tcp = parse_printer_url("tcp://10.0.0.5")
    assert (tcp.host, tcp.port) == ("10.0.0.5", 9100)
    assert parse_printer_url("tcp://[::1]:9101?timeout=3").timeout == 3.0
    assert parse_printer_url("spool://Office%20Printer").queue == "Office Printer"
    assert parse_printer_url("file:///tmp/out.bin?append=1").append


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("lpt://1", "不认识的打印机地址"),
        ("/dev/ttyS0", "不认识的打印机地址"),
        ("serial:///dev/ttyS0?baud=12345", "波特率 12345 不是打印机支持的值"),
        ("serial:///dev/ttyS0?baud=fast", "baud=fast 不是数字"),
        ("serial:///dev/ttyS0?flow=magic", "流控"),
        ("serial:///dev/ttyS0?speed=9600", "不认识的设置项 speed"),
        ("usb://0416", "USB 地址应为"),
        ("tcp://:9100", "缺少打印机 IP 地址"),
        ("tcp://10.0.0.5:99999", "端口号不对"),
        ("spool://", "缺少系统打印机名称"),
        ("file://", "缺少端口或文件路径"),
    ],
)
def test_bad_urls_say_what_is_wrong(url: str, message: str) -> None:
    with pytest.raises(PrinterConfigError) as error:
        parse_printer_url(url)
    assert message in error.value.message and "请在设置中改正" in error.value.message


def test_serial_job_arrives_byte_for_byte(serial_printer: FakeSerialPrinter) -> None:
    transport = open_transport(f"serial://{serial_printer.path}?baud=9600&flow=none")
    try:
        result = send_job(transport, JOB, chunk_size=64, timeout=2)
    finally:
        transport.close()
    assert result.bytes_sent == len(JOB)
    assert serial_printer.wait_for(len(JOB)) == JOB


def test_paced_serial_write_takes_the_line_time(serial_printer: FakeSerialPrinter) -> None:
    transport = open_transport(f"serial://{serial_printer.path}?baud=19200&pace=1")
    try:
        result = send_job(transport, b"x" * 960, timeout=2)
    finally:
        transport.close()
    assert 0.45 <= result.seconds < 1.5  # 960 bytes x 10 bits / 19200 baud = 0.5 s
    assert serial_printer.wait_for(960) == b"x" * 960


def test_missing_serial_port() -> None:
    with pytest.raises(PrinterConnectionError) as error:
        open_transport("serial:///dev/ttyS9?baud=9600")
    assert error.value.message == (
        "打印机端口 /dev/ttyS9 不存在，请检查连接线或在设置中选择正确的端口"
    )


def test_a_file_that_is_not_a_serial_port(tmp_path: Path) -> None:
    plain = tmp_path / "not-a-port"
    plain.write_bytes(b"")
    with pytest.raises(PrinterConnectionError, match="不是串口"):
        open_transport(f"serial://{plain}")


def test_baud_rate_refused_at_open(serial_printer: FakeSerialPrinter) -> None:
    # A pty takes any rate, so the transport itself must refuse the non-standard ones.
    config = parse_printer_url(f"serial://{serial_printer.path}")
    transport = SerialTransport(config.__class__(**{**config.__dict__, "baud": 14400}))
    with pytest.raises(PrinterConfigError, match="不支持波特率 14400"):
        transport.open()
    assert serial_printer.received == b""


def test_printer_unplugged_mid_job_is_a_failed_job() -> None:
    printer = FakeSerialPrinter(vanish_after=1000)
    data = bytes(range(256)) * 800  # 200 KiB: far more than the pty buffers
    transport = open_transport(f"serial://{printer.path}?baud=115200")
    try:
        with pytest.raises(PrinterJobError) as error:
            send_job(transport, data, chunk_size=1024, timeout=2)
    finally:
        transport.close()
        printer.close()
    assert printer.vanished.is_set()
    assert 1000 <= error.value.bytes_sent < len(data) and error.value.total == len(data)
    assert error.value.message.startswith("打印未完成：与打印机的连接中断")
    assert "重新打印" in error.value.message


def test_printer_that_stops_taking_data_times_out(serial_printer: FakeSerialPrinter) -> None:
    serial_printer.stall.set()
    transport = open_transport(f"serial://{serial_printer.path}")
    try:
        with pytest.raises(PrinterJobError, match="秒内没有接收数据"):
            send_job(transport, b"y" * 200_000, chunk_size=4096, timeout=0.3)
    finally:
        transport.close()


def test_tcp_job_arrives_byte_for_byte() -> None:
    printer = FakeTcpPrinter()
    transport = open_transport(f"tcp://127.0.0.1:{printer.port}?timeout=2")
    try:
        send_job(transport, JOB, timeout=2)
    finally:
        transport.close()
    assert printer.closed.wait(2)
    printer.close()
    assert bytes(printer.received) == JOB


def test_tcp_printer_that_resets_mid_job() -> None:
    printer = FakeTcpPrinter(vanish_after=10_000)
    transport = open_transport(f"tcp://127.0.0.1:{printer.port}")
    try:
        with pytest.raises(PrinterJobError, match="连接中断") as error:
            send_job(transport, b"z" * 20_000_000, chunk_size=65536, timeout=2)
    finally:
        transport.close()
        printer.close()
    assert error.value.bytes_sent < 20_000_000


def test_tcp_printer_that_is_not_there() -> None:
    with socket.socket() as probe:  # bound, never listening: connection refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(PrinterConnectionError, match=f"127.0.0.1:{port} 拒绝连接"):
        open_transport(f"tcp://127.0.0.1:{port}")


def test_file_transport(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    for _ in range(2):
        transport = open_transport(f"file://{target}")
        send_job(transport, JOB)
        transport.close()
    assert target.read_bytes() == JOB  # truncated each time
    transport = open_transport(f"file://{target}?append=1")
    send_job(transport, b"!")
    transport.close()
    assert target.read_bytes() == JOB + b"!"


def test_file_transport_in_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(PrinterConnectionError, match="请检查目录是否存在"):
        open_transport(f"file://{tmp_path}/nope/out.bin")


def test_usb_device_file_stand_in_plain_file(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    transport = open_transport(f"usbfile://{device}")
    assert isinstance(transport, DeviceFileTransport) and not transport.can_read
    send_job(transport, JOB, chunk_size=100)
    transport.close()
    assert device.read_bytes() == JOB


def test_usb_device_file_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    with pytest.raises(PrinterConnectionError, match="没有连接"):
        open_transport(f"usbfile://{fifo}")  # nobody reading: printer off
    received = bytearray()

    def read_all() -> None:
        with open(fifo, "rb") as reader:
            while chunk := reader.read(4096):
                received.extend(chunk)

    reader = threading.Thread(target=read_all)
    reader.start()
    transport = _open_when_reader_ready(f"usbfile://{fifo}")
    send_job(transport, JOB, chunk_size=50)
    transport.close()
    reader.join(2)
    assert bytes(received) == JOB


def _open_when_reader_ready(url: str) -> Transport:
    for _ in range(200):
        try:
            return open_transport(url)
        except PrinterConnectionError:
            threading.Event().wait(0.01)
    raise AssertionError("reader never opened the FIFO")


def test_missing_usb_device_file() -> None:
    with pytest.raises(PrinterConnectionError, match="找不到 USB 打印机设备 /dev/usb/lp9"):
        open_transport("usbfile:///dev/usb/lp9")


def test_usb_printer_not_found() -> None:
    with pytest.raises(PrinterConnectionError) as error:
        open_transport("usb://0xfffe:0xfffd")
    assert (
        "未找到 USB 打印机（fffe:fffd）" in error.value.message or "libusb" in error.value.message
    )


def test_spool_without_lp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterConnectionError, match="找不到 lp/lpr 命令"):
        open_transport("spool://Receipt")


def _fake_lp(tmp_path: Path, status: int) -> Path:
    script = tmp_path / "lp"
    script.write_text(
        f'#!/bin/sh\necho "$@" > "{tmp_path}/args"\n/bin/cat > "{tmp_path}/job"\n'
        f'[ {status} = 0 ] || echo "lp: The printer or class does not exist." >&2\nexit {status}\n'
    )
    script.chmod(0o755)
    return script


def test_spool_hands_the_raw_job_to_lp(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_lp(tmp_path, 0)
    monkeypatch.setenv("PATH", str(tmp_path))
    transport = open_transport("spool://Receipt%201")
    send_job(transport, JOB, chunk_size=100)
    transport.close()
    assert (tmp_path / "job").read_bytes() == JOB
    assert (tmp_path / "args").read_text().split() == ["-s", "-d", "Receipt", "1", "-o", "raw"]


def test_spool_queue_that_does_not_exist(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_lp(tmp_path, 1)
    monkeypatch.setenv("PATH", str(tmp_path))
    transport = open_transport("spool://Nope")
    with pytest.raises(PrinterJobError, match="系统打印机 Nope不存在或没有就绪") as error:
        send_job(transport, JOB)
    assert "does not exist" in error.value.detail
