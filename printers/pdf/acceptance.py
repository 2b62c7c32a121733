"""受理通知书: two pages, 第一联 申请人联 and 第二联 存根联, identical but for the label."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from printers.pdf.blocks import (
    Cell,
    Short,
    applicant_rows,
    basis_cell,
    basis_phrase,
    closing,
    field_table,
    heading,
    list_table,
    numbered,
    officer_row,
    section,
)
from printers.pdf.models import AcceptanceNotice
from printers.pdf.notice import addressed, applied
from printers.pdf.page import PageDecor, body_width, build_pdf, progress_lines
from printers.pdf.text import cn_date

TITLE = "受理通知书"
COPIES = ("第一联　申请人联", "第二联　存根联")
WIDTH = body_width()


def _title(doc: AcceptanceNotice) -> str:
    return doc.title or TITLE


def _intro(doc: AcceptanceNotice) -> list[Flowable]:
    head = f"你（单位）于{cn_date(doc.received_on)}提交的"
    if doc.intro:
        return addressed(doc.applicant, head + doc.intro)
    text = (
        f"{head}{applied(doc.items)}，申请材料齐全、符合法定形式，"
        f"{basis_phrase(doc.legal_basis)}本机关决定予以受理，{_promise_sentence(doc)}"
    )
    return addressed(doc.applicant, text)


def _promise(doc: AcceptanceNotice) -> Cell:
    if doc.time_lines:
        return doc.time_lines[0] if len(doc.time_lines) == 1 else numbered(doc.time_lines)
    if doc.promised_on is not None:
        return cn_date(doc.promised_on)
    return doc.time_limit_note or "本事项无承诺办结时限，按办理机关的规定办理"


def _promise_sentence(doc: AcceptanceNotice) -> str:
    if doc.promised_on is not None:
        return f"承诺于{cn_date(doc.promised_on)}前办结。"
    return f"办结时限：{doc.time_limit_note or '按办理机关的规定办理'}。"


def _materials(doc: AcceptanceNotice) -> list[Flowable]:
    rows: list[list[Cell]] = [
        [Short(i), m.name, Short(m.copies), m.form, Short(m.pages or "—")]
        for i, m in enumerate(doc.materials, start=1)
    ]
    widths = [12 * mm, WIDTH - 76 * mm, 16 * mm, 28 * mm, 20 * mm]
    header = ("序号", "材料名称", "份数", "原件/复印件", "页数")
    aligns = ("center", "", "center", "center", "center")
    return [section("已收取材料清单"), list_table(header, rows, widths, aligns)]


def _after_materials(doc: AcceptanceNotice) -> list[tuple[str, Cell]]:
    hall = doc.hall
    progress = f"电话：{hall.phone}\n网上：{hall.progress_portal}\n扫码：扫描本页左下角二维码"
    return [
        ("法律依据", basis_cell(doc.legal_basis)),
        (doc.time_label or "承诺办结日期", _promise(doc)),
        officer_row(doc.officer),
        ("投诉监督电话", hall.complaint_phone),
        ("进度查询方式", progress),
    ]


def _story(doc: AcceptanceNotice) -> list[Flowable]:
    first: list[tuple[str, Cell]] = [
        *applicant_rows(doc.applicant),
        ("申请事项", numbered(doc.items)),
        ("收件日期", cn_date(doc.received_on)),
    ]
    return [
        *heading(doc, _title(doc), copies=True),
        *_intro(doc),
        field_table(first, WIDTH),
        *_materials(doc),
        Spacer(1, 2 * mm),
        field_table(_after_materials(doc), WIDTH),
        closing(doc.hall.office_name, doc.issued_on, "申请人"),
    ]


def render_acceptance_notice(doc: AcceptanceNotice) -> bytes:
    """PDF bytes of the notice: page(s) of the applicant copy, then the same pages as the
    stub (laid out once, written twice, each labelled)."""
    decor = PageDecor(
        barcode=doc.case_number,
        qr_payload=doc.qr_payload,
        qr_lines=progress_lines(doc.hall.phone, doc.hall.progress_portal),
        reprinted_at=doc.reprinted_at,
        issued_on=doc.issued_on,
        title=f"{_title(doc)} {doc.number}",
    )
    return build_pdf(_story(doc), decor, copies=COPIES)
