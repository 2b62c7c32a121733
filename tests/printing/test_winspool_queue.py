"""The real print queue on a winspool:// printer (a stand-in win32print): jobs end as done with
their exact bytes in the Windows spooler; a Windows status problem fails the job before
anything is sent, and the job goes out by itself once the printer is ready again."""

from __future__ import annotations

import uuid

import pytest

from counter_app.printing.service import PrintService
from counter_app.printing.views import JobState
from printers.escpos import PAPER_58, render_ticket_escpos
from printers.transports import winspool_url
from tests.printers.fake_win32print import FakeSpooler, FakeWinError, install
from tests.printers.samples import MAIL, TICKET
from tests.printing.support import Finished

DONE, FAILED = JobState.DONE.value, JobState.FAILED.value
RECEIPT, LABEL = "XP-58 (副本 1)", "面单打印机 TSC"
RAW_DOC = ("知识产权窗口打印", None, "RAW")


@pytest.fixture
def spooler(monkeypatch: pytest.MonkeyPatch) -> FakeSpooler:
    return install(monkeypatch, RECEIPT, LABEL)


def test_a_ticket_and_a_label_through_the_queue_end_as_done(
    printing: PrintService, finished: Finished, add_printer, spooler: FakeSpooler
) -> None:
    add_printer(winspool_url(RECEIPT))
    add_printer(f"winspool://{LABEL}", role="label")  # typed with a plain space
    job = printing.print_ticket(TICKET, uuid.uuid4())
    (done,) = finished.wait({job.id: DONE})
    assert done.attempts == 1 and done.last_error in ("", None)
    payload = render_ticket_escpos(TICKET, PAPER_58)
    assert printing.job_payload(job.id) == payload
    label_job = printing.print_mail_label(MAIL).job
    assert label_job is not None
    finished.wait({label_job.id: DONE})
    assert spooler.documents == [
        (RECEIPT, RAW_DOC, payload),
        (LABEL, RAW_DOC, printing.job_payload(label_job.id)),
    ]
    assert all(h.closed for h in spooler.handles)
    assert sorted(printing.status_line().split()) == ["票据打印机：正常", "面单打印机：正常"]


def test_paper_out_in_windows_fails_first_then_prints_when_ready(
    printing: PrintService, finished: Finished, add_printer, spooler: FakeSpooler
) -> None:
    spooler.printers[RECEIPT].status = 0x10  # PRINTER_STATUS_PAPER_OUT
    add_printer(winspool_url(RECEIPT))
    job = printing.print_ticket(TICKET, uuid.uuid4())
    (failed,) = finished.wait({job.id: FAILED})
    assert "打印机缺纸，请装入新纸卷" in failed.last_error
    assert printing.printer_states()[0].health == "缺纸"
    assert spooler.documents == [] and "StartDocPrinter" not in spooler.names()
    spooler.printers[RECEIPT].status = 0
    finished.wait({job.id: DONE})
    assert [doc[2] for doc in spooler.documents] == [printing.job_payload(job.id)]
    assert all(h.closed for h in spooler.handles)


def test_a_failed_write_is_a_failed_job_with_the_windows_message(
    printing: PrintService, finished: Finished, add_printer, spooler: FakeSpooler
) -> None:
    spooler.failures["WritePrinter"] = FakeWinError(21, "WritePrinter", "设备未就绪。")
    add_printer(winspool_url(RECEIPT))
    job = printing.print_ticket(TICKET, uuid.uuid4())
    (failed,) = finished.wait({job.id: FAILED})
    assert "设备未就绪" in failed.last_error and "重新打印" in failed.last_error
    assert "AbortPrinter" in spooler.names() and all(h.closed for h in spooler.handles)
    assert spooler.documents == []
