"""The State Council's yearly notice of holidays (国务院办公厅关于20XX年部分节假日安排的通知) read
into days off and make-up working days, and the least a year's arrangement must hold.

The notice has one numbered section per holiday, e.g. "二、春节：2月15日（农历腊月二十八、周日）
至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。" Every
"A至B…放假" is a range of days off, every date of a "…上班" clause a working day. Full-width
digits and punctuation are folded first (NFKC); a weekday written beside a date (周四, 星期四)
and a "共N天" after a range are checked, so a notice pasted for the wrong year or mistyped is
refused rather than saved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from counter_app.core.errors import CounterError
from counter_app.i18n import tr

FIELD = "notice"
_TITLE = re.compile(r"关于\s*(\d{4})\s*年[^\n]{0,30}?节假日[^\n]{0,10}?安排的通知")
_PREAMBLE = re.compile(r"现将\s*(\d{4})\s*年[^\n。]{0,60}?放假")
_SECTION = re.compile(r"([一二三四五六七八九十]{1,3})、\s*([^:,;.。\s\d()]{1,12}?)\s*:")
_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
    r"(?:\s*\((?P<aside>[^)]*)\))?"
)
_RANGE_WORD = re.compile(r"\s*(?:至|到|~|-|—|–)\s*")
_TOTAL = re.compile(r"共\s*(\d{1,2})\s*天")
_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")
_WEEKDAYS = "一二三四五六日"
_ONE_DAY = timedelta(days=1)

# Lunar new year's day (正月初一) 2004-2060, as MMDD; checked against chinesecalendar's
# Spring Festivals for the years it knows (tests/hall/test_holiday_notice.py).
_LUNAR_NEW_YEAR = re.findall(
    r"\d{4}",
    "0122 0209 0129 0218 0207 0126 0214 0203 0123 0210 0131 0219 0208 0128 0216 0205 0125 "
    "0212 0201 0122 0210 0129 0217 0206 0126 0213 0203 0123 0211 0131 0219 0208 0128 0215 "
    "0204 0124 0212 0201 0122 0210 0130 0217 0206 0126 0214 0202 0123 0211 0201 0219 0208 "
    "0128 0215 0204 0124 0212 0202",
)
_FIRST_TABLE_YEAR = 2004


@dataclass(frozen=True)
class NoticeHoliday:
    """One numbered section of the notice: the holiday's days off and its make-up workdays."""

    name: str
    off: tuple[date, ...]
    workdays: tuple[date, ...]


@dataclass(frozen=True)
class HolidayNotice:
    year: int
    holidays: tuple[NoticeHoliday, ...]

    def days(self) -> dict[date, bool]:
        """Every date the notice names: True a working day, False a day off."""
        result: dict[date, bool] = {}
        for holiday in self.holidays:
            result.update({day: False for day in holiday.off})
            result.update({day: True for day in holiday.workdays})
        return dict(sorted(result.items()))

    def notes(self) -> dict[date, str]:
        """The note an override from this notice carries: 春节, 春节调休上班."""
        result: dict[date, str] = {}
        for holiday in self.holidays:
            result.update({day: holiday.name for day in holiday.off})
            result.update({day: tr("{n}调休上班", n=holiday.name) for day in holiday.workdays})
        return result


def lunar_new_year(year: int) -> date | None:
    """正月初一 of ``year`` (None outside 2004-2060)."""
    index = year - _FIRST_TABLE_YEAR
    if not 0 <= index < len(_LUNAR_NEW_YEAR):
        return None
    mmdd = _LUNAR_NEW_YEAR[index]
    return date(year, int(mmdd[:2]), int(mmdd[2:]))


def statutory_core_days(year: int) -> dict[str, tuple[date, ...]]:
    """The statutory days off of the Spring Festival (除夕 to 初三) and National Day (1-3 Oct)
    under 全国年节及纪念日放假办法 (2024 revision): a year's arrangement holds at least these."""
    new_year = lunar_new_year(year)
    if new_year is None:
        raise CounterError(tr("无法核对 {y} 年的春节日期（只支持 2004–2060 年）", y=year), "year")
    spring = tuple(new_year + _ONE_DAY * offset for offset in range(-1, 3))
    national = tuple(date(year, 10, day) for day in (1, 2, 3))
    return {tr("春节"): spring, tr("国庆节"): national}


def missing_core_holidays(year: int, days: Mapping[date, bool]) -> list[str]:
    """Which of the Spring Festival and National Day ``days`` (date -> is a working day) do
    not give off in full, e.g. ["春节（02-05、02-06、02-07、02-08）"]; empty when both are there."""
    missing = []
    for name, needed in statutory_core_days(year).items():
        if any(days.get(day) is not False for day in needed):
            listed = "、".join(f"{day:%m-%d}" for day in needed)
            missing.append(f"{name}（{listed}）")
    return missing


