"""The hall's settings as plain data (the service that stores them is hall/settings.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

DEFAULT_OFFICE_HOURS = "09:00-17:00"
_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-－~～至到]\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class HallSettings:
    hall_name: str = ""
    hall_code: str = ""
    counter_code: str = ""
    address: str = ""
    phone: str = ""
    complaint_phone: str = ""
    progress_portal: str = ""
    office_name: str = ""  # the issuing office printed beside the seal
    review_authority: str = ""  # 行政复议机关, named in refusal notices
    court: str = ""  # 管辖法院, named in refusal notices
    office_hours: str = ""  # e.g. 09:00-17:00 (blank: the default); pickup windows start in it


# The Chinese label of each setting, as the hall settings page shows it.
SETTING_LABELS: dict[str, str] = {
    "hall_name": "大厅名称",
    "hall_code": "大厅代码",
    "counter_code": "本窗口代码",
    "address": "地址",
    "phone": "咨询电话",
    "complaint_phone": "投诉电话",
    "progress_portal": "进度查询网址",
    "office_name": "出文机关（盖章单位）",
    "review_authority": "行政复议机关",
    "court": "管辖法院",
    "office_hours": "办公时间",
}

# Settings the notices print (cases/documents.py, mail labels): blank ones leave a gap or a
# generic wording on every notice.
PRINTED_ON_NOTICES: tuple[str, ...] = (
    "office_name",
    "address",
    "phone",
    "complaint_phone",
    "progress_portal",
    "review_authority",
    "court",
)


def parse_office_hours(text: str) -> tuple[time, time] | None:
    """``09:00-17:00`` as (opens, closes); blank gives the default; None when it is not a
    range of two times of day with the opening first."""
    match = _HOURS.match(text.strip() or DEFAULT_OFFICE_HOURS)
    if match is None:
        return None
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        return None
    opens, closes = time(h1, m1), time(h2, m2)
    return (opens, closes) if opens < closes else None


def office_hours(settings: HallSettings) -> tuple[time, time]:
    """The hall's opening and closing time (the default when the setting is unusable)."""
    hours = parse_office_hours(settings.office_hours)
    return hours or (time(9), time(17))
