"""The one interface every printer connection has."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class Transport(Protocol):
    """A connection to a printer. Every method raises ``PrinterError`` on failure.

    ``write`` writes all of ``data`` or raises; ``timeout`` is how long the printer may take to
    accept it. ``read`` returns what the printer answered within ``timeout`` (``b""`` if it
    said nothing); only meaningful when ``can_read``. ``drain`` waits until the written data
    has left the computer (a spooler submits the job here).
    """

    @property
    def name(self) -> str:
        """Where the printer is, in Chinese, for messages (e.g. ``串口 /dev/ttyS0``)."""
        ...

    @property
    def can_read(self) -> bool: ...

    def open(self) -> None: ...

    def write(self, data: bytes, timeout: float) -> None: ...

    def read(self, size: int, timeout: float) -> bytes: ...

    def drain(self, timeout: float) -> None: ...

    def close(self) -> None: ...