def decode_notice(data: bytes) -> str:
    """A notice file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates: tuple[str, ...] = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise CounterError(
        tr("文件编码无法识别：请把通知另存为 UTF-8 或 GBK 编码的纯文本（.txt）文件"), FIELD
    )


def parse_notice(text: str) -> HolidayNotice:
    """Read the notice's numbered sections; a text that is no such notice is refused."""
    folded = unicodedata.normalize("NFKC", text)
    year = _year(folded)
    sections = list(_SECTION.finditer(folded))
    holidays = []
    for index, header in enumerate(sections):
        end = sections[index + 1].start() if index + 1 < len(sections) else len(folded)
        body = folded[header.end() : end]
        off, work = _section_days(header.group(2), body, year)
        if off or work:
            holidays.append(NoticeHoliday(header.group(2), tuple(off), tuple(work)))
    if not holidays:
        raise CounterError(
            tr("没有读到放假安排：请粘贴通知全文，含“一、元旦：1月1日……放假”等各条"), FIELD
        )
    _check_no_conflicts(holidays)
    return HolidayNotice(year, tuple(holidays))


def _year(text: str) -> int:
    found = _TITLE.search(text) or _PREAMBLE.search(text)
    if found is None:
        if "节假日" not in text and "放假" not in text:
            raise CounterError(
                tr("这不是国务院办公厅关于部分节假日安排的通知：没有找到通知标题"), FIELD
            )
        raise CounterError(
            tr("没有读到年份：请连同标题“国务院办公厅关于20XX年部分节假日安排的通知”一起粘贴"),
            FIELD,
        )
    year = int(found.group(1))
    if not 2000 <= year <= 2100:
        raise CounterError(tr("通知的年份不对：{y}", y=year), FIELD)
    return year


def _section_days(name: str, body: str, year: int) -> tuple[list[date], list[date]]:
    off: list[date] = []
    work: list[date] = []
    for sentence in re.split(r"[。;\n]", body):
        pending: list[date] = []
        last_off: list[date] = []
        month: int | None = None
        for clause in sentence.split(","):
            dates, month = _clause_dates(clause, year, month, name)
            pending.extend(dates)
            if "上班" in clause:
                work.extend(pending)
                pending = []
            elif re.search("放假|休息|休假", clause):
                off.extend(pending)
                last_off, pending = pending, []
            total = _TOTAL.search(clause)
            if total and last_off and int(total.group(1)) != len(last_off):
                raise CounterError(
                    tr(
                        "“{n}”写的是共 {t} 天，但 {a} 至 {b} 是 {c} 天，请核对通知原文",
                        n=name,
                        t=total.group(1),
                        a=f"{last_off[0]:%m月%d日}",
                        b=f"{last_off[-1]:%m月%d日}",
                        c=len(last_off),
                    ),
                    FIELD,
                )
    return off, work


def _clause_dates(
    clause: str, year: int, month: int | None, name: str
) -> tuple[list[date], int | None]:
    """The dates of one clause (ranges expanded) and the month to carry on. "9月28日至10月6日",
    "2月15日至23日" and "2018年12月30日至2019年1月1日" are ranges."""
    days: list[date] = []
    previous: tuple[date, int] | None = None  # last date and where its match ended
    for found in _DATE.finditer(clause):
        explicit_month = found.group("m") is not None
        month = int(found.group("m")) if explicit_month else month
        if month is None:
            raise CounterError(tr("“{n}”中的日期缺少月份：{t}", n=name, t=found.group(0)), FIELD)
        day_year = int(found.group("y")) if found.group("y") else year
        day = _valid_date(day_year, month, int(found.group("d")), name)
        is_range = previous is not None and _RANGE_WORD.fullmatch(
            clause[previous[1] : found.start()]
        )
        if previous is not None and is_range and day < previous[0] and not found.group("y"):
            if explicit_month:  # "12月31日至1月2日": into the next year
                day = _valid_date(day_year + 1, month, day.day, name)
            else:  # "1月30日至2日": into the next month
                month = month % 12 + 1
                day = _valid_date(day_year + (month == 1), month, day.day, name)
        _check_weekday(day, found.group("aside"), name)
        if previous is not None and is_range:
            span = (day - previous[0]).days
            if span > 31:
                raise CounterError(tr("“{n}”的放假区间超过一个月，请核对", n=name), FIELD)
            days.extend(previous[0] + _ONE_DAY * step for step in range(1, span + 1))
        else:
            days.append(day)
        previous = (day, found.end())
    return days, month


def _valid_date(year: int, month: int, day: int, name: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CounterError(
            tr("“{n}”中的日期不存在：{m}月{d}日", n=name, m=month, d=day), FIELD
        ) from None


def _check_weekday(day: date, aside: str | None, name: str) -> None:
    written = _WEEKDAY.search(aside or "")
    if written is None:
        return
    expected = _WEEKDAYS[day.weekday()]
    if written.group(1).replace("天", "日") != expected:
        raise CounterError(
            tr(
                "“{n}”：{d} 是星期{e}，通知写的是“{w}”；请核对年份和日期",
                n=name,
                d=f"{day:%Y-%m-%d}",
                e=expected,
                w=written.group(0),
            ),
            FIELD,
        )


def _check_no_conflicts(holidays: list[NoticeHoliday]) -> None:
    seen: dict[date, bool] = {}
    for holiday in holidays:
        for day, work in [(d, False) for d in holiday.off] + [(d, True) for d in holiday.workdays]:
            if seen.get(day, work) != work:
                raise CounterError(
                    tr("{d} 在通知中既是放假又是上班，请核对", d=f"{day:%Y-%m-%d}"), FIELD
                )
            seen[day] = work
