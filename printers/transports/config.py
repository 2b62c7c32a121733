"""A printer connection as one URL-like string, e.g. ``serial:///dev/ttyS0?baud=9600``.

Schemes: ``serial`` (path, baud, parity, stop, bits, flow, pace), ``usb`` (vendor:product in
hex), ``usbfile`` (a kernel printer device such as /dev/usb/lp0), ``tcp`` (host[:port],
default 9100), ``spool`` (the CUPS printer name), ``winspool`` (a Windows printer name, RAW
through the Windows spooler), ``file`` (path, append). All take ``timeout`` (seconds).

Printer names (``spool``, ``winspool``) are percent-encoded UTF-8 in the URL. For
``winspool`` everything between ``winspool://`` and the first ``?`` is the name, so a name
typed as is (spaces, Chinese, parentheses, ``#``) is understood too; only ``%`` and ``?``
must be written ``%25`` and ``%3F``. ``winspool_url`` writes the canonical form:
space, ``%``, ``?``, ``#``, ``/`` and control characters encoded, Chinese left readable, e.g.
``winspool://XP-58%20(副本%201)``.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from printers.errors import PrinterConfigError

STANDARD_BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)
SCHEMES = ("serial", "usb", "usbfile", "tcp", "spool", "winspool", "file")
WINSPOOL = "winspool://"
_WINSPOOL_ENCODED = frozenset(" %?#/")
_OPTIONS = {
    "serial": {"baud", "parity", "stop", "bits", "flow", "timeout", "pace"},
    "file": {"append", "timeout"},
}


class Flow(StrEnum):
    NONE = "none"
    RTSCTS = "rtscts"
    XONXOFF = "xonxoff"
    DSRDTR = "dsrdtr"


@dataclass(frozen=True)
class PrinterConfig:
    url: str
    scheme: str
    path: str = ""
    host: str = ""
    port: int = 9100
    vendor_id: int = 0
    product_id: int = 0
    queue: str = ""
    baud: int = 9600
    parity: str = "N"
    stop_bits: float = 1
    byte_size: int = 8
    flow: Flow = Flow.NONE
    timeout: float = 10.0
    pace: bool = False
    append: bool = False


def _bad(url: str, what: str) -> PrinterConfigError:
    return PrinterConfigError(f"打印机地址「{url}」有误：{what}，请在设置中改正")


_LIMITS = {"baud": 921600, "timeout": 600}  # the largest sensible value of each number


def _number(url: str, key: str, value: str, kind: type[int] | type[float]) -> float:
    try:
        number = kind(value) if len(value) <= 20 and value.isascii() else None
    except ValueError:
        number = None
    if number is None or not math.isfinite(number):
        raise _bad(url, f"{key}={value[:20]} 不是数字")
    if not 0 < number <= _LIMITS[key]:
        raise _bad(url, f"{key}={value} 应大于 0、不超过 {_LIMITS[key]}")
    return number


def _no_control(url: str, what: str, text: str) -> str:
    """A path or printer name from the URL, without control characters (``%00`` decodes to
    a NUL, which no file or printer name holds). Spaces of any kind (the ideographic space
    of a Chinese printer name) are names' own."""
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise _bad(url, f"{what}中含有控制字符")
    return text


