"""winspool:// against a stand-in win32print: the call sequence, the exact bytes, the
handle always closed, Windows errors in Chinese, the URL encoding of printer names."""

from __future__ import annotations

import sys
from urllib.parse import quote

import pytest

from printers.errors import (
    PrinterConfigError,
    PrinterConnectionError,
    PrinterJobError,
    PrinterStatusError,
)
from printers.escpos import PAPER_58, render_ticket_escpos
from printers.job import send_job
from printers.transports import (
    Transport,
    WinspoolTransport,
    list_windows_printers,
    open_transport,
    parse_printer_url,
    winspool_url,
)
from tests.printers.fake_win32print import (
    ERROR_INVALID_DATATYPE,
    ERROR_NOT_READY,
    FakeSpooler,
    FakeWinError,
    install,
)
from tests.printers.samples import TICKET

JOB = render_ticket_escpos(TICKET, PAPER_58)
NAME = "收据打印机 (副本 1)"
SUBMIT = [
    "OpenPrinter", "StartDocPrinter", "StartPagePrinter", "WritePrinter", "EndPagePrinter",
    "EndDocPrinter", "ClosePrinter",
]  # fmt: skip
STATUS_CHECK = ["OpenPrinter", "GetPrinter", "ClosePrinter"]


@pytest.fixture
def spooler(monkeypatch: pytest.MonkeyPatch) -> FakeSpooler:
    return install(monkeypatch, NAME, "XP-58 (copy 1)")


@pytest.mark.parametrize(
    "name",
    [
        "XP-58 (copy 1)",
        NAME,
        "\\\\print-server\\面单 100×150",
        "100% 票据?#1/2",
        "标签　打印机",  # an ideographic space
        " leading and trailing ",
    ],
)
def test_printer_names_survive_the_url(name: str) -> None:
    url = winspool_url(name)
    assert " " not in url and "?" not in url.removeprefix("winspool://")
    config = parse_printer_url(url)
    assert (config.scheme, config.queue) == ("winspool", name)


def test_the_url_forms_a_person_may_type() -> None:
    assert winspool_url("XP-58 (copy 1)") == "winspool://XP-58%20(copy%201)"
    assert winspool_url(NAME) == "winspool://收据打印机%20(副本%201)"  # Chinese stays readable
    typed = {
        "winspool://XP-58 (copy 1)": "XP-58 (copy 1)",
        "  WinSpool://XP-58%20(copy%201)  ": "XP-58 (copy 1)",
        f"winspool://{quote(NAME)}": NAME,  # fully percent-encoded UTF-8
        "winspool://收据打印机 (副本 1)?timeout=30": NAME,
        "winspool://Printer #2": "Printer #2",
    }
    for url, name in typed.items():
        assert parse_printer_url(url).queue == name, url
    assert parse_printer_url("winspool://XP?timeout=30").timeout == 30.0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("winspool://", "缺少 Windows 打印机名称"),
        ("winspool://%20?timeout=3", "缺少 Windows 打印机名称"),
        ("winspool:XP-58", "应写成 winspool://打印机名称"),
        ("winspool://XP-58?baud=9600", "不认识的设置项 baud"),
        ("winspool://XP-58?timeout=0", "timeout=0 应大于 0"),
    ],
)
def test_bad_winspool_urls(url: str, message: str) -> None:
    with pytest.raises(PrinterConfigError) as error:
        parse_printer_url(url)
    assert message in error.value.message and "请在设置中改正" in error.value.message


def test_a_job_goes_to_the_spooler_as_one_raw_document(spooler: FakeSpooler) -> None:
    transport = open_transport(winspool_url(NAME))
    assert isinstance(transport, Transport) and not transport.can_read
    assert transport.name == f"Windows 打印机 {NAME}"
    result = send_job(transport, JOB, chunk_size=100)  # many writes, one document
    transport.close()
    assert result.bytes_sent == len(JOB)
    assert spooler.names() == STATUS_CHECK + SUBMIT
    submit = spooler.calls[len(STATUS_CHECK) :]
    assert submit[0] == ("OpenPrinter", NAME)
    handle = submit[1][1]
    assert submit[1] == ("StartDocPrinter", handle, 1, ("知识产权窗口打印", None, "RAW"))
    assert submit[3] == ("WritePrinter", handle, JOB)
    assert all(call[1] is handle for call in submit[1:])
    assert spooler.documents == [(NAME, ("知识产权窗口打印", None, "RAW"), JOB)]
    assert all(h.closed for h in spooler.handles) and len(spooler.handles) == 2


def test_each_job_is_its_own_document(spooler: FakeSpooler) -> None:
    transport = open_transport("winspool://XP-58 (copy 1)")
    send_job(transport, b"first")
    send_job(transport, b"second")
    transport.drain(1.0)  # nothing collected: nothing submitted
    transport.close()
    assert [doc[2] for doc in spooler.documents] == [b"first", b"second"]
    assert spooler.names() == STATUS_CHECK + SUBMIT + SUBMIT


