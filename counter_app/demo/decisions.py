"""What a demo case's decisions say, as the approval and reception services would record
them: an approval's result number (a patent or trademark number that passes the approval
page's checks, else a certificate number), the reasons of a rejection or of a return for
correction, and the competent body a refusal outside this office's powers must name."""

from __future__ import annotations

from counter_app.hall.rules.catalog import ItemView
from counter_app.identity.checksums import patent_check

CORRECTION_DAYS = 15  # working days the applicant has to resubmit after 退回补正
_EXAMINATION_REASON = "经审查，申请不符合法定条件和标准"
_CORRECTION_REASONS = (
    "申请表部分栏目填写不完整，请补充填写后签字（盖章）",
    "证明材料复印件不清晰，请提交清晰的复印件并核对原件",
)
_PATENT_ITEMS = frozenset({1, 4})  # results are patent numbers (cases/rules/approval.py)
_TRADEMARK_ITEMS = frozenset({5, 6})  # results are trademark registration numbers
# 行政许可法 Art. 32(1)(2): a matter outside this office's powers names the competent body
# (the reception service refuses such a refusal without one).
_OUTSIDE_POWERS = ("职权范围", "不属于本机关")
_COMPETENT = {"专利": "国家知识产权局", "商标": "国家知识产权局商标局"}
_COMPETENT_DEFAULT = "江苏省知识产权局"


def result_number(items: tuple[ItemView, ...], year: int, serial: int) -> str:
    """The ``serial``-th approval's result for these items, decided in ``year``."""
    numbers = {i.number for i in items}
    if numbers <= _PATENT_ITEMS:
        body = f"{year}1{serial % 10**7:07d}"
        return f"{body}.{patent_check(body)}"
    if numbers <= _TRADEMARK_ITEMS:
        return f"{60_000_000 + serial}"
    return f"苏知登字〔{year}〕第{serial:05d}号"


def rejection_reasons(items: tuple[ItemView, ...]) -> tuple[str, ...]:
    """不予许可: the first typical rejection reason the catalogue gives for the items."""
    own = [r for i in items for r in i.content.rejection_reasons]
    return (own[0] if own else _EXAMINATION_REASON,)


def correction_reasons(serial: int) -> tuple[str, ...]:
    """退回补正: one or both of the usual reasons, all at once."""
    return _CORRECTION_REASONS[: 1 + serial % 2]


def competent_authority(items: tuple[ItemView, ...], reasons: tuple[str, ...]) -> str:
    """The body to apply to when a refusal's reason is outside this office's powers, else ""."""
    if not any(mark in r for r in reasons for mark in _OUTSIDE_POWERS):
        return ""
    names = "".join(i.name for i in items)
    return next((body for key, body in _COMPETENT.items() if key in names), _COMPETENT_DEFAULT)
