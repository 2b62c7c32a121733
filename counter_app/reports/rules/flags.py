"""What needs the supervisor now: red (act now) and amber (watch) from today's figures."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.i18n import tr
from counter_app.reports.rules.views import Flag

WAIT_RED_S = 30 * 60  # someone has waited half an hour
WAIT_AMBER_S = 15 * 60


@dataclass(frozen=True)
class Now:
    """The few numbers the flags read (a subset of TodayFigures, so the rule stays pure)."""

    longest_wait_s: float | None
    waiting: int
    windows_open: int
    windows_paused: int
    cases_overdue: int
    cases_due_soon: int
    bad_reviews_today: int
    bad_reviews_overdue: int
    complaints_overdue: int
    complaints_open: int


def flags(now: Now) -> tuple[Flag, ...]:
    """Red first, then amber; each says what and how many."""
    red: list[Flag] = []
    amber: list[Flag] = []
    wait = now.longest_wait_s or 0
    if wait >= WAIT_RED_S:
        red.append(Flag("red", "longest_wait", tr("最长等候已 {m} 分钟", m=int(wait // 60))))
    elif wait >= WAIT_AMBER_S:
        amber.append(Flag("amber", "longest_wait", tr("最长等候已 {m} 分钟", m=int(wait // 60))))
    if now.waiting and not now.windows_open:
        red.append(Flag("red", "no_window", tr("有 {n} 人等候，但没有开放的窗口", n=now.waiting)))
    elif now.waiting and now.windows_paused:
        amber.append(
            Flag("amber", "paused", tr("{n} 个窗口暂停中，仍有人等候", n=now.windows_paused))
        )
    if now.cases_overdue:
        red.append(Flag("red", "cases_overdue", tr("超期办件 {n} 件", n=now.cases_overdue)))
    if now.bad_reviews_overdue:
        red.append(
            Flag("red", "bad_reviews_overdue", tr("差评整改超期 {n} 件", n=now.bad_reviews_overdue))
        )
    if now.complaints_overdue:
        red.append(
            Flag("red", "complaints_overdue", tr("投诉超期未答复 {n} 件", n=now.complaints_overdue))
        )
    if now.cases_due_soon:
        amber.append(
            Flag("amber", "cases_due_soon", tr("2 个工作日内到期 {n} 件", n=now.cases_due_soon))
        )
    if now.bad_reviews_today:
        amber.append(
            Flag("amber", "bad_reviews_today", tr("今日差评 {n} 条", n=now.bad_reviews_today))
        )
    if now.complaints_open:
        amber.append(
            Flag("amber", "complaints_open", tr("未办结投诉 {n} 件", n=now.complaints_open))
        )
    return (*red, *amber)
