"""Printers that are files: a kernel printer device (``usbfile:///dev/usb/lp0``, read/write
for status where the printer answers) and a plain file (``file:///tmp/out.bin``)."""

from __future__ import annotations

import errno
import logging
import os
import select
import stat
import time

from printers.errors import PrinterConfigError, PrinterConnectionError
from printers.transports.config import PrinterConfig

logger = logging.getLogger(__name__)


def _device_open_error(path: str, exc: OSError) -> PrinterConnectionError:
    if exc.errno == errno.ENOENT:
        message = f"找不到 USB 打印机设备 {path}，请检查 USB 线是否插好、打印机是否开机"
    elif exc.errno == errno.EACCES:
        message = f"没有权限使用打印机设备 {path}，请让管理员把当前用户加入 lp 组"
    elif exc.errno in (errno.ENXIO, errno.ENODEV):
        message = f"打印机设备 {path} 没有连接，请检查 USB 线和打印机电源"
    elif exc.errno == errno.EBUSY:
        message = f"打印机设备 {path} 正被其他程序占用，请关闭占用它的程序后重试"
    else:
        message = f"无法打开打印机设备 {path}，请检查连接和设置"
    return PrinterConnectionError(message, detail=str(exc))


class DeviceFileTransport:
    """A kernel printer device file (/dev/usb/lp0, /dev/lp0); a FIFO works as a stand-in."""

    def __init__(self, config: PrinterConfig) -> None:
        self._path = config.path
        self._fd: int | None = None
        self._readable = False

    @property
    def name(self) -> str:
        return f"USB 打印机 {self._path}"

    @property
    def can_read(self) -> bool:
        return self._readable

    def _flags(self) -> int:
        mode = os.stat(self._path).st_mode
        if stat.S_ISCHR(mode):
            self._readable = True
            return os.O_RDWR
        if stat.S_ISFIFO(mode):
            return os.O_WRONLY  # ENXIO below while nobody reads: "not connected"
        return os.O_WRONLY | os.O_APPEND

    def open(self) -> None:
        if os.name == "nt":
            raise PrinterConfigError(
                "usbfile:// 只能在 Linux 上使用，Windows 请在设置中改用 usb:// 或 spool://"
            )
        try:
            self._fd = os.open(self._path, self._flags() | os.O_NONBLOCK | os.O_NOCTTY)
        except OSError as exc:
            raise _device_open_error(self._path, exc) from exc

    def _require(self) -> int:
        if self._fd is None:
            raise PrinterConnectionError(f"{self.name} 尚未打开，请重试")
        return self._fd

    def write(self, data: bytes, timeout: float) -> None:
        fd, view, deadline = self._require(), memoryview(data), time.monotonic() + timeout
        while view:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([], [fd], [], remaining)[1]:
                raise PrinterConnectionError(
                    f"打印机 {timeout:g} 秒内没有接收数据（{self.name}），可能缺纸或开盖，"
                    "请检查打印机后重新打印"
                )
            try:
                view = view[os.write(fd, view) :]
            except BlockingIOError:
                continue
            except OSError as exc:
                raise PrinterConnectionError(
                    f"与打印机的连接中断（{self.name}），请检查 USB 线和电源后重新打印",
                    detail=str(exc),
                ) from exc

    def read(self, size: int, timeout: float) -> bytes:
        fd = self._require()
        if not self._readable or not select.select([fd], [], [], timeout)[0]:
            return b""
        try:
            return os.read(fd, size)
        except BlockingIOError:
            return b""
        except OSError as exc:
            raise PrinterConnectionError(
                f"读取打印机状态失败（{self.name}），请检查 USB 线和电源", detail=str(exc)
            ) from exc

    def drain(self, timeout: float) -> None:
        self._require()

    def close(self) -> None:
        if self._fd is not None:
            try:
                os.close(self._fd)
            except OSError as exc:
                logger.warning("closing %s: %s", self._path, exc)
            self._fd = None


class FileTransport:
    """``file:///tmp/out.bin``: the job bytes into a file (truncated, or ``append=1``)."""

    can_read = False

    def __init__(self, config: PrinterConfig) -> None:
        self._config = config
        self._fd: int | None = None

    @property
    def name(self) -> str:
        return f"文件 {self._config.path}"

    def open(self) -> None:
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if self._config.append else os.O_TRUNC)
        try:
            self._fd = os.open(self._config.path, flags, 0o644)
        except OSError as exc:
            raise PrinterConnectionError(
                f"无法写入文件 {self._config.path}，请检查目录是否存在、是否有写权限",
                detail=str(exc),
            ) from exc

    def write(self, data: bytes, timeout: float) -> None:
        if self._fd is None:
            raise PrinterConnectionError(f"{self.name} 尚未打开，请重试")
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError as exc:
            raise PrinterConnectionError(
                f"写入文件 {self._config.path} 失败（磁盘满或无权限），请检查后重试",
                detail=str(exc),
            ) from exc

    def read(self, size: int, timeout: float) -> bytes:
        return b""

    def drain(self, timeout: float) -> None:
        if self._fd is None:
            return
        try:
            os.fsync(self._fd)
        except OSError as exc:  # not every file can be synced (/dev/null, pipes)
            logger.debug("fsync %s: %s", self._config.path, exc)

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
