"""ESC/POS real-time status: ``DLE EOT n`` (10 04 n, n = 1..4) and what the answers mean.

Each answer byte has bits 1 and 4 set and bits 0 and 7 clear (``& 0x93 == 0x12``).
n=1 printer: bit 3 offline. n=2 offline cause: bit 2 cover open, bit 5 stopped at paper end,
bit 6 error. n=3 error cause: bit 2 recoverable, bit 3 autocutter, bit 5 unrecoverable,
bit 6 auto-recoverable (e.g. head too hot). n=4 paper sensor: bits 2-3 near end, 5-6 out.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from printers.transports.base import Transport

logger = logging.getLogger(__name__)
DLE_EOT = b"\x10\x04"


def status_query(n: int) -> bytes:
    if not 1 <= n <= 4:
        raise ValueError("DLE EOT n must be 1..4")
    return DLE_EOT + bytes([n])


def is_status_byte(value: int) -> bool:
    return value & 0x93 == 0x12


@dataclass(frozen=True)
class StatusIssue:
    code: str
    message: str
    action: str
    blocking: bool

    @property
    def text(self) -> str:
        return f"{self.message}，{self.action}"


ISSUES = {
    "offline": StatusIssue("offline", "打印机脱机", "请检查打印机电源和指示灯", True),
    "cover_open": StatusIssue("cover_open", "打印机纸仓盖未合上", "请合上纸仓盖", True),
    "paper_out": StatusIssue("paper_out", "打印机缺纸", "请装入新纸卷", True),
    "paper_near_end": StatusIssue("paper_near_end", "纸卷快用完了", "请准备更换纸卷", False),
    "cutter_error": StatusIssue(
        "cutter_error", "切刀故障（可能卡纸）", "请打开纸仓清除卡纸后合上", True
    ),
    "unrecoverable": StatusIssue(
        "unrecoverable", "打印机发生严重故障", "请关机后重新开机，仍不行请联系维修", True
    ),
    "recoverable": StatusIssue(
        "recoverable", "打印机发生故障（如打印头过热）", "请稍等片刻或重新开机", True
    ),
}


@dataclass(frozen=True)
class PrinterStatus:
    """Decoded ``DLE EOT 1..4`` answers (``raw`` holds the four bytes)."""

    online: bool
    cover_open: bool
    paper_out: bool
    paper_near_end: bool
    cutter_error: bool
    unrecoverable: bool
    recoverable: bool
    raw: bytes

    @property
    def issues(self) -> tuple[StatusIssue, ...]:
        flags = {
            "offline": not self.online and not (self.cover_open or self.paper_out),
            "cover_open": self.cover_open,
            "paper_out": self.paper_out,
            "paper_near_end": self.paper_near_end and not self.paper_out,
            "cutter_error": self.cutter_error,
            "unrecoverable": self.unrecoverable,
            "recoverable": self.recoverable,
        }
        return tuple(ISSUES[code] for code, on in flags.items() if on)

    @property
    def ready(self) -> bool:
        """Nothing stops printing (paper near end is only a warning)."""
        return not any(issue.blocking for issue in self.issues)

    @property
    def summary(self) -> str:
        return "；".join(issue.text for issue in self.issues) or "打印机正常"


def parse_status(answers: bytes) -> PrinterStatus:
    """Decode the four answer bytes to ``DLE EOT 1, 2, 3, 4``."""
    if len(answers) != 4 or not all(is_status_byte(b) for b in answers):
        raise ValueError(f"not a DLE EOT answer: {answers.hex()}")
    printer, offline, error, paper = answers
    return PrinterStatus(
        online=not printer & 0x08,
        cover_open=bool(offline & 0x04),
        paper_out=bool(paper & 0x60) or bool(offline & 0x20),
        paper_near_end=bool(paper & 0x0C),
        cutter_error=bool(error & 0x08),
        unrecoverable=bool(error & 0x20),
        recoverable=bool(error & 0x44),
        raw=bytes(answers),
    )


def _discard_input(transport: Transport) -> None:
    for _ in range(64):  # stale answers or noise, never forever
        if not transport.read(4096, 0.0):
            return


def _ask(transport: Transport, n: int, timeout: float) -> int | None:
    transport.write(status_query(n), timeout)
    answer = transport.read(1, timeout)
    if len(answer) != 1 or not is_status_byte(answer[0]):
        return None
    return answer[0]


def query_status(transport: Transport, timeout: float = 1.0) -> PrinterStatus | None:
    """Ask ``DLE EOT 1..4``; ``None`` if the transport cannot read or the printer is silent."""
    if not transport.can_read:
        return None
    _discard_input(transport)
    answers = bytearray()
    for n in (1, 2, 3, 4):
        value = _ask(transport, n, timeout)
        if value is None:
            logger.info("%s gave no valid answer to DLE EOT %d", transport.name, n)
            return None
        answers.append(value)
    return parse_status(bytes(answers))
