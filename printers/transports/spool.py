"""The operating system's printer queue (CUPS ``lp``/``lpr``), raw data."""

from __future__ import annotations

import shutil
import subprocess

from printers.errors import PrinterConnectionError
from printers.transports.config import PrinterConfig


class SpoolTransport:
    """``spool://PRINTERNAME``: the job is collected and handed to ``lp -o raw`` on drain."""

    can_read = False

    def __init__(self, config: PrinterConfig) -> None:
        self._queue = config.queue
        self._command: list[str] = []
        self._buffer = bytearray()

    @property
    def name(self) -> str:
        return f"系统打印机 {self._queue}"

    def open(self) -> None:
        lp, lpr = shutil.which("lp"), shutil.which("lpr")
        if lp:
            self._command = [lp, "-s", "-d", self._queue, "-o", "raw"]
        elif lpr:
            self._command = [lpr, "-P", self._queue, "-o", "raw"]
        else:
            raise PrinterConnectionError(
                "本机没有系统打印服务（找不到 lp/lpr 命令），请安装 CUPS，"
                "或在设置中改用 USB、网络或串口连接打印机"
            )
        self._buffer.clear()

    def write(self, data: bytes, timeout: float) -> None:
        if not self._command:
            raise PrinterConnectionError(f"{self.name} 尚未打开，请重试")
        self._buffer += data

    def read(self, size: int, timeout: float) -> bytes:
        return b""

    def drain(self, timeout: float) -> None:
        if not self._buffer:
            return
        try:
            done = subprocess.run(
                self._command, input=bytes(self._buffer), capture_output=True, timeout=timeout
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrinterConnectionError(
                f"提交到{self.name}失败，请检查系统打印服务是否在运行", detail=str(exc)
            ) from exc
        if done.returncode != 0:
            error = done.stderr.decode("utf-8", "replace").strip()
            raise PrinterConnectionError(
                f"{self.name}不存在或没有就绪，请在系统打印设置中检查", detail=error
            )
        self._buffer.clear()

    def close(self) -> None:
        self._buffer.clear()
