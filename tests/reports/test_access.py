"""Who may read the figures, masking and its reveal (audited), ranges, today's figures."""

from __future__ import annotations

import threading
import uuid
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from counter_app.core.errors import CounterError
from counter_app.reports.rules.daily import due_daily_report
from counter_app.reports.rules.periods import Cancelled, LongRange
from counter_app.reports.service import ReportService
from db.models.audit import AuditLog
from tests.reports.conftest import ADMIN, CLERK, SUPERVISOR
from tests.reports.dataset import D

Day = tuple[ReportService, dict[str, uuid.UUID]]


def _audit(service: ReportService, action: str) -> list[AuditLog]:
    with service._db.read() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.action == action)))


def test_only_supervisors_and_administrators(day: Day) -> None:
    service = day[0]
    with pytest.raises(CounterError, match="科长或管理员"):
        service.today(CLERK)
    with pytest.raises(CounterError):
        service.period(CLERK, D, D)
    assert service.period(ADMIN, D, D, compare=False).total.tickets_served == 3


def test_applicants_masked_unless_a_supervisor_reveals_audited(day: Day) -> None:
    service = day[0]
    rows = service.cases(SUPERVISOR, D, D)
    assert {r.number for r in rows} == {"LYG-C1", "LYG-C2", "LYG-C3"}
    assert {r.applicant for r in rows} == {"张*丰"}
    assert _audit(service, "report.reveal") == []
    with pytest.raises(CounterError):  # an administrator sees figures, not people
        service.cases(ADMIN, D, D, reveal=True)
    shown = service.cases(SUPERVISOR, D, D, item=5, reveal=True)
    assert {(r.number, r.applicant) for r in shown} == {("LYG-C2", "张三丰"), ("LYG-C3", "张三丰")}
    (entry,) = _audit(service, "report.reveal")
    assert entry.actor == "chief" and sorted((entry.after or {})["cases"]) == ["LYG-C2", "LYG-C3"]


def test_drill_down_lands_on_the_tickets_behind_a_median(day: Day) -> None:
    service = day[0]
    rows = service.tickets(SUPERVISOR, D, D, window="02", measure="wait")
    assert [(r.number, r.wait_s) for r in rows] == [
        ("B001", 600.0),
        ("A003", 300.0),
        ("A002", 120.0),
    ]
    assert rows[0].outcome == "no_show" and rows[1].category == "B"
    late = service.cases(SUPERVISOR, D, D, outcome="late")
    assert [(r.number, r.decision, r.decided_by) for r in late] == [("LYG-C2", "rejected", "zhao")]
    with pytest.raises(CounterError) as bad:
        service.tickets(SUPERVISOR, D, D, measure="speed")
    assert bad.value.field == "measure"


def test_ranges(day: Day) -> None:
    service = day[0]
    with pytest.raises(CounterError) as before:
        service.period(SUPERVISOR, D, D - timedelta(days=1))
    assert before.value.field == "end"
    start = date(2022, 1, 1)
    with pytest.raises(LongRange) as long:
        service.period(SUPERVISOR, start, D)
    assert long.value.field == "range" and "三年" in long.value.message
    assert (
        service.period(SUPERVISOR, start, D, allow_long=True, compare=False).total.tickets_served
        == 3
    )
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        service.period(SUPERVISOR, D, D, cancel=cancel)


def test_today(day: Day) -> None:
    t = day[0].today(SUPERVISOR)
    assert t.source.kind == "local"
    # T5 waits since minute 35; now is minute 45.
    assert [(w.code, w.waiting, w.longest_wait_s) for w in t.waiting] == [("B", 1, 600.0)]
    assert (t.windows_open, t.windows_paused, t.windows_serving) == (1, 0, 0)
    assert (t.tickets_issued, t.tickets_served, t.tickets_no_show) == (5, 3, 1)
    assert (t.cases_received, t.cases_decided, t.cases_delivered) == (3, 2, 1)
    # C4 overdue; C5 due tomorrow and C3 in three calendar days (Thursday: 3 working days).
    assert (t.cases_overdue, t.cases_due_soon) == (1, 1)
    assert t.evaluations_by_level == {5: 1, 4: 1, 3: 0, 2: 1, 1: 0}
    assert (t.bad_reviews_open, t.bad_reviews_overdue) == (1, 1)
    assert (t.complaints_open, t.complaints_overdue) == (1, 1)
    red = {f.key for f in t.flags if f.level == "red"}
    amber = {f.key for f in t.flags if f.level == "amber"}
    assert red == {"cases_overdue", "bad_reviews_overdue", "complaints_overdue"}
    assert {"cases_due_soon", "bad_reviews_today", "complaints_open"} <= amber


def test_daily_report_is_due_once_after_closing() -> None:
    close = time(17, 30)
    assert due_daily_report(datetime(2026, 11, 23, 17, 0), close, None) is None
    assert due_daily_report(datetime(2026, 11, 23, 17, 31), close, None) == D
    assert due_daily_report(datetime(2026, 11, 23, 18, 0), close, D) is None
    assert due_daily_report(datetime(2026, 11, 24, 17, 45), close, D) == D + timedelta(days=1)
