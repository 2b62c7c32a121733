"""A printer installed in Windows, sent RAW bytes through the Windows spooler (pywin32).

On Windows a USB receipt or label printer is normally installed with a driver (or "Generic /
Text Only"); libusb cannot reach it without replacing that driver. ``winspool://NAME`` hands
the job to the spooler as one RAW document: OpenPrinter, StartDocPrinter (RAW),
StartPagePrinter, WritePrinter, EndPagePrinter, EndDocPrinter, and ClosePrinter always.

``win32print`` is imported only when needed (pywin32 is installed on Windows only); without
it opening says so in Chinese and ``list_windows_printers`` returns ``[]``. Opening also reads
the printer's Windows status (GetPrinter level 2): paused, offline, paper out and the like
stop the job before anything is sent, so the print queue does not call a job done while it
waits in a Windows queue. "Done" means the spooler accepted the job; the spooler gives
nothing back afterwards (``can_read`` is False).
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from printers.errors import PrinterConfigError, PrinterConnectionError, PrinterStatusError
from printers.status import ISSUES
from printers.transports.config import PrinterConfig

logger = logging.getLogger(__name__)

JOB_NAME = "知识产权窗口打印"
DATATYPE = "RAW"
PRINTER_ENUM_LOCAL = 0x2  # the values of winspool.h, used when win32print lacks a name
PRINTER_ENUM_CONNECTIONS = 0x4
PRINTER_ATTRIBUTE_WORK_OFFLINE = 0x400

# Windows error codes worth their own advice.
ERROR_ACCESS_DENIED = 5
RPC_S_SERVER_UNAVAILABLE = 1722
ERROR_INVALID_PRINTER_NAME = 1801
ERROR_INVALID_DATATYPE = 1804

_OFFLINE = f"{ISSUES['offline'].message}，请检查 USB 线和打印机电源"
# PRINTER_STATUS_* bits of PRINTER_INFO_2.Status that stop a job, and what to do.
STATUS_PROBLEMS: tuple[tuple[int, str], ...] = (
    (0x00000001, "打印机在 Windows 中已暂停，请在“设备和打印机”中打开它的队列，取消暂停"),
    (0x00000002, "打印机报告错误，请查看打印机指示灯和 Windows 的打印队列"),
    (0x00000004, "打印机正在从 Windows 中删除，请在设置中另选打印机"),
    (0x00000008, "打印机卡纸，请打开纸仓清除卡纸后合上"),
    (0x00000010, ISSUES["paper_out"].text),
    (0x00000080, _OFFLINE),
    (0x00001000, f"打印机不可用（{_OFFLINE}）"),
    (0x00100000, "打印机需要人工处理，请查看打印机面板"),
    (0x00400000, ISSUES["cover_open"].text),
)


def _load() -> ModuleType | None:
    try:
        return importlib.import_module("win32print")
    except ImportError:
        return None


def _require(printer: str) -> ModuleType:
    module = _load()
    if module is not None:
        return module
    if sys.platform == "win32":
        message = (
            f"本机未安装 pywin32，无法使用 Windows 打印机 {printer}，"
            "请重新安装本程序（或 pip install pywin32）"
        )
    else:
        message = (
            f"本机不是 Windows 或未安装 pywin32，无法使用 Windows 打印机 {printer}，"
            "请在设置中改用 USB、网络或串口地址"
        )
    raise PrinterConfigError(message, detail="import win32print failed")


def _windows_text(exc: Exception) -> tuple[int | None, str]:
    """(error code, Windows message) of a pywintypes.error; anything else as its text."""
    code = getattr(exc, "winerror", None)
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return (code if isinstance(code, int) else None), str(text).strip().rstrip("。.")


def _advice(code: int | None, printer: str) -> str:
    if code == ERROR_INVALID_PRINTER_NAME:
        return f"Windows 中找不到打印机「{printer}」，请在“设备和打印机”中核对名称后在设置中改正"
    if code == ERROR_INVALID_DATATYPE:
        return (
            "该打印机的 Windows 驱动不接受 RAW 数据，请把驱动改为"
            "“Generic / Text Only”或厂家提供的驱动"
        )
    if code == ERROR_ACCESS_DENIED:
        return "没有使用该打印机的权限，请联系电脑管理员"
    if code == RPC_S_SERVER_UNAVAILABLE:
        return "Windows 打印后台处理程序（Print Spooler）没有运行，请在“服务”中启动它"
    return "请在 Windows 的“设备和打印机”中检查该打印机"


def windows_error(printer: str, step: str, exc: Exception) -> PrinterConnectionError:
    """A failed win32print call as a printer error: the Windows message and what to do."""
    code, text = _windows_text(exc)
    function = getattr(exc, "funcname", None) or step
    detail = f"{function}: winerror {code}: {text}" if code is not None else f"{step}: {text}"
    return PrinterConnectionError(
        f"Windows 打印机 {printer} {step}失败（Windows：{text}），{_advice(code, printer)}",
        detail=detail,
    )


@dataclass(frozen=True)
class WindowsPrinterState:
    """``Status``, ``Attributes`` and ``cJobs`` of the printer's PRINTER_INFO_2."""

    status: int
    attributes: int
    jobs: int

    @property
    def problems(self) -> tuple[str, ...]:
        found = [text for bit, text in STATUS_PROBLEMS if self.status & bit]
        offline_bits = 0x00000080 | 0x00001000
        if self.attributes & PRINTER_ATTRIBUTE_WORK_OFFLINE and not self.status & offline_bits:
            found.append(
                f"{ISSUES['offline'].message}（Windows 设为“脱机使用打印机”），请检查 USB 线"
                "和电源，再在打印队列的“打印机”菜单中取消“脱机使用打印机”"
            )
        return tuple(found)

    @property
    def ready(self) -> bool:
        return not self.problems


