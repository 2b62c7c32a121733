"""The queue settings the admin page writes: rating screens per window, the kiosk PIN's status,
the board's notice default, and who may change them (audited, nothing half-saved)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.queue import admin
from counter_app.queue.admin import NOTICE, QueueOptions
from counter_app.queue.rating_screens import RATING_KEY, rating_command
from counter_app.queue.rules.tickets import WindowView
from db.models import Setting
from db.models.audit import AuditLog
from tests.queue.conftest import CLERK, Hall

BOSS = Actor("wang", "王管理", frozenset({Role.ADMINISTRATOR}))


def _audit(hall: Hall, action: str) -> list[AuditLog]:
    with hall.services.db.read() as session:
        rows = session.scalars(
            select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.seq)
        ).all()
        session.expunge_all()
        return list(rows)


def test_rating_windows_saved_in_window_order_and_audited(any_hall: Hall) -> None:
    queue = any_hall.queue
    assert queue.rating_windows() == ()
    assert queue.set_rating_windows(BOSS, ["3", "1"]) == ("1", "3")
    assert queue.rating_windows() == ("1", "3")
    queue.set_rating_windows(BOSS, ["2"])
    assert queue.rating_windows() == ("2",)
    rows = _audit(any_hall, "rating_windows")
    assert [r.actor for r in rows] == ["wang", "wang"]
    assert rows[-1].before == {"windows": ["1", "3"]}
    assert rows[-1].after == {"windows": ["2"]}


def test_rating_windows_refuse_unknown_or_repeated_windows_and_keep_the_list(hall: Hall) -> None:
    queue = hall.queue
    queue.set_rating_windows(BOSS, ["1"])
    with pytest.raises(CounterError) as unknown:
        queue.set_rating_windows(BOSS, ["2", "9"])
    assert unknown.value.field == "rating_windows"
    assert "9" in unknown.value.message
    with pytest.raises(CounterError) as repeated:
        queue.set_rating_windows(BOSS, ["2", "2"])
    assert repeated.value.field == "rating_windows"
    assert queue.rating_windows() == ("1",)
    assert len(_audit(hall, "rating_windows")) == 1


def test_an_inactive_window_may_keep_its_rating_screen(hall: Hall) -> None:
    hall.queue.save_window(BOSS, WindowView("3", "", ("C",), active=False))
    assert hall.queue.set_rating_windows(BOSS, ["3"]) == ("3",)


def test_only_administrators_change_queue_settings(hall: Hall) -> None:
    queue = hall.queue
    for attempt in (
        lambda: queue.set_rating_windows(CLERK, ["1"]),
        lambda: queue.set_kiosk_pin(CLERK, "2468"),
        lambda: queue.set_options(CLERK, QueueOptions()),
    ):
        with pytest.raises(CounterError):
            attempt()
    assert queue.rating_windows() == ()
    assert not queue.kiosk_pin_is_set()


def test_unreadable_rating_setting_reads_as_none(hall: Hall) -> None:
    with hall.services.db.write() as session:
        session.add(Setting(key=RATING_KEY, scope="hall", value="not json"))
    assert hall.queue.rating_windows() == ()
    assert hall.queue.set_rating_windows(BOSS, ["2"]) == ("2",)


def test_rating_command_names_the_window() -> None:
    assert rating_command("3") == "ip-counter --mode rate --window 3"


def test_kiosk_pin_status_format_and_check(hall: Hall) -> None:
    queue = hall.queue
    assert not queue.kiosk_pin_is_set()
    with pytest.raises(CounterError) as unset:
        queue.check_kiosk_pin("2468")
    assert "管理 → 排队与自助机" in unset.value.message
    for bad in ("123", "123456789", "12a4", "１２３４"):
        with pytest.raises(CounterError) as exc:
            queue.set_kiosk_pin(BOSS, bad)
        assert exc.value.field == "pin"
    assert not queue.kiosk_pin_is_set()
    queue.set_kiosk_pin(BOSS, "2468")
    assert queue.kiosk_pin_is_set()
    assert queue.check_kiosk_pin("2468") and not queue.check_kiosk_pin("2469")
    queue.set_kiosk_pin(BOSS, "13579")
    assert queue.check_kiosk_pin("13579") and not queue.check_kiosk_pin("2468")
    rows = _audit(hall, "kiosk_pin")
    assert [(r.before, r.after) for r in rows] == [
        ({"set": False}, {"set": True}),
        ({"set": True}, {"set": True}),
    ]
    assert all("2468" not in str(r.after) for r in rows)


def test_board_notice_points_to_the_kiosks_guide_section(hall: Hall) -> None:
    assert "办事指南" in QueueOptions().notice and "“信息”" not in QueueOptions().notice
    # A hall that saved its options with the old default gets today's text.
    with hall.services.db.write() as session:
        session.add(
            Setting(
                key="queue.notice",
                scope="hall",
                value="请留意叫号，过号请到服务台咨询。办事指南可在自助机“信息”栏查看。",
            )
        )
    assert hall.queue.options().notice == NOTICE
    assert hall.queue.board().notice == NOTICE
    saved = hall.queue.set_options(SYSTEM_ACTOR, QueueOptions(notice=" 周五下午不办理商标业务 "))
    assert saved.notice == "周五下午不办理商标业务"
    assert hall.queue.board().notice == "周五下午不办理商标业务"


def test_check_pin_is_the_rule_the_first_run_page_uses() -> None:
    assert admin.check_pin("0000") == "0000"
    with pytest.raises(CounterError):
        admin.check_pin("")
