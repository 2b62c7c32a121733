"""Printer settings, bad input, listeners, cancel, the PDF fallback and the status line."""

from __future__ import annotations

import dataclasses
import subprocess
import uuid
from pathlib import Path

import pytest

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.printing.service import PrintService
from counter_app.printing.views import JobState, PrinterInput
from printers.pdf import render_mail_label
from tests.pdf.samples import LABEL as PDF_LABEL
from tests.printers.samples import MAIL, TICKET
from tests.printing.support import FAST, Finished


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (PrinterInput("", "receipt", "tcp://10.0.0.5"), "name", "请填写打印机名称"),
        (PrinterInput("小票机", "receipt", ""), "url", "请填写打印机地址"),
        (PrinterInput("小票机", "receipt", "lpt://1"), "url", "不认识的打印机地址"),
        (PrinterInput("小票机", "receipt", "serial:///dev/ttyS0?baud=12345"), "url", "波特率"),
        (PrinterInput("小票机", "fax", "tcp://10.0.0.5"), "role", "用途应为"),
        (PrinterInput("小票机", "receipt", "tcp://10.0.0.5", paper_mm=76), "paper_mm", "纸宽"),
    ],
)
def test_bad_settings_are_refused_at_their_field(
    printing: PrintService, admin: Actor, data: PrinterInput, field: str, message: str
) -> None:
    with pytest.raises(CounterError) as error:
        printing.add_printer(admin, data)
    assert error.value.field == field and message in error.value.message
    assert printing.printers() == []


def test_names_are_unique_per_pc_and_only_administrators_configure(
    printing: PrintService, admin: Actor, reception_user: Actor, services: Services
) -> None:
    data = PrinterInput("票据打印机", "receipt", "tcp://10.0.0.5:9100")
    saved = printing.add_printer(admin, data)
    with pytest.raises(CounterError, match="已有名为“票据打印机”"):
        printing.add_printer(admin, data)
    with pytest.raises(CounterError, match="管理员"):
        printing.add_printer(reception_user, dataclasses.replace(data, name="另一台"))
    other_pc = PrintService(services.db, station="pc-other")
    assert other_pc.printers() == [] and other_pc.add_printer(admin, data).name == "票据打印机"
    edited = printing.update_printer(admin, saved.id, dataclasses.replace(data, paper_mm=80))
    assert edited.paper_mm == 80 and edited.row_version == 2


def test_a_document_that_cannot_print_stores_nothing(printing: PrintService, add_printer) -> None:
    add_printer("tcp://127.0.0.1:9")
    with pytest.raises(CounterError, match="号码"):
        printing.print_ticket(dataclasses.replace(TICKET, number="A\U0001f600"), uuid.uuid4())
    assert printing.jobs() == []


def test_without_a_printer_the_staff_are_told_where_to_add_one(printing: PrintService) -> None:
    with pytest.raises(CounterError, match="本机没有可用的票据打印机"):
        printing.print_ticket(TICKET, uuid.uuid4())
    assert printing.status_line() == "打印机：未配置"


def test_a_failed_ticket_reaches_the_listeners_with_its_ticket_id(
    printing: PrintService, finished: Finished, add_printer, admin: Actor, tmp_path: Path
) -> None:
    add_printer(f"file://{tmp_path}/missing/out.bin")
    ticket_id = uuid.uuid4()
    job = printing.print_ticket(TICKET, ticket_id)
    (failed,) = finished.wait({job.id: JobState.FAILED.value})
    assert failed.ticket_id == ticket_id and "无法写入文件" in failed.last_error
    assert printing.jobs(ticket_id=ticket_id) == [printing.job(job.id)]
    cancelled = printing.cancel(admin, job.id)
    assert cancelled.state == JobState.CANCELLED and finished.latest(job.id) == cancelled
    with pytest.raises(CounterError, match="只有失败的任务可以重试"):
        printing.retry(admin, job.id)


def test_a_broken_listener_does_not_stop_the_queue(
    printing: PrintService, finished: Finished, add_printer, tmp_path: Path
) -> None:
    printing.on_job_finished(lambda job: 1 / 0)  # type: ignore[func-returns-value]
    add_printer(f"file://{tmp_path}/out.bin")
    job = printing.print_ticket(TICKET, uuid.uuid4())
    finished.wait({job.id: JobState.DONE.value})


def test_a_mail_label_without_a_label_printer_becomes_a_pdf(
    printing: PrintService, tmp_path: Path
) -> None:
    outcome = printing.print_mail_label(PDF_LABEL)
    assert outcome.job is None and outcome.pdf_path is not None
    assert outcome.pdf_path.parent == tmp_path / "pdf"
    assert outcome.pdf_path.read_bytes()[:5] == render_mail_label(PDF_LABEL)[:5] == b"%PDF-"
    text = subprocess.run(
        ["pdftotext", str(outcome.pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert PDF_LABEL.recipient.name in text and PDF_LABEL.case_number in text
    converted = printing.print_mail_label(MAIL)  # the label-printer form works too
    assert converted.pdf_path is not None and converted.pdf_path.read_bytes()[:5] == b"%PDF-"


def test_the_pdf_label_prints_on_a_label_printer_when_one_is_set_up(
    printing: PrintService, finished: Finished, add_printer, tmp_path: Path
) -> None:
    add_printer(f"file://{tmp_path}/label.tspl", role="label", label_mode="font")
    outcome = printing.print_mail_label(PDF_LABEL)
    assert outcome.job is not None and outcome.pdf_path is None
    finished.wait({outcome.job.id: JobState.DONE.value})
    text = (tmp_path / "label.tspl").read_bytes().decode("gb18030")
    assert text.startswith("SIZE ") and PDF_LABEL.recipient.name in text


def test_the_queue_works_on_postgresql_too(any_url: str, admin_on, tmp_path: Path) -> None:
    services, actor = admin_on(any_url)
    service = PrintService(services.db, station="pc-pg", policy=FAST)
    events = Finished(service)
    out = tmp_path / "out.bin"
    service.add_printer(actor, PrinterInput("票据打印机", "receipt", f"file://{out}?append=1"))
    jobs = [service.print_ticket(dataclasses.replace(TICKET, number=f"B{n}"), uuid.uuid4())
            for n in range(5)]  # fmt: skip
    events.wait({job.id: JobState.DONE.value for job in jobs})
    assert out.read_bytes() == b"".join(service.job_payload(job.id) for job in jobs)
    assert [job.id for job in service.jobs()] == [job.id for job in reversed(jobs)]
    service.stop()
    services.close()
