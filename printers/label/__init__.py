"""Mail labels: TSPL and ZPL, with printer fonts or as one bitmap, from a template."""

from printers.label.bitmap import render_mail_label_image
from printers.label.layout import LabelMode
from printers.label.template import (
    TEMPLATE_76X130,
    TEMPLATE_100X150,
    BarcodeField,
    BoxField,
    LabelTemplate,
    QrField,
    TextField,
)
from printers.label.tspl import render_mail_label_tspl
from printers.label.zpl import render_mail_label_zpl

__all__ = [
    "TEMPLATE_76X130",
    "TEMPLATE_100X150",
    "BarcodeField",
    "BoxField",
    "LabelMode",
    "LabelTemplate",
    "QrField",
    "TextField",
    "render_mail_label_image",
    "render_mail_label_tspl",
    "render_mail_label_zpl",
]
