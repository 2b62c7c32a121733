"""领取通知书: result, when and where to collect, what to bring, collection by an agent."""

from __future__ import annotations

from printers.pdf.blocks import Cell, applicant_rows, field_table, numbered, officer_row
from printers.pdf.models import PickupNotice
from printers.pdf.notice import WIDTH, addressed, render_notice
from printers.pdf.text import cn_date, cn_datetime

TITLE = "领取通知书"


def _rows(doc: PickupNotice) -> list[tuple[str, Cell]]:
    window = (
        f"{cn_datetime(doc.pickup_from)} 至 {cn_datetime(doc.pickup_until)}\n{doc.pickup_hours}"
    )
    return [
        ("案件编号", doc.case_number),
        *applicant_rows(doc.applicant)[:1],
        ("申请事项", numbered(doc.items)),
        ("办理结果", doc.result),
        ("领取时间", window),
        ("领取地点", doc.pickup_address),
        ("领取须携带", numbered(doc.bring)),
        ("委托他人领取", numbered(doc.agent_rules)),
        *([officer_row(doc.officer)] if doc.officer else []),
        ("咨询电话", doc.hall.phone),
        ("投诉监督电话", doc.hall.complaint_phone),
    ]


def render_pickup_notice(doc: PickupNotice) -> bytes:
    """PDF bytes of the notice that the result is ready to collect."""
    intro = (
        f"你（单位）申请的{'、'.join(doc.items)}已办结，办理结果：{doc.result}。"
        f"请于{cn_date(doc.pickup_from.date())}至{cn_date(doc.pickup_until.date())}期间，"
        f"携带下列材料到指定地点领取。"
    )
    body = [*addressed(doc.applicant, intro), field_table(_rows(doc), WIDTH)]
    return render_notice(doc, TITLE, body, signer="领取人")
