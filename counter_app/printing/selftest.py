"""A test page sent at once to a printer URL (not yet saved), with the status read back."""

from __future__ import annotations

import logging
from datetime import datetime

from counter_app.i18n import tr
from counter_app.printing.render import render_receipt
from counter_app.printing.store import JobStore, NewJob
from counter_app.printing.views import (
    JobKind,
    JobState,
    PrinterView,
    TestPrintResult,
)
from printers.documents import TestPage
from printers.errors import PrinterError
from printers.job import print_with_status
from printers.transports import open_transport, parse_printer_url

logger = logging.getLogger(__name__)


def test_page(hall_name: str, printer: PrinterView) -> TestPage:
    return TestPage(
        hall_name=hall_name or tr("知识产权服务大厅"),
        printer_label=printer.name,
        printer_url=printer.url,
        printed_at=datetime.now(),
    )


def status_message(ok: bool, status: str, error: str) -> str:
    if not ok:
        return tr("测试页未打印：{e}", e=error)
    if status:
        return tr("测试页已发送。打印机报告：{s}", s=status)
    return tr("测试页已发送。该连接不能读取打印机状态，请查看纸面是否打印完整")


def send_test_page(
    store: JobStore, printer: PrinterView, hall_name: str, by: str
) -> TestPrintResult:
    """Store the job, send it on this thread, store the outcome; never raises a printer error."""
    payload = render_receipt(printer, test_page(hall_name, printer))
    job = store.insert(
        NewJob(None, printer.name, printer.url, JobKind.TEST_PAGE, tr("测试页"), payload, by),
        JobState.SENDING,
    )
    try:
        config = parse_printer_url(printer.url)
        transport = open_transport(config)
        try:
            result = print_with_status(transport, payload, timeout=config.timeout)
        finally:
            transport.close()
    except PrinterError as exc:
        logger.warning("test page to %s failed: %s", printer.url, exc)
        final = store.finish(job.id, JobState.FAILED, exc.message)
        return TestPrintResult(False, status_message(False, "", exc.message), "", final)
    status = result.status_after.summary if result.status_after is not None else ""
    final = store.finish(job.id, JobState.DONE)
    return TestPrintResult(True, status_message(True, status, ""), status, final)
