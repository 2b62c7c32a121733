"""Mail label templates: where each field goes, in millimetres from the top left corner.

The post office's exact layout comes from the customer later; a new layout is just another
``LabelTemplate`` value. Text fields are ``str.format`` templates over ``MailLabel`` fields.
"""

from __future__ import annotations

import dataclasses
import string
from dataclasses import dataclass

from printers.documents import MailLabel

MAIL_LABEL_FIELDS = frozenset(f.name for f in dataclasses.fields(MailLabel))


@dataclass(frozen=True)
class TextField:
    """Text wrapped into the box; its size shrinks down to ``min_size_mm`` before it fails."""

    x_mm: float
    y_mm: float
    w_mm: float
    h_mm: float
    text: str
    size_mm: float = 4.0
    min_size_mm: float = 3.0
    bold: bool = False


@dataclass(frozen=True)
class BarcodeField:
    """A Code 128 of a label field with its text underneath; skipped if the field is empty."""

    x_mm: float
    y_mm: float
    w_mm: float
    h_mm: float
    source: str = "case_number"


@dataclass(frozen=True)
class QrField:
    x_mm: float
    y_mm: float
    size_mm: float
    source: str = "qr_payload"


@dataclass(frozen=True)
class BoxField:
    """A rectangle outline; with a height of about ``thickness_mm`` it is a rule."""

    x_mm: float
    y_mm: float
    w_mm: float
    h_mm: float
    thickness_mm: float = 0.4


Field = TextField | BarcodeField | QrField | BoxField


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@dataclass(frozen=True)
class LabelTemplate:
    name: str
    width_mm: float
    height_mm: float
    fields: tuple[Field, ...]
    dpi: int = 203
    gap_mm: float = 2.0
    zpl_font: str = "E:SIMSUN.TTF"

    def __post_init__(self) -> None:
        for field in self.fields:
            names = _names(field.text) if isinstance(field, TextField) else set()
            if isinstance(field, BarcodeField | QrField):
                names = {field.source}
            unknown = names - MAIL_LABEL_FIELDS
            if unknown:
                raise ValueError(f"template {self.name}: unknown fields {sorted(unknown)}")

    def dots(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    @property
    def size_dots(self) -> tuple[int, int]:
        """Width (a multiple of 8) and height of the label in dots."""
        return (self.dots(self.width_mm) + 7) // 8 * 8, self.dots(self.height_mm)


def _rule(y: float, width: float) -> BoxField:
    return BoxField(3, y, width - 6, 0.4)


TEMPLATE_100X150 = LabelTemplate(
    name="100x150",
    width_mm=100,
    height_mm=150,
    fields=(
        BoxField(2, 2, 96, 146, 0.5),
        TextField(5, 5, 90, 7, "邮件号：{tracking_number}", size_mm=5, bold=True),
        BarcodeField(5, 13, 90, 16, source="tracking_number"),
        _rule(31, 100),
        TextField(5, 34, 90, 9, "收件人：{recipient_name}", size_mm=7, min_size_mm=5, bold=True),
        TextField(5, 44, 90, 7, "电话：{recipient_mobile}", size_mm=5.5),
        TextField(5, 52, 90, 27, "地址：{recipient_address}", size_mm=5.5, min_size_mm=3.5),
        TextField(5, 80, 90, 7, "邮编：{recipient_postal_code}", size_mm=5.5, bold=True),
        _rule(88, 100),
        TextField(5, 90, 90, 5, "寄件人：{sender_office}", size_mm=4),
        TextField(5, 96, 90, 10, "地址：{sender_address}", size_mm=4, min_size_mm=3),
        TextField(5, 107, 90, 5, "电话：{sender_phone}", size_mm=4),
        _rule(113, 100),
        TextField(5, 115, 90, 9, "内件：{contents}", size_mm=4, min_size_mm=3),
        BarcodeField(5, 126, 66, 19),
        QrField(74, 124, 22),
    ),
)

TEMPLATE_76X130 = LabelTemplate(
    name="76x130",
    width_mm=76,
    height_mm=130,
    fields=(
        BoxField(1.5, 1.5, 73, 127, 0.5),
        TextField(4, 4, 68, 6, "邮件号：{tracking_number}", size_mm=4.5, bold=True),
        BarcodeField(4, 11, 68, 13, source="tracking_number"),
        _rule(26, 76),
        TextField(4, 28, 68, 8, "收件人：{recipient_name}", size_mm=6, min_size_mm=4.5, bold=True),
        TextField(4, 37, 68, 6, "电话：{recipient_mobile}", size_mm=4.5),
        TextField(4, 44, 68, 22, "地址：{recipient_address}", size_mm=4.5, min_size_mm=3),
        TextField(4, 67, 68, 6, "邮编：{recipient_postal_code}", size_mm=4.5, bold=True),
        _rule(74, 76),
        TextField(4, 76, 68, 4.5, "寄件人：{sender_office}", size_mm=3.5),
        TextField(4, 81, 68, 8, "地址：{sender_address}", size_mm=3.5, min_size_mm=3),
        TextField(4, 90, 68, 4.5, "电话：{sender_phone}", size_mm=3.5),
        _rule(95.5, 76),
        TextField(4, 97, 46, 12, "内件：{contents}", size_mm=3.5, min_size_mm=3),
        QrField(53, 96, 18),
        BarcodeField(4, 114.5, 68, 13),
    ),
)
