"""The hall's settings as plain data (the service that stores them is services/hall.py)."""

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
