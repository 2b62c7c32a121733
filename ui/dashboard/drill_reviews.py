"""The ratings and complaints behind a number, for the drill-down page (drill.py): their
columns, the service call for each kind of list, and the text shown when a row is opened.

Kinds: ``evaluations`` (a period's 评价数 / 满意率, ``measure`` good or bad), ``complaints``
(投诉 / 投诉属实, ``measure`` upheld), ``bad_reviews`` (today's 差评待整改) and
``open_complaints`` (today's 投诉未办结). The rater is never shown; complainants are masked
unless a supervisor reveals them (audited by the service)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtGui import QColor

from counter_app.core.roles import Actor
from counter_app.i18n import tr
from counter_app.reports.drill_reviews import ComplaintEntry, EvaluationRow
from counter_app.reports.service import ReportService
from counter_app.supervision.rules.complaints import CHANNEL_LABELS, STATE_LABELS, Channel, Kind
from counter_app.supervision.rules.complaints import State as ComplaintState
from counter_app.supervision.rules.evaluation import (
    REASONS,
    SOURCE_LABELS,
    FollowupState,
    Level,
    Source,
)
from ui.admin.common import RED, Column
from ui.dashboard.models import DrillTarget

EVALUATION_KINDS = frozenset({"evaluations", "bad_reviews"})
COMPLAINT_KINDS = frozenset({"complaints", "open_complaints"})
OPEN_KINDS = frozenset({"bad_reviews", "open_complaints"})  # today's open ones, any date
UPHELD = {True: tr("属实"), False: tr("不属实"), None: tr("未认定")}


def table_of(kind: str) -> str:
    """Which table shows a kind of list: tickets, cases, evaluations or complaints."""
    if kind in EVALUATION_KINDS:
        return "evaluations"
    if kind in COMPLAINT_KINDS:
        return "complaints"
    return kind


def _label(labels: dict[Any, str], enum: Callable[[str], Any], value: str) -> str:
    try:
        return labels[enum(value)]
    except (ValueError, KeyError):
        return value


def level_text(level: int) -> str:
    try:
        return Level(level).label
    except ValueError:
        return str(level)


def source_text(value: str) -> str:
    return _label(SOURCE_LABELS, Source, value)


def followup_text(value: str) -> str:
    if not value:
        return ""
    try:
        return FollowupState(value).label
    except ValueError:
        return value


def reasons_text(codes: tuple[str, ...]) -> str:
    return "、".join(REASONS.get(c, c) for c in codes)


def kind_text(value: str) -> str:
    try:
        return Kind(value).label
    except ValueError:
        return value


def channel_text(value: str) -> str:
    return _label(CHANNEL_LABELS, Channel, value)


def state_text(value: str) -> str:
    return _label(STATE_LABELS, ComplaintState, value)


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


class Clock:
    """UTC moments as the hall's local time."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def __call__(self, moment: datetime | None, fmt: str = "%m-%d %H:%M") -> str:
        return "" if moment is None else (moment + self.offset).strftime(fmt)


def evaluation_columns(clock: Clock) -> tuple[Column[EvaluationRow], ...]:
    return (
        Column[EvaluationRow](tr("评价时间"), lambda r: clock(r.rated_at) or _day(r.day)),
        Column[EvaluationRow](tr("窗口"), lambda r: r.window),
        Column[EvaluationRow](tr("工作人员"), lambda r: r.staff),
        Column[EvaluationRow](tr("号码"), lambda r: r.ticket_number),
        Column[EvaluationRow](tr("评价"), lambda r: level_text(r.level)),
        Column[EvaluationRow](tr("原因"), lambda r: reasons_text(r.reasons)),
        Column[EvaluationRow](tr("来源"), lambda r: source_text(r.source)),
        Column[EvaluationRow](tr("整改"), lambda r: followup_text(r.followup)),
        Column[EvaluationRow](tr("整改期限"), lambda r: _day(r.followup_due)),
    )


