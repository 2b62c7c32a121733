"""答复函: the written reply to a complaint, consultation or suggestion (GB/T 36113-2018;
written complaints are answered in writing). Plain data in, PDF bytes out; the font embedded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.pdf.blocks import closing, field_table, heading, section
from printers.pdf.models import PrintBase
from printers.pdf.notice import WIDTH
from printers.pdf.page import PageDecor, build_pdf
from printers.pdf.text import cn_date, para

KIND_WORDS = {
    # kind: (title, verb, object when nothing is named, thanks)
    "complaint": ("投诉答复函", "反映", "问题", "感谢您对我们工作的关心和监督！"),
    "consultation": ("咨询答复函", "咨询", "问题", "感谢您的咨询！"),
    "suggestion": ("意见建议答复函", "提出", "意见建议", "感谢您提出的宝贵意见和建议！"),
}
CHANNEL_WORDS = {
    "letter": "来信",
    "online": "通过网上留言",
    "phone": "来电",
    "onsite": "到大厅现场",
    "kiosk": "通过大厅自助终端",
}


@dataclass(frozen=True, kw_only=True)
class ReplyLetter(PrintBase):
    """``number`` is the complaint's number; ``about`` names what it was about ("" when
    nothing in particular); ``upheld`` None when not judged (consultations, suggestions)."""

    kind: str  # complaint | consultation | suggestion
    channel: str  # letter | online | phone | onsite | kiosk
    name: str
    address: str
    received_on: date
    about: str
    text: str
    finding: str
    result: str
    upheld: bool | None
    contact_name: str
    contact_phone: str


def _intro(doc: ReplyLetter) -> str:
    _title, verb, thing, _thanks = KIND_WORDS[doc.kind]
    how = CHANNEL_WORDS.get(doc.channel, "")
    about = f"关于{doc.about}的" if doc.about else ""
    if doc.kind == "suggestion":
        lead = "本机关已认真研究，现将办理情况答复如下："
    else:
        lead = "本机关高度重视，经调查核实，现将有关情况答复如下："
    return f"您于{cn_date(doc.received_on)}{how}{verb}的{about}{thing}收悉。{lead}"


def _verdict(upheld: bool | None) -> str:
    if upheld is None:
        return ""
    return "经核实，您反映的问题属实。" if upheld else "经核实，您反映的问题不属实。"


def _contact(doc: ReplyLetter) -> str:
    who = f"承办人{doc.contact_name}" if doc.contact_name else "本机关"
    text = f"如对本答复有疑问，请与{who}联系"
    text += f"，联系电话：{doc.contact_phone}。" if doc.contact_phone else "。"
    if doc.hall.complaint_phone:
        text += f"如对处理结果仍有异议，可拨打投诉监督电话{doc.hall.complaint_phone}反映。"
    return text


def _body(doc: ReplyLetter) -> list[Flowable]:
    thanks = KIND_WORDS[doc.kind][3]
    addressee = [("收件人", doc.name), ("通信地址", doc.address)]
    result = _verdict(doc.upheld) + doc.result
    parts: list[tuple[str, str]] = [("一、您反映的内容", doc.text)]
    if doc.finding:
        parts.append(("二、调查核实情况", doc.finding))
    parts.append((f"{'三' if doc.finding else '二'}、处理结果", result))
    story: list[Flowable] = [field_table(addressee, WIDTH), Spacer(1, 4 * mm)]
    story += [para(f"{doc.name}："), para(_intro(doc), "indent")]
    for heading_text, text in parts:
        story += [section(heading_text), para(text, "indent")]
    story += [Spacer(1, 2 * mm), para(_contact(doc), "indent"), para(thanks, "indent")]
    return story


def render_reply_letter(doc: ReplyLetter) -> bytes:
    """PDF bytes of the reply letter: heading, addressee, the reply, contact, office seal."""
    title = KIND_WORDS[doc.kind][0]
    story = [*heading(doc, title), *_body(doc), closing(doc.hall.office_name, doc.issued_on, None)]
    lines = [f"编号：{doc.number}"]
    if doc.hall.phone:
        lines.append(f"联系电话：{doc.hall.phone}")
    if doc.hall.address:
        lines.append(f"地址：{doc.hall.address}")
    decor = PageDecor(
        barcode=doc.number,
        qr_payload=doc.qr_payload,
        qr_lines=tuple(lines),
        reprinted_at=doc.reprinted_at,
        title=f"{title} {doc.number}",
    )
    return build_pdf(story, decor)
