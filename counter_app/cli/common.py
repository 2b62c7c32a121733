"""Small helpers shared by the counter-admin command modules."""

from __future__ import annotations

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