def complaint_columns(clock: Clock) -> tuple[Column[ComplaintEntry], ...]:
    return (
        Column[ComplaintEntry](tr("编号"), lambda r: r.number),
        Column[ComplaintEntry](tr("收到"), lambda r: clock(r.received_at) or _day(r.day)),
        Column[ComplaintEntry](tr("类别"), lambda r: kind_text(r.kind)),
        Column[ComplaintEntry](tr("渠道"), lambda r: channel_text(r.channel)),
        Column[ComplaintEntry](tr("状态"), lambda r: state_text(r.state)),
        Column[ComplaintEntry](tr("是否属实"), lambda r: UPHELD[r.upheld]),
        Column[ComplaintEntry](tr("投诉人"), lambda r: r.complainant),
        Column[ComplaintEntry](tr("涉及窗口"), lambda r: r.window),
        Column[ComplaintEntry](tr("涉及人员"), lambda r: r.staff),
        Column[ComplaintEntry](
            tr("答复期限"),
            lambda r: tr("{d}（超期）", d=_day(r.due_date)) if r.overdue else _day(r.due_date),
        ),
    )


def evaluation_colour(row: EvaluationRow) -> QColor | None:
    return RED if row.level <= 2 else None


def complaint_colour(row: ComplaintEntry) -> QColor | None:
    return RED if row.overdue else None


def fetch(
    reports: ReportService,
    actor: Actor,
    target: DrillTarget,
    start: date,
    end: date,
    reveal: bool,
    limit: int,
) -> list[EvaluationRow] | list[ComplaintEntry]:
    """The service's list for a rating or complaint kind (runs in the runner)."""
    by, key = target.by, target.key
    if target.kind == "evaluations":
        return reports.evaluations(actor, start, end, by, key, target.measure, limit)
    if target.kind == "complaints":
        return reports.complaints(actor, start, end, by, key, target.measure, reveal, limit)
    if target.kind == "bad_reviews":
        return reports.open_bad_reviews(actor, limit=limit)
    return reports.open_complaints(actor, reveal=reveal, limit=limit)


def open_title(target: DrillTarget, rows: list[Any], today: date, more: str) -> str:
    """The title of today's open bad reviews or complaints (any date, overdue counted)."""
    late = sum(1 for r in rows if overdue(r, today))
    return tr(
        "{r} · {h}：{n} 条，其中超期 {m} 条{x}",
        r=target.label,
        h=target.header,
        n=len(rows),
        m=late,
        x=more,
    )


def overdue(row: object, today: date) -> bool:
    if isinstance(row, ComplaintEntry):
        return row.overdue
    if isinstance(row, EvaluationRow):
        return row.followup_due is not None and row.followup_due < today
    return False


def evaluation_detail(row: EvaluationRow, clock: Clock) -> str:
    """One rating as read on the page: never who rated."""
    parts = [
        tr(
            "{t} · {w} 号窗口 · {s} · {n}：{l}（{src}）",
            t=clock(row.rated_at, "%Y-%m-%d %H:%M") or _day(row.day),
            w=row.window or "—",
            s=row.staff or "—",
            n=row.ticket_number or tr("无号码"),
            l=level_text(row.level),
            src=source_text(row.source),
        )
    ]
    if row.reasons:
        parts.append(tr("原因：{r}", r=reasons_text(row.reasons)))
    if row.comment:
        parts.append(tr("意见：{c}", c=row.comment))
    if row.followup:
        parts.append(
            tr("整改：{s}，期限 {d}", s=followup_text(row.followup), d=_day(row.followup_due))
        )
    return "；".join(parts)


def complaint_summary(row: ComplaintEntry, clock: Clock) -> str:
    """A complaint from its list row (when its full record cannot be read on this PC)."""
    about = "、".join(
        x
        for x in (
            tr("{w} 号窗口", w=row.window) if row.window else "",
            row.staff,
            tr("事项 {i}", i=row.item) if row.item is not None else "",
        )
        if x
    )
    return tr(
        "{n}（{k}，{c}）{t} 收到；涉及：{a}；状态：{s}；{u}；投诉人：{p}；答复期限 {d}",
        n=row.number,
        k=kind_text(row.kind),
        c=channel_text(row.channel),
        t=clock(row.received_at, "%Y-%m-%d %H:%M") or _day(row.day),
        a=about or "—",
        s=state_text(row.state),
        u=UPHELD[row.upheld],
        p=row.complainant,
        d=_day(row.due_date),
    )