def test_a_printer_windows_does_not_know(spooler: FakeSpooler) -> None:
    with pytest.raises(PrinterConnectionError) as error:
        open_transport("winspool://XP-80")
    message = error.value.message
    assert "Windows 中找不到打印机「XP-80」" in message and "打印机名无效" in message
    assert "winerror 1801" in error.value.detail
    assert spooler.names() == ["OpenPrinter"] and spooler.handles == []


def test_writeprinter_fails_the_document_is_aborted_and_the_handle_closed(
    spooler: FakeSpooler,
) -> None:
    transport = open_transport(winspool_url(NAME))
    spooler.failures["WritePrinter"] = FakeWinError(ERROR_NOT_READY, "WritePrinter", "设备未就绪。")
    with pytest.raises(PrinterJobError) as error:
        send_job(transport, JOB)
    transport.close()
    assert "设备未就绪" in error.value.message and "打印未完成" in error.value.message
    assert spooler.names()[len(STATUS_CHECK) :] == [
        "OpenPrinter", "StartDocPrinter", "StartPagePrinter", "WritePrinter", "AbortPrinter",
        "ClosePrinter",
    ]  # fmt: skip
    assert spooler.documents == [] and all(h.closed for h in spooler.handles)


def test_a_driver_that_refuses_raw(spooler: FakeSpooler) -> None:
    transport = open_transport(winspool_url(NAME))
    refusal = FakeWinError(ERROR_INVALID_DATATYPE, "StartDocPrinter", "数据类型无效。")
    spooler.failures["StartDocPrinter"] = refusal
    with pytest.raises(PrinterJobError) as error:
        send_job(transport, JOB)
    assert "驱动不接受 RAW 数据" in error.value.message and "数据类型无效" in error.value.message
    assert spooler.names()[len(STATUS_CHECK) :] == [
        "OpenPrinter",
        "StartDocPrinter",
        "ClosePrinter",
    ]
    assert all(h.closed for h in spooler.handles)


def test_a_failing_close_does_not_hide_the_real_error(spooler: FakeSpooler) -> None:
    transport = open_transport(winspool_url(NAME))
    spooler.failures["EndDocPrinter"] = RuntimeError("spooler crashed")
    spooler.failures["ClosePrinter"] = FakeWinError(6, "ClosePrinter", "句柄无效。")
    with pytest.raises(PrinterJobError) as error:
        send_job(transport, JOB)
    assert "提交打印任务失败" in error.value.message and "spooler crashed" in error.value.message
    assert spooler.names()[-2:] == ["AbortPrinter", "ClosePrinter"]


@pytest.mark.parametrize(
    ("status", "attributes", "words"),
    [
        (0x10, 0, "打印机缺纸，请装入新纸卷"),
        (0x80, 0, "打印机脱机"),
        (0, 0x400, "脱机使用打印机"),
        (0x1, 0, "已暂停"),
        (0x400000, 0, "纸仓盖未合上"),
    ],
)
def test_windows_status_stops_the_job_before_anything_is_sent(
    spooler: FakeSpooler, status: int, attributes: int, words: str
) -> None:
    spooler.add("XP-58", status=status, attributes=attributes)
    with pytest.raises(PrinterStatusError) as error:
        open_transport("winspool://XP-58")
    assert error.value.message.startswith("不能打印：") and words in error.value.message
    assert spooler.names() == STATUS_CHECK and spooler.documents == []


def test_busy_or_printing_is_not_a_problem(spooler: FakeSpooler) -> None:
    spooler.add("XP-58", status=0x200 | 0x400)  # busy, printing
    transport = open_transport("winspool://XP-58")
    assert isinstance(transport, WinspoolTransport) and transport.state is not None
    assert transport.state.ready


def test_write_before_open_is_refused(spooler: FakeSpooler) -> None:
    transport = WinspoolTransport(parse_printer_url("winspool://XP-58 (copy 1)"))
    with pytest.raises(PrinterConnectionError, match="尚未打开"):
        transport.write(b"x", 1.0)
    assert spooler.calls == []


def test_without_pywin32_the_message_is_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "win32print", None)  # import win32print -> ImportError
    with pytest.raises(PrinterConfigError) as error:
        open_transport("winspool://XP-58")
    assert "本机不是 Windows 或未安装 pywin32，无法使用 Windows 打印机 XP-58" in error.value.message
    assert list_windows_printers() == []
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(PrinterConfigError, match="本机未安装 pywin32"):
        open_transport("winspool://XP-58")


def test_installed_printers_are_listed(spooler: FakeSpooler) -> None:
    assert list_windows_printers() == [NAME, "XP-58 (copy 1)"]
    assert spooler.calls == [("EnumPrinters", 2 | 4, None, 4)]
    spooler.enumerated = [
        {"pPrinterName": "A4"},
        {"pPrinterName": ""},
        {"pPrinterName": "A4"},
        {"pPrinterName": "\\\\srv\\标签"},
    ]
    assert list_windows_printers() == ["A4", "\\\\srv\\标签"]
    spooler.failures["EnumPrinters"] = FakeWinError(1722, "EnumPrinters", "RPC 服务器不可用。")
    assert list_windows_printers() == []
