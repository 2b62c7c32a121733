"""What a scanned or typed code at the kiosk's 查询 page is: pure, no database.

- a queue ticket's QR: ``<portal>/ticket/<uuid>`` or the bare ticket id;
- a notice's QR: ``<portal>?case=<number>&k=<key>`` or ``<number>#<key>``, the key being the
  last 12 hex digits of the case's id (proof of holding the paper: a case number alone is
  easy to guess, so a look-up by number also asks the phone's last four); its barcode: the
  bare number.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from counter_app.cases.rules.numbers import case_key as case_key
from counter_app.cases.rules.numbers import code_parts
from counter_app.cases.rules.states import CaseState
from counter_app.i18n import tr

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_CASE = re.compile(r"^[A-Z0-9][A-Z0-9-]{5,39}$")


@dataclass(frozen=True)
class Code:
    """``ticket`` is set for a queue ticket, else ``case`` for a case number (with ``key`` when
    the code was a notice's QR); neither: not ours."""

    ticket: uuid.UUID | None = None
    case: str = ""
    key: str = ""


_KEY = re.compile(r"^[0-9a-f]{12}$")


def case_number(text: str) -> str:
    """A typed case number in the form the register stores (upper case, no spaces)."""
    return re.sub(r"\s+", "", text).upper()[:40]


def read_code(text: str) -> Code:
    raw = text.strip()[:300]
    found = _UUID.search(raw)
    if found:
        return Code(ticket=uuid.UUID(found.group(0)))
    raw, key = code_parts(raw)
    key = key.lower()
    number = case_number(raw)
    if not _CASE.match(number):
        return Code()
    return Code(case=number, key=key if _KEY.match(key) else "")


PLAIN: dict[CaseState, str] = {
    CaseState.RECEIVED: tr("已受理，正在办理中"),
    CaseState.AWAITING_SUPPLEMENT: tr("材料不齐，等待您补交材料"),
    CaseState.REFUSED: tr("不予受理，请领取不予受理通知书"),
    CaseState.UNDER_EXAMINATION: tr("正在审查中"),
    CaseState.RETURNED_FOR_CORRECTION: tr("需要补正材料，请按通知补正"),
    CaseState.APPROVED: tr("已通过，结果即将送达"),
    CaseState.REJECTED: tr("未通过（不予许可），请领取决定书"),
    CaseState.FORWARDED: tr("已转有关机关办理，正在等待答复"),
    CaseState.AWAITING_PICKUP: tr("已办好，请来大厅领取"),
    CaseState.MAILED: tr("已办好，结果已邮寄"),
    CaseState.DELIVERED: tr("结果已送达"),
    CaseState.MAIL_RETURNED: tr("邮件被退回，请来大厅领取或联系我们"),
    CaseState.CLOSED: tr("已办结"),
}


def plain_words(status: str) -> str:
    try:
        return PLAIN[CaseState(status)]
    except ValueError:
        return status
