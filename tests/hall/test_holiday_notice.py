"""The State Council's holiday notice read into days, the library never overridden by a year
marked complete, and a year marked complete only with its Spring Festival and National Day.

tests/hall/data/holiday_notice_2026.txt is the real 2026 notice (国办发明电〔2025〕7号) as
Xinhua published it on 4 November 2025 (e.g. politics.gmw.cn/2025-11/04/content_38391083.htm).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import chinese_calendar
import pytest
from sqlalchemy import select

from counter_app.container import Services
from counter_app.core.errors import CounterError, UnknownCalendarYear
from counter_app.core.roles import Actor, Role
from counter_app.hall.calendar import load_calendar
from counter_app.hall.rules.holiday_notice import (
    decode_notice,
    lunar_new_year,
    missing_core_holidays,
    parse_notice,
)
from counter_app.hall.rules.working_days import (
    DayKind,
    WorkCalendar,
    day_kind,
    library_days,
    library_years,
)
from db.models import AuditLog, HolidayOverride, HolidayYear

D = date
NOTICE_2026 = (Path(__file__).parent / "data" / "holiday_notice_2026.txt").read_text("utf-8")

# The 2023 arrangement (国办发明电〔2022〕16号), retyped: a range across the year, a section
# for two holidays, 星期 instead of 周, ranges across a month.
NOTICE_2023 = """国务院办公厅关于2023年部分节假日安排的通知
一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
三、清明节：4月5日放假，共1天。
四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。
"""

# A made-up 2027 notice (the real one is not published yet): a year the library does not know.
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至13日（农历正月初八、周六）放假调休，共9天。2月20日（周六）上班。
三、清明节：4月3日（周六）至5日（周一）放假，共3天。
四、劳动节：5月1日（周六）至5日（周三）放假调休，共5天。4月25日（周日）、5月8日（周六）上班。
五、端午节：6月9日（周三）放假，共1天。
六、中秋节：9月15日（周三）放假，共1天。
七、国庆节：10月1日（周五）至7日（周四）放假调休，共7天。9月26日（周日）、10月9日（周六）上班。
"""


def _full_width(text: str) -> str:
    table = {ord(c): ord(c) + 0xFEE0 for c in "0123456789"}
    return text.translate(table)


def test_the_real_2026_notice_gives_exactly_the_librarys_2026() -> None:
    notice = parse_notice(NOTICE_2026)
    assert notice.year == 2026
    assert notice.days() == library_days(2026)
    assert [h.name for h in notice.holidays] == [
        "元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"
    ]  # fmt: skip
    spring = notice.holidays[1]
    assert (spring.off[0], spring.off[-1], len(spring.off)) == (D(2026, 2, 15), D(2026, 2, 23), 9)
    assert spring.workdays == (D(2026, 2, 14), D(2026, 2, 28))
    assert notice.notes()[D(2026, 9, 20)] == "国庆节调休上班"


def test_the_2023_notice_agrees_with_the_library_across_years_and_months() -> None:
    notice = parse_notice(NOTICE_2023)
    days = notice.days()
    first, last = min(days), max(days)
    assert first == D(2022, 12, 31) and last == D(2023, 10, 8)
    library = library_days(2022) | library_days(2023)
    assert days == {d: v for d, v in library.items() if first <= d <= last}
    assert notice.holidays[-1].name == "中秋节、国庆节"
    assert D(2023, 9, 30) in notice.holidays[-1].off and D(2023, 10, 1) in notice.holidays[-1].off


def test_full_width_digits_one_line_and_half_width_punctuation_read_the_same() -> None:
    expected = library_days(2026)
    assert parse_notice(_full_width(NOTICE_2026)).days() == expected
    assert parse_notice(NOTICE_2026.replace("\n", "")).days() == expected
    half = NOTICE_2026.translate(str.maketrans("：，。（）", ":,.()"))
    assert parse_notice(half).days() == expected


