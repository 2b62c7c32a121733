"""What the case view says about a case, as text rows (no widgets here)."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.cases.documents import KINDS
from counter_app.cases.payments import CHANNELS
from counter_app.cases.rules.states import CaseState
from counter_app.cases.views import CaseView
from counter_app.i18n import tr

EVENT_HEADERS = (tr("时间"), tr("经办人"), tr("操作"), tr("状态"), tr("说明"))
PAYMENT_HEADERS = (
    tr("票据号"),
    tr("金额（元）"),
    tr("方式"),
    tr("交易流水号"),
    tr("时间"),
    tr("收费人"),
    tr("状态"),
)
DOCUMENT_HEADERS = (tr("文书"), tr("出具时间"), tr("首次/补打"))
ACTION_LABELS = {
    "receive": tr("受理登记"),
    "supplement_partial": tr("部分补正"),
    "supplement_complete": tr("补正完成"),
    "refuse": tr("不予受理"),
    "payment": tr("收费"),
}


def local(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _day(value: date | None) -> str:
    return value.isoformat() if value else tr("—")


def status_kind(status: CaseState) -> str:
    """The notice that belongs to the case in ``status``."""
    if status is CaseState.AWAITING_SUPPLEMENT:
        return "supplement"
    if status is CaseState.REFUSED:
        return "refusal"
    return "acceptance"


def status_style(status: CaseState) -> str:
    colour = {
        CaseState.AWAITING_SUPPLEMENT: "#8a5a00",
        CaseState.REFUSED: "#b00020",
    }.get(status, "#1b5e20")
    return f"color:{colour}; font-size:14pt; font-weight:bold;"


def dates_text(case: CaseView) -> str:
    parts = [tr("受理日期：{d}", d=_day(case.received_on))]
    if case.status is CaseState.AWAITING_SUPPLEMENT:
        parts.append(tr("补正期限：{d}", d=_day(case.supplement_deadline)))
    else:
        parts.append(tr("承诺办结：{d}", d=_day(case.promised_on)))
    parts.append(tr("经办：{u}（窗口 {c}）", u=case.received_by, c=case.counter_code))
    return "    ".join(parts)


def applicant_text(case: CaseView) -> str:
    a = case.applicant
    text = tr("申请人：{n}（{l} {i}），电话 {p}", n=a.name, l=a.id_label, i=a.id_number, p=a.phone)
    if a.legal_representative:
        text += tr("，法定代表人 {r}", r=a.legal_representative)
    if case.agent:
        text += tr(
            "；代办人：{n}（{i}），电话 {p}，授权：{a}",
            n=case.agent.get("name", ""),
            i=case.agent.get("id_number", ""),
            p=case.agent.get("phone", ""),
            a=case.agent.get("authorisation", ""),
        )
    return text


def items_text(case: CaseView) -> str:
    names = "、".join(f"{i.number:02d} {i.name}" for i in case.items)
    return tr("办理事项：{n}", n=names)


def event_rows(case: CaseView) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for e in case.events:
        to_state = CaseState(e.to_status).label if e.to_status else ""
        rows.append((local(e.at), e.actor, ACTION_LABELS.get(e.action, e.action), to_state, e.note))
    return rows


def payment_rows(case: CaseView) -> tuple[list[tuple[str, ...]], list[int]]:
    rows: list[tuple[str, ...]] = []
    dimmed: list[int] = []
    for index, p in enumerate(case.payments):
        state = tr("已作废") if p.voided else tr("有效")
        if p.voided:
            dimmed.append(index)
        channel = CHANNELS.get(p.channel, p.channel)
        paid = local(p.paid_at)
        rows.append(
            (
                p.receipt_number,
                f"{p.amount:.2f}",
                channel,
                p.transaction_ref,
                paid,
                p.cashier,
                state,
            )
        )
    return rows, dimmed


def document_rows(case: CaseView) -> list[tuple[str, ...]]:
    return [
        (KINDS.get(kind, kind), local(at), tr("补打") if reprint else tr("首次"))
        for kind, at, reprint in case.documents
    ]
