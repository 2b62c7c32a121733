"""The complaints register: registration checks, hall-wide numbers, the working-day deadline,
the steps in and out of order, the written reply rule, the overdue list and the counts."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, update

from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import Actor
from counter_app.hall.settings import HallSettings, put_setting
from counter_app.supervision.complaints import ComplaintService
from counter_app.supervision.rules.complaint_forms import ComplaintForm
from counter_app.supervision.rules.complaints import Cause, Channel, Kind, ReplyMethod, State
from counter_app.supervision.settings import COMPLAINT_KEY
from db.models import AuditLog, DailyCounter
from db.models.supervision import Complaint, SupervisionStep
from tests.cases.reception.support import form as reception_form
from tests.conftest import ADMIN_PASSWORD, TODAY
from tests.supervision.complaint_support import letter_form, people, phone_form


@pytest.fixture
def hall(services: Services, admin: Actor) -> tuple[Services, Actor, Actor]:
    supervisor, clerk = people(services, admin)
    return services, supervisor, clerk


def _counts(services: Services) -> tuple[int, int, int]:
    with services.db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Complaint)) or 0,
            session.scalar(select(func.count()).select_from(SupervisionStep)) or 0,
            session.scalar(select(func.count()).select_from(AuditLog)) or 0,
        )


# --- registration ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        ({"channel": None}, "channel", "请选择投诉渠道"),
        ({"text": "  \n "}, "text", "请填写投诉内容"),
        ({"text": "\x00\x07"}, "text", "请填写投诉内容"),
        ({"text": "长" * 2001}, "text", "最多 2000 个字"),
        ({"phone": "1381234"}, "phone", "联系电话"),
        ({"name": ""}, "name", "请填写投诉人姓名"),
        ({"phone": "", "address": ""}, "phone", "匿名"),
        ({"channel": Channel.LETTER}, "address", "通信地址"),
        ({"about_case": "LYG-20261127-W03-9999"}, "about_case", "找不到案件"),
        ({"about_staff": "nobody"}, "about_staff", "nobody"),
        ({"about_item": 99}, "about_item", "第 99 项"),
        ({"about_window": "W003"}, "about_window", "窗口号"),
    ],
)
def test_a_bad_registration_is_refused_at_its_field_and_nothing_is_saved(
    hall: tuple[Services, Actor, Actor], changes: dict[str, object], field: str, said: str
) -> None:
    services, _supervisor, clerk = hall
    before = _counts(services)
    with pytest.raises(CounterError) as caught:
        services.complaints.register(clerk, phone_form(**changes))
    assert caught.value.field == field and said in caught.value.message, caught.value.message
    assert _counts(services) == before


def test_registration_cleans_the_text_and_sets_number_and_deadline(
    hall: tuple[Services, Actor, Actor],
) -> None:
    services, supervisor, clerk = hall
    view = services.complaints.register(
        clerk, phone_form(text="态度\x07生硬\u200b，\r\n请改进😀", phone="138-1234-5678")
    )
    assert view.number == "TS-W03-20261127-001"
    assert view.state is State.REGISTERED and view.kind is Kind.COMPLAINT
    assert view.due_date == date(2026, 12, 8)  # Friday + 7 working days
    detail = services.complaints.get(supervisor, view.id, reveal=True)
    assert detail.text == "态度生硬，\n请改进"
    assert detail.row.phone == "13812345678" and detail.row.name == "张伟"
    assert [s.step for s in detail.steps] == ["register"]
    assert services.complaints.register(clerk, phone_form()).number == "TS-W03-20261127-002"


def test_anonymous_needs_no_name_and_keeps_none(hall: tuple[Services, Actor, Actor]) -> None:
    services, supervisor, clerk = hall
    view = services.complaints.register(
        clerk, ComplaintForm(channel=Channel.ONSITE, text="大厅排队叫号太慢", anonymous=True)
    )
    letter = services.complaints.register(
        clerk, letter_form(anonymous=True, name="李四", address="", phone="")
    )
    for complaint_id in (view.id, letter.id):
        detail = services.complaints.get(supervisor, complaint_id, reveal=True)
        assert detail.anonymous and detail.row.name == "" and detail.address == ""


def test_the_deadline_counts_working_days_over_the_spring_festival(
    services: Services, admin: Actor
) -> None:
    _supervisor, clerk = people(services, admin)
    before_holiday = ComplaintService(services.db, services.hall, lambda: date(2026, 2, 12))
    view = before_holiday.register(clerk, phone_form())
    # 13, 14 (make-up Saturday), then 24-28 after the holiday: the 7th is Saturday the 28th.
    assert view.due_date == date(2026, 2, 28)
    assert view.number == "TS-W03-20260212-001"


def test_the_deadline_follows_the_hall_setting(hall: tuple[Services, Actor, Actor]) -> None:
    services, _supervisor, clerk = hall
    with services.db.write() as session:
        put_setting(session, COMPLAINT_KEY, "3", "hall")
    assert services.complaints.register(clerk, phone_form()).due_date == date(2026, 12, 2)


def test_numbers_are_unique_across_two_pcs_the_same_day(tmp_path: Path, template_db: Path) -> None:
    numbers: list[str] = []
    for code in ("W03", "W07"):
        path = tmp_path / f"{code}.db"
        shutil.copyfile(template_db, path)
        services = Services.open(f"sqlite+pysqlite:///{path}", today=lambda: TODAY)
        try:
            admin = services.hall.first_run(
                HallSettings(hall_name="大厅", hall_code="LYG", counter_code=code),
                "admin",
                "王管理",
                ADMIN_PASSWORD,
            )
            numbers += [services.complaints.register(admin, phone_form()).number for _ in "ab"]
        finally:
            services.close()
    assert numbers == [
        "TS-W03-20261127-001",
        "TS-W03-20261127-002",
        "TS-W07-20261127-001",
        "TS-W07-20261127-002",
    ]


def test_a_pc_that_pulled_its_own_earlier_numbers_does_not_repeat_them(
    hall: tuple[Services, Actor, Actor],
) -> None:
    services, _supervisor, clerk = hall
    first = services.complaints.register(clerk, phone_form())
    with services.db.write() as session:  # as after a reinstall: the day's counter is lost
        session.execute(
            update(Complaint)
            .where(Complaint.number == first.number)
            .values(number="TS-W03-20261127-005")
        )
        session.execute(delete(DailyCounter))
    assert services.complaints.register(clerk, phone_form()).number == "TS-W03-20261127-006"


# --- the steps ------------------------------------------------------------------------------


def _through(services: Services, supervisor: Actor, clerk: Actor, complaint_id: str) -> None:
    c = services.complaints
    v = c.assign(supervisor, complaint_id, "li", 1)
    v = c.investigate(clerk, v.id, "调阅窗口录像，当事人确有语气生硬。", v.row_version)
    v = c.resolve(
        clerk, v.id, "已对李受理批评教育并组织服务规范培训。", Cause.ATTITUDE, True, v.row_version
    )
    assert v.state is State.RESOLVED


def test_a_phone_complaint_goes_through_every_step_in_order(
    hall: tuple[Services, Actor, Actor],
) -> None:
    services, supervisor, clerk = hall
    c = services.complaints
    view = c.register(clerk, phone_form())
    _through(services, supervisor, clerk, view.id)
    v = c.find(supervisor, view.number)
    v = c.reply(clerk, v.id, ReplyMethod.SMS, "您反映的问题已核实并整改，感谢监督。", v.row_version)
    assert v.state is State.REPLIED
    v = c.archive(supervisor, v.id, v.row_version)
    assert v.state is State.ARCHIVED
    detail = c.get(supervisor, v.id)
    assert [s.step for s in detail.steps] == [
        "register",
        "assign",
        "investigate",
        "resolve",
        "reply",
        "archive",
    ]
    assert [s.actor for s in detail.steps] == ["li", "zhou", "li", "li", "li", "zhou"]
    assert detail.cause is Cause.ATTITUDE and detail.upheld is True
    assert detail.reply_method is ReplyMethod.SMS
    with services.db.read() as session:
        actions = session.scalars(
            select(AuditLog.action).where(AuditLog.entity_id == view.id).order_by(AuditLog.seq)
        ).all()
    assert actions == [
        "complaint_register",
        "complaint_assign",
        "complaint_investigate",
        "complaint_resolve",
        "complaint_reply",
        "complaint_archive",
    ]


@pytest.mark.parametrize("step", ["investigate", "resolve", "reply", "archive"])
def test_a_step_out_of_order_is_refused_naming_the_step(
    hall: tuple[Services, Actor, Actor], step: str
) -> None:
    services, supervisor, _clerk = hall
    c = services.complaints
    view = c.register(supervisor, phone_form())
    calls = {
        "investigate": lambda: c.investigate(supervisor, view.id, "查明", 1),
        "resolve": lambda: c.resolve(supervisor, view.id, "结果", Cause.OTHER, False, 1),
        "reply": lambda: c.reply(supervisor, view.id, ReplyMethod.PHONE, "已答复", 1),
        "archive": lambda: c.archive(supervisor, view.id, 1),
    }
    before = _counts(services)
    with pytest.raises(CounterError) as caught:
        calls[step]()
    assert caught.value.field == "step" and "已登记" in caught.value.message
    assert _counts(services) == before
    assert c.get(supervisor, view.id).row.state is State.REGISTERED


def test_a_step_taken_twice_or_after_archive_is_refused(
    hall: tuple[Services, Actor, Actor],
) -> None:
    services, supervisor, clerk = hall
    c = services.complaints
    view = c.register(clerk, phone_form())
    assigned = c.assign(supervisor, view.id, "li", 1)
    with pytest.raises(CounterError) as caught:
        c.assign(supervisor, view.id, "zhou", assigned.row_version)
    assert caught.value.field == "step"
    with pytest.raises(CounterError) as stale:
        c.investigate(clerk, view.id, "查明", 1)  # the form before the assignment
    assert "刚被他人办理过" in stale.value.message


def test_who_may_take_which_step(hall: tuple[Services, Actor, Actor]) -> None:
    services, supervisor, clerk = hall
    c = services.complaints
    view = c.register(clerk, phone_form())
    with pytest.raises(CounterError, match="科长"):
        c.assign(clerk, view.id, "li", 1)
    with pytest.raises(CounterError) as inactive:
        c.assign(supervisor, view.id, "nobody", 1)
    assert inactive.value.field == "handler"
    v = c.assign(supervisor, view.id, "zhou", 1)
    with pytest.raises(CounterError, match="承办人"):
        c.investigate(clerk, v.id, "查明", v.row_version)


def test_a_complaint_needs_upheld_a_consultation_does_not(
    hall: tuple[Services, Actor, Actor],
) -> None:
    services, supervisor, _clerk = hall
    c = services.complaints
    v = c.assign(supervisor, c.register(supervisor, phone_form()).id, "zhou", 1)
    v = c.investigate(supervisor, v.id, "查明", v.row_version)
    with pytest.raises(CounterError) as caught:
        c.resolve(supervisor, v.id, "已处理", Cause.ATTITUDE, None, v.row_version)
    assert caught.value.field == "upheld"
    q = c.register(supervisor, phone_form(kind=Kind.CONSULTATION, text="专利费减怎么办？"))
    q = c.assign(supervisor, q.id, "zhou", 1)
    q = c.investigate(supervisor, q.id, "查阅费减办法", q.row_version)
    assert c.resolve(supervisor, q.id, "已告知", Cause.POLICY, None, q.row_version).state is (
        State.RESOLVED
    )


def test_a_written_complaint_needs_a_written_reply(hall: tuple[Services, Actor, Actor]) -> None:
    services, supervisor, clerk = hall
    c = services.complaints
    view = c.register(clerk, letter_form())
    _through(services, supervisor, clerk, view.id)
    v = c.find(clerk, view.number)
    with pytest.raises(CounterError) as caught:
        c.reply(clerk, v.id, ReplyMethod.PHONE, "电话告知了结果", v.row_version)
    assert caught.value.field == "method" and "书面投诉须书面答复" in caught.value.message
    v = c.reply(clerk, v.id, ReplyMethod.LETTER, "", v.row_version)
    assert c.get(supervisor, v.id).reply_text == "已寄发书面答复函"


def test_an_sms_reply_fits_in_200_characters(hall: tuple[Services, Actor, Actor]) -> None:
    services, supervisor, clerk = hall
    c = services.complaints
    view = c.register(clerk, phone_form())
    _through(services, supervisor, clerk, view.id)
    v = c.find(clerk, view.number)
    with pytest.raises(CounterError) as caught:
        c.reply(clerk, v.id, ReplyMethod.SMS, "短" * 201, v.row_version)
    assert caught.value.field == "reply_text" and "200" in caught.value.message
    assert c.reply(clerk, v.id, ReplyMethod.SMS, "短" * 200, v.row_version).state is State.REPLIED


def test_a_consultation_answered_at_once_is_registered_answered(
    hall: tuple[Services, Actor, Actor],
) -> None:
    services, supervisor, clerk = hall
    c = services.complaints
    form = phone_form(kind=Kind.CONSULTATION, text="商标变更要带什么材料？")
    view = c.register(clerk, form, answered_now="已告知所需材料清单，可在信息窗口领取。")
    assert view.state is State.REPLIED and view.handler == "li"
    assert [s.step for s in c.get(supervisor, view.id).steps] == ["register", "answer"]
    assert c.archive(supervisor, view.id, view.row_version).state is State.ARCHIVED
    with pytest.raises(CounterError) as caught:
        c.register(clerk, phone_form(), answered_now="已答复")
    assert caught.value.field == "answered_now"


# --- lists and counts -----------------------------------------------------------------------


def test_the_overdue_list_and_masking(services: Services, admin: Actor) -> None:
    supervisor, clerk = people(services, admin)
    earlier = ComplaintService(services.db, services.hall, lambda: date(2026, 11, 10))
    late = earlier.register(clerk, phone_form())  # due 2026-11-19
    done = earlier.register(clerk, phone_form(kind=Kind.CONSULTATION), answered_now="已答复")
    fresh = services.complaints.register(clerk, phone_form(name="欧阳娜娜"))
    c = services.complaints
    overdue = c.list(supervisor, overdue_only=True)
    assert [r.number for r in overdue] == [late.number]
    assert overdue[0].overdue and overdue[0].due_date == date(2026, 11, 19)
    rows = {r.number: r for r in c.list(supervisor)}
    assert set(rows) == {late.number, done.number, fresh.number}
    assert not rows[done.number].overdue and not rows[fresh.number].overdue
    assert rows[fresh.number].name == "欧**娜" and rows[fresh.number].phone == "138****5678"
    assert rows[fresh.number].about == "第3号窗口"
    assert {r.number for r in c.list(supervisor, open_only=True)} == {late.number, fresh.number}
    assert [r.number for r in c.list(supervisor, kind=Kind.CONSULTATION)] == [done.number]
    assert len(c.list(supervisor, date_from=TODAY, date_to=TODAY)) == 1
    plain = c.get(supervisor, fresh.id)
    assert plain.row.name == "欧**娜" and not plain.revealed
    with pytest.raises(CounterError):
        c.get(clerk, fresh.id, reveal=True)  # the clerk registered it but does not handle it


def test_staff_see_only_what_they_registered_or_handle(
    hall: tuple[Services, Actor, Actor],
) -> None:
    services, supervisor, clerk = hall
    c = services.complaints
    theirs = c.register(supervisor, phone_form())
    mine = c.register(clerk, phone_form())
    assert [r.number for r in c.list(clerk)] == [mine.number]
    with pytest.raises(CounterError):
        c.get(clerk, theirs.id)


def test_the_summary_counts_by_kind_channel_cause_and_overdue(
    services: Services, admin: Actor
) -> None:
    supervisor, clerk = people(services, admin)
    earlier = ComplaintService(services.db, services.hall, lambda: date(2026, 11, 2))
    earlier.register(clerk, phone_form())
    c = services.complaints
    resolved = c.register(clerk, letter_form())
    _through(services, supervisor, clerk, resolved.id)
    c.register(clerk, phone_form(kind=Kind.SUGGESTION, channel=Channel.ONLINE, address="某地"))
    s = c.summary(supervisor, date(2026, 11, 1), date(2026, 11, 30))
    assert s.total == 3 and s.overdue == 1
    assert s.by_kind == {Kind.COMPLAINT: 2, Kind.SUGGESTION: 1}
    assert s.by_channel == {Channel.PHONE: 1, Channel.LETTER: 1, Channel.ONLINE: 1}
    assert s.by_cause == {Cause.ATTITUDE: 1}
    assert s.by_state == {State.REGISTERED: 2, State.RESOLVED: 1}
    assert s.upheld == {None: 2, True: 1}
    assert c.summary(supervisor, TODAY, TODAY).total == 2
    with pytest.raises(CounterError):
        c.summary(clerk, TODAY, TODAY)


# --- a dispute becomes a case ---------------------------------------------------------------


def test_a_dispute_is_prefilled_for_reception_and_linked_to_its_case(
    hall: tuple[Services, Actor, Actor],
) -> None:
    services, supervisor, clerk = hall
    c = services.complaints
    ordinary = c.register(clerk, phone_form())
    with pytest.raises(CounterError, match="不是知识产权纠纷"):
        c.reception_prefill(clerk, ordinary.id)
    text = "某公司在淘宝店铺销售仿冒我方专利产品，请求处理。"
    dispute = c.register(clerk, phone_form(about_item=18, about_window="", text=text))
    prefill = c.reception_prefill(clerk, dispute.id)
    assert prefill["applicant_name"] == "张伟" and prefill["phone"] == "13812345678"
    assert prefill["item_number"] == 18 and prefill["matter"] == text
    case = services.reception.receive(clerk, reception_form(services, 18))
    view = c.link_case(clerk, dispute.id, case.id)
    detail = c.get(supervisor, view.id)
    assert detail.case_number == case.number
    assert detail.steps[-1].step == "to_case" and "转为纠纷案件受理" in detail.steps[-1].text


def _pg_hall(pg_url: str) -> tuple[Services, Actor, Actor]:
    services = Services.open(pg_url, today=lambda: TODAY)
    admin = services.hall.first_run(
        HallSettings(hall_name="大厅", hall_code="LYG", counter_code="W05"),
        "admin",
        "王管理",
        ADMIN_PASSWORD,
    )
    supervisor, clerk = people(services, admin)
    return services, supervisor, clerk


def test_a_complaint_can_be_investigated_on_postgresql(pg_url: str) -> None:
    """PostgreSQL holds every state's name ('investigating' is 13 characters)."""
    services, supervisor, clerk = _pg_hall(pg_url)
    try:
        view = services.complaints.register(clerk, phone_form())
        _through(services, supervisor, clerk, view.id)
    finally:
        services.close()


def test_the_same_register_on_postgresql(pg_url: str) -> None:
    services, supervisor, clerk = _pg_hall(pg_url)
    try:
        earlier = ComplaintService(services.db, services.hall, lambda: date(2026, 11, 10))
        late = earlier.register(clerk, phone_form())
        fresh = services.complaints.register(clerk, letter_form())
        _through(services, supervisor, clerk, fresh.id)
        c = services.complaints
        assert fresh.number == "TS-W05-20261127-001"
        assert [r.number for r in c.list(supervisor, overdue_only=True)] == [late.number]
        s = c.summary(supervisor, date(2026, 11, 1), date(2026, 11, 30))
        assert (s.total, s.overdue, s.upheld) == (2, 1, {None: 1, True: 1})
        assert s.by_cause == {Cause.ATTITUDE: 1}
    finally:
        services.close()