def test_the_year_comes_from_the_title_or_else_the_opening_sentence() -> None:
    body = NOTICE_2026.split("\n", 2)[2]  # without the title and the document number
    assert parse_notice(body).year == 2026
    sections_only = body[body.index("一、") :]
    with pytest.raises(CounterError) as caught:
        parse_notice(sections_only)
    assert "没有读到年份" in caught.value.message and caught.value.field == "notice"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("今天天气很好，明天下雨。", "不是国务院办公厅"),
        ("国务院办公厅关于2026年部分节假日安排的通知\n各省、自治区：\n", "没有读到放假安排"),
        (NOTICE_2026.replace("2026年", "2027年"), "星期五"),  # weekdays of another year
        (NOTICE_2026.replace("共9天", "共8天"), "共 8 天"),
        (NOTICE_2026.replace("2月28日", "2月30日"), "日期不存在"),
        (NOTICE_2026.replace("1月4日（周日）上班", "1月3日（周六）上班"), "既是放假又是上班"),
    ],
)
def test_bad_notices_are_refused_with_a_chinese_message(text: str, words: str) -> None:
    with pytest.raises(CounterError) as caught:
        parse_notice(text)
    assert words in caught.value.message and caught.value.field == "notice"


def test_files_in_utf8_with_bom_and_gbk_decode_and_others_are_refused() -> None:
    for data in (
        NOTICE_2026.encode("utf-8-sig"),
        NOTICE_2026.encode("gbk"),
        NOTICE_2026.encode("utf-16"),
    ):
        assert parse_notice(decode_notice(data)).days() == library_days(2026)
    with pytest.raises(CounterError) as caught:
        decode_notice(b"\x00\x01\x02\xff\xfe\x00" * 20)
    assert "编码" in caught.value.message


def test_the_lunar_new_year_table_matches_the_librarys_spring_festivals() -> None:
    for year in sorted(library_years()):
        new_year = lunar_new_year(year)
        assert new_year is not None
        on_holiday, name = chinese_calendar.get_holiday_detail(new_year)
        assert on_holiday and name == chinese_calendar.Holiday.spring_festival.value, year
    assert lunar_new_year(2027) == D(2027, 2, 6) and lunar_new_year(2061) is None


def test_core_holidays_are_the_statutory_spring_festival_and_national_day() -> None:
    days = parse_notice(NOTICE_2027).days()
    assert missing_core_holidays(2027, days) == []
    without_eve = {**days, D(2027, 2, 5): True}
    assert missing_core_holidays(2027, without_eve) == ["春节（02-05、02-06、02-07、02-08）"]
    assert len(missing_core_holidays(2027, {})) == 2


def test_a_year_marked_complete_never_overrides_the_library() -> None:
    """Issue 16: with 2026 marked complete, 2026-09-30 + 1 working day was 2026-10-01."""
    marked = WorkCalendar(complete_years=[2026])
    assert marked.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert not marked.is_workday(D(2026, 10, 1)) and marked.is_workday(D(2026, 10, 10))
    assert marked.add_working_days(D(2026, 2, 12), 5) == D(2026, 2, 26)
    # The mark still works for a year nobody knows ...
    assert WorkCalendar(complete_years=[2027]).is_workday(D(2027, 3, 1))
    # ... and an administrator's override still wins over the library.
    assert WorkCalendar({D(2026, 10, 1): True}, complete_years=[2026]).is_workday(D(2026, 10, 1))


def test_a_2026_mark_already_in_the_database_changes_nothing(
    services: Services, admin: Actor
) -> None:
    with services.db.write() as session:
        session.add(HolidayYear(year=2026, complete=True))  # as the old rule allowed
    with services.db.read() as session:
        calendar = load_calendar(session)
    assert calendar.add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 8)


def test_marking_a_library_year_or_a_year_without_its_core_holidays_is_refused(
    services: Services, admin: Actor
) -> None:
    with pytest.raises(CounterError) as known:
        services.calendar.mark_year_complete(admin, 2026)
    assert "节假日库已包含 2026 年" in known.value.message and known.value.field == "year"
    services.calendar.set_override(admin, D(2027, 1, 1), False, "元旦")
    with pytest.raises(CounterError) as missing:
        services.calendar.mark_year_complete(admin, 2027)
    assert "春节" in missing.value.message and "国庆节" in missing.value.message
    for day in (D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)):
        services.calendar.set_override(admin, day, False, "春节")
    with pytest.raises(CounterError) as still:
        services.calendar.mark_year_complete(admin, 2027)
    assert "国庆节" in still.value.message and "春节（" not in still.value.message
    for day in (D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)):
        services.calendar.set_override(admin, day, False, "国庆节")
    plan = services.calendar.year_plan(2027)
    assert not plan.library_known and plan.missing == ()
    assert plan.kind(D(2027, 2, 6)) is DayKind.HOLIDAY and plan.kind(D(2027, 2, 20)) is (
        DayKind.WEEKEND
    )
    services.calendar.mark_year_complete(admin, 2027)
    assert services.calendar.calendar().add_working_days(D(2027, 2, 4), 1) == D(2027, 2, 9)
    services.calendar.mark_year_complete(admin, 2027, False)  # undoing is always allowed


