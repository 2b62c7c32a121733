"""Notices that are legally right (issue 16, points 1-7), for cases made through the services
and read back with pdftotext: the officer and date of the act, the article by kind of item,
the competent authority, the review body, no doubled words, no line opening with a
punctuation mark, the approval notice, pickup times in office hours, masking on lists."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path

import pytest

from counter_app.cases.documents import hall_info
from counter_app.cases.documents_delivery import mailing_list
from counter_app.cases.mail_report import mail_report
from counter_app.cases.rules.delivery import ContentLine, MailInput
from counter_app.cases.rules.pickup_window import last_close, next_open
from counter_app.cases.rules.reception import Outcome
from counter_app.container import Services
from counter_app.core.errors import CounterError
from counter_app.core.roles import SYSTEM_ACTOR, Actor, Role
from counter_app.hall.rules.working_days import WorkCalendar
from counter_app.hall.settings import HallSettings
from tests.cases.reception.support import PERSON, form
from tests.conftest import TODAY
from tests.pdf import tools

pytestmark = tools.requires_tools

LINE_OPENERS = "，。；：、）》！？"
DAY_TEXT = f"{TODAY.year}年{TODAY.month}月{TODAY.day}日"  # the business day of the tests


def set_law(services: Services, admin: Actor, number: int, kind: str, **fields: object) -> None:
    """The catalogue item ``number`` as a ``kind`` act (the seed may say otherwise)."""
    item = next(i for i in services.catalog.list_items() if i.number == number)
    services.catalog.save(admin, item.id, replace(item.content, legal_kind=kind, **fields))


@pytest.fixture
def officer(services: Services, admin: Actor) -> Actor:
    services.staff.add_user(admin, "zhou", "周审批", frozenset({Role.ADMINISTRATIVE}), "zhou2026ok")
    return services.staff.login("zhou", "zhou2026ok")


def read(data: bytes, tmp_path: Path) -> tuple[str, str]:
    """(the text as lines, the text without whitespace)."""
    return tools.text(data, tmp_path), tools.squeezed(data, tmp_path)


def assert_clean(lines: str) -> None:
    """No doubled 申请, no line that opens with a full-width punctuation mark."""
    assert "申请申请" not in re.sub(r"\s+", "", lines)
    opened = [ln for ln in lines.splitlines() if ln.strip() and ln.strip()[0] in LINE_OPENERS]
    assert not opened, opened


def day_text(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local.year}年{local.month}月{local.day}日"


def test_acceptance_names_the_receiving_officer_and_day_whoever_renders(
    services: Services, reception_user: Actor, admin: Actor, tmp_path: Path
) -> None:
    set_law(services, admin, 5, "", acceptance_basis="")  # blank: the default by number
    case = services.reception.receive(reception_user, form(services, 5))  # 商标注册申请
    for renderer in (admin, SYSTEM_ACTOR):
        doc = services.documents.render(renderer, case.number, "acceptance")
        lines, text = read(doc.pdf, tmp_path)
        assert "李受理" in text and "王管理" not in text and "系统管理命令" not in text
        assert DAY_TEXT in text  # the day of the act, under the seal
        assert "《中华人民共和国行政许可法》第三十二条" in text
        assert "商标注册申请，申请材料齐全" in text and "承诺" in text
        assert_clean(lines)
    assert doc.reprint and doc.title == "受理通知书"
    # The reprint: 补打, its own time, and the original date beside it.
    assert "补打时间" in text and f"原件日期：{DAY_TEXT}" in text


def test_legal_bases_are_listed_one_a_line(
    services: Services, reception_user: Actor, tmp_path: Path
) -> None:
    case = services.reception.receive(reception_user, form(services, 5))
    lines, _ = read(
        services.documents.render(reception_user, case.number, "acceptance").pdf, tmp_path
    )
    assert "；《" not in lines
    for basis in ("《中华人民共和国行政许可法》第三十二条", "《中华人民共和国商标法》"):
        assert any(basis in ln for ln in lines.splitlines()), basis


def test_a_complaint_states_its_own_period_and_never_a_licence_promise(
    services: Services, reception_user: Actor, tmp_path: Path
) -> None:
    case = services.reception.receive(reception_user, form(services, 18))  # 投诉举报
    doc = services.documents.render(reception_user, case.number, "acceptance")
    lines, text = read(doc.pdf, tmp_path)
    assert doc.title == "收件通知书" and "收件通知书" in text
    assert "决定是否受理" in text and "7个工作日" in text and "办理期限" in text
    assert "承诺" not in text and "行政许可法" not in text and "予以受理" not in text
    assert_clean(lines)


def test_mediation_states_its_handling_period(
    services: Services, reception_user: Actor, admin: Actor, tmp_path: Path
) -> None:
    item = next(i for i in services.catalog.list_items() if i.number == 21)  # 纠纷调解
    # 45 working days from the tests' day reach into a year the calendar does not know yet.
    services.catalog.save(admin, item.id, replace(item.content, time_limit_days=None))
    case = services.reception.receive(reception_user, form(services, 21))
    _, text = read(
        services.documents.render(reception_user, case.number, "acceptance").pdf, tmp_path
    )
    assert "45个工作日" in text and "调解" in text
    assert "承诺" not in text and "行政许可法" not in text


def test_an_item_that_names_its_own_article_is_cited(
    services: Services, reception_user: Actor, admin: Actor, tmp_path: Path
) -> None:
    item = next(i for i in services.catalog.list_items() if i.number == 11)  # 专利权质押登记
    content = replace(
        item.content,
        legal_kind="confirmation",
        acceptance_basis="《专利权质押登记办法》第十条",
    )
    services.catalog.save(admin, item.id, content, "legal kind")
    case = services.reception.receive(reception_user, form(services, 11))
    _, text = read(
        services.documents.render(reception_user, case.number, "acceptance").pdf, tmp_path
    )
    assert "根据《专利权质押登记办法》第十条的规定" in text
    assert "行政许可法" not in text


def test_refusal_outside_powers_names_the_competent_authority(
    services: Services, reception_user: Actor, admin: Actor, tmp_path: Path
) -> None:
    # As the catalogue may state it: the general article; the notice cites the sub-item.
    set_law(
        services, admin, 9, "licensing", acceptance_basis="《中华人民共和国行政许可法》第三十二条"
    )
    data = form(services, 9, outcome=Outcome.REFUSE, reasons=("申请事项不属于本机关职权范围",))
    with pytest.raises(CounterError) as info:
        services.reception.receive(reception_user, data)
    assert info.value.field == "competent_authority"
    case = services.reception.receive(
        reception_user, replace(data, competent_authority="国家知识产权局")
    )
    doc = services.documents.render(admin, case.number, "refusal")
    lines, text = read(doc.pdf, tmp_path)
    assert "有权受理机关" in text and "请向国家知识产权局提出申请" in text
    assert "《中华人民共和国行政许可法》第三十二条第一款第（二）项" in text
    # Blank hall settings: the review body of 行政复议法 (2023), never 上一级主管部门.
    assert "向本机关的本级人民政府申请行政复议" in text and "上一级主管部门" not in text
    assert "自收到本通知书之日起" in text
    assert "李受理" in text and "王管理" not in text and DAY_TEXT in text
    assert_clean(lines)


def test_refusing_a_pending_case_keeps_the_authority(
    services: Services, reception_user: Actor, tmp_path: Path
) -> None:
    case = services.reception.receive(reception_user, form(services, 11, lacking=1))
    reasons = ("不属于本机关职权范围",)
    with pytest.raises(CounterError, match="有权受理机关"):
        services.reception.refuse_pending(reception_user, case.id, reasons, case.row_version)
    case = services.reception.refuse_pending(
        reception_user, case.id, reasons, case.row_version, "国家知识产权局商标局"
    )
    _, text = read(services.documents.render(reception_user, case.number, "refusal").pdf, tmp_path)
    assert "请向国家知识产权局商标局提出申请" in text


def test_not_granted_is_a_decision_under_article_38(
    services: Services, reception_user: Actor, officer: Actor, tmp_path: Path
) -> None:
    case = services.reception.receive(reception_user, form(services, 5))
    case = services.approval.start_examination(officer, case.id, case.row_version)
    case = services.approval.reject(officer, case.id, case.row_version, ("商标缺乏显著特征",))
    decided = services.approval.decisions(case.id)[-1].decided_at
    doc = services.documents.render(reception_user, case.number, "rejection")
    lines, text = read(doc.pdf, tmp_path)
    assert doc.title == "不予许可决定书" and "不予许可决定书" in text
    assert "根据《中华人民共和国行政许可法》第三十八条的规定，本机关决定不予许可" in text
    assert "自收到本决定书之日起" in text and "本通知书" not in text
    assert "周审批" in text and "李受理" not in text and day_text(decided) in text
    assert_clean(lines)


def test_approval_notice_for_a_licence_and_for_another_item(
    services: Services, reception_user: Actor, officer: Actor, admin: Actor, tmp_path: Path
) -> None:
    set_law(services, admin, 9, "licensing", acceptance_basis="", decision_basis="")
    case = services.reception.receive(reception_user, form(services, 9))  # 布图设计登记
    with pytest.raises(CounterError):  # not decided yet
        services.documents.render(reception_user, case.number, "approval")
    case = services.approval.start_examination(officer, case.id, case.row_version)
    case = services.approval.approve(officer, case.id, case.row_version, "登记号 BS.2026-0042")
    doc = services.documents.render(reception_user, case.number, "approval")
    lines, text = read(doc.pdf, tmp_path)
    assert doc.title == "准予许可决定书"
    assert "本机关决定准予许可" in text and "第三十八条" in text and "BS.2026-0042" in text
    assert "周审批" in text and "决定日期" in text
    assert_clean(lines)

    other = services.reception.receive(reception_user, form(services, 31))  # 信息检索
    other = services.approval.start_examination(officer, other.id, other.row_version)
    other = services.approval.approve(officer, other.id, other.row_version, "检索报告 JS-01")
    doc = services.documents.render(reception_user, other.number, "approval")
    _, text = read(doc.pdf, tmp_path)
    assert doc.title == "办结通知" and "已办理完毕" in text
    assert "行政许可" not in text and "准予许可" not in text


def _pickup_window(text: str) -> tuple[datetime, datetime]:
    found = re.findall(r"(\d{4})年(\d{1,2})月(\d{1,2})日(\d{2}):(\d{2})", text)
    start, until = (datetime(*(int(v) for v in f)) for f in found[:2])
    return start, until


def test_pickup_window_opens_on_a_working_day_in_office_hours(
    services: Services, reception_user: Actor, officer: Actor, admin: Actor, tmp_path: Path
) -> None:
    settings = services.hall.settings()
    services.hall.update(admin, replace(settings, office_hours="08:30-16:30"))
    case = services.reception.receive(reception_user, form(services, 14))
    case = services.approval.start_examination(officer, case.id, case.row_version)
    case = services.approval.approve(officer, case.id, case.row_version, "备案号 2026-0042")
    services.delivery.prepare_pickup(reception_user, case.id, case.row_version, ("备案通知书",))
    doc = services.documents.render(admin, case.number, "pickup")
    lines, text = read(doc.pdf, tmp_path)
    start, until = _pickup_window(text)
    calendar = services.calendar.calendar()
    assert calendar.is_workday(start.date()) and time(8, 30) <= start.time() < time(16, 30)
    assert start.date() >= TODAY and until.time() == time(16, 30) and until > start
    assert "工作日08:30-16:30" in text and "李受理" in text
    assert_clean(lines)


def test_next_open_never_starts_on_a_sunday_night() -> None:
    calendar = WorkCalendar({})
    sunday = datetime(2026, 11, 29, 5, 6)  # the case of the issue
    assert next_open(sunday, calendar, time(9), time(17)) == datetime(2026, 11, 30, 9, 0)
    friday_evening = datetime(2026, 11, 27, 17, 0)
    assert next_open(friday_evening, calendar, time(9), time(17)) == datetime(2026, 11, 30, 9)
    early = datetime(2026, 11, 27, 7, 45)
    assert next_open(early, calendar, time(9), time(17)) == datetime(2026, 11, 27, 9, 0)
    inside = datetime(2026, 11, 27, 10, 21, 33)
    assert next_open(inside, calendar, time(9), time(17)) == datetime(2026, 11, 27, 10, 21)
    assert last_close(datetime(2026, 12, 13, 2, 0), calendar, time(9), time(17)) == datetime(
        2026, 12, 11, 17, 0
    )  # a Sunday night: the Friday before, at closing
    assert last_close(datetime(2026, 12, 11, 23, 0), calendar, time(9), time(17)) == datetime(
        2026, 12, 11, 17, 0
    )
    assert last_close(inside, calendar, time(9), time(17)) == datetime(2026, 11, 27, 10, 21)
    national_day = datetime(2026, 10, 2, 10, 0)
    assert next_open(national_day, calendar, time(9), time(17)).date() == date(2026, 10, 8)


def test_office_hours_setting_is_checked(services: Services, admin: Actor) -> None:
    settings = services.hall.settings()
    for bad in ("17:00-09:00", "9点-5点", "25:00-26:00"):
        with pytest.raises(CounterError) as info:
            services.hall.update(admin, replace(settings, office_hours=bad))
        assert info.value.field == "office_hours"
    assert services.hall.update(admin, replace(settings, office_hours="")).office_hours == ""


MAIL = MailInput(
    recipient_name="王五",
    mobile="138 1234 5678",
    province="江苏省",
    city="连云港市",
    district="海州区",
    detail="朝阳东路 1 号 3 单元 201 室",
    postal_code="222000",
    contents=(ContentLine("备案通知书", 1, True),),
    tracking_number="EA123456785CN",
)


def test_the_mailing_list_masks_mobiles_the_label_does_not(
    services: Services, reception_user: Actor, officer: Actor, tmp_path: Path
) -> None:
    case = services.reception.receive(reception_user, form(services, 14, applicant=PERSON))
    case = services.approval.start_examination(officer, case.id, case.row_version)
    case = services.approval.approve(officer, case.id, case.row_version, "备案号 2026-0042")
    services.delivery.send_mail(reception_user, case.id, case.row_version, MAIL)
    settings = services.hall.settings()
    report = mail_report(services.db, TODAY, TODAY)
    listed = tools.squeezed(mailing_list(settings, hall_info(settings), report, "李受理"), tmp_path)
    assert "138****5678" in listed and "13812345678" not in listed
    label = services.documents.render(reception_user, case.number, "mail_label")
    assert "13812345678" in tools.squeezed(label.pdf, tmp_path)  # the courier needs it whole
    notice = services.documents.render(reception_user, case.number, "acceptance")
    own = tools.squeezed(notice.pdf, tmp_path)  # the applicant's own notice: whole
    assert PERSON.id_number in own and PERSON.phone in own


def test_every_kind_renders_to_pages_with_chinese(
    services: Services, reception_user: Actor, officer: Actor, tmp_path: Path
) -> None:
    """Each notice kind as page images (looked at by eye when changed; here: non-blank)."""
    accepted = services.reception.receive(reception_user, form(services, 5))
    pending = services.reception.receive(reception_user, form(services, 11, lacking=1))
    kinds = [(accepted, "acceptance"), (pending, "supplement")]
    case = services.approval.start_examination(officer, accepted.id, accepted.row_version)
    case = services.approval.approve(officer, case.id, case.row_version, "12345678")
    kinds.append((case, "approval"))
    for case, kind in kinds:
        doc = services.documents.render(reception_user, case.number, kind)
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(doc.pdf)
        prefix = tmp_path / kind
        subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(prefix)], check=True)
        pages = sorted(tmp_path.glob(f"{kind}*.png"))
        assert pages and all(p.stat().st_size > 5_000 for p in pages), kind


def test_hall_settings_default_has_no_office_hours() -> None:
    assert HallSettings().office_hours == ""


def test_no_wrapped_line_opens_with_punctuation(tmp_path: Path) -> None:
    """Reasons of every length up to two cell widths: somewhere a "，" or "。" falls on the
    break, and somewhere "），" does (ReportLab alone hangs only the first of the two); the
    wrapper keeps them at the end of the line above."""
    from printers import pdf
    from tests.pdf import samples

    reasons = tuple("理" * n + "，由。" + "据" * 5 + "；" for n in range(20, 110))
    reasons += tuple("理" * n + "（按日历日计算），不另行承诺。" for n in range(20, 110))
    doc = replace(samples.REFUSAL, reasons=reasons)
    assert_clean(tools.text(pdf.render_refusal_notice(doc), tmp_path))
