"""LED window displays over a serial line (RS-232/RS-485), one address per window.

Built-in protocol "text" (``TextOverSerial``), a plain framed text format most Chinese LED
controller boards can be set up to accept (or a small adapter can translate)::

    STX  ADDR       CMD   DATA                 ETX  BCC
    02   "01".."FE" "T"   text, GB2312/GB18030 03   2 ASCII hex digits
                    "C"   (empty)  clear the display

- ADDR: the display's address as two upper-case hex digits; "00" is every display.
- DATA: the text encoded in the configured encoding (GB2312 by default, GB18030 for rarer
  characters), at most ``MAX_TEXT_BYTES`` bytes, no control characters. Neither encoding
  uses bytes 0x02/0x03 inside a character, so the frame needs no escaping.
- BCC: XOR of every byte from ADDR through ETX, as two upper-case hex digits.
- Line settings: 9600 baud, 8N1 unless configured otherwise; the display does not answer.

Example, "A001" to address 3: ``02 30 33 54 41 30 30 31 03 32 34`` (BCC 0x24).
Vendor protocols implement ``LedProtocol`` and are added with ``register_protocol``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol

STX, ETX = 0x02, 0x03
MAX_TEXT_BYTES = 64
BROADCAST = 0


class LedContentError(ValueError):
    """Text a display cannot show (a character outside its encoding, too long)."""


class LedProtocol(Protocol):
    def text_frame(self, address: int, text: str) -> bytes: ...

    def clear_frame(self, address: int) -> bytes: ...


def bcc(data: bytes) -> bytes:
    value = 0
    for byte in data:
        value ^= byte
    return f"{value:02X}".encode("ascii")


class TextOverSerial:
    """The built-in framed text protocol described in the module notes."""

    def __init__(self, encoding: str = "gb2312") -> None:
        if encoding.lower() not in ("gb2312", "gb18030", "gbk"):
            raise ValueError(f"unsupported LED encoding {encoding!r}")
        self.encoding = encoding

    def _frame(self, address: int, command: bytes, data: bytes) -> bytes:
        if not 0 <= address <= 0xFE:
            raise LedContentError(f"LED address {address} outside 0..254")
        body = f"{address:02X}".encode("ascii") + command + data + bytes([ETX])
        return bytes([STX]) + body + bcc(body)

    def encode_text(self, text: str) -> bytes:
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
            raise LedContentError("control characters cannot be shown")
        try:
            data = text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise LedContentError(f"{text[exc.start : exc.end]!r} not in {self.encoding}") from exc
        if len(data) > MAX_TEXT_BYTES:
            raise LedContentError(f"text longer than {MAX_TEXT_BYTES} bytes")
        return data

    def text_frame(self, address: int, text: str) -> bytes:
        return self._frame(address, b"T", self.encode_text(text))

    def clear_frame(self, address: int) -> bytes:
        return self._frame(address, b"C", b"")


ProtocolFactory = Callable[..., LedProtocol]
PROTOCOLS: dict[str, ProtocolFactory] = {"text": TextOverSerial}


def register_protocol(name: str, factory: ProtocolFactory) -> None:
    """Make a vendor protocol available by ``name`` (e.g. in the display's settings)."""
    PROTOCOLS[name] = factory


def parse_frame(frame: bytes) -> tuple[int, str, bytes]:
    """(address, command, data) of a built-in frame; ``ValueError`` if it is damaged."""
    if len(frame) < 7 or frame[0] != STX or frame[-3] != ETX:
        raise ValueError("not a frame")
    body, check = frame[1:-2], frame[-2:]
    if bcc(body) != check:
        raise ValueError("bad check")
    return int(body[:2], 16), chr(body[2]), body[3:-1]


class LedBus:
    """One serial line shared by the window displays (pyserial; any ``serial_for_url`` URL)."""

    def __init__(
        self, port: str, protocol: LedProtocol | None = None, baudrate: int = 9600, **kw: Any
    ) -> None:
        import serial

        self.protocol: LedProtocol = protocol or TextOverSerial()
        self._port = serial.serial_for_url(
            port, baudrate=baudrate, timeout=1, write_timeout=2, **kw
        )
        self._lock = threading.Lock()

    def _send(self, frame: bytes) -> None:
        with self._lock:
            self._port.write(frame)
            self._port.flush()

    def show(self, address: int, text: str) -> None:
        self._send(self.protocol.text_frame(address, text))

    def clear(self, address: int) -> None:
        self._send(self.protocol.clear_frame(address))

    def close(self) -> None:
        with self._lock:
            self._port.close()
