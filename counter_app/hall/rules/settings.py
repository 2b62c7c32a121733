"""The hall's settings as plain data (the service that stores them is hall/settings.py)."""

from __future__ import annotations

from dataclasses import dataclass


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