def test_importing_a_notice_for_an_unknown_year_saves_it_and_marks_it_complete(
    services: Services, admin: Actor
) -> None:
    with pytest.raises(UnknownCalendarYear):
        services.calendar.calendar().add_working_days(D(2026, 12, 30), 2)
    preview = services.calendar.preview_notice(NOTICE_2027)
    assert not preview.plan.library_known and not preview.agrees
    assert preview.differences == () and preview.changes == parse_notice(NOTICE_2027).days()
    assert preview.plan.kind(D(2027, 2, 20)) is DayKind.MAKEUP
    assert services.calendar.overrides() == []  # a preview saves nothing
    done = services.calendar.import_notice(admin, NOTICE_2027)
    assert (done.year, done.saved, done.marked_complete) == (2027, 34, True)
    assert services.calendar.complete_years() == [2027]
    calendar = services.calendar.calendar()
    assert calendar.add_working_days(D(2026, 12, 30), 2) == D(2027, 1, 4)
    assert calendar.add_working_days(D(2027, 2, 4), 1) == D(2027, 2, 15)
    assert calendar.is_workday(D(2027, 2, 20)) and not calendar.is_workday(D(2027, 6, 9))
    with services.db.read() as session:
        notes = {r.day: r.note for r in session.scalars(select(HolidayOverride))}
        actions = list(session.scalars(select(AuditLog.action)))
    assert notes[D(2027, 2, 20)] == "春节调休上班" and notes[D(2027, 10, 1)] == "国庆节"
    assert actions.count("holiday_import") == 34 and actions.count("holiday_year") == 1


def test_a_notice_for_a_library_year_checks_it_and_wins_only_when_told(
    services: Services, admin: Actor
) -> None:
    agreeing = services.calendar.preview_notice(NOTICE_2026)
    assert agreeing.agrees and agreeing.differences == ()
    done = services.calendar.import_notice(admin, NOTICE_2026)
    assert (done.saved, done.marked_complete) == (0, False)
    assert services.calendar.overrides() == []
    longer = NOTICE_2026.replace("至7日（周三）", "至8日（周四）").replace("共7天", "共8天")
    preview = services.calendar.preview_notice(longer)
    assert [(d.day, d.notice_workday, d.current_workday) for d in preview.differences] == [
        (D(2026, 10, 8), False, True)
    ]
    with pytest.raises(CounterError) as caught:
        services.calendar.import_notice(admin, longer)
    assert "1 天不一致" in caught.value.message and services.calendar.overrides() == []
    services.calendar.import_notice(admin, longer, accept_differences=True)
    assert [(o.day, o.is_workday) for o in services.calendar.overrides()] == [
        (D(2026, 10, 8), False)
    ]
    assert services.calendar.calendar().add_working_days(D(2026, 9, 30), 1) == D(2026, 10, 9)
    assert services.calendar.complete_years() == []  # a library year is never marked
    with services.db.read() as session:
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "holiday_import")).one()
    assert audit.entity_id == "2026-10-08" and audit.after == {
        "is_workday": False,
        "note": "国庆节",
    }


def test_only_an_administrator_imports(services: Services, admin: Actor) -> None:
    clerk = Actor("li", "李受理", frozenset({Role.RECEPTION}))
    with pytest.raises(CounterError):
        services.calendar.import_notice(clerk, NOTICE_2027)
    assert services.calendar.overrides() == []


def test_day_kinds_for_the_calendar() -> None:
    days = library_days(2026)
    assert day_kind(D(2026, 2, 14), days) is DayKind.MAKEUP
    assert day_kind(D(2026, 2, 16), days) is DayKind.HOLIDAY
    assert day_kind(D(2026, 2, 21), days) is DayKind.HOLIDAY  # a Saturday inside the holiday
    assert day_kind(D(2026, 3, 7), days) is DayKind.WEEKEND
    assert day_kind(D(2026, 3, 9), days) is DayKind.WORKDAY
