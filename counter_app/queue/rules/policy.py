"""Queue rules with no I/O: ticket numbers, the place key, priority interleaving, the order a
window calls in, the wait estimate and the checks on the administrator's configuration.

Priority interleaving: a priority ticket is placed as if it had been issued
``PRIORITY_ADVANCE_MINUTES`` earlier (its *place key* is its issue time minus the advance).
It passes the normal tickets issued in that span but never someone who has waited longer, so
a stream of priority tickets cannot starve the normal queue, and the rule is one ``ORDER BY``
column the database can index. A transferred or handed-over ticket keeps its place key.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

from counter_app.core.errors import CounterError, ValidationError
from counter_app.i18n import tr
from counter_app.queue.rules.tickets import CategoryView, Priority, WaitEstimate, WindowView

PRIORITY_ADVANCE_MINUTES: dict[Priority, int] = {
    Priority.NORMAL: 0,
    Priority.ELDERLY: 15,
    Priority.DISABLED: 15,
    Priority.APPOINTMENT: 30,
}
NUMBER_DIGITS = 3
MAX_RECALLS = 3
MANY_WAITING = 20  # the kiosk asks before issuing when at least this many are ahead
MAX_KIOSK_CHOICES = 6

_PREFIX = re.compile(r"^[A-Z]$")
_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,7}$")
_WINDOW = re.compile(r"^[0-9]{1,3}$")


def ticket_number(prefix: str, seq: int) -> str:
    """``A001``: the prefix and the day's sequence, at least three digits."""
    return f"{prefix}{seq:0{NUMBER_DIGITS}d}"


def place_key(issued_at: datetime, priority: Priority) -> int:
    """Milliseconds of the (virtual) arrival: the issue time less the priority advance."""
    millis = int(issued_at.timestamp() * 1000)
    return millis - PRIORITY_ADVANCE_MINUTES[priority] * 60_000


def requeue_key(now: datetime) -> int:
    """A no-show who comes back late joins the end of the queue."""
    return place_key(now, Priority.NORMAL)


def call_order(window: WindowView) -> dict[str, int]:
    """Rank per category code for ``window`` (0 = served first)."""
    return {code: rank for rank, code in enumerate(window.categories)}


def sort_key(
    window: WindowView, category: str, target_window: str, key: int
) -> tuple[int, int] | None:
    """How ``window`` orders a waiting ticket; ``None``: this window does not call it.

    Tickets transferred to this very window come first, then the window's categories in its
    priority order, each by place key (same rule as the SQL in services/queue_calls.py).
    """
    if target_window:
        return (-1, key) if target_window == window.number else None
    rank = call_order(window).get(category)
    return None if rank is None else (rank, key)


def _round_to(value: float, step: int, up: bool) -> int:
    return int((math.ceil if up else math.floor)(value / step) * step)


def estimate_wait(people_ahead: int, open_windows: int, service_minutes: float) -> WaitEstimate:
    """A range of minutes (rounded to 5) or unknown when no open window serves the category."""
    if open_windows <= 0 or service_minutes <= 0:
        return WaitEstimate(people_ahead, None, None)
    per_ticket = service_minutes / open_windows
    centre = people_ahead * per_ticket
    low = _round_to(centre * 0.7, 5, up=False)
    high = max(5, _round_to(centre * 1.3 + per_ticket, 5, up=True))
    return WaitEstimate(people_ahead, low, high)


def should_confirm(estimate: WaitEstimate, many: int = MANY_WAITING) -> bool:
    """The kiosk asks "still take a ticket?" when many wait or nobody can serve the category."""
    return estimate.people_ahead >= many or not estimate.known


def check_category(view: CategoryView) -> CategoryView:
    if not _CODE.match(view.code):
        raise ValidationError(tr("类别代码应为大写字母开头的 1-8 位字母或数字，如 A"), "code")
    if not _PREFIX.match(view.prefix):
        raise ValidationError(tr("号码前缀应为一个大写字母，如 A"), "prefix")
    if not view.name.strip() or len(view.name) > 20:
        raise ValidationError(tr("请填写类别名称（最多 20 字）"), "name")
    if view.daily_limit is not None and view.daily_limit < 1:
        raise ValidationError(tr("每日限号应为正整数，不限请留空"), "daily_limit")
    if not 1 <= view.service_minutes <= 240:
        raise ValidationError(tr("平均办理时长应为 1-240 分钟"), "service_minutes")
    return view


def check_window(view: WindowView, known_categories: set[str]) -> WindowView:
    if not _WINDOW.match(view.number):
        raise ValidationError(tr("窗口号应为 1-3 位数字，如 3"), "number")
    if not view.categories:
        raise ValidationError(tr("请至少选择一个该窗口办理的类别"), "categories")
    unknown = [c for c in view.categories if c not in known_categories]
    if unknown:
        raise ValidationError(tr("没有这些类别：{c}", c="、".join(unknown)), "categories")
    if len(set(view.categories)) != len(view.categories):
        raise ValidationError(tr("类别重复了，每个类别只列一次"), "categories")
    if view.led_address is not None and not 1 <= view.led_address <= 254:
        raise ValidationError(tr("LED 屏地址应为 1-254"), "led_address")
    return view


def check_prefixes_unique(categories: list[CategoryView]) -> None:
    seen: dict[str, str] = {}
    for cat in categories:
        if cat.active and cat.prefix in seen and seen[cat.prefix] != cat.code:
            raise CounterError(
                tr("前缀 {p} 已被类别 {c} 使用", p=cat.prefix, c=seen[cat.prefix]), "prefix"
            )
        seen[cat.prefix] = cat.code
