"""查询办理进度 on a hall kiosk, whose account pulls no cases: one call of the central's
``kiosk_case_progress`` (db/sync/central_kiosk.py), which checks the answer, counts the tries
and masks the name itself. Its reply becomes the same CaseProgress a lone PC shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from counter_app.i18n import tr
from counter_app.kiosk.scan import plain_words


@dataclass(frozen=True)
class CentralReply:
    status: str  # ok | wrong | locked | unavailable
    left: int = 0
    until: datetime | None = None
    data: dict[str, Any] | None = None


def ask_central(
    central: Callable[[], Engine | None], number: str, digits: str | None, key: str
) -> CentralReply:
    engine = central()
    if engine is None:
        return CentralReply("unavailable")
    try:
        with engine.begin() as conn:
            reply = conn.execute(
                text("SELECT kiosk_case_progress(:n, :p, :k)"),
                {"n": number, "p": digits or "", "k": key},
            ).scalar()
    except (DBAPIError, SQLAlchemyError, OSError):
        return CentralReply("unavailable")
    if not isinstance(reply, dict):
        return CentralReply("unavailable")
    status = str(reply.get("status", ""))
    if status == "locked":
        return CentralReply("locked", until=_moment(reply.get("until")))
    if status == "wrong":
        return CentralReply("wrong", left=int(reply.get("left") or 0))
    if status == "ok":
        return CentralReply("ok", data=reply)
    return CentralReply("unavailable")


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def collect_words(delivery: dict[str, Any] | None) -> str:
    """Where the result reaches the applicant, in the words a lone PC uses."""
    if not delivery:
        return tr("办结后凭受理回执到大厅窗口领取，或按受理时选择的方式送达")
    if delivery.get("method") == "mail":
        if delivery.get("tracking"):
            return tr("邮寄送达，快递单号 {t}", t=str(delivery["tracking"]))
        return tr("邮寄送达（寄出后可在此查看快递单号）")
    place = str(delivery.get("pickup_address") or "") or tr("大厅发证窗口")
    until = _moment(delivery.get("pickup_until"))
    if until is not None:
        return tr("请到{p}领取（{d} 前）", p=place, d=until.astimezone().strftime("%Y-%m-%d"))
    return tr("请到{p}领取", p=place)


def reply_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of a CaseProgress from an ``ok`` reply (labels looked up here)."""
    from counter_app.cases.rules.states import CaseState

    status = str(data.get("state") or "")
    state = CaseState(status) if status in CaseState._value2member_map_ else None
    missing = tuple(str(m) for m in (data.get("missing") or []))
    return {
        "number": str(data.get("number") or ""),
        "applicant": str(data.get("applicant") or ""),
        "state": state.label if state else status,
        "plain": plain_words(status),
        "promised_on": _day(data.get("promised_on")),
        "missing": missing,
        "supplement_by": _day(data.get("supplement_by")) if missing else None,
        "collect": collect_words(data.get("delivery")),
    }
