"""Table columns and row colours of the printer and job lists."""

from __future__ import annotations

from PySide6.QtGui import QColor

from counter_app.i18n import tr
from counter_app.printing.views import JobState, JobView, PrinterView
from ui.admin.common import GREY, RED, Column, local_time

AMBER = QColor("#a15c00")
GREEN = QColor("#1b5e20")
BLUE = QColor("#0d47a1")

STATE_COLOURS: dict[str, QColor] = {
    JobState.QUEUED: AMBER,
    JobState.SENDING: BLUE,
    JobState.DONE: GREEN,
    JobState.FAILED: RED,
    JobState.CANCELLED: GREY,
}


def _yes(value: bool) -> str:
    return tr("是") if value else tr("否")


def _options(printer: PrinterView) -> str:
    if printer.role == "label":
        mode = tr("位图") if printer.label_mode == "bitmap" else tr("打印机字体")
        return f"{printer.label_language.upper()} {printer.label_template} mm {mode}"
    if printer.role == "a4":
        return ""
    font = tr("中文字库") if printer.chinese_font else tr("图片方式")
    return f"{printer.paper_mm} mm {font}"


PRINTER_COLUMNS: tuple[Column[PrinterView], ...] = (
    Column(tr("名称"), lambda p: p.name),
    Column(tr("用途"), lambda p: p.role_label),
    Column(tr("地址"), lambda p: p.url),
    Column(tr("纸张与方式"), _options),
    Column(tr("启用"), lambda p: _yes(p.enabled)),
)


def _error(job: JobView) -> str:
    return job.last_error if job.state in (JobState.FAILED, JobState.CANCELLED) else ""


JOB_COLUMNS: tuple[Column[JobView], ...] = (
    Column(tr("时间"), lambda j: local_time(j.created_at.isoformat())),
    Column(tr("状态"), lambda j: j.state_label),
    Column(tr("打印机"), lambda j: j.printer_name),
    Column(tr("内容"), lambda j: j.description),
    Column(tr("次数"), lambda j: str(j.attempts)),
    Column(tr("原因"), _error),
)


def printer_colour(printer: PrinterView) -> QColor | None:
    return None if printer.enabled else GREY


def job_colour(job: JobView) -> QColor | None:
    return STATE_COLOURS.get(job.state)
