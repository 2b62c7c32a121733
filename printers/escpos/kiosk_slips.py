"""The kiosk's own receipt slips as ESC/POS: the 带走清单 (an item's materials list to take
home) and the receipt of a complaint filed at the kiosk.

Plain inputs, checked against the printer fonts like the other receipts (a field no printer
can show fails here, naming it, before anything is queued); the same layout as the ticket, so
native Chinese text (GB18030) on a printer with a Chinese font, else the raster fallback.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from PIL import Image

from printers.documents import format_amount, format_date
from printers.escpos.commands import Align
from printers.escpos.layout import Block, Feed, Line, Pair, Rule, layout
from printers.escpos.native import render_native
from printers.escpos.profile import PAPER_58, ReceiptProfile
from printers.escpos.raster import render_image, render_raster
from printers.text import check_printable, normalize_print_text

FIELD_LABELS: dict[str, str] = {
    "hall_name": "大厅名称",
    "item_name": "事项名称",
    "name": "材料名称",
    "time_limit": "办理时限",
    "where": "办理地点",
    "ticket": "取号类别",
    "number": "登记编号",
    "kind": "类别",
    "channel": "渠道",
    "about": "涉及窗口",
    "matter": "事项",
    "phone": "联系电话",
    "notice": "提示语",
}


@dataclass(frozen=True)
class SlipMaterial:
    name: str
    original: bool = False
    copies: int = 1


@dataclass(frozen=True)
class SlipFee:
    name: str
    amount: Decimal | None = None  # None: the amount is set case by case


@dataclass(frozen=True)
class MaterialsSlip:
    """带走清单: what to bring for one catalogue item, printed at the kiosk."""

    hall_name: str
    item_name: str
    materials: tuple[SlipMaterial, ...]
    fees: tuple[SlipFee, ...]
    time_limit: str
    where: str
    ticket: str  # the ticket category to take, e.g. "A 专利"
    printed_on: date
    notice: str = "材料齐全可一次办结；如有疑问请到咨询窗口"


@dataclass(frozen=True)
class ComplaintSlip:
    """The receipt of a consultation, complaint or suggestion filed at the kiosk."""

    hall_name: str
    number: str
    kind: str
    channel: str
    received_on: date
    reply_by: date
    matter: str
    about: str = ""
    phone: str = ""  # masked
    notice: str = "请凭登记编号到咨询窗口查询办理情况"


S = TypeVar("S", MaterialsSlip, ComplaintSlip, SlipMaterial, SlipFee)


def checked(slip: S) -> S:
    """``slip`` with its text normalised; ``PrinterContentError`` names a field no font shows."""
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(slip):
        value = getattr(slip, field.name)
        if isinstance(value, str):
            text = normalize_print_text(value)
            check_printable(text, FIELD_LABELS.get(field.name, field.name))
            changes[field.name] = text
        elif isinstance(value, tuple):
            changes[field.name] = tuple(checked(part) for part in value)
    return dataclasses.replace(slip, **changes)


def _material(n: int, material: SlipMaterial) -> Line:
    kind = "原件" if material.original else "复印件"
    return Line(f"{n}. {material.name}（{kind} {material.copies} 份）")


def _fees(fees: tuple[SlipFee, ...]) -> list[Block]:
    if not fees:
        return [Pair("收费", "不收费")]
    lines: list[Block] = [Line("收费：")]
    for fee in fees:
        amount = "按规定收取" if fee.amount is None else format_amount(fee.amount)
        lines.append(Pair(f"  {fee.name}", amount))
    return lines


def materials_blocks(slip: MaterialsSlip) -> list[Block]:
    materials = [_material(n, m) for n, m in enumerate(slip.materials, start=1)]
    return [
        Line(slip.hall_name, bold=True, align=Align.CENTER),
        Line("带走清单", scale=2, bold=True, align=Align.CENTER, fit=True),
        Rule(),
        Line(slip.item_name, scale=2, bold=True, fit=True),
        Rule(),
        Line("需要带的材料：", bold=True),
        *(materials or [Line("无需提交材料")]),
        Rule(),
        *_fees(slip.fees),
        Pair("办理时限", slip.time_limit),
        Line(f"办理地点：{slip.where}"),
        Line(f"取号类别：{slip.ticket}", bold=True),
        Pair("打印日期", format_date(slip.printed_on)),
        Feed(),
        Line(slip.notice, align=Align.CENTER),
    ]


def complaint_blocks(slip: ComplaintSlip) -> list[Block]:
    return [
        Line(slip.hall_name, bold=True, align=Align.CENTER),
        Line(f"{slip.kind}登记回执", scale=2, bold=True, align=Align.CENTER, fit=True),
        Rule(),
        Line("登记编号", align=Align.CENTER),
        Line(slip.number, scale=2, bold=True, align=Align.CENTER, fit=True),
        Rule(),
        Pair("类别", slip.kind),
        Pair("渠道", slip.channel),
        Line(f"事项：{slip.matter}"),
        *([Pair("涉及窗口", slip.about)] if slip.about else []),
        Pair("联系电话", slip.phone or "未留（匿名）"),
        Pair("登记日期", format_date(slip.received_on)),
        Pair("答复期限", format_date(slip.reply_by), bold=True),
        Feed(),
        Line(slip.notice, align=Align.CENTER),
    ]


def _render(blocks: list[Block], profile: ReceiptProfile) -> bytes:
    items = layout(blocks, profile.columns)
    return render_native(items, profile) if profile.chinese_font else render_raster(items, profile)


def render_materials_escpos(slip: MaterialsSlip, profile: ReceiptProfile = PAPER_58) -> bytes:
    return _render(materials_blocks(checked(slip)), profile)


def render_materials_image(slip: MaterialsSlip, profile: ReceiptProfile = PAPER_58) -> Image.Image:
    return render_image(layout(materials_blocks(checked(slip)), profile.columns), profile)


def render_complaint_escpos(slip: ComplaintSlip, profile: ReceiptProfile = PAPER_58) -> bytes:
    return _render(complaint_blocks(checked(slip)), profile)


def render_complaint_image(slip: ComplaintSlip, profile: ReceiptProfile = PAPER_58) -> Image.Image:
    return render_image(layout(complaint_blocks(checked(slip)), profile.columns), profile)