def _serial_options(url: str, query: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = {}
    if "baud" in query:
        baud = int(_number(url, "baud", query["baud"], int))
        if baud not in STANDARD_BAUDS:
            raise _bad(url, f"波特率 {baud} 不是打印机支持的值（常用 9600、19200、38400、115200）")
        out["baud"] = baud
    parity = query.get("parity", "N").upper()
    if parity not in ("N", "E", "O", "M", "S"):
        raise _bad(url, f"校验位 parity={parity} 应为 N、E 或 O")
    stop = query.get("stop", "1")
    if stop not in ("1", "1.5", "2"):
        raise _bad(url, f"停止位 stop={stop} 应为 1 或 2")
    bits = query.get("bits", "8")
    if bits not in ("5", "6", "7", "8"):
        raise _bad(url, f"数据位 bits={bits} 应为 7 或 8")
    try:
        out["flow"] = Flow(query.get("flow", "none").lower())
    except ValueError:
        raise _bad(url, "流控 flow 应为 none、rtscts、xonxoff 或 dsrdtr") from None
    out.update(parity=parity, stop_bits=float(stop), byte_size=int(bits))
    out["pace"] = query.get("pace", "0") in ("1", "true", "yes")
    return out


def _usb_ids(url: str, netloc: str) -> dict[str, object]:
    parts = netloc.split(":")
    try:
        vendor, product = (int(p, 16) for p in parts)
    except ValueError:
        vendor = product = -1
    if not (0 <= vendor <= 0xFFFF and 0 <= product <= 0xFFFF):
        raise _bad(url, "USB 地址应为 厂商号:产品号（十六进制），如 usb://0x0416:0x5011")
    return {"vendor_id": vendor, "product_id": product}


def _tcp_target(url: str, netloc: str) -> dict[str, object]:
    try:
        parts = urlsplit(f"//{netloc}")
    except ValueError:  # e.g. tcp://[::1:9100, a bracket not closed
        raise _bad(url, "IP 地址写法不对（IPv6 地址写成 tcp://[::1]:9100）") from None
    try:
        port = parts.port or 9100
    except ValueError:
        raise _bad(url, "端口号不对（网络打印机通常为 9100）") from None
    if not parts.hostname:
        raise _bad(url, "缺少打印机 IP 地址")
    return {"host": parts.hostname, "port": port}


def _target(url: str, scheme: str, netloc: str, path: str) -> dict[str, object]:
    if scheme == "usb":
        return _usb_ids(url, netloc)
    if scheme == "tcp":
        return _tcp_target(url, netloc)
    if scheme == "spool":
        if not netloc:
            raise _bad(url, "缺少系统打印机名称")
        return {"queue": _no_control(url, "打印机名称", unquote(netloc))}
    location = _no_control(
        url, "端口或文件路径", unquote(netloc + path)
    )  # serial://COM3 on Windows, serial:///dev/ttyS0
    if not location:
        raise _bad(url, "缺少端口或文件路径")
    return {"path": location}


def _common_options(url: str, scheme: str, query: dict[str, str]) -> dict[str, object]:
    unknown = set(query) - _OPTIONS.get(scheme, {"timeout"})
    if unknown:
        raise _bad(url, f"不认识的设置项 {', '.join(sorted(unknown))}")
    out: dict[str, object] = {}
    if "timeout" in query:
        out["timeout"] = _number(url, "timeout", query["timeout"], float)
    if scheme == "serial":
        out.update(_serial_options(url, query))
    if scheme == "file":
        out["append"] = query.get("append", "0") in ("1", "true", "yes")
    return out


def winspool_url(printer_name: str) -> str:
    """The ``winspool://`` URL of a Windows printer name (see the module docstring)."""
    encoded = "".join(
        quote(char, safe="") if char in _WINSPOOL_ENCODED or not char.isprintable() else char
        for char in printer_name
    )
    return WINSPOOL + encoded


def _winspool_config(url: str, text: str) -> PrinterConfig:
    if not text[: len(WINSPOOL)].lower() == WINSPOOL:
        raise _bad(url, "Windows 打印机应写成 winspool://打印机名称")
    name, _, query_text = text[len(WINSPOOL) :].partition("?")
    name = _no_control(url, "打印机名称", unquote(name))
    if not name.strip():
        raise _bad(url, "缺少 Windows 打印机名称，如 winspool://XP-58")
    query = dict(parse_qsl(query_text, keep_blank_values=True))
    fields = _common_options(url, "winspool", query)
    return PrinterConfig(url=url, scheme="winspool", queue=name, **fields)  # type: ignore[arg-type]


def parse_printer_url(url: str) -> PrinterConfig:
    """``PrinterConfig`` from a printer URL, or ``PrinterConfigError`` saying what is wrong."""
    text = url.strip()
    if text[:9].lower() == "winspool:":  # before urlsplit: a Windows name is not a host name
        return _winspool_config(url, text)
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an IPv6 bracket not closed
        raise _bad(url, "地址写法不对（IPv6 地址写成 tcp://[::1]:9100）") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise PrinterConfigError(
            f"不认识的打印机地址「{url}」，应以 serial://、usb://、usbfile://、tcp://、"
            "spool://、winspool:// 或 file:// 开头，请在设置中改正"
        )
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    fields = _target(url, scheme, parts.netloc, parts.path)
    fields.update(_common_options(url, scheme, query))
    return PrinterConfig(url=url, scheme=scheme, **fields)  # type: ignore[arg-type]
