"""Fake printers on real pseudo-terminals and a real TCP socket."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import socket
import struct
import threading
import tty

READY = b"\x12\x12\x12\x12"  # DLE EOT 1..4 answers: online, no problem


class _Answering:
    """Collects bytes and answers ``DLE EOT n`` with ``status[n - 1]``."""

    def __init__(self, status: bytes) -> None:
        self.status = status
        self.switch_at: int | None = None  # from this byte offset on, answer ``switch_to``
        self.switch_to = b""
        self.received = bytearray()
        self._scanned = 0
        self.lock = threading.Lock()

    def take(self, data: bytes) -> bytes:
        with self.lock:
            self.received += data
            answers = bytearray()
            while True:
                at = self.received.find(b"\x10\x04", self._scanned)
                if at < 0 or at + 2 >= len(self.received):
                    self._scanned = max(self._scanned, len(self.received) - 2, 0)
                    return bytes(answers)
                n = self.received[at + 2]
                late = self.switch_at is not None and at >= self.switch_at
                status = self.switch_to if late else self.status
                if 1 <= n <= 4 and status:
                    answers.append(status[n - 1])
                self._scanned = at + 3


class FakeSerialPrinter(_Answering):
    """The far end of a raw pty pair; ``path`` is the port the transport opens.

    ``vanish_after``: close the pty after that many bytes (the printer is unplugged).
    ``stall``: stop reading (a printer that no longer takes data).
    """

    def __init__(self, status: bytes = READY, vanish_after: int | None = None) -> None:
        super().__init__(status)
        self.master, self._slave = pty.openpty()
        tty.setraw(self._slave)
        tty.setraw(self.master)
        self.path = os.ttyname(self._slave)
        self.vanish_after = vanish_after
        self.stall = threading.Event()
        self._stop = threading.Event()
        self.vanished = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.stall.is_set():
                self._stop.wait(0.01)
                continue
            if not select.select([self.master], [], [], 0.02)[0]:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                continue  # no slave opened yet (EIO), keep waiting
            answers = self.take(data)
            if answers:
                os.write(self.master, answers)
            if self.vanish_after is not None and len(self.received) >= self.vanish_after:
                self._vanish()
                return

    def _vanish(self) -> None:
        os.close(self.master)
        os.close(self._slave)
        self.vanished.set()

    def wait_for(self, count: int, timeout: float = 5.0) -> bytes:
        """Block until ``count`` bytes arrived; the bytes."""
        waited = 0.0
        while len(self.received) < count and waited < timeout:
            self._stop.wait(0.01)
            waited += 0.01
        return bytes(self.received)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        if not self.vanished.is_set():
            for fd in (self.master, self._slave):
                with contextlib.suppress(OSError):
                    os.close(fd)


class FakeTcpPrinter(_Answering):
    """A raw-9100 printer on 127.0.0.1 (ephemeral port); one connection at a time."""

    def __init__(self, status: bytes = READY, vanish_after: int | None = None) -> None:
        super().__init__(status)
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.vanish_after = vanish_after
        self.closed = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with contextlib.suppress(OSError):
            conn, _ = self._server.accept()
            with conn:
                self._serve(conn)
        self.closed.set()

    def _serve(self, conn: socket.socket) -> None:
        while data := conn.recv(65536):
            answers = self.take(data)
            if answers:
                conn.sendall(answers)
            if self.vanish_after is not None and len(self.received) >= self.vanish_after:
                # reset on close, like a printer switched off
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)  # wakes a blocked accept()
        self._server.close()
        self._thread.join(2)
