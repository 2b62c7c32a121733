"""Frozen snapshots of printers and print jobs, and their Chinese labels (no database objects)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from counter_app.i18n import tr
from db.models.printing import JobState, Printer, PrinterRole, PrintJob

__all__ = [
    "ROLE_LABELS",
    "STATE_LABELS",
    "JobKind",
    "JobState",
    "JobView",
    "MailLabelOutcome",
    "PrinterInput",
    "PrinterRole",
    "PrinterStateView",
    "PrinterView",
    "TestPrintResult",
    "job_view",
    "printer_view",
]

ROLE_LABELS: dict[str, str] = {
    PrinterRole.RECEIPT: tr("票据打印机"),
    PrinterRole.LABEL: tr("面单打印机"),
    PrinterRole.A4: tr("A4 打印机"),
}

STATE_LABELS: dict[str, str] = {
    JobState.QUEUED: tr("排队中"),
    JobState.SENDING: tr("发送中"),
    JobState.DONE: tr("已完成"),
    JobState.FAILED: tr("失败"),
    JobState.CANCELLED: tr("已取消"),
}

FINAL_STATES = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})


class JobKind:
    """What a job prints (stored as text; other areas may add kinds)."""

    TICKET = "ticket"
    ACCEPTANCE = "acceptance"
    PAYMENT = "payment"
    MAIL_LABEL = "mail_label"
    TEST_PAGE = "test_page"
    PDF = "pdf"


@dataclass(frozen=True)
class PrinterInput:
    """What the settings dialog (or ``counter-admin printer add``) gives for a printer."""

    name: str
    role: str
    url: str
    paper_mm: int = 58
    chinese_font: bool = True
    boots_in_chinese_mode: bool = True
    label_language: str = "tspl"  # tspl | zpl
    label_template: str = "100x150"  # 100x150 | 76x130
    label_mode: str = "bitmap"  # bitmap | font
    enabled: bool = True


NIL_ID = uuid.UUID(int=0)


@dataclass(frozen=True)
class PrinterView(PrinterInput):
    id: uuid.UUID = NIL_ID
    station: str = ""
    row_version: int = 1

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    def as_input(self) -> PrinterInput:
        fields = PrinterInput.__dataclass_fields__
        return PrinterInput(**{name: getattr(self, name) for name in fields})


@dataclass(frozen=True)
class JobView:
    id: uuid.UUID
    printer_id: uuid.UUID | None
    printer_name: str
    printer_url: str
    kind: str
    description: str
    state: str
    attempts: int
    auto_retry: bool
    last_error: str
    size: int
    created_by: str
    case_id: uuid.UUID | None
    ticket_id: uuid.UUID | None
    reprint_of: uuid.UUID | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES


@dataclass(frozen=True)
class PrinterStateView:
    """One printer for the status bar: its health in a word or two, and its job counts."""

    printer_id: uuid.UUID
    name: str
    role: str
    health: str  # e.g. 正常, 缺纸, 未连接, 已停用
    ok: bool
    queued: int
    failed: int
    message: str  # the last problem in full (what to do), or ""

    @property
    def text(self) -> str:
        extra = tr("（{n} 个失败）", n=self.failed) if self.failed else ""
        return tr("{name}：{health}{extra}", name=self.name, health=self.health, extra=extra)


@dataclass(frozen=True)
class TestPrintResult:
    __test__ = False  # not a pytest test class

    ok: bool
    message: str  # what happened, in Chinese (the status read back, or the error)
    status: str  # the status read back, or "" when the connection cannot read it
    job: JobView | None


@dataclass(frozen=True)
class MailLabelOutcome:
    """A mail label went to the label printer (``job``) or into a PDF file (``pdf_path``)."""

    job: JobView | None
    pdf_path: Path | None


def printer_view(row: Printer) -> PrinterView:
    return PrinterView(
        id=row.id,
        station=row.station,
        row_version=row.row_version,
        name=row.name,
        role=row.role,
        url=row.url,
        paper_mm=row.paper_mm,
        chinese_font=row.chinese_font,
        boots_in_chinese_mode=row.boots_in_chinese_mode,
        label_language=row.label_language,
        label_template=row.label_template,
        label_mode=row.label_mode,
        enabled=row.enabled,
    )


def job_view(row: PrintJob, size: int | None = None) -> JobView:
    return JobView(
        id=row.id,
        printer_id=row.printer_id,
        printer_name=row.printer_name,
        printer_url=row.printer_url,
        kind=row.kind,
        description=row.description,
        state=row.state,
        attempts=row.attempts,
        auto_retry=row.auto_retry,
        last_error=row.last_error,
        size=len(row.payload) if size is None else size,
        created_by=row.created_by,
        case_id=row.case_id,
        ticket_id=row.ticket_id,
        reprint_of=row.reprint_of,
        created_at=row.created_at,
        updated_at=row.updated_at,
        finished_at=row.finished_at,
    )
