"""The printers of this PC as the status bar shows them: a word of health and job counts."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from counter_app.i18n import tr
from counter_app.printing.views import JobState, PrinterStateView, PrinterView
from counter_app.printing.worker import HEALTHY, Health

DISABLED = Health(tr("已停用"), True)
NONE_CONFIGURED = tr("打印机：未配置")


def printer_states(
    printers: Sequence[PrinterView],
    counts: dict[uuid.UUID, dict[str, int]],
    health_of: Callable[[uuid.UUID], Health | None],
) -> list[PrinterStateView]:
    states = []
    for printer in printers:
        health = (health_of(printer.id) or HEALTHY) if printer.enabled else DISABLED
        mine = counts.get(printer.id, {})
        states.append(
            PrinterStateView(
                printer_id=printer.id,
                name=printer.name,
                role=printer.role,
                health=health.word,
                ok=health.ok,
                queued=mine.get(JobState.QUEUED, 0) + mine.get(JobState.SENDING, 0),
                failed=mine.get(JobState.FAILED, 0),
                message=health.message,
            )
        )
    return states


def status_line(states: Sequence[PrinterStateView]) -> str:
    """E.g. "票据打印机：正常  面单打印机：缺纸（1 个失败）"; "打印机：未配置" without printers."""
    if not states:
        return NONE_CONFIGURED
    return "  ".join(state.text for state in states)
