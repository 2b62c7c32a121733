"""Queue rules without I/O: states, numbers, interleaving, estimates, speech, times."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from counter_app.core.errors import InvalidTransition
from counter_app.queue.rules.policy import (
    estimate_wait,
    place_key,
    should_confirm,
    sort_key,
    ticket_number,
)
from counter_app.queue.rules.speech import CallTracker, announcement_text, cardinal, to_pinyin
from counter_app.queue.rules.tickets import (
    CallView,
    EventKind,
    Priority,
    TicketState,
    WindowView,
    transition,
)
from counter_app.queue.rules.times import LogLine, summarise, visits

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def test_transitions_allow_the_counter_flow_and_refuse_the_rest() -> None:
    s = TicketState
    assert transition(s.WAITING, s.CALLED) is s.CALLED
    assert transition(s.PRINT_FAILED, s.WAITING) is s.WAITING
    for bad in [(s.DONE, s.CALLED), (s.PRINT_FAILED, s.CALLED), (s.WAITING, s.DONE)]:
        with pytest.raises(InvalidTransition) as info:
            transition(*bad)
        assert "不能" in info.value.message


def test_numbers_have_three_digits_at_least() -> None:
    assert ticket_number("A", 1) == "A001"
    assert ticket_number("B", 1234) == "B1234"


def test_priority_passes_recent_normal_tickets_but_not_long_waiters() -> None:
    normal_early = place_key(T0, Priority.NORMAL)
    normal_recent = place_key(T0 + timedelta(minutes=10), Priority.NORMAL)
    elderly = place_key(T0 + timedelta(minutes=20), Priority.ELDERLY)  # advanced 15 min
    order = sorted(
        [("early", normal_early), ("recent", normal_recent), ("elderly", elderly)],
        key=lambda x: x[1],
    )
    assert [name for name, _ in order] == ["early", "elderly", "recent"]


def test_window_order_transfers_first_then_category_priority() -> None:
    window = WindowView("2", "", ("B", "A"))
    assert sort_key(window, "A", "2", 50) == (-1, 50)
    assert sort_key(window, "B", "", 90) < sort_key(window, "A", "", 10)  # type: ignore[operator]
    assert sort_key(window, "C", "", 1) is None
    assert sort_key(window, "B", "5", 1) is None


def test_wait_estimate_is_a_range_or_unknown() -> None:
    unknown = estimate_wait(4, 0, 10)
    assert not unknown.known and unknown.text == "暂无法估计"
    est = estimate_wait(6, 2, 10)
    assert est.low is not None and est.high is not None
    assert est.low <= 30 <= est.high and est.low % 5 == 0 and est.high % 5 == 0
    assert estimate_wait(0, 1, 10).low == 0
    assert should_confirm(estimate_wait(25, 3, 10)) and should_confirm(unknown)
    assert not should_confirm(estimate_wait(3, 1, 10))


def test_announcement_reads_ticket_digits_one_by_one_and_the_window_as_a_number() -> None:
    text = announcement_text("A001", "3")
    assert text == "请A001号到3号窗口办理"
    assert to_pinyin(text) == "qing3 A ling2 ling2 yi1 hao4 dao4 san1 hao4 chuang1 kou3 ban4 li3"
    assert cardinal("12") == ["shi2", "er4"]
    assert cardinal("105") == ["yi1", "bai3", "ling2", "wu3"]
    assert cardinal("20") == ["er4", "shi2"]


def test_unknown_hanzi_go_to_the_reader() -> None:
    assert to_pinyin("咨询", lambda t: [f"x{len(t)}"]) == "x2"
    with pytest.raises(KeyError):
        to_pinyin("咨询")


def _call(seq: int, at: datetime) -> CallView:
    return CallView(seq, f"A{seq:03d}", "1", EventKind.CALL, at)


def test_tracker_announces_each_call_once_and_skips_old_ones() -> None:
    tracker = CallTracker(catch_up_seconds=60)
    assert tracker.new_calls([_call(1, T0)], T0) == []  # present at start: not announced
    fresh = [_call(3, T0 + timedelta(seconds=5)), _call(2, T0 + timedelta(seconds=4)), _call(1, T0)]
    assert [c.seq for c in tracker.new_calls(fresh, T0 + timedelta(seconds=6))] == [2, 3]
    assert tracker.new_calls(fresh, T0 + timedelta(seconds=7)) == []
    stale = [_call(4, T0)]
    assert tracker.new_calls(stale, T0 + timedelta(minutes=5)) == []


def test_times_per_visit_and_per_window_and_staff() -> None:
    tid, other = uuid.uuid4(), uuid.uuid4()
    k = EventKind

    def line(
        t: uuid.UUID, kind: EventKind, minute: int, window: str = "", staff: str = ""
    ) -> LogLine:
        return LogLine(t, "A001", kind, T0 + timedelta(minutes=minute), window, staff)

    lines = [
        line(tid, k.ISSUE, 0),
        line(tid, k.CALL, 10, "1", "li"),
        line(tid, k.START, 11, "1", "li"),
        line(tid, k.TRANSFER, 15, "1", "li"),
        line(tid, k.CALL, 20, "2", "wang"),
        line(tid, k.FINISH, 30, "2", "wang"),
        line(other, k.ISSUE, 0),
        line(other, k.CALL, 5, "1", "li"),
        line(other, k.NO_SHOW, 8, "1", "li"),
    ]
    got = visits(lines)
    assert [(v.window, v.wait_seconds / 60, v.service_seconds) for v in got] == [
        ("1", 5.0, None),
        ("1", 10.0, None),
        ("2", 5.0, 600.0),
    ]
    summary = {(s.window, s.staff): s for s in summarise(got)}
    assert summary[("1", "li")].no_shows == 1 and summary[("1", "li")].served == 0
    assert summary[("2", "wang")].served == 1 and summary[("2", "wang")].service_median_min == 10.0
