"""A stand-in for pywin32's ``win32print`` (and ``pywintypes.error``) on a machine without
Windows: it keeps a table of installed printers, records every call with its arguments and
the bytes of each RAW document, and can fail any call the way the Windows spooler does."""

from __future__ import annotations

import itertools
import sys
import threading
import types
from dataclasses import dataclass, field
from typing import Any

import pytest

ERROR_INVALID_PRINTER_NAME = 1801
ERROR_INVALID_DATATYPE = 1804
ERROR_NOT_READY = 21


class FakeWinError(Exception):
    """Shaped like ``pywintypes.error``: args (winerror, funcname, strerror) and attributes."""

    def __init__(self, winerror: int, funcname: str, strerror: str) -> None:
        super().__init__(winerror, funcname, strerror)
        self.winerror, self.funcname, self.strerror = winerror, funcname, strerror


@dataclass
class FakeHandle:
    printer: str
    number: int
    closed: bool = False


@dataclass
class FakePrinter:
    status: int = 0
    attributes: int = 0
    jobs: int = 0


@dataclass
class FakeSpooler:
    """``module`` is what ``import win32print`` gives while installed."""

    printers: dict[str, FakePrinter] = field(default_factory=dict)
    calls: list[tuple[Any, ...]] = field(default_factory=list)
    documents: list[tuple[str, tuple[Any, ...], bytes]] = field(default_factory=list)
    failures: dict[str, Exception] = field(default_factory=dict)
    enumerated: list[dict[str, Any]] | None = None  # EnumPrinters' answer (default: printers)
    handles: list[FakeHandle] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._numbers = itertools.count(1)
        self._open_docs: dict[int, tuple[tuple[Any, ...], bytearray]] = {}
        module = types.ModuleType("win32print")
        module.PRINTER_ENUM_LOCAL = 2  # type: ignore[attr-defined]
        module.PRINTER_ENUM_CONNECTIONS = 4  # type: ignore[attr-defined]
        for name in (
            "OpenPrinter", "GetPrinter", "ClosePrinter", "StartDocPrinter", "StartPagePrinter",
            "WritePrinter", "EndPagePrinter", "EndDocPrinter", "AbortPrinter", "EnumPrinters",
        ):  # fmt: skip
            setattr(module, name, self._recorded(name, getattr(self, f"_{name}")))
        self.module = module

    def add(self, name: str, status: int = 0, attributes: int = 0) -> None:
        self.printers[name] = FakePrinter(status, attributes)

    def names(self) -> list[str]:
        """The functions called, in order."""
        return [call[0] for call in self.calls]

    def _recorded(self, name: str, function: Any) -> Any:
        def call(*args: Any) -> Any:
            with self._lock:
                self.calls.append((name, *args))
            failure = self.failures.get(name)
            if failure is not None:
                raise failure
            return function(*args)

        return call

    def _OpenPrinter(self, printer: str, defaults: object = None) -> FakeHandle:
        if printer not in self.printers:
            raise FakeWinError(ERROR_INVALID_PRINTER_NAME, "OpenPrinter", "打印机名无效。")
        handle = FakeHandle(printer, next(self._numbers))
        self.handles.append(handle)
        return handle

    def _live(self, handle: FakeHandle) -> FakeHandle:
        if not isinstance(handle, FakeHandle) or handle.closed:
            raise FakeWinError(6, "handle", "句柄无效。")
        return handle

    def _GetPrinter(self, handle: FakeHandle, level: int = 2) -> dict[str, Any]:
        printer = self.printers[self._live(handle).printer]
        return {
            "pPrinterName": handle.printer,
            "Status": printer.status,
            "Attributes": printer.attributes,
            "cJobs": printer.jobs,
        }

    def _ClosePrinter(self, handle: FakeHandle) -> None:
        self._live(handle).closed = True
        self._open_docs.pop(handle.number, None)

    def _StartDocPrinter(self, handle: FakeHandle, level: int, info: tuple[Any, ...]) -> int:
        self._live(handle)
        if level != 1 or len(info) != 3:
            raise FakeWinError(87, "StartDocPrinter", "参数错误。")
        self._open_docs[handle.number] = (info, bytearray())
        return 100 + handle.number

    def _StartPagePrinter(self, handle: FakeHandle) -> None:
        self._live(handle)

    def _WritePrinter(self, handle: FakeHandle, data: bytes) -> int:
        self._live(handle)
        if not isinstance(data, bytes):
            raise TypeError("WritePrinter needs bytes")
        self._open_docs[handle.number][1].extend(data)
        return len(data)

    def _EndPagePrinter(self, handle: FakeHandle) -> None:
        self._live(handle)

    def _EndDocPrinter(self, handle: FakeHandle) -> None:
        info, data = self._open_docs.pop(self._live(handle).number)
        self.documents.append((handle.printer, info, bytes(data)))

    def _AbortPrinter(self, handle: FakeHandle) -> None:
        self._open_docs.pop(self._live(handle).number, None)

    def _EnumPrinters(self, flags: int, name: object = None, level: int = 1) -> tuple[Any, ...]:
        if self.enumerated is not None:
            return tuple(self.enumerated)
        return tuple(
            {"pPrinterName": printer, "pServerName": None, "Attributes": 0x40}
            for printer in self.printers
        )


def install(monkeypatch: pytest.MonkeyPatch, *printers: str) -> FakeSpooler:
    """A FakeSpooler with ``printers`` installed as ``win32print`` (and ``pywintypes``)."""
    spooler = FakeSpooler()
    for name in printers:
        spooler.add(name)
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.error = FakeWinError  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "win32print", spooler.module)
    monkeypatch.setitem(sys.modules, "pywintypes", pywintypes)
    return spooler
