"""Sending a rendered job: all bytes or a ``PrinterJobError``; never "done" when it is not."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from printers.errors import PrinterError, PrinterJobError, PrinterStatusError
from printers.status import PrinterStatus, query_status
from printers.transports.base import Transport

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobResult:
    """A job that left the computer completely."""

    bytes_sent: int
    seconds: float
    status_before: PrinterStatus | None = None
    status_after: PrinterStatus | None = None

    @property
    def warnings(self) -> tuple[str, ...]:
        """Non-blocking problems seen after the job (e.g. paper near end)."""
        after = self.status_after
        return tuple(issue.text for issue in after.issues) if after else ()


def send_job(
    transport: Transport, data: bytes, chunk_size: int = 4096, timeout: float = 10.0
) -> JobResult:
    """Write ``data`` in chunks (``timeout`` seconds allowed per chunk), then drain.

    Raises ``PrinterJobError`` (with ``bytes_sent``, the complete chunks) if anything fails:
    the job is then failed and must be printed again.
    """
    if not data or chunk_size <= 0:
        raise ValueError("send_job needs data and a positive chunk size")
    started, sent = time.perf_counter(), 0
    try:
        for offset in range(0, len(data), chunk_size):
            chunk = data[offset : offset + chunk_size]
            transport.write(chunk, timeout)
            sent += len(chunk)
        transport.drain(timeout)
    except (PrinterError, OSError) as exc:
        reason = exc.message if isinstance(exc, PrinterError) else "连接出错"
        logger.warning(
            "job to %s failed after %d/%d bytes: %s", transport.name, sent, len(data), exc
        )
        raise PrinterJobError(
            f"打印未完成：{reason}（已发送 {sent}/{len(data)} 字节），处理后请重新打印",
            bytes_sent=sent,
            total=len(data),
            detail=str(exc),
        ) from exc
    return JobResult(sent, time.perf_counter() - started)


def print_with_status(
    transport: Transport,
    data: bytes,
    chunk_size: int = 4096,
    timeout: float = 10.0,
    status_timeout: float = 0.5,
) -> JobResult:
    """``send_job`` between two status reads where the transport can read.

    A blocking status before (paper out, cover open) raises ``PrinterStatusError`` and nothing
    is sent; a blocking status after raises ``PrinterJobError`` (the print may be incomplete).
    A printer that does not answer is printed to without status.
    """
    before = query_status(transport, status_timeout)
    if before is not None and not before.ready:
        raise PrinterStatusError(f"不能打印：{before.summary}")
    result = send_job(transport, data, chunk_size, timeout)
    try:
        after = query_status(transport, status_timeout)
    except PrinterError as exc:
        raise PrinterJobError(
            f"打印后无法确认打印机状态：{exc.message}",
            bytes_sent=result.bytes_sent,
            total=len(data),
        ) from exc
    if after is not None and not after.ready:
        raise PrinterJobError(
            f"打印可能不完整：{after.summary}，处理后请重新打印",
            bytes_sent=result.bytes_sent,
            total=len(data),
        )
    return JobResult(result.bytes_sent, result.seconds, before, after)
