"""Checking a printer setting before it is saved: every problem named in Chinese at its field."""

from __future__ import annotations

import dataclasses
import socket
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.core.errors import CounterError
from counter_app.i18n import tr
from counter_app.printing.views import PrinterInput, PrinterRole, PrinterView, printer_view
from db.models.printing import Printer
from printers.errors import PrinterConfigError
from printers.label import TEMPLATE_76X130, TEMPLATE_100X150, LabelTemplate
from printers.transports import parse_printer_url

LABEL_TEMPLATES: dict[str, LabelTemplate] = {
    TEMPLATE_100X150.name: TEMPLATE_100X150,
    TEMPLATE_76X130.name: TEMPLATE_76X130,
}
LABEL_LANGUAGES = ("tspl", "zpl")
LABEL_MODES = ("bitmap", "font")
PAPER_WIDTHS = (58, 80)
NAME_MAX = 40


def this_station() -> str:
    """The name of this PC: printers are attached to one PC."""
    return socket.gethostname()[:64] or "localhost"


def check_url(url: str) -> str:
    """The URL stripped, or a ``CounterError`` on field ``url`` saying what is wrong."""
    text = url.strip()
    if not text:
        raise CounterError(tr("请填写打印机地址，如 serial:///dev/ttyS0?baud=9600"), "url")
    try:
        parse_printer_url(text)
    except PrinterConfigError as exc:
        raise CounterError(exc.message, "url") from None
    return text


def _check_choice(value: object, allowed: tuple[object, ...], field: str, what: str) -> None:
    if value not in allowed:
        names = "、".join(str(a) for a in allowed)
        raise CounterError(tr("{what}应为 {names} 之一", what=what, names=names), field)


def checked_input(data: PrinterInput) -> PrinterInput:
    """``data`` normalised, or the first problem as a ``CounterError`` naming its field."""
    name = data.name.strip()
    if not name:
        raise CounterError(tr("请填写打印机名称，如“票据打印机”"), "name")
    if len(name) > NAME_MAX:
        raise CounterError(tr("打印机名称最多 {n} 个字", n=NAME_MAX), "name")
    _check_choice(data.role, tuple(PrinterRole), "role", tr("用途"))
    url = check_url(data.url)
    _check_choice(data.paper_mm, PAPER_WIDTHS, "paper_mm", tr("纸宽"))
    _check_choice(data.label_language, LABEL_LANGUAGES, "label_language", tr("面单指令"))
    _check_choice(data.label_template, tuple(LABEL_TEMPLATES), "label_template", tr("面单尺寸"))
    _check_choice(data.label_mode, LABEL_MODES, "label_mode", tr("面单方式"))
    return dataclasses.replace(data, name=name, url=url)


def _duplicate_name(session: Session, station: str, name: str, own: uuid.UUID | None) -> bool:
    query = select(Printer.id).where(Printer.station == station, Printer.name == name)
    return any(found != own for found in session.scalars(query))


def apply_input(session: Session, row: Printer, data: PrinterInput) -> None:
    if _duplicate_name(session, row.station, data.name, row.id):
        raise CounterError(tr("本机已有名为“{n}”的打印机，请换一个名称", n=data.name), "name")
    for field in dataclasses.fields(PrinterInput):
        setattr(row, field.name, getattr(data, field.name))
    row.deleted = False


def load_printer(session: Session, printer_id: uuid.UUID) -> Printer:
    row = session.get(Printer, printer_id)
    if row is None:
        raise CounterError(tr("找不到该打印机，可能已被删除，请刷新"))
    return row


def station_printers(session: Session, station: str) -> list[PrinterView]:
    query = (
        select(Printer)
        .where(Printer.station == station, Printer.deleted.is_(False))
        .order_by(Printer.role, Printer.name)
    )
    return [printer_view(row) for row in session.scalars(query)]


def snapshot(view: PrinterView) -> dict[str, object]:
    """The audit form of a printer setting."""
    data = dataclasses.asdict(view.as_input())
    data["id"] = str(view.id)
    return data
