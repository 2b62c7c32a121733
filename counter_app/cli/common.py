"""Small helpers shared by the counter-admin command modules."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date

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


def secret_from_stdin(flag: bool, option: str, what: str) -> str:
    """The first line of standard input when ``option`` was given; secrets never go on the
    command line (they would stay in the shell history and the process list)."""
    if not flag:
        raise CounterError(
            tr("请用 {o} 从标准输入提供{w}，如：echo '…' | counter-admin …", o=option, w=what),
            "password",
        )
    value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        raise CounterError(tr("标准输入没有读到{w}（{o}）", w=what, o=option), "password")
    return value


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