def _state(info: Any) -> WindowsPrinterState:
    def number(key: str) -> int:
        value = info.get(key, 0) if isinstance(info, dict) else 0
        return int(value or 0)

    return WindowsPrinterState(number("Status"), number("Attributes"), number("cJobs"))


class WinspoolTransport:
    """``winspool://XP-58%20(副本%201)``: the job is collected and handed to the spooler on
    drain; the printer's Windows status is checked on open."""

    can_read = False

    def __init__(self, config: PrinterConfig) -> None:
        self._printer = config.queue
        self._buffer = bytearray()
        self._opened = False
        self.state: WindowsPrinterState | None = None

    @property
    def name(self) -> str:
        return f"Windows 打印机 {self._printer}"

    def _call(self, step: str, function: Callable[..., Any], *args: Any) -> Any:
        try:
            return function(*args)
        except Exception as exc:  # pywintypes.error and whatever else the spooler raises
            raise windows_error(self._printer, step, exc) from exc

    def _close_handle(self, win32print: ModuleType, handle: Any) -> None:
        try:
            win32print.ClosePrinter(handle)
        except Exception as exc:  # never hide the error that brought us here
            logger.warning("ClosePrinter(%s): %s", self._printer, exc)

    def _abort(self, win32print: ModuleType, handle: Any) -> None:
        """Delete the half-spooled document so that no partial receipt comes out."""
        try:
            win32print.AbortPrinter(handle)
        except Exception as exc:
            logger.warning("AbortPrinter(%s): %s", self._printer, exc)

    def read_state(self) -> WindowsPrinterState:
        """The printer's Windows status now (``PrinterError`` if it cannot be opened)."""
        win32print = _require(self._printer)
        handle = self._call("打开", win32print.OpenPrinter, self._printer)
        try:
            info = self._call("读取状态", win32print.GetPrinter, handle, 2)
        finally:
            self._close_handle(win32print, handle)
        return _state(info)

    def open(self) -> None:
        self._buffer.clear()
        state = self.read_state()
        self.state = state
        if not state.ready:
            raise PrinterStatusError(
                f"不能打印：{'；'.join(state.problems)}",
                detail=f"Status=0x{state.status:x} Attributes=0x{state.attributes:x}",
            )
        self._opened = True

    def write(self, data: bytes, timeout: float) -> None:
        if not self._opened:
            raise PrinterConnectionError(f"{self.name} 尚未打开，请重试")
        self._buffer += data

    def read(self, size: int, timeout: float) -> bytes:
        return b""

    def drain(self, timeout: float) -> None:
        """Submit the collected bytes as one RAW document (the spooler does not time out)."""
        if not self._buffer:
            return
        data = bytes(self._buffer)
        self._buffer.clear()
        self._submit(data)

    def _submit(self, data: bytes) -> None:
        win32print = _require(self._printer)
        handle = self._call("打开", win32print.OpenPrinter, self._printer)
        started = False
        try:
            document = (JOB_NAME, None, DATATYPE)
            self._call("开始打印任务", win32print.StartDocPrinter, handle, 1, document)
            started = True
            self._call("开始打印页", win32print.StartPagePrinter, handle)
            written = self._call("发送数据", win32print.WritePrinter, handle, data)
            if written != len(data):
                raise PrinterConnectionError(
                    f"{self.name} 只接收了 {written}/{len(data)} 字节，请检查打印机后重新打印"
                )
            self._call("结束打印页", win32print.EndPagePrinter, handle)
            self._call("提交打印任务", win32print.EndDocPrinter, handle)
            started = False
        finally:
            if started:
                self._abort(win32print, handle)
            self._close_handle(win32print, handle)

    def close(self) -> None:
        self._buffer.clear()
        self._opened = False


def list_windows_printers() -> list[str]:
    """Names of the printers installed in Windows and connected to; ``[]`` without pywin32."""
    win32print = _load()
    if win32print is None:
        return []
    flags = getattr(win32print, "PRINTER_ENUM_LOCAL", PRINTER_ENUM_LOCAL) | getattr(
        win32print, "PRINTER_ENUM_CONNECTIONS", PRINTER_ENUM_CONNECTIONS
    )
    try:
        found = win32print.EnumPrinters(flags, None, 4)  # level 4: names only, fast
    except Exception as exc:  # the spooler not running: nothing to offer
        logger.warning("EnumPrinters failed: %s", exc)
        return []
    names: list[str] = []
    for info in found:
        name = str(info.get("pPrinterName") or "") if isinstance(info, dict) else ""
        if name and name not in names:
            names.append(name)
    return names
