"""The registration form of the complaints register checked: channel and text required,
anonymous or who and how to reach, what it is about (window, staff, case, item)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.identity.identifiers import validate_person_name, validate_phone
from counter_app.supervision import complaint_store as store
from counter_app.supervision.rules.complaint_forms import (
    ADDRESS_MAX,
    TEXT_LABELS,
    ComplaintForm,
    clean_text,
    required_text,
)
from counter_app.supervision.rules.complaints import TEXT_MAX, Channel, Kind
from db.models import CatalogItem, Staff

E = TypeVar("E", bound=StrEnum)


def _contact(form: ComplaintForm, channel: Channel) -> dict[str, Any]:
    """Name, phone and address; none of them for an anonymous complainant."""
    if form.anonymous:
        return {"anonymous": True, "name": "", "phone": "", "address": ""}
    name = validate_person_name(form.name, label=tr("投诉人姓名")).unwrap("name")
    phone = validate_phone(form.phone).unwrap("phone") if form.phone.strip() else ""
    address = clean_text(form.address).replace("\n", " ")
    if len(address) > ADDRESS_MAX:
        raise CounterError(tr("通信地址最多 {n} 个字，请删减", n=ADDRESS_MAX), "address")
    if channel.written and not address:
        raise CounterError(tr("书面投诉须书面答复，请填写通信地址"), "address")
    if not phone and not address:
        raise CounterError(tr("请填写联系电话或通信地址，以便答复；不愿留下的请勾选匿名"), "phone")
    return {"anonymous": False, "name": name, "phone": phone, "address": address}


def _about(session: Session, form: ComplaintForm) -> dict[str, Any]:
    window = form.about_window.strip().upper()
    if len(window) > 3 or (window and not window.isalnum()):
        raise CounterError(tr("窗口号应为 1-3 位数字或字母，如 3"), "about_window")
    staff = form.about_staff.strip()
    if staff and session.scalar(select(Staff.id).where(Staff.username == staff)) is None:
        raise CounterError(tr("找不到工作人员“{u}”", u=staff), "about_staff")
    item = form.about_item
    if item is not None:
        known = session.scalar(select(CatalogItem.id).where(CatalogItem.number == item))
        if known is None:
            raise CounterError(tr("目录中没有第 {n} 项事项", n=item), "about_item")
    return {
        "about_window": window,
        "about_staff": staff,
        "about_case_id": store.case_id_for(session, form.about_case),
        "about_item": item,
    }


def checked_fields(session: Session, form: ComplaintForm) -> dict[str, Any]:
    """The columns of a new complaint from ``form``, or a CounterError at the first bad field
    (in the order of the form: channel, kind, text, contact, about)."""
    channel = _member(Channel, form.channel, tr("请选择投诉渠道"), "channel")
    kind = _member(Kind, form.kind, tr("请选择类别（投诉、咨询或意见建议）"), "kind")
    text = required_text(form.text, TEXT_LABELS[kind], "text", TEXT_MAX)
    return {
        "kind": kind.value,
        "channel": channel.value,
        "text": text,
        **_contact(form, channel),
        **_about(session, form),
    }


def _member(enum: type[E], value: object, message: str, field: str) -> E:
    """``value`` as a member of ``enum`` (a plain string of its value is accepted too)."""
    try:
        return enum(str(value))
    except ValueError:
        raise CounterError(message, field) from None
