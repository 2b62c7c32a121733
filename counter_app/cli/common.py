"""Small helpers shared by the counter-admin command modules."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import BinaryIO

from counter_app.core.errors import CounterError
from counter_app.i18n import tr


def parse_day(text: str | None) -> date:
    """``--date YYYY-MM-DD`` (today when not given), or a Chinese message saying the format."""
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CounterError(tr("日期格式应为 YYYY-MM-DD，如 2026-11-28"), "date") from None


def whole(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type``: an integer from ``low`` to ``high``. A number no database column
    holds (``--limit 9223372036854775808``) is bad input here, not an overflow later."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip()) if text.strip().lstrip("+-").isascii() else None
        except ValueError:
            value = None
        if value is None:
            raise argparse.ArgumentTypeError(tr("应为整数，收到“{t}”", t=text[:40]))
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                tr("应为 {a} 到 {b} 之间的整数，收到 {v}", a=low, b=high, v=text[:40])
            )
        return value

    return parse


def secret_from_stdin(flag: bool, option: str, what: str) -> str:
    """The first line of standard input when ``option`` was given; secrets never go on the
    command line (they would stay in the shell history and the process list)."""
    if not flag:
        raise CounterError(
            tr("请用 {o} 从标准输入提供{w}，如：echo '…' | counter-admin …", o=option, w=what),
            "password",
        )
    value = stdin_line()
    if not value:
        raise CounterError(tr("标准输入没有读到{w}（{o}）", w=what, o=option), "password")
    return value


def stdin_line() -> str:
    """The first line of standard input without its line break; bytes that are not UTF-8
    (a password typed in another encoding) are bad input, not a crash."""
    try:
        return sys.stdin.readline().rstrip("\r\n")
    except UnicodeDecodeError:
        raise CounterError(
            tr("标准输入不是有效的 UTF-8 文字，请检查终端或文件的编码"), "password"
        ) from None


@contextmanager
def naming_fields(labels: Mapping[str, str]) -> Iterator[None]:
    """Put the option's name before a service's message, e.g. "管理员密码（--password-stdin）：
    密码至少 8 位"; the services' messages were written for a form beside the field."""
    try:
        yield
    except CounterError as exc:
        label = labels.get(exc.field or "")
        if label is None:
            raise
        raise CounterError(f"{label}：{exc.message}", exc.field) from None


_OS_REASONS = {
    errno.ENOENT: tr("文件或所在文件夹不存在"),
    errno.ENOTDIR: tr("路径中有一段不是文件夹"),
    errno.EACCES: tr("没有写入权限"),
    errno.EPERM: tr("没有写入权限"),
    errno.EROFS: tr("该位置只读"),
    errno.ENOSPC: tr("磁盘已满"),
    errno.EISDIR: tr("这是一个文件夹"),
    errno.ENAMETOOLONG: tr("文件名过长"),
}


def os_reason(exc: BaseException) -> str:
    """Why a file could not be read or written, in Chinese where the reason is a common one."""
    if isinstance(exc, OSError) and exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def _cannot_write(path: object, option: str, exc: BaseException) -> CounterError:
    reason = os_reason(exc)
    return CounterError(tr("无法写入文件 {f}（{o}）：{e}", f=path, o=option, e=reason), "out")


class Output:
    """The file a command writes its result to (``output_file``)."""

    def __init__(self, path: Path, option: str, handle: BinaryIO) -> None:
        self.path, self._option, self._handle = path, option, handle

    def write(self, data: bytes) -> None:
        try:
            self._handle.write(data)
            self._handle.flush()
        except OSError as exc:
            raise _cannot_write(self.path, self._option, exc) from None


@contextmanager
def output_file(text: str, option: str = "--out") -> Iterator[Output]:
    """A file to write the command's result to, opened before the work is done: a folder that
    does not exist, a read-only place (/proc) or a name that is no file name is refused before
    anything is computed or recorded. The bytes go to a temporary file beside the target that
    replaces it only when the command succeeded, so a failure leaves no half-written file."""
    path = Path(text)
    if not text.strip() or not path.name or "\x00" in text:
        raise CounterError(tr("{o} 应为文件名，收到“{t}”", o=option, t=text), "out")
    try:
        is_dir = path.is_dir()
    except OSError:  # e.g. a name too long: open() below says so
        is_dir = False
    if is_dir:
        raise CounterError(tr("{o} 指向的 {f} 是文件夹，请给出文件名", o=option, f=path), "out")
    temporary = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        handle = open(temporary, "xb")  # noqa: SIM115 - closed below, renamed on success
    except (OSError, ValueError) as exc:
        raise _cannot_write(path, option, exc) from None
    try:
        yield Output(path, option, handle)
        handle.close()
        try:
            os.replace(temporary, path)
        except OSError as exc:
            raise _cannot_write(path, option, exc) from None
    finally:
        handle.close()
        temporary.unlink(missing_ok=True)
