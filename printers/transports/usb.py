"""USB printers through pyusb/libusb, by vendor and product id (``usb://0x0416:0x5011``)."""

from __future__ import annotations

import errno
import logging
from typing import Any

from printers.errors import PrinterConnectionError
from printers.transports.config import PrinterConfig

logger = logging.getLogger(__name__)
_CONFIGURED: set[tuple[int, int]] = set()  # (bus, address): set_configuration resets a device


def _find(vendor: int, product: int) -> Any:
    import usb.core

    try:
        device = usb.core.find(idVendor=vendor, idProduct=product)
    except usb.core.NoBackendError as exc:
        raise PrinterConnectionError(
            "本机缺少 USB 驱动库 libusb，请安装 libusb，或在设置中改用 usbfile:///dev/usb/lp0",
            detail=str(exc),
        ) from exc
    if device is None:
        raise PrinterConnectionError(
            f"未找到 USB 打印机（{vendor:04x}:{product:04x}），请检查 USB 线是否插好、"
            "打印机是否开机"
        )
    return device


def _usb_error(name: str, exc: Exception) -> PrinterConnectionError:
    code = getattr(exc, "errno", None)
    if code == errno.EACCES:
        message = f"没有权限使用{name}，请让管理员添加 udev 规则或把用户加入 lp 组"
    elif code == errno.EBUSY:
        message = f"{name}正被其他程序占用，请关闭占用它的程序后重试"
    elif code == errno.ETIMEDOUT:
        message = f"{name}没有及时接收数据，可能缺纸或开盖，请检查后重新打印"
    else:
        message = f"与{name}的连接中断，请检查 USB 线和电源后重新打印"
    return PrinterConnectionError(message, detail=str(exc))


class UsbTransport:
    def __init__(self, config: PrinterConfig) -> None:
        self._ids = (config.vendor_id, config.product_id)
        self._out: Any = None
        self._in: Any = None

    @property
    def name(self) -> str:
        return f"USB 打印机 {self._ids[0]:04x}:{self._ids[1]:04x}"

    @property
    def can_read(self) -> bool:
        return self._in is not None

    def _configure(self, device: Any) -> None:
        key = (device.bus, device.address)
        if key in _CONFIGURED:
            return
        if device.is_kernel_driver_active(0):
            device.detach_kernel_driver(0)
        device.set_configuration()
        _CONFIGURED.add(key)

    def open(self) -> None:
        import usb.core
        import usb.util

        device = _find(*self._ids)
        try:
            self._configure(device)
            interface = device.get_active_configuration()[(0, 0)]
        except (usb.core.USBError, NotImplementedError) as exc:
            raise _usb_error(self.name, exc) from exc

        def direction(wanted: int) -> Any:
            return usb.util.find_descriptor(
                interface,
                custom_match=lambda e: usb.util.endpoint_direction(e.bEndpointAddress) == wanted,
            )

        self._out, self._in = direction(usb.util.ENDPOINT_OUT), direction(usb.util.ENDPOINT_IN)
        if self._out is None:
            raise PrinterConnectionError(f"{self.name}不是打印机（没有输出端点），请检查设置")

    def write(self, data: bytes, timeout: float) -> None:
        import usb.core

        if self._out is None:
            raise PrinterConnectionError(f"{self.name} 尚未打开，请重试")
        try:
            written = self._out.write(data, timeout=int(timeout * 1000))
        except usb.core.USBError as exc:
            raise _usb_error(self.name, exc) from exc
        if written != len(data):
            raise PrinterConnectionError(f"{self.name}只接收了部分数据，请检查后重新打印")

    def read(self, size: int, timeout: float) -> bytes:
        import usb.core

        if self._in is None:
            return b""
        try:
            return bytes(self._in.read(size, timeout=int(timeout * 1000)))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise _usb_error(self.name, exc) from exc

    def drain(self, timeout: float) -> None:
        if self._out is None:
            raise PrinterConnectionError(f"{self.name} 尚未打开，请重试")

    def close(self) -> None:
        if self._out is not None:
            import usb.util

            usb.util.dispose_resources(self._out.device)
        self._out = self._in = None
