"""Serial printers through pyserial (RS-232, USB-serial adapters)."""

from __future__ import annotations

import errno
import logging
import time

import serial

from printers.errors import PrinterConfigError, PrinterConnectionError
from printers.transports.config import STANDARD_BAUDS, Flow, PrinterConfig

logger = logging.getLogger(__name__)


def _open_error(path: str, baud: int, exc: serial.SerialException) -> PrinterConnectionError:
    code, text = getattr(exc, "errno", None), str(exc)
    if code == errno.ENOENT:
        message = f"打印机端口 {path} 不存在，请检查连接线或在设置中选择正确的端口"
    elif code == errno.EACCES:
        message = f"没有权限打开串口 {path}，请让管理员把当前用户加入 dialout 组"
    elif code == errno.EBUSY or "lock" in text.lower():
        message = f"串口 {path} 正被其他程序占用，请关闭占用它的程序后重试"
    elif "baud" in text.lower():
        message = f"串口 {path} 不接受波特率 {baud}，请改成打印机自检页上的波特率"
    elif "configure" in text.lower():
        message = f"{path} 不是串口，请在设置中选择正确的打印机端口"
    else:
        message = f"无法打开串口 {path}，请检查连接线和设置"
    return PrinterConnectionError(message, detail=text)


class SerialTransport:
    """``serial:///dev/ttyS0?baud=9600&parity=N&flow=rtscts``.

    ``pace`` spaces the writes at the line rate (start + data + parity + stop bits per byte),
    for ports that do not throttle (pseudo-terminals, adapters with deep buffers).
    """

    can_read = True

    def __init__(self, config: PrinterConfig) -> None:
        self._config = config
        self._port: serial.Serial | None = None
        self._line_free_at = 0.0

    @property
    def name(self) -> str:
        return f"串口 {self._config.path}"

    def open(self) -> None:
        c = self._config
        if c.baud not in STANDARD_BAUDS:
            raise PrinterConfigError(
                f"串口 {c.path} 不支持波特率 {c.baud}，请改成 9600、19200、38400 或 115200"
            )
        try:
            self._port = serial.Serial(
                port=c.path, baudrate=c.baud, bytesize=c.byte_size, parity=c.parity,
                stopbits=c.stop_bits, rtscts=c.flow is Flow.RTSCTS,
                xonxoff=c.flow is Flow.XONXOFF, dsrdtr=c.flow is Flow.DSRDTR,
                timeout=c.timeout, write_timeout=c.timeout, exclusive=True,
            )  # fmt: skip
        except ValueError as exc:
            raise PrinterConfigError(
                f"串口 {c.path} 不接受这些参数（波特率 {c.baud}、校验 {c.parity}），请核对设置",
                detail=str(exc),
            ) from exc
        except serial.SerialException as exc:
            raise _open_error(c.path, c.baud, exc) from exc

    def _require(self) -> serial.Serial:
        if self._port is None:
            raise PrinterConnectionError(f"{self.name} 尚未打开，请重试")
        return self._port

    def _byte_seconds(self) -> float:
        c = self._config
        parity = 0 if c.parity == "N" else 1
        return (1 + c.byte_size + parity + c.stop_bits) / c.baud

    def _write_paced(self, port: serial.Serial, data: bytes) -> None:
        step = max(1, self._config.baud // 500)  # about 20 ms of line time
        for offset in range(0, len(data), step):
            piece = data[offset : offset + step]
            port.write(piece)
            start = max(self._line_free_at, time.monotonic())
            self._line_free_at = start + len(piece) * self._byte_seconds()
            delay = self._line_free_at - time.monotonic()
            if delay > 0:
                time.sleep(delay)

    def write(self, data: bytes, timeout: float) -> None:
        port = self._require()
        if port.write_timeout != timeout:
            port.write_timeout = timeout
        try:
            if self._config.pace:
                self._write_paced(port, data)
            else:
                port.write(data)
        except serial.SerialTimeoutException as exc:
            raise PrinterConnectionError(
                f"打印机 {timeout:g} 秒内没有接收数据（{self.name}），"
                "可能缺纸、开盖或流控设置不对，请检查打印机后重新打印",
                detail=str(exc),
            ) from exc
        except serial.SerialException as exc:
            raise PrinterConnectionError(
                f"与打印机的连接中断（{self.name}），请检查连接线和电源后重新打印", detail=str(exc)
            ) from exc

    def read(self, size: int, timeout: float) -> bytes:
        port = self._require()
        try:
            if port.timeout != timeout:
                port.timeout = timeout
            return bytes(port.read(size))
        except serial.SerialException as exc:
            raise PrinterConnectionError(
                f"读取打印机状态失败（{self.name}），请检查连接线和电源", detail=str(exc)
            ) from exc

    def drain(self, timeout: float) -> None:
        port = self._require()
        try:
            port.flush()
        except (serial.SerialException, OSError) as exc:
            raise PrinterConnectionError(
                f"与打印机的连接中断（{self.name}），请检查连接线和电源后重新打印", detail=str(exc)
            ) from exc

    def close(self) -> None:
        if self._port is not None:
            try:
                self._port.close()
            except (serial.SerialException, OSError) as exc:
                logger.warning("closing %s: %s", self._config.path, exc)
            self._port = None
