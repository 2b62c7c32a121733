"""Printer errors: expected problems, each with a Chinese message telling the staff what to do.

``PrinterError.message`` is shown as is; ``detail`` is the technical cause for the log.
"""

from __future__ import annotations


class PrinterError(Exception):
    """An expected printer problem (bad setting, cable, paper, content)."""

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message if not detail else f"{message} [{detail}]")
        self.message = message
        self.detail = detail


class PrinterConfigError(PrinterError):
    """The printer setting (URL, baud rate, template) is wrong; nothing was sent."""


class PrinterContentError(PrinterError):
    """The document cannot be printed as given (a character, a too-long barcode); nothing sent."""


class PrinterConnectionError(PrinterError):
    """The printer cannot be reached, or the connection broke."""


class PrinterStatusError(PrinterError):
    """The printer reported a problem (paper out, cover open) before anything was sent."""


class PrinterJobError(PrinterError):
    """A job failed part way: ``bytes_sent`` of ``total`` bytes left the computer.

    The job must be treated as failed (reprint after the staff fixed the cause).
    """

    def __init__(self, message: str, *, bytes_sent: int, total: int, detail: str = "") -> None:
        super().__init__(message, detail=detail)
        self.bytes_sent = bytes_sent
        self.total = total
