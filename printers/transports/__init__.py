"""Printer connections behind one ``Transport`` protocol, chosen by a URL-like string."""

from __future__ import annotations

from collections.abc import Callable

from printers.transports.base import Transport
from printers.transports.config import Flow, PrinterConfig, parse_printer_url, winspool_url
from printers.transports.files import DeviceFileTransport, FileTransport
from printers.transports.serialport import SerialTransport
from printers.transports.spool import SpoolTransport
from printers.transports.tcp import TcpTransport
from printers.transports.usb import UsbTransport
from printers.transports.winspool import WinspoolTransport, list_windows_printers

__all__ = [
    "DeviceFileTransport",
    "FileTransport",
    "Flow",
    "PrinterConfig",
    "SerialTransport",
    "SpoolTransport",
    "TcpTransport",
    "Transport",
    "UsbTransport",
    "WinspoolTransport",
    "list_windows_printers",
    "make_transport",
    "open_transport",
    "parse_printer_url",
    "winspool_url",
]


def make_transport(config: PrinterConfig) -> Transport:
    """The transport for ``config``, not yet opened."""
    kinds: dict[str, Callable[[PrinterConfig], Transport]] = {
        "serial": SerialTransport,
        "usb": UsbTransport,
        "usbfile": DeviceFileTransport,
        "tcp": TcpTransport,
        "spool": SpoolTransport,
        "winspool": WinspoolTransport,
        "file": FileTransport,
    }
    return kinds[config.scheme](config)


def open_transport(config: PrinterConfig | str) -> Transport:
    """An opened transport for ``config`` (or a printer URL); ``PrinterError`` if it fails."""
    if isinstance(config, str):
        config = parse_printer_url(config)
    transport = make_transport(config)
    transport.open()
    return transport
