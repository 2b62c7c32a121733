"""The hand-made day of dataset.py, every figure worked out by hand (seconds)."""

from __future__ import annotations

import uuid

import pytest

from counter_app.reports.rules.views import PeriodRow
from counter_app.reports.service import ReportService
from tests.reports.conftest import SUPERVISOR
from tests.reports.dataset import D

Day = tuple[ReportService, dict[str, uuid.UUID]]


def rows(service: ReportService, by: str) -> dict[str, PeriodRow]:
    table = service.period(SUPERVISOR, D, D, by, compare=False)
    return {r.key: r for r in table.rows} | {"*": table.total}


def test_window_queue_figures(day: Day) -> None:
    w = rows(day[0], "window")
    # W01: T1 (wait 300, walk 60, service 600) and T4's first visit (wait 480, walk 60,
    # transferred): median wait (300+480)/2, p90 300 + 0.9 * 180.
    assert (w["01"].tickets_served, w["01"].no_shows, w["01"].recalls) == (1, 0, 0)
    assert (w["01"].wait_median_s, w["01"].wait_p90_s) == (390.0, 462.0)
    assert (w["01"].service_median_s, w["01"].service_p90_s) == (600.0, 600.0)
    assert w["01"].walk_median_s == 60.0
    # W02: T2 (wait 120, recalled, service 300), T3 (wait 600, no-show), T4 again (wait from
    # the transfer 300, walk 0, service 600): p90 of 120, 300, 600 at rank 2.8.
    assert (w["02"].tickets_served, w["02"].no_shows, w["02"].recalls) == (2, 1, 1)
    assert (w["02"].wait_median_s, w["02"].wait_p90_s) == (300.0, 540.0)
    assert (w["02"].service_median_s, w["02"].service_p90_s) == (450.0, 570.0)
    assert w["02"].walk_median_s == 0.0  # T2's walk had a recall: kept apart
    # Totals: waits 120 300 300 480 600 -> p90 at rank 4.6 = 480 + 0.6 * 120.
    t = w["*"]
    assert (t.tickets_served, t.no_shows, t.wait_median_s, t.wait_p90_s) == (3, 1, 300.0, 552.0)
    assert (t.service_median_s, t.service_p90_s, t.walk_median_s) == (600.0, 600.0, 60.0)


def test_window_open_and_idle_time(day: Day) -> None:
    w = rows(day[0], "window")
    # W01 open 0..40. A waits 0..5 and 12..20; W01 busy 5..16 and 20..25: idle 0..5 and
    # 16..20 = 9 minutes.
    assert (w["01"].open_s, w["01"].idle_s) == (2400.0, 540.0)
    # W02 open 0..50, calls A and B: someone waits 0..5, 10..20, 25..30; busy 4..12, 20..23,
    # 30..40: idle 0..4, 12..20, 25..30 = 17 minutes.
    assert (w["02"].open_s, w["02"].idle_s) == (3000.0, 1020.0)
    assert (w["*"].open_s, w["*"].idle_s) == (5400.0, 1560.0)


def test_window_case_evaluation_and_complaint_figures(day: Day) -> None:
    w = rows(day[0], "window")
    # C1 through T1 at W01: approved on time, collected; C2 through T4 (last at W02): refused
    # after its promised date; C3 came without a ticket.
    assert (w["01"].cases_received, w["01"].cases_approved, w["01"].cases_delivered) == (1, 1, 1)
    assert (w["01"].on_time_rate, w["02"].on_time_rate) == (1.0, 0.0)
    assert (w["02"].cases_received, w["02"].cases_refused) == (1, 1)
    assert w[""].cases_received == 1
    # Ratings: W01 one 5 (the self-evaluation does not count); W02 a 4 and a 2 (the 1 was
    # annulled on appeal).
    assert (w["01"].evaluations, w["01"].satisfaction_rate) == (1, 1.0)
    assert (w["02"].evaluations, w["02"].satisfaction_rate) == (2, 0.5)
    assert (w["*"].evaluations, w["*"].evaluations_good) == (3, 2)
    assert w["*"].satisfaction_rate == pytest.approx(0.6667)
    # Complaints (the consultation is not one): one about each window, W02's upheld.
    assert (w["01"].complaints, w["01"].complaints_upheld) == (1, 0)
    assert (w["02"].complaints, w["02"].complaints_upheld) == (1, 1)
    t = w["*"]
    assert (t.cases_received, t.cases_approved, t.cases_refused, t.on_time_rate) == (3, 1, 1, 0.5)


def test_staff_and_labels(day: Day) -> None:
    s = rows(day[0], "staff")
    assert s["wang"].label == "王芳（wang）"
    assert (s["wang"].tickets_served, s["wang"].cases_received, s["wang"].cases_delivered) == (
        1,
        2,
        1,
    )
    assert (s["li"].tickets_served, s["li"].cases_received) == (2, 1)
    assert (s["zhao"].cases_approved, s["zhao"].cases_refused) == (1, 1)


def test_item_view_counts_a_case_per_item_and_totals_once(day: Day) -> None:
    i = rows(day[0], "item")
    # Item 1: C1 and C2; tickets T1 and T4 (visits T1, T4 twice): waits 300, 480, 300.
    assert (i["1"].cases_received, i["1"].cases_approved, i["1"].cases_refused) == (2, 1, 1)
    assert (i["1"].tickets_served, i["1"].wait_median_s) == (2, 300.0)
    assert i["1"].label.startswith("1 ")
    # Item 5: C2 and C3; T4's two visits.
    assert (i["5"].cases_received, i["5"].tickets_served, i["5"].wait_median_s) == (2, 1, 390.0)
    assert i["*"].cases_received == 3 and i["*"].tickets_served == 3
    assert (i["1"].evaluations, i[""].evaluations) == (1, 2)


def test_category_view(day: Day) -> None:
    c = rows(day[0], "category")
    # Visits by the queue they were called from: A T1 T2 T4(1st); B T3 T4(2nd).
    assert (c["A"].tickets_served, c["B"].tickets_served, c["B"].no_shows) == (2, 1, 1)
    assert c["A"].label == "A 专利"
    # Cases by their ticket's category: C1 (T1, A), C2 (T4, now B).
    assert (c["A"].cases_received, c["B"].cases_received, c[""].cases_received) == (1, 1, 1)


def test_previous_period_is_the_same_length_before(day: Day) -> None:
    table = day[0].period(SUPERVISOR, D, D, "window")
    assert table.previous is not None
    assert (table.previous.start, table.previous.end) == (D.replace(day=22), D.replace(day=22))
    assert table.previous.total.tickets_served == 0
    assert table.source.kind == "local"
