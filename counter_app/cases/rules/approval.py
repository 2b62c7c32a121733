"""Approval rules with no I/O: result numbers per item, repeated reasons, urgency."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from counter_app.core.errors import CounterError
from counter_app.core.normalize import CheckResult
from counter_app.hall.rules.working_days import WorkCalendar, is_overdue
from counter_app.identity.identifiers import validate_patent_number, validate_trademark_number

PATENT_ITEMS = frozenset({1, 4})  # 专利申请, 专利优先审查: the result is a patent number
TRADEMARK_ITEMS = frozenset({5, 6})  # 商标注册申请, 续展: the result is a trademark number


class Urgency(StrEnum):
    OVERDUE = "overdue"  # red
    SOON = "soon"  # amber: due within 2 working days
    OK = "ok"
    NONE = "none"  # no promised date (paused or no time limit)


class RepeatedReasons(CounterError):
    """A reason given again in a later rejection: it should have been given the first time."""

    def __init__(self, repeated: tuple[str, ...]) -> None:
        names = "；".join(repeated)
        super().__init__(
            f"以下理由在此前的退回或不予许可中已经提出过：{names}。按“一次性告知”要求，"
            "同一理由不应第二次提出；确需再次提出请确认（将记录在案，供科长复核）",
            "reasons",
        )
        self.repeated = repeated


def clean_reasons(reasons: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(r.strip() for r in reasons if r.strip()))


def repeated_reasons(new: tuple[str, ...], earlier: tuple[str, ...]) -> tuple[str, ...]:
    """The reasons of ``new`` that were already given, compared without spaces."""
    seen = {"".join(r.split()) for r in earlier}
    return tuple(r for r in new if "".join(r.split()) in seen)


def check_result(item_numbers: tuple[int, ...], raw: str) -> str:
    """The approval's result (registration or certificate number), checked where we can."""
    text = raw.strip()
    if not text:
        raise CounterError("请填写办理结果（如证书号、登记号或决定书文号）", "result")
    if len(text) > 200:
        raise CounterError("办理结果过长（最多 200 字）", "result")
    numbers = set(item_numbers)
    check: CheckResult | None = None
    if numbers and numbers <= PATENT_ITEMS:
        check = validate_patent_number(text)
    elif numbers and numbers <= TRADEMARK_ITEMS:
        check = validate_trademark_number(text)
    if check is not None and check.error:
        raise CounterError(check.error, "result")
    return check.value if check is not None else text


def urgency(calendar: WorkCalendar, promised_on: date | None, today: date) -> Urgency:
    if promised_on is None:
        return Urgency.NONE
    if is_overdue(promised_on, today):
        return Urgency.OVERDUE
    return Urgency.SOON if calendar.due_soon(promised_on, today) else Urgency.OK
