"""好差评: one rating per service, copied from the finished ticket; levels, reasons and comments
checked; the supervisor's list masks the rater and nobody else may read it."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.supervision.rules.evaluation import Level, Source
from counter_app.supervision.rules.rating import PENDING_SECONDS
from db.models.audit import AuditLog
from db.models.supervision import Evaluation
from tests.cases.reception.support import form
from tests.conftest import TODAY
from tests.supervision.rating_support import WINDOW, RatingHall, open_rating_hall


@pytest.fixture
def hall(services: Services) -> RatingHall:
    return open_rating_hall(services)


def _count(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Evaluation)) or 0)


def test_the_finished_ticket_is_offered_once_and_rated_once(hall: RatingHall) -> None:
    evaluations = hall.services.evaluations
    assert evaluations.pending(WINDOW) is None
    ticket = hall.serve()
    service = evaluations.pending(WINDOW)
    assert service is not None
    assert (service.ticket_id, service.ticket_number) == (ticket.id, ticket.number)
    assert (service.window_no, service.staff, service.staff_name) == (WINDOW, "li", "李受理")
    assert service.business_date == TODAY and service.service_key == f"t:{ticket.id}"
    assert evaluations.pending("09") is None  # another window finished nothing

    view = evaluations.rate(service, 1, ["attitude", "waiting"], "等了很久", Source.SCREEN, "R03")
    assert view.level is Level.VERY_DISSATISFIED and view.level_label == "非常不满意"
    assert evaluations.pending(WINDOW) is None  # rated: the screen goes back to idle
    with pytest.raises(CounterError, match="本次服务已评价，每次服务只能评价一次") as caught:
        evaluations.rate(service, 5, [], "", Source.KEYPAD, "R03b")
    assert caught.value.field == "level"
    with pytest.raises(CounterError, match="只能评价一次"):  # the kiosk's page, by number
        evaluations.rate_ticket(ticket.number, 5, [], "", Source.KIOSK, "K1")
    assert _count(hall.services) == 1
    with hall.services.db.read() as session:
        row = session.scalars(select(Evaluation)).one()
        audited = session.scalars(select(AuditLog).where(AuditLog.action == "evaluation_add")).all()
    assert (row.staff, row.window_no, row.ticket_id, row.level) == ("li", WINDOW, ticket.id, 1)
    assert row.reasons == ["attitude", "waiting"] and row.source == "screen"
    assert len(audited) == 1


def test_only_the_last_service_and_only_while_fresh(hall: RatingHall) -> None:
    evaluations = hall.services.evaluations
    first = hall.serve()
    second = hall.serve()
    pending = evaluations.pending(WINDOW)
    assert pending is not None and pending.ticket_id == second.id != first.id
    hall.clock.advance(seconds=PENDING_SECONDS + 1)
    assert evaluations.pending(WINDOW) is None


@pytest.mark.parametrize("level", [7, 0, -1, 6, True, "5", None, 2.5])
def test_a_level_outside_1_to_5_is_refused(hall: RatingHall, level: object) -> None:
    hall.serve()
    service = hall.services.evaluations.pending(WINDOW)
    assert service is not None
    with pytest.raises(CounterError, match="请选择 1 至 5 的评价等级") as caught:
        hall.services.evaluations.rate(service, level, [], "", Source.KEYPAD, "R03")  # type: ignore[arg-type]
    assert caught.value.field == "level"
    assert _count(hall.services) == 0


def test_reasons_comment_and_source_are_checked(hall: RatingHall) -> None:
    hall.serve()
    evaluations = hall.services.evaluations
    service = evaluations.pending(WINDOW)
    assert service is not None
    with pytest.raises(CounterError, match="没有“rudeness”这个评价原因") as bad:
        evaluations.rate(service, 2, ["attitude", "rudeness"], "", Source.SCREEN, "R03")
    assert bad.value.field == "reasons"
    with pytest.raises(CounterError, match="意见不能超过 500 字") as long:
        evaluations.rate(service, 2, [], "慢" * 501, Source.SCREEN, "R03")
    assert long.value.field == "comment"
    with pytest.raises(CounterError) as wrong_source:
        evaluations.rate(service, 2, [], "", Source.THIRD_PARTY, "R03")
    assert wrong_source.value.field == "source"
    assert _count(hall.services) == 0
    view = evaluations.rate(
        service,
        2,
        ["service", "service"],
        "\x1b[31m太慢\u202e了\r\n下次\x00改进 ",
        Source.SCREEN,
        "R03",
    )
    with hall.services.db.read() as session:
        row = session.get(Evaluation, view.id)
        assert row is not None
        assert (row.comment, row.reasons) == ("[31m太慢了 下次改进", ["service"])


def test_the_kiosk_rates_by_number_or_qr_text_a_finished_ticket_of_today(
    hall: RatingHall,
) -> None:
    evaluations = hall.services.evaluations
    done = hall.serve()
    waiting = hall.services.queue.issue("A").ticket
    with pytest.raises(CounterError, match="还没有办结") as early:
        evaluations.rate_ticket(waiting.number, 4, [], "", Source.KIOSK, "K1")
    assert early.value.field == "number"
    with pytest.raises(CounterError, match="今天没有 Z999 这张号票"):
        evaluations.rate_ticket("z999", 4, [], "", Source.KIOSK, "K1")
    qr = f"https://ip.example.cn/progress/ticket/{done.id}"
    view = evaluations.rate_ticket(qr, 4, ["guidance"], "", Source.KIOSK, "K1")
    assert view.ticket_number == done.number and view.service_key == f"t:{done.id}"


def test_cases_served_on_the_ticket_are_linked(hall: RatingHall) -> None:
    ticket = hall.serve()
    data = replace(form(hall.services, 1), ticket_id=str(ticket.id))
    case = hall.services.reception.receive(hall.clerk, data)
    service = hall.services.evaluations.pending(WINDOW)
    assert service is not None
    assert service.case_ids == (str(case.id),) and service.item_no == 1


def test_the_list_is_for_supervisors_with_the_rater_masked(hall: RatingHall) -> None:
    evaluations, boss = hall.services.evaluations, hall.supervisor
    hall.serve()
    service = evaluations.pending(WINDOW)
    assert service is not None
    evaluations.rate(service, 5, ["efficiency"], "很快", Source.SCREEN, "R03")
    case = hall.services.reception.receive(hall.clerk, form(hall.services, 2))
    evaluations.record(
        boss,
        Source.ONLINE,
        2,
        ["materials"],
        "材料说明不清",
        case_id=case.id,
        rater_name="欧阳娜娜",
        rater_phone="13812345678",
    )
    with pytest.raises(CounterError, match="只能评价一次"):  # 一事一评
        evaluations.record(boss, Source.ONLINE, 5, case_id=case.id)
    evaluations.record(boss, Source.SELF, 4, ["service"], "自查", window_no=WINDOW, staff="li")

    for who in (hall.clerk, hall.admin):
        with pytest.raises(CounterError, match="科长"):
            evaluations.list(who, TODAY, TODAY)
        with pytest.raises(CounterError, match="科长"):
            evaluations.counts(who, TODAY, TODAY)
        with pytest.raises(CounterError, match="科长"):
            evaluations.record(who, Source.SELF, 4)

    rows = evaluations.list(boss, TODAY, TODAY)
    assert [r.level_label for r in rows] == ["非常满意", "不满意", "满意"]
    assert [r.source_label for r in rows] == ["窗口评价器", "网上评价", "自我评价"]
    online = rows[1]
    assert online.rater == "欧**娜 138****5678" and online.staff == "li"
    assert online.reasons == "材料要求" and online.case_count == 1
    assert rows[0].staff_name == "李受理" and rows[0].rater == ""
    assert all("欧阳娜娜" not in repr(r) and "13812345678" not in repr(r) for r in rows)
    assert [r.level for r in evaluations.list(boss, TODAY, TODAY, level=2)] == [Level.DISSATISFIED]
    assert len(evaluations.list(boss, TODAY, TODAY, source=Source.SELF)) == 1
    assert evaluations.list(boss, TODAY, TODAY, window="09") == []
    assert evaluations.list(boss, TODAY + timedelta(days=1), TODAY + timedelta(days=2)) == []
    with pytest.raises(CounterError, match="开始日期不能晚于结束日期"):
        evaluations.list(boss, TODAY, TODAY - timedelta(days=1))

    counts = evaluations.counts(boss, TODAY, TODAY)
    assert counts == {
        Level.VERY_SATISFIED: 1,
        Level.SATISFIED: 1,
        Level.BASICALLY_SATISFIED: 0,
        Level.DISSATISFIED: 1,
        Level.VERY_DISSATISFIED: 0,
    }


def test_record_checks_what_a_supervisor_types(hall: RatingHall) -> None:
    evaluations, boss = hall.services.evaluations, hall.supervisor
    with pytest.raises(CounterError, match="网上评价须对应") as no_case:
        evaluations.record(boss, Source.ONLINE, 3)
    assert no_case.value.field == "case"
    with pytest.raises(CounterError, match="没有找到这件案件"):
        evaluations.record(boss, Source.ONLINE, 3, case_id=uuid.uuid4())
    with pytest.raises(CounterError, match="没有用户名为“nobody”的工作人员"):
        evaluations.record(boss, Source.SELF, 3, staff="nobody")
    with pytest.raises(CounterError) as screen:
        evaluations.record(boss, Source.SCREEN, 3)
    assert screen.value.field == "source"
    with pytest.raises(CounterError, match="晚于今天"):
        evaluations.record(boss, Source.SELF, 3, business_date=TODAY + timedelta(days=1))
    assert _count(hall.services) == 0
