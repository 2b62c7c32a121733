"""Network printers: raw TCP, port 9100 (JetDirect/AppSocket)."""

from __future__ import annotations

import logging
import socket

from printers.errors import PrinterConnectionError
from printers.transports.config import PrinterConfig

logger = logging.getLogger(__name__)


def _connect_error(target: str, exc: OSError) -> PrinterConnectionError:
    if isinstance(exc, ConnectionRefusedError):
        message = f"网络打印机 {target} 拒绝连接，请检查打印机是否开机、IP 地址和端口（通常 9100）"
    elif isinstance(exc, TimeoutError):
        message = f"连接网络打印机 {target} 超时，请检查网线、打印机电源和 IP 地址"
    elif isinstance(exc, socket.gaierror):
        message = f"找不到网络打印机 {target}，请检查设置中的 IP 地址"
    else:
        message = f"无法连接网络打印机 {target}，请检查网线、打印机电源和 IP 地址"
    return PrinterConnectionError(message, detail=str(exc))


class TcpTransport:
    """``tcp://10.0.0.5:9100``."""

    can_read = True

    def __init__(self, config: PrinterConfig) -> None:
        self._config = config
        self._sock: socket.socket | None = None

    @property
    def name(self) -> str:
        return f"网络打印机 {self._config.host}:{self._config.port}"

    def open(self) -> None:
        target = (self._config.host, self._config.port)
        try:
            self._sock = socket.create_connection(target, timeout=self._config.timeout)
        except OSError as exc:
            raise _connect_error(f"{target[0]}:{target[1]}", exc) from exc

    def _require(self) -> socket.socket:
        if self._sock is None:
            raise PrinterConnectionError(f"{self.name} 尚未连接，请重试")
        return self._sock

    def write(self, data: bytes, timeout: float) -> None:
        sock = self._require()
        sock.settimeout(timeout)
        try:
            sock.sendall(data)
        except TimeoutError as exc:
            raise PrinterConnectionError(
                f"{self.name} {timeout:g} 秒内没有接收数据，可能缺纸或开盖，请检查后重新打印",
                detail=str(exc),
            ) from exc
        except OSError as exc:
            raise PrinterConnectionError(
                f"与{self.name}的连接中断，请检查网线和打印机电源后重新打印", detail=str(exc)
            ) from exc

    def read(self, size: int, timeout: float) -> bytes:
        sock = self._require()
        sock.settimeout(timeout)
        try:
            data = sock.recv(size)
        except (TimeoutError, BlockingIOError):  # timeout 0 makes the socket non-blocking
            return b""
        except OSError as exc:
            raise PrinterConnectionError(
                f"读取{self.name}状态失败，请检查网线和电源", detail=str(exc)
            ) from exc
        if not data:
            raise PrinterConnectionError(f"{self.name}断开了连接，请检查打印机后重试")
        return data

    def drain(self, timeout: float) -> None:
        self._require()

    def close(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError as exc:
                logger.warning("closing %s: %s", self.name, exc)
            self._sock = None
